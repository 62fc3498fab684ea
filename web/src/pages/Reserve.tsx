import { useMemo } from 'react';
import { Chart } from '../components/Chart';
import { DivisionPicker, scoped } from '../components/DivisionPicker';
import { Downloads } from '../components/Downloads';
import { Guard } from '../components/Status';
import { refused } from '../api';
import { useQuery, useSearchParams } from '../hooks';
import { RESERVE_CATEGORY_ZH, RESERVE_STAGES, RESERVE_STAGE_COLOR, RESERVE_STAGE_ZH, zh } from '../labels';
import { useMe } from '../session';

const QUERY = `query Reserve($year: Int!, $divisionCode: ID!) {
  reserveTracker(year: $year, divisionCode: $divisionCode) {
    year division { code name }
    rows { county { code name } projects newInCentralReserve targetMet byStage { stage count } centralFundsRequested centralFundsApproved }
  }
}`;
/** A query of its own: a field refused here must not take the tracker down with it (both are non-null roots). */
const PROJECTS = `query ReserveProjects($year: Int!, $divisionCode: ID!) {
  reserveProjects(year: $year, divisionCode: $divisionCode, first: 200) {
    totalCount
    nodes { id projectCode name category stage county { name } submittedOn enteredCentralReserveOn totalInvestment centralFundsRequested centralFundsApproved }
  }
}`;

interface TrackerRow {
  county: { code: string; name: string }; projects: number; newInCentralReserve: number; targetMet: boolean;
  byStage: { stage: string; count: number }[]; centralFundsRequested: string; centralFundsApproved: string;
}
interface Project {
  id: string; projectCode: string; name: string; category: string; stage: string; county: { name: string };
  submittedOn: string | null; enteredCentralReserveOn: string | null; totalInvestment: string | null;
  centralFundsRequested: string | null; centralFundsApproved: string | null;
}
interface Data { reserveTracker: { year: number; division: { code: string; name: string }; rows: TrackerRow[] } }
interface Projects { reserveProjects: { totalCount: number; nodes: Project[] } }

/** Exact decimal strings ("1250.50") added without floating point: cents as BigInt. */
function sumDecimals(values: string[]): string {
  const cents = values.reduce((n, v) => {
    const [i, f = ''] = v.split('.');
    const neg = i.startsWith('-');
    const c = BigInt(i.replace('-', '') || '0') * 100n + BigInt((f + '00').slice(0, 2));
    return n + (neg ? -c : c);
  }, 0n);
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export function ReservePage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year') ?? thisYear) || thisYear;
  const division = scoped(me.division.code, params.get('division'));
  const q = useQuery<Data>(QUERY, { year, divisionCode: division });
  const pq = useQuery<Projects>(PROJECTS, { year, divisionCode: division });
  const years = Array.from({ length: thisYear + 2 - 2020 }, (_, i) => thisYear + 1 - i);
  return (
    <section className="page" data-page="reserve">
      <header className="page-head">
        <h1>项目储备</h1>
        <p className="sub">每个县（市、区）每年至少有一个土壤污染防治项目进入中央项目储备库。</p>
      </header>
      <div className="toolbar">
        <label className="field">
          <span>年度</span>
          <select value={year} onChange={(e) => setParams({ year: e.target.value })} data-testid="year">
            {years.map((y) => <option key={y} value={y}>{y}年</option>)}
          </select>
        </label>
        <DivisionPicker value={division} onChange={(c) => setParams({ division: c === me.division.code ? null : c })} />
        {!refused(q.result, ['reserveTracker']) && <Downloads path="/exports/reserve-tracker" params={{ year: String(year), divisionCode: division }} name={`项目储备-${division}-${year}`} />}
      </div>
      <Guard q={q} path={['reserveTracker']} what="项目储备进度">
        {(d) => (
          <>
            {params.get('cell') && (
              <CellPanel year={year} division={division} cell={params.get('cell')!} stage={params.get('stage')} county={params.get('county')}
                onClose={() => setParams({ cell: null, stage: null, county: null })} />
            )}
            <Tracker d={d} onPick={(cell, stage, county) => setParams({ cell, stage, county })} />
          </>
        )}
      </Guard>
      <Guard q={pq} path={['reserveProjects']} what="项目清单">
        {(d) => <ProjectList year={year} list={d.reserveProjects} />}
      </Guard>
    </section>
  );
}

function Tracker({ d, onPick }: { d: Data; onPick: (cell: string, stage: string | null, county: string) => void }) {
  /** A number that opens the projects behind it (reserveTrackerCell). */
  const num = (n: number, cell: string, stage: string | null, county: string) => (
    <button type="button" className="cell-link" data-cell={cell} onClick={() => onPick(cell, stage, county)}>{n}</button>
  );
  const t = d.reserveTracker;
  const met = t.rows.filter((r) => r.targetMet).length;
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 90, top: 56, bottom: t.rows.length > 16 ? 80 : 64 },
    xAxis: {
      type: 'category', data: t.rows.map((r) => r.county.name),
      axisLabel: {
        interval: 0, rotate: t.rows.length > 16 ? 35 : 0, lineHeight: 18,
        // Under each county: 达标 / 未达标, the same mark as the table.
        formatter: (name: string, i: number) => `${name}\n{${t.rows[i]?.targetMet ? 'ok' : 'bad'}|${t.rows[i]?.targetMet ? '达标' : '未达标'}}`,
        rich: { ok: { color: '#1f7a4d', fontWeight: 'bold' }, bad: { color: '#c0392b', fontWeight: 'bold' } },
      },
    },
    yAxis: { type: 'value', name: '项目（个）', minInterval: 1, max: (v: { max: number }) => Math.max(2, v.max) },
    dataZoom: t.rows.length > 24 ? [{ type: 'slider', bottom: 0, height: 14, endValue: 23 }] : [],
    series: [
      ...RESERVE_STAGES.map((s) => ({
        name: RESERVE_STAGE_ZH[s], type: 'bar', stack: 'projects', barMaxWidth: 36, itemStyle: { color: RESERVE_STAGE_COLOR[s] },
        data: t.rows.map((r) => r.byStage.find((x) => x.stage === s)?.count ?? 0),
      })),
      {
        name: '当年新入中央库', type: 'bar', barMaxWidth: 14, barGap: '10%', itemStyle: { color: '#123f6d' },
        label: { show: true, position: 'top', color: '#123f6d', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
        data: t.rows.map((r) => r.newInCentralReserve),
        markLine: {
          symbol: 'none', silent: true, lineStyle: { color: '#d7301f', type: 'dashed' },
          label: { formatter: '目标：1 个', position: 'end' }, data: [{ yAxis: 1 }],
        },
      },
    ],
  }), [t]);
  const requested = sumDecimals(t.rows.map((r) => r.centralFundsRequested));
  const approved = sumDecimals(t.rows.map((r) => r.centralFundsApproved));
  return (
    <>
      <div className="kpis">
        <div className={`kpi accent${met < t.rows.length ? ' warn' : ''}`}>
          <span className="kpi-label">{t.division.name} {t.year}年 达标县（市、区）</span>
          <strong data-testid="kpi-target-met">{met} / {t.rows.length}</strong>
          <span className="kpi-note">达标：当年至少一个项目进入中央项目储备库</span>
        </div>
        <div className="kpi"><span className="kpi-label">当年项目（个）</span><strong data-testid="kpi-projects">{t.rows.reduce((n, r) => n + r.projects, 0)}</strong></div>
        <div className="kpi"><span className="kpi-label">新入中央库（个）</span><strong>{t.rows.reduce((n, r) => n + r.newInCentralReserve, 0)}</strong></div>
        <div className="kpi"><span className="kpi-label">申请中央资金（万元）</span><strong data-testid="kpi-requested">{requested}</strong></div>
        <div className="kpi"><span className="kpi-label">下达中央资金（万元）</span><strong data-testid="kpi-approved">{approved}</strong></div>
      </div>
      <div className="card">
        <h2>各县（市、区）项目储备进度</h2>
        <Chart option={option} height={340} testId="reserve-chart" />
      </div>
      <div className="card">
        <h2>进度表</h2>
        <div className="table-wrap">
          <table className="grid" data-testid="reserve-table">
            <thead>
              <tr>
                <th rowSpan={2} className="sticky">县（市、区）</th>
                <th rowSpan={2}>目标（至少 1 个入库）</th>
                <th rowSpan={2}>当年项目（个）</th>
                <th rowSpan={2}>当年新入中央库（个）</th>
                <th colSpan={RESERVE_STAGES.length}>按阶段（个）</th>
                <th rowSpan={2}>申请中央资金（万元）</th>
                <th rowSpan={2}>下达中央资金（万元）</th>
              </tr>
              <tr>{RESERVE_STAGES.map((s) => <th key={s}><i className="dot" style={{ background: RESERVE_STAGE_COLOR[s] }} />{RESERVE_STAGE_ZH[s]}</th>)}</tr>
            </thead>
            <tbody>
              {t.rows.map((r) => (
                <tr key={r.county.code} data-row={r.county.code}>
                  <th className="sticky" scope="row">{r.county.name}</th>
                  <td data-col="targetMet"><span className={r.targetMet ? 'badge ok' : 'badge bad'}>{r.targetMet ? '达标' : '未达标'}</span></td>
                  <td data-col="projects">{num(r.projects, 'PROJECTS', null, r.county.code)}</td>
                  <td data-col="newInCentralReserve">{num(r.newInCentralReserve, 'NEW_IN_CENTRAL_RESERVE', null, r.county.code)}</td>
                  {RESERVE_STAGES.map((s) => {
                    const n = r.byStage.find((x) => x.stage === s)?.count ?? 0;
                    return <td key={s} data-col={s} className={n ? undefined : 'zero'}>{num(n, 'BY_STAGE', s, r.county.code)}</td>;
                  })}
                  <td data-col="centralFundsRequested" className="num">{r.centralFundsRequested}</td>
                  <td data-col="centralFundsApproved" className="num">{r.centralFundsApproved}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-row="total">
                <th className="sticky" scope="row">合计</th>
                <td>{met} 个达标</td>
                <td>{t.rows.reduce((n, r) => n + r.projects, 0)}</td>
                <td>{t.rows.reduce((n, r) => n + r.newInCentralReserve, 0)}</td>
                {RESERVE_STAGES.map((s) => <td key={s}>{t.rows.reduce((n, r) => n + (r.byStage.find((x) => x.stage === s)?.count ?? 0), 0)}</td>)}
                <td className="num">{requested}</td>
                <td className="num">{approved}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </div>
    </>
  );
}

function ProjectList({ year, list }: { year: number; list: Projects['reserveProjects'] }) {
  return (
      <div className="card">
        <h2>{year}年项目清单（{list.totalCount} 个）</h2>
        {list.nodes.length === 0 ? <p className="empty">本年度没有项目。</p> : (
          <div className="table-wrap">
            <table className="grid list" data-testid="reserve-projects">
              <thead><tr><th>项目编号</th><th>项目名称</th><th>县（市、区）</th><th>类别</th><th>阶段</th><th>申报日期</th><th>入库日期</th><th>总投资（万元）</th><th>申请中央资金（万元）</th><th>下达中央资金（万元）</th></tr></thead>
              <tbody>
                {list.nodes.map((p) => (
                  <tr key={p.id}>
                    <td className="mono">{p.projectCode}</td><td className="wrap">{p.name}</td><td>{p.county.name}</td><td>{zh(RESERVE_CATEGORY_ZH, p.category)}</td>
                    <td><i className="dot" style={{ background: RESERVE_STAGE_COLOR[p.stage] }} />{zh(RESERVE_STAGE_ZH, p.stage)}</td>
                    <td>{p.submittedOn ?? '—'}</td><td>{p.enteredCentralReserveOn ?? '—'}</td>
                    <td className="num">{p.totalInvestment ?? '—'}</td><td className="num">{p.centralFundsRequested ?? '—'}</td><td className="num">{p.centralFundsApproved ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
  );
}

const CELL_QUERY = `query ReserveCell($year: Int!, $divisionCode: ID!, $cell: ReserveTrackerCell!, $stage: ReserveStage, $countyCode: ID) {
  reserveTrackerCell(year: $year, divisionCode: $divisionCode, cell: $cell, stage: $stage, countyCode: $countyCode) {
    asOf count county { name }
    rows { stage enteredCentralReserveOn reserveProject { id projectCode name category year } }
  }
}`;
const CELL_ZH: Record<string, string> = { PROJECTS: '当年项目', NEW_IN_CENTRAL_RESERVE: '当年新入中央库', BY_STAGE: '按阶段' };
interface CellList {
  asOf: string; count: number; county: { name: string } | null;
  rows: { stage: string; enteredCentralReserveOn: string | null; reserveProject: { id: string; projectCode: string; name: string; category: string; year: number } }[];
}

/** The projects behind one number of the tracker, as of the same date (the list the number counts). */
function CellPanel({ year, division, cell, stage, county, onClose }: { year: number; division: string; cell: string; stage: string | null; county: string | null; onClose: () => void }) {
  const q = useQuery<{ reserveTrackerCell: CellList }>(CELL_QUERY, { year, divisionCode: division, cell, stage, countyCode: county });
  return (
    <div className="card drill" data-testid="reserve-cell-panel">
      <Guard q={q} path={['reserveTrackerCell']} what="明细">
        {(d) => {
          const c = d.reserveTrackerCell;
          return (
            <>
              <div className="drill-head">
                <h2>{c.county?.name ?? ''} · {year}年 {CELL_ZH[cell] ?? cell}{stage ? `·${RESERVE_STAGE_ZH[stage]}` : ''} 明细（截至 {c.asOf}，共 {c.count} 个）</h2>
                <button type="button" className="link" onClick={onClose}>关闭</button>
              </div>
              <table className="grid list" data-testid="reserve-cell-rows">
                <thead><tr><th>项目编号</th><th>项目名称</th><th>类别</th><th>年度</th><th>阶段</th><th>入中央库日期</th></tr></thead>
                <tbody>
                  {c.rows.map((x) => (
                    <tr key={x.reserveProject.id} data-row={x.reserveProject.id}>
                      <td>{x.reserveProject.projectCode}</td><td className="left">{x.reserveProject.name}</td>
                      <td>{zh(RESERVE_CATEGORY_ZH, x.reserveProject.category)}</td><td>{x.reserveProject.year}</td>
                      <td>{RESERVE_STAGE_ZH[x.stage] ?? x.stage}</td><td>{x.enteredCentralReserveOn ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Guard>
    </div>
  );
}
