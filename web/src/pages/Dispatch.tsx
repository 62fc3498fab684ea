import { useMemo } from 'react';
import { Chart } from '../components/Chart';
import { DivisionPicker, scoped } from '../components/DivisionPicker';
import { Downloads } from '../components/Downloads';
import { Guard } from '../components/Status';
import { refused } from '../api';
import { useQuery, useSearchParams } from '../hooks';
import { lastClosedQuarter, pct, quarters, quarterZh, STAGES, STAGE_COLOR, STAGE_ZH } from '../labels';
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
  reserveProjectsAdded safeUseRate
}`;

interface Row {
  county?: { code: string; name: string };
  plotsByStage: { stage: string; count: number }[];
  sensitiveUseChanges: number; sensitiveUseChangesInvestigated: number; listedInQuarter: number; delistedInQuarter: number;
  violationsOpen: number; violationsRectifiedInQuarter: number; keyUnits: number; keyUnitsOverdue: number;
  permitsEndedInQuarter: number; vacatedSitesOpen: number; reserveProjectsAdded: number; safeUseRate: number | null;
}
interface Report { quarter: string; asOf: string; generatedAt: string; division: { code: string; name: string; level: string }; rows: Row[]; total: Row }

/** Column keys (data-col) and headers: the same as the XLSX/CSV export. */
const METRICS: { key: keyof Row; label: string }[] = [
  { key: 'sensitiveUseChanges', label: '用途变更为"一住两公"（块）' },
  { key: 'sensitiveUseChangesInvestigated', label: '其中已完成调查（块）' },
  { key: 'listedInQuarter', label: '本季度列入名录（块）' },
  { key: 'delistedInQuarter', label: '本季度移出名录（块）' },
  { key: 'violationsOpen', label: '未整改违规（起）' },
  { key: 'violationsRectifiedInQuarter', label: '本季度整改违规（起）' },
  { key: 'keyUnits', label: '重点监管单位（家）' },
  { key: 'keyUnitsOverdue', label: '其中义务逾期（家）' },
  { key: 'permitsEndedInQuarter', label: '本季度注销/撤销排污许可（张）' },
  { key: 'vacatedSitesOpen', label: '未释放腾退地块（块）' },
  { key: 'reserveProjectsAdded', label: '本季度纳入中央项目储备库（个）' },
];

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
        {(d) => <Report r={d.jointDispatchReport} onlyActive={onlyActive} />}
      </Guard>
    </section>
  );
}

function Report({ r, onlyActive }: { r: Report; onlyActive: boolean }) {
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
              {rows.map((x) => <Line key={x.county!.code} row={x} id={x.county!.code} name={x.county!.name} />)}
            </tbody>
            <tfoot>
              <Line row={t} id="total" name="合计" />
            </tfoot>
          </table>
        </div>
      </div>
      <p className="foot">生成时间 {r.generatedAt.replace('T', ' ').slice(0, 19)}</p>
    </>
  );
}

function Line({ row, id, name }: { row: Row; id: string; name: string }) {
  return (
    <tr data-row={id}>
      <th className="sticky" scope="row">{name}</th>
      {STAGES.map((s) => <td key={s} data-col={s} className={count(row, s) ? undefined : 'zero'}>{count(row, s)}</td>)}
      <td data-col="plots" className="sum">{plots(row)}</td>
      {METRICS.map((m) => <td key={m.key} data-col={m.key} className={row[m.key] ? undefined : 'zero'}>{row[m.key] as number}</td>)}
      <td data-col="safeUseRate">{pct(row.safeUseRate)}</td>
    </tr>
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
