import { DivisionPicker, scoped } from '../components/DivisionPicker';
import { Downloads } from '../components/Downloads';
import { Guard } from '../components/Status';
import { refused } from '../api';
import { useQuery, useSearchParams } from '../hooks';
import { lastClosedQuarter, quarters, quarterZh } from '../labels';
import { useMe } from '../session';

const QUERY = `query Farmland($quarter: String!, $divisionCode: ID!) {
  farmlandIndicator(divisionCode: $divisionCode, quarter: $quarter) {
    asOf yearStart division { code name }
    rows { county { code name } units priorityAreaAtYearStart priorityArea priorityAreaDecrease safeUseArea strictControlArea
      basicFarmlandArea changesApproved categoryMovedDown warning eiaRestricted warnings }
  }
}`;

interface Row {
  county: { code: string; name: string }; units: number; priorityAreaAtYearStart: number; priorityArea: number; priorityAreaDecrease: number;
  safeUseArea: number; strictControlArea: number; basicFarmlandArea: number; changesApproved: number; categoryMovedDown: number;
  warning: boolean; eiaRestricted: boolean; warnings: string[];
}
interface Indicator { asOf: string; yearStart: string; division: { code: string; name: string }; rows: Row[] }

/** m² → 亩 (1 亩 = 10000/15 m²), two decimals. */
const mu = (m2: number) => (m2 / (10000 / 15)).toLocaleString('zh-CN', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** 耕地: the county indicator of priority-protection farmland with the warning and the 环评限批 flag (RULES §12, 晋中计划任务1). */
export function FarmlandPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const quarter = params.get('quarter') ?? lastClosedQuarter();
  const division = scoped(me.division.code, params.get('division'));
  const onlyWarned = params.get('warned') === '1';
  const q = useQuery<{ farmlandIndicator: Indicator }>(QUERY, { quarter, divisionCode: division });
  return (
    <section className="page" data-page="farmland">
      <header className="page-head">
        <h1>耕地类别与预警</h1>
        <p className="sub">优先保护类耕地面积：年初与季度末对比（类别以市政府审定同意之日起生效，按历史记录计算）。面积减少或耕地类别下调的县（市、区）予以预警提醒，并依法采取环评限批等限制性措施。</p>
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
          <input type="checkbox" checked={onlyWarned} onChange={(e) => setParams({ warned: e.target.checked ? '1' : null })} />
          只显示预警的县（市、区）
        </label>
        {!refused(q.result, ['farmlandIndicator']) && <Downloads path="/exports/farmland-indicator" params={{ quarter, divisionCode: division }} name={`耕地预警-${division}-${quarter}`} />}
      </div>
      <Guard q={q} path={['farmlandIndicator']} what="耕地预警">
        {(d) => {
          const r = d.farmlandIndicator;
          const rows = r.rows.filter((x) => !onlyWarned || x.warning);
          const warned = r.rows.filter((x) => x.warning).length;
          return (
            <div className="card">
              <div className="list-head">
                <h2>{r.division.name}（{r.yearStart} 至 {r.asOf}）</h2>
                <span data-testid="farmland-warned">预警 <b>{warned}</b> 个县（市、区）</span>
              </div>
              {rows.length === 0 ? <p className="empty ok">没有预警的县（市、区）。</p> : (
                <div className="table-wrap">
                  <table className="grid list" data-testid="farmland-table">
                    <thead>
                      <tr><th>县（市、区）</th><th>图斑（个）</th><th>年初优先保护类（亩）</th><th>优先保护类（亩）</th><th>减少（亩）</th>
                        <th>安全利用类（亩）</th><th>严格管控类（亩）</th><th>永久基本农田（亩）</th><th>本年类别调整</th><th>类别下调</th><th>预警</th><th>环评限批</th><th>说明</th></tr>
                    </thead>
                    <tbody>
                      {rows.map((x) => (
                        <tr key={x.county.code} data-county={x.county.code} className={x.warning ? 'warn' : undefined}>
                          <td>{x.county.name}</td>
                          <td className="num">{x.units}</td>
                          <td className="num">{mu(x.priorityAreaAtYearStart)}</td>
                          <td className="num">{mu(x.priorityArea)}</td>
                          <td className="num" data-col="decrease">{x.priorityAreaDecrease > 0 ? mu(x.priorityAreaDecrease) : '—'}</td>
                          <td className="num">{mu(x.safeUseArea)}</td>
                          <td className="num">{mu(x.strictControlArea)}</td>
                          <td className="num">{mu(x.basicFarmlandArea)}</td>
                          <td className="num">{x.changesApproved}</td>
                          <td className="num">{x.categoryMovedDown}</td>
                          <td data-col="warning">{x.warning ? <span className="bad">● 预警</span> : '—'}</td>
                          <td data-col="eia">{x.eiaRestricted ? <span className="bad">限批</span> : '—'}</td>
                          <td className="wrap">{x.warnings.join('；') || '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          );
        }}
      </Guard>
    </section>
  );
}
