import { useMemo } from 'react';
import { Chart } from '../components/Chart';
import { DivisionPicker, scoped } from '../components/DivisionPicker';
import { Downloads } from '../components/Downloads';
import { Guard } from '../components/Status';
import { refused } from '../api';
import { useQuery, useSearchParams } from '../hooks';
import { lastClosedQuarter, OBLIGATION_ZH, pct, quarters, quarterZh, RESERVE_STAGE_ZH, STAGES, STAGE_COLOR, STAGE_ZH, VIOLATION_ZH, zh } from '../labels';
import { useMe } from '../session';

const QUERY = `query Dispatch($quarter: String!, $divisionCode: ID!) {
  jointDispatchReport(quarter: $quarter, divisionCode: $divisionCode) {
    quarter asOf generatedAt division { code name level }
    rows { county { code name } ...row }
    total { ...row }
  }
}
fragment row on JointDispatchRow {
  plotsByStage { stage count } sensitiveUseChanges sensitiveUseChangesInvestigated listedInQuarter delistedInQuarter
  violationsOpen violationsRectifiedInQuarter keyUnits keyUnitsOverdue permitsEndedInQuarter vacatedSitesOpen
  reserveProjectsAdded safeUseRate cells { cell stage count previous change }
}`;

interface Row {
  county?: { code: string; name: string };
  plotsByStage: { stage: string; count: number }[];
  sensitiveUseChanges: number; sensitiveUseChangesInvestigated: number; listedInQuarter: number; delistedInQuarter: number;
  violationsOpen: number; violationsRectifiedInQuarter: number; keyUnits: number; keyUnitsOverdue: number;
  permitsEndedInQuarter: number; vacatedSitesOpen: number; reserveProjectsAdded: number; safeUseRate: number | null;
  cells: CellCount[];
}
/** A number of the report with the same number a quarter earlier (JointDispatchRow.cells). */
interface CellCount { cell: string; stage: string | null; count: number; previous: number; change: number }
/** The drill-down asked for (URL: cell, stage, county): which number of which row. */
interface Pick { cell: string; stage: string | null; county: string | null }
interface Report { quarter: string; asOf: string; generatedAt: string; division: { code: string; name: string; level: string }; rows: Row[]; total: Row }

/** Column keys (data-col) and headers: the same as the XLSX/CSV export. */
const METRICS: { key: keyof Row; label: string; cell: string }[] = [
  { key: 'sensitiveUseChanges', label: '用途变更为"一住两公"（块）', cell: 'SENSITIVE_USE_CHANGES' },
  { key: 'sensitiveUseChangesInvestigated', label: '其中已完成调查（块）', cell: 'SENSITIVE_USE_CHANGES_INVESTIGATED' },
  { key: 'listedInQuarter', label: '本季度列入名录（块）', cell: 'LISTED_IN_QUARTER' },
  { key: 'delistedInQuarter', label: '本季度移出名录（块）', cell: 'DELISTED_IN_QUARTER' },
  { key: 'violationsOpen', label: '未整改违规（起）', cell: 'VIOLATIONS_OPEN' },
  { key: 'violationsRectifiedInQuarter', label: '本季度整改违规（起）', cell: 'VIOLATIONS_RECTIFIED_IN_QUARTER' },
  { key: 'keyUnits', label: '重点监管单位（家）', cell: 'KEY_UNITS' },
  { key: 'keyUnitsOverdue', label: '其中义务逾期（家）', cell: 'KEY_UNITS_OVERDUE' },
  { key: 'permitsEndedInQuarter', label: '本季度注销/撤销排污许可（张）', cell: 'PERMITS_ENDED_IN_QUARTER' },
  { key: 'vacatedSitesOpen', label: '未释放腾退地块（块）', cell: 'VACATED_SITES_OPEN' },
  { key: 'reserveProjectsAdded', label: '本季度纳入中央项目储备库（个）', cell: 'RESERVE_PROJECTS_ADDED' },
];
const CELL_LABEL: Record<string, string> = {
  ...Object.fromEntries(METRICS.map((m) => [m.cell, m.label])), PLOTS_BY_STAGE: '地块（块）', SAFE_USE_SUPPLIED: '本年度供应为"一住两公"的重点建设用地（块）',
};

const count = (r: Row, stage: string) => r.plotsByStage.find((s) => s.stage === stage)?.count ?? 0;
const plots = (r: Row) => r.plotsByStage.reduce((n, s) => n + s.count, 0);
const DIRECTORY = ['LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION'];
const active = (r: Row) => plots(r) + r.keyUnits + r.violationsOpen + r.vacatedSitesOpen + r.reserveProjectsAdded + r.permitsEndedInQuarter > 0;

export function DispatchPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const quarter = params.get('quarter') ?? lastClosedQuarter();
  const division = scoped(me.division.code, params.get('division'));
  const onlyActive = params.get('active') === '1';
  const q = useQuery<{ jointDispatchReport: Report }>(QUERY, { quarter, divisionCode: division });
  const pick: Pick | null = params.get('cell') ? { cell: params.get('cell')!, stage: params.get('stage'), county: params.get('county') } : null;
  const choose = (p: Pick | null) => setParams({ cell: p?.cell ?? null, stage: p?.stage ?? null, county: p?.county ?? null });
  return (
    <section className="page" data-page="dispatch">
      <header className="page-head">
        <h1>季度调度</h1>
        <p className="sub">重点建设用地安全利用情况联合调度表：各项数字按季度末日从历史记录计算，过去季度的报表不随后续录入变化。</p>
      </header>
      <div className="toolbar">
        <label className="field">
          <span>季度</span>
          <select value={quarter} onChange={(e) => setParams({ quarter: e.target.value })} data-testid="quarter">
            {quarters().map((x) => <option key={x} value={x}>{quarterZh(x)}</option>)}
          </select>
        </label>
        <DivisionPicker value={division} onChange={(c) => setParams({ division: c === me.division.code ? null : c })} />
        <label className="check">
          <input type="checkbox" checked={onlyActive} onChange={(e) => setParams({ active: e.target.checked ? '1' : null })} />
          只显示有数据的县（市、区）
        </label>
        {!refused(q.result, ['jointDispatchReport']) && <Downloads path="/exports/joint-dispatch" params={{ quarter, divisionCode: division }} name={`季度调度-${division}-${quarter}`} />}
      </div>
      <Guard q={q} path={['jointDispatchReport']} what="季度调度报表">
        {(d) => (
          <>
            {pick && <CellPanel r={d.jointDispatchReport} pick={pick} onClose={() => choose(null)} />}
            <Report r={d.jointDispatchReport} onlyActive={onlyActive} onPick={choose} />
          </>
        )}
      </Guard>
    </section>
  );
}

function Report({ r, onlyActive, onPick }: { r: Report; onlyActive: boolean; onPick: (p: Pick) => void }) {
  const rows = useMemo(() => (onlyActive ? r.rows.filter(active) : r.rows), [r, onlyActive]);
  const t = r.total;
  const chartRows = useMemo(() => (rows.length > 30 ? rows.filter((x) => plots(x) > 0) : rows), [rows]);
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 16, top: 56, bottom: 56 },
    xAxis: { type: 'category', data: chartRows.map((x) => x.county!.name), axisLabel: { interval: 0, rotate: chartRows.length > 8 ? 35 : 0 } },
    yAxis: { type: 'value', name: '地块（块）', minInterval: 1 },
    dataZoom: chartRows.length > 24 ? [{ type: 'slider', bottom: 0, height: 14, endValue: 23 }] : [],
    series: STAGES.map((s) => ({
      name: STAGE_ZH[s], type: 'bar', stack: 'plots', barMaxWidth: 36, itemStyle: { color: STAGE_COLOR[s] },
      emphasis: { focus: 'series' }, data: chartRows.map((x) => count(x, s)),
    })),
  }), [chartRows]);
  return (
    <>
      <p className="caption" data-testid="report-caption">
        {r.division.name} · {quarterZh(r.quarter)}（截至 {r.asOf}），共 {r.rows.length} 个县（市、区）
        {onlyActive && rows.length !== r.rows.length && `，显示有数据的 ${rows.length} 个`}
      </p>
      <div className="kpis">
        <Kpi label="重点建设用地安全利用率" value={pct(t.safeUseRate)} testId="kpi-safe-use-rate" accent
          note={t.safeUseRate == null ? '本年度至季度末无供应为"一住两公"的重点建设用地' : '已供应为"一住两公"的地块中，供应时已达安全利用且无未整改违规的比例'} />
        <Kpi label="地块总数（块）" value={plots(t)} testId="kpi-plots" />
        <Kpi label="名录内地块（块）" value={DIRECTORY.reduce((n, s) => n + count(t, s), 0)} testId="kpi-directory" />
        <Kpi label="未整改违规（起）" value={t.violationsOpen} testId="kpi-violations" warn={t.violationsOpen > 0} />
        <Kpi label="义务逾期的重点监管单位（家）" value={`${t.keyUnitsOverdue} / ${t.keyUnits}`} testId="kpi-overdue" warn={t.keyUnitsOverdue > 0} />
      </div>
      <div className="card">
        <h2>各县（市、区）地块阶段分布</h2>
        {chartRows.length < rows.length && <p className="hint">县数较多，图中只画有地块的 {chartRows.length} 个县（市、区）。</p>}
        <Chart option={option} height={340} testId="dispatch-chart" />
      </div>
      <div className="card">
        <h2>调度表</h2>
        <div className="table-wrap">
          <table className="grid dispatch" data-testid="dispatch-table">
            <thead>
              <tr>
                <th rowSpan={2} className="sticky">县（市、区）</th>
                <th colSpan={STAGES.length + 1}>地块（按阶段，块）</th>
                {METRICS.map((m) => <th key={m.key} rowSpan={2}>{m.label}</th>)}
                <th rowSpan={2}>重点建设用地安全利用率</th>
              </tr>
              <tr>
                {STAGES.map((s) => <th key={s}><i className="dot" style={{ background: STAGE_COLOR[s] }} />{STAGE_ZH[s]}</th>)}
                <th>小计</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => <Line key={x.county!.code} row={x} id={x.county!.code} name={x.county!.name} onPick={onPick} />)}
            </tbody>
            <tfoot>
              <Line row={t} id="total" name="合计" onPick={onPick} />
            </tfoot>
          </table>
        </div>
      </div>
      <p className="foot">点击表中数字可查看其明细（与数字同一口径）；鼠标悬停可见上季度数值与变化。生成时间 {r.generatedAt.replace('T', ' ').slice(0, 19)}</p>
    </>
  );
}

function Line({ row, id, name, onPick }: { row: Row; id: string; name: string; onPick: (p: Pick) => void }) {
  const county = id === 'total' ? null : id;
  /** A number that opens its drill-down; its title says the previous quarter's value and the change. */
  const num = (cell: string, stage: string | null, n: number) => {
    const c = row.cells.find((x) => x.cell === cell && x.stage === stage);
    const title = c ? `上季度 ${c.previous}，变化 ${c.change > 0 ? '+' : ''}${c.change}` : undefined;
    return (
      <button type="button" className="cell-link" title={title} data-cell={cell} data-stage={stage ?? undefined}
        onClick={() => onPick({ cell, stage, county })}>{n}</button>
    );
  };
  return (
    <tr data-row={id}>
      <th className="sticky" scope="row">{name}</th>
      {STAGES.map((s) => <td key={s} data-col={s} className={count(row, s) ? undefined : 'zero'}>{num('PLOTS_BY_STAGE', s, count(row, s))}</td>)}
      <td data-col="plots" className="sum">{plots(row)}</td>
      {METRICS.map((m) => <td key={m.key} data-col={m.key} className={row[m.key] ? undefined : 'zero'}>{num(m.cell, null, row[m.key] as number)}</td>)}
      <td data-col="safeUseRate">
        <button type="button" className="cell-link" data-cell="SAFE_USE_SUPPLIED" title="查看本年度供应为“一住两公”的地块及其是否安全利用"
          onClick={() => onPick({ cell: 'SAFE_USE_SUPPLIED', stage: null, county })}>{pct(row.safeUseRate)}</button>
      </td>
    </tr>
  );
}

const CELL_QUERY = `query Cell($quarter: String!, $divisionCode: ID!, $cell: JointDispatchCell!, $stage: PlotStage, $countyCode: ID) {
  jointDispatchCell(quarter: $quarter, divisionCode: $divisionCode, cell: $cell, stage: $stage, countyCode: $countyCode) {
    count rows {
      subject kind state date detail county { code name }
      plot { id plotCode name } keyUnit { id name } violation { id kind } permit { id permitNo holderName }
      vacatedSite { id enterpriseName } reserveProject { id projectCode name } duty { kind state dueOn detail }
    }
  }
}`;
interface CellRow {
  subject: string; kind: string | null; state: string | null; date: string | null; detail: string | null; county: { code: string; name: string };
  plot: { id: string; plotCode: string; name: string } | null; keyUnit: { id: string; name: string } | null; violation: { id: string; kind: string } | null;
  permit: { id: string; permitNo: string; holderName: string } | null; vacatedSite: { id: string; enterpriseName: string } | null;
  reserveProject: { id: string; projectCode: string; name: string } | null;
}
const SUBJECT_ZH: Record<string, string> = { PLOT: '地块', KEY_UNIT: '重点监管单位', VIOLATION: '违规', DUTY: '义务', PERMIT: '排污许可', VACATED_SITE: '腾退地块', RESERVE_PROJECT: '储备项目' };
const ROW_STATE_ZH: Record<string, string> = { OVERDUE: '逾期', DUE: '待履行', MET: '已履行', OPEN: '未整改', RECTIFIED: '已整改', SAFE: '安全利用', NOT_SAFE: '未安全利用' };
const subjectOf = (x: CellRow) => x.keyUnit?.name ?? x.plot?.name ?? x.permit?.holderName ?? x.vacatedSite?.enterpriseName ?? x.reserveProject?.name ?? '—';
const kindOf = (x: CellRow) => (x.kind == null ? '—' : STAGE_ZH[x.kind] ?? zh({ ...VIOLATION_ZH, ...OBLIGATION_ZH, ...RESERVE_STAGE_ZH }, x.kind));

/** The rows behind one number (jointDispatchCell): the same set the report counts, so their number is the number. */
function CellPanel({ r, pick, onClose }: { r: Report; pick: Pick; onClose: () => void }) {
  const q = useQuery<{ jointDispatchCell: { count: number; rows: CellRow[] } }>(CELL_QUERY, {
    quarter: r.quarter, divisionCode: r.division.code, cell: pick.cell, stage: pick.stage, countyCode: pick.county,
  });
  const row = pick.county ? r.rows.find((x) => x.county?.code === pick.county) : r.total;
  const c = row?.cells.find((x) => x.cell === pick.cell && x.stage === pick.stage);
  const where = pick.county ? row?.county?.name ?? pick.county : `${r.division.name}合计`;
  const label = `${CELL_LABEL[pick.cell] ?? pick.cell}${pick.stage ? `·${STAGE_ZH[pick.stage]}` : ''}`;
  return (
    <div className="card drill" data-testid="cell-panel">
      <div className="drill-head">
        <h2>{where} · {label} 明细</h2>
        {c && <span className="muted" data-testid="cell-change">本季度 {c.count}，上季度 {c.previous}，变化 {c.change > 0 ? '+' : ''}{c.change}</span>}
        <Downloads path="/exports/joint-dispatch-cell" name={`季度调度明细-${pick.county ?? r.division.code}-${r.quarter}-${pick.cell}`}
          params={{ quarter: r.quarter, divisionCode: r.division.code, cell: pick.cell, ...(pick.stage ? { stage: pick.stage } : {}), ...(pick.county ? { countyCode: pick.county } : {}) }} />
        <button type="button" className="link" onClick={onClose} data-testid="cell-close">关闭</button>
      </div>
      <Guard q={q} path={['jointDispatchCell']} what="明细">
        {(d) => (
          <div className="table-wrap">
            <p className="caption" data-testid="cell-count">共 {d.jointDispatchCell.count} 条</p>
            <table className="grid list" data-testid="cell-rows">
              <thead><tr><th>县（市、区）</th><th>类型</th><th>对象</th><th>编号</th><th>事项</th><th>日期</th><th>状态</th><th>说明</th></tr></thead>
              <tbody>
                {d.jointDispatchCell.rows.map((x, i) => (
                  <tr key={i} data-row={i}>
                    <td>{x.county.name}</td>
                    <td>{SUBJECT_ZH[x.subject] ?? x.subject}</td>
                    <td className="left">{x.plot && !x.keyUnit ? <a href={`${import.meta.env.BASE_URL}plots?plot=${x.plot.id}`} data-nav>{subjectOf(x)}</a> : subjectOf(x)}</td>
                    <td>{x.plot?.plotCode ?? x.permit?.permitNo ?? x.reserveProject?.projectCode ?? '—'}</td>
                    <td>{kindOf(x)}</td>
                    <td>{x.date ?? '—'}</td>
                    <td>{x.state ? ROW_STATE_ZH[x.state] ?? x.state : '—'}</td>
                    <td className="left">{x.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Guard>
    </div>
  );
}

function Kpi({ label, value, note, testId, accent, warn }: { label: string; value: string | number; note?: string; testId: string; accent?: boolean; warn?: boolean }) {
  return (
    <div className={`kpi${accent ? ' accent' : ''}${warn ? ' warn' : ''}`}>
      <span className="kpi-label">{label}</span>
      <strong data-testid={testId}>{value}</strong>
      {note && <span className="kpi-note">{note}</span>}
    </div>
  );
}
