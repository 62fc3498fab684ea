import type { ReactNode } from 'react';
import { forbidden, GqlResult, Path, refused } from '../api';
import { ErrorBox, Loading, NoAccess } from '../components/Status';
import { useQuery } from '../hooks';
import { plotQuery } from '../graphiql/examples';
import { AGENCY_ZH, CLEARANCE_REASON_ZH, LAND_STATUS_ZH, SOURCE_ZH, STAGE_COLOR, STAGE_ZH, VIOLATION_ZH, violationNoteZh, zh } from '../labels';

/**
 * One alias per policy part: a refused non-null field nulls only its own alias (plot is nullable), so the
 * panel shows 无权限 in that section and the rest as usual.
 */
const DETAIL = `query PlotDetail($code: String!) {
  basic: plot(plotCode: $code) { id plotCode name address areaM2 industry formerEnterprise formerCreditCode source county { name } keyUnit { name } centroid { lat lon } }
  env: plot(plotCode: $code) { stage investigationRequired stageHistory { from to effectiveOn agency recordedAt evidence { title documentNo issuedBy issuedOn } } }
  land: plot(plotCode: $code) { landStatus supplyPlanYear plannedUse { code name sensitive } currentUse { code name sensitive } }
  build: plot(plotCode: $code) { constructionPermitNo constructionStartedOn }
  viol: plot(plotCode: $code) { violations { id kind detectedOn rectifiedOn note } }
  clear: plot(plotCode: $code) { clearance { supplyForSensitiveUse regularConstruction changeOfUse reasons } }
  insp: plot(plotCode: $code) { inspections { id inspectedOn method agency findings problems } }
  leads: plot(plotCode: $code) { leads { id source state receivedOn description } }
  cases: plot(plotCode: $code) { cases { id caseNo state openedOn party penaltyDecisionNo penaltyAmount closedOn } }
}`;

interface Use { code: string; name: string; sensitive: boolean }
interface Detail {
  basic: { id: string; plotCode: string; name: string; address: string | null; areaM2: number | null; industry: string | null; formerEnterprise: string | null; formerCreditCode: string | null; source: string; county: { name: string }; keyUnit: { name: string } | null; centroid: { lat: number; lon: number } | null } | null;
  env: { stage: string; investigationRequired: boolean; stageHistory: { from: string | null; to: string; effectiveOn: string; agency: string; recordedAt: string; evidence: { title: string; documentNo: string; issuedBy: string; issuedOn: string } | null }[] } | null;
  land: { landStatus: string; supplyPlanYear: number | null; plannedUse: Use | null; currentUse: Use | null } | null;
  build: { constructionPermitNo: string | null; constructionStartedOn: string | null } | null;
  viol: { violations: { id: string; kind: string; detectedOn: string; rectifiedOn: string | null; note: string | null }[] } | null;
  clear: { clearance: { supplyForSensitiveUse: boolean; regularConstruction: boolean; changeOfUse: boolean; reasons: string[] } } | null;
  insp: { inspections: { id: string; inspectedOn: string; method: string; agency: string; findings: string | null; problems: string[] }[] } | null;
  leads: { leads: { id: string; source: string; state: string; receivedOn: string; description: string }[] } | null;
  cases: { cases: { id: string; caseNo: string; state: string; openedOn: string; party: string; penaltyDecisionNo: string | null; penaltyAmount: string | null; closedOn: string | null }[] } | null;
}

/** The console's GraphiQL with this plot's query filled in (pages/GraphiQLPage.tsx reads ?query=&variables=). */
function graphiqlHref(plotCode: string): string {
  const { query, variables } = plotQuery(plotCode);
  return `${import.meta.env.BASE_URL}graphiql?${new URLSearchParams({ query, variables: JSON.stringify(variables, null, 2) })}`;
}

/** 执法 (RULES §10): how each enforcement record reads in the bureaus' words. */
const METHOD_ZH: Record<string, string> = { ON_SITE: '现场检查', REMOTE_SENSING: '卫星遥感非现场检查', ONLINE_MONITORING: '在线监控' };
const LEAD_SOURCE_ZH: Record<string, string> = { REMOTE_SENSING: '卫星遥感', PUBLIC_REPORT: '群众举报', INSPECTION: '检查发现', REFERRAL: '移交' };
const LEAD_STATE_ZH: Record<string, string> = { NEW: '待核查', VERIFYING: '核查中', CASE: '已立案', DISMISSED: '不予立案' };
const CASE_STATE_ZH: Record<string, string> = { OPEN: '已立案', REFERRED: '已移送公安', CLOSED: '已结案' };

export function PlotDetail({ plotCode, onClose }: { plotCode: string; onClose: () => void }) {
  const q = useQuery<Detail>(DETAIL, { code: plotCode });
  const r = q.result;
  return (
    <aside className="card detail" data-testid="plot-detail" data-plot-code={plotCode}>
      <div className="detail-head">
        <h2>{r?.data?.basic?.name ?? plotCode}</h2>
        <span className="detail-actions">
          {r?.data?.basic && (
            <a href={graphiqlHref(plotCode)} data-nav data-testid="open-in-graphiql" title="在 GraphiQL 中打开这个地块的查询">在 GraphiQL 中查看</a>
          )}
          <button type="button" className="link" onClick={onClose} aria-label="关闭详情">关闭</button>
        </span>
      </div>
      {q.failure ? <ErrorBox>请求失败：{q.failure}</ErrorBox> : !r ? <Loading /> : !r.data?.basic && !refused(r, ['basic']) ? (
        <p className="empty">找不到地块 {plotCode}，或它不在当前令牌的范围内。</p>
      ) : (
        <div className={q.loading ? 'stale' : undefined}>
          <Section title="基本信息" r={r} path={['basic']}>
            {r.data?.basic && (
              <dl className="kv">
                <dt>地块编码</dt><dd className="mono">{r.data.basic.plotCode}</dd>
                <dt>所在县（市、区）</dt><dd>{r.data.basic.county.name}</dd>
                <dt>地址</dt><dd>{r.data.basic.address ?? '—'}</dd>
                <dt>面积</dt><dd>{r.data.basic.areaM2 == null ? '—' : `${r.data.basic.areaM2.toLocaleString('zh-CN')} m²`}</dd>
                <dt>行业</dt><dd>{r.data.basic.industry ?? '—'}</dd>
                <dt>原企业</dt><dd>{r.data.basic.formerEnterprise ?? '—'}{r.data.basic.formerCreditCode && <span className="mono muted"> {r.data.basic.formerCreditCode}</span>}</dd>
                <dt>重点监管单位</dt><dd>{r.data.basic.keyUnit?.name ?? '—'}</dd>
                <dt>来源</dt><dd>{zh(SOURCE_ZH, r.data.basic.source)}</dd>
                <dt>中心点</dt><dd>{r.data.basic.centroid ? `${r.data.basic.centroid.lon.toFixed(5)}°E，${r.data.basic.centroid.lat.toFixed(5)}°N` : '—'}</dd>
              </dl>
            )}
          </Section>
          <Section title="土壤环境管理阶段" r={r} path={['env']}>
            {r.data?.env && (
              <>
                <p className="stage-now">
                  当前阶段 <span className="stage-tag" style={{ background: STAGE_COLOR[r.data.env.stage] }} data-testid="detail-stage">{zh(STAGE_ZH, r.data.env.stage)}</span>
                  {r.data.env.investigationRequired && <span className="tag warn">需开展土壤污染状况调查</span>}
                </p>
                <ol className="timeline" data-testid="stage-timeline">
                  {r.data.env.stageHistory.map((e, i) => (
                    <li key={i} style={{ borderColor: STAGE_COLOR[e.to] }}>
                      <span className="when">{e.effectiveOn}</span>
                      <span className="what">
                        {e.from ? <>{zh(STAGE_ZH, e.from)} → </> : '登记为 '}<b>{zh(STAGE_ZH, e.to)}</b>
                        <span className="muted">（{zh(AGENCY_ZH, e.agency)}）</span>
                      </span>
                      {e.evidence && <span className="evidence">依据：{e.evidence.title}（{e.evidence.issuedBy}，{e.evidence.documentNo}，{e.evidence.issuedOn}）</span>}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </Section>
          <Section title="土地与规划" r={r} path={['land']}>
            {r.data?.land && (
              <dl className="kv">
                <dt>土地状态</dt><dd>{zh(LAND_STATUS_ZH, r.data.land.landStatus)}</dd>
                <dt>现状用途</dt><dd><UseText u={r.data.land.currentUse} /></dd>
                <dt>规划用途</dt><dd data-testid="detail-planned-use"><UseText u={r.data.land.plannedUse} /></dd>
                <dt>供地计划年度</dt><dd>{r.data.land.supplyPlanYear ?? '—'}</dd>
              </dl>
            )}
          </Section>
          <Section title="施工" r={r} path={['build']}>
            {r.data?.build && (
              <dl className="kv">
                <dt>施工许可证号</dt><dd>{forbidden(r, ['build', 'constructionPermitNo']) ? <NoAccess inline /> : r.data.build.constructionPermitNo ?? '未核发'}</dd>
                <dt>开工日期</dt><dd>{forbidden(r, ['build', 'constructionStartedOn']) ? <NoAccess inline /> : r.data.build.constructionStartedOn ?? '未开工'}</dd>
              </dl>
            )}
          </Section>
          <Section title="准入判断（供地、施工许可前查询）" r={r} path={['clear']}>
            {r.data?.clear && (
              <>
                <ul className="checks">
                  <li className={r.data.clear.clearance.supplyForSensitiveUse ? 'yes' : 'no'}>供应为"一住两公"用地：{r.data.clear.clearance.supplyForSensitiveUse ? '可以' : '不可以'}</li>
                  <li className={r.data.clear.clearance.regularConstruction ? 'yes' : 'no'}>核发一般建设工程施工许可：{r.data.clear.clearance.regularConstruction ? '可以' : '不可以'}</li>
                  <li className={r.data.clear.clearance.changeOfUse ? 'yes' : 'no'}>变更规划用途：{r.data.clear.clearance.changeOfUse ? '可以' : '不可以'}</li>
                </ul>
                {r.data.clear.clearance.reasons.length > 0 && <p className="muted">原因：{r.data.clear.clearance.reasons.map((x) => zh(CLEARANCE_REASON_ZH, x)).join('；')}</p>}
              </>
            )}
          </Section>
          <Section title="检查记录" r={r} path={['insp']}>
            {r.data?.insp && (r.data.insp.inspections.length === 0 ? <p className="muted">无检查记录。</p> : (
              <ul className="violations" data-testid="detail-inspections">
                {r.data.insp.inspections.map((x) => (
                  <li key={x.id} className={x.problems.length ? 'open' : 'closed'}>
                    <b>{x.inspectedOn} {zh(METHOD_ZH, x.method)}</b>
                    <span className="muted">（{zh(AGENCY_ZH, x.agency)}）</span>
                    {x.findings && <span>{x.findings}</span>}
                    {x.problems.length > 0 && <span className="bad">存在问题：{x.problems.join('；')}</span>}
                  </li>
                ))}
              </ul>
            ))}
          </Section>
          <Section title="线索" r={r} path={['leads']}>
            {r.data?.leads && (r.data.leads.leads.length === 0 ? <p className="muted">无线索。</p> : (
              <ul className="violations" data-testid="detail-leads">
                {r.data.leads.leads.map((l) => (
                  <li key={l.id} className={l.state === 'DISMISSED' || l.state === 'CASE' ? 'closed' : 'open'}>
                    <b>{zh(LEAD_SOURCE_ZH, l.source)} · {zh(LEAD_STATE_ZH, l.state)}</b>
                    <span>收到于 {l.receivedOn}</span>
                    <span className="muted">{l.description}</span>
                  </li>
                ))}
              </ul>
            ))}
          </Section>
          <Section title="案件" r={r} path={['cases']}>
            {r.data?.cases && (r.data.cases.cases.length === 0 ? <p className="muted">无案件。</p> : (
              <ul className="violations" data-testid="detail-cases">
                {r.data.cases.cases.map((c) => (
                  <li key={c.id} className={c.closedOn ? 'closed' : 'open'}>
                    <b>{c.caseNo} · {zh(CASE_STATE_ZH, c.state)}</b>
                    <span>立案于 {c.openedOn}，当事人 {c.party}</span>
                    {c.penaltyDecisionNo && <span className="muted">处罚决定 {c.penaltyDecisionNo}{c.penaltyAmount && `，罚款 ${Number(c.penaltyAmount).toLocaleString('zh-CN')} 元`}</span>}
                  </li>
                ))}
              </ul>
            ))}
          </Section>
          <Section title="违规" r={r} path={['viol']}>
            {r.data?.viol && (r.data.viol.violations.length === 0 ? <p className="muted">无违规记录。</p> : (
              <ul className="violations" data-testid="detail-violations">
                {r.data.viol.violations.map((v) => (
                  <li key={v.id} className={v.rectifiedOn ? 'closed' : 'open'}>
                    <b>{zh(VIOLATION_ZH, v.kind)}</b>
                    <span>发现于 {v.detectedOn}，{v.rectifiedOn ? `已于 ${v.rectifiedOn} 整改` : <span className="bad">未整改</span>}</span>
                    {v.note && <span className="muted">{violationNoteZh(v.note)}</span>}
                  </li>
                ))}
              </ul>
            ))}
          </Section>
        </div>
      )}
    </aside>
  );
}

function UseText({ u }: { u: Use | null }) {
  if (!u) return <>—</>;
  return <>{u.name}<span className="muted mono"> {u.code}</span>{u.sensitive && <span className="tag warn">一住两公</span>}</>;
}

function Section({ title, r, path, children }: { title: string; r: GqlResult<Detail>; path: Path; children: ReactNode }) {
  return (
    <section className="detail-section" data-section={path[0]}>
      <h3>{title}</h3>
      {refused(r, path) ? <NoAccess inline /> : children}
    </section>
  );
}
