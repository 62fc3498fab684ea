import { DivisionPicker, scoped } from '../components/DivisionPicker';
import { Downloads } from '../components/Downloads';
import { Guard } from '../components/Status';
import { refused } from '../api';
import { useQuery, useSearchParams } from '../hooks';
import { AGENCY_ZH, lastClosedQuarter, OBLIGATION_ZH, PROBLEM_SOURCE_ZH, PROBLEM_STATE_ZH, quarters, quarterZh, VIOLATION_ZH, zh } from '../labels';
import { useMe } from '../session';

const QUERY = `query Problems($divisionCode: ID!, $quarter: String) {
  problems(divisionCode: $divisionCode, quarter: $quarter) {
    asOf division { code name }
    rows { source kind county { code name } subject responsibleAgency dueOn detectedOn state detail plot { id } }
    byCounty { county { code name } duties violations total }
  }
}`;

interface Problem {
  source: string; kind: string; county: { code: string; name: string }; subject: string; responsibleAgency: string;
  dueOn: string | null; detectedOn: string | null; state: string; detail: string | null; plot: { id: string } | null;
}
interface ProblemList {
  asOf: string; division: { code: string; name: string }; rows: Problem[];
  byCounty: { county: { code: string; name: string }; duties: number; violations: number; total: number }[];
}

/** 问题清单 (Jinzhong plan 8): every duty OVERDUE and every violation open at a quarter's end (or today), for the joint meeting. */
export function ProblemsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const quarter = params.get('quarter') ?? lastClosedQuarter();
  const division = scoped(me.division.code, params.get('division'));
  const asked = quarter === 'today' ? { divisionCode: division } : { divisionCode: division, quarter };
  const q = useQuery<{ problems: ProblemList }>(QUERY, asked);
  return (
    <section className="page" data-page="problems">
      <header className="page-head">
        <h1>问题清单</h1>
        <p className="sub">每项逾期未履行的义务和每起未整改的违规开发利用，按季度末日（或今天）从历史记录生成，供联席会议通报、督促整改。</p>
      </header>
      <div className="toolbar">
        <label className="field">
          <span>截至</span>
          <select value={quarter} onChange={(e) => setParams({ quarter: e.target.value })} data-testid="problems-quarter">
            <option value="today">今天</option>
            {quarters().map((x) => <option key={x} value={x}>{quarterZh(x)}末</option>)}
          </select>
        </label>
        <DivisionPicker value={division} onChange={(c) => setParams({ division: c === me.division.code ? null : c })} />
        {!refused(q.result, ['problems']) && <Downloads path="/exports/problems" params={asked as Record<string, string>} name={`问题清单-${division}-${quarter}`} />}
      </div>
      <Guard q={q} path={['problems']} what="问题清单">
        {(d) => <List p={d.problems} />}
      </Guard>
    </section>
  );
}

function List({ p }: { p: ProblemList }) {
  const duties = p.rows.filter((r) => r.source === 'DUTY').length;
  const counties = p.byCounty.filter((c) => c.total > 0);
  return (
    <>
      <p className="caption" data-testid="problems-caption">
        {p.division.name}（截至 {p.asOf}）：共 <strong data-testid="problems-total">{p.rows.length}</strong> 项问题，其中义务逾期 {duties} 项、未整改违规 {p.rows.length - duties} 起
      </p>
      {counties.length > 0 && (
        <div className="card">
          <h2>按县（市、区）</h2>
          <table className="grid" data-testid="problems-by-county">
            <thead><tr><th>县（市、区）</th><th>义务逾期（项）</th><th>未整改违规（起）</th><th>合计</th></tr></thead>
            <tbody>
              {counties.map((c) => (
                <tr key={c.county.code} data-row={c.county.code}><th scope="row" className="left">{c.county.name}</th><td>{c.duties}</td><td>{c.violations}</td><td>{c.total}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="card">
        <h2>清单</h2>
        {p.rows.length === 0 ? <p className="hint" data-testid="problems-empty">没有逾期义务和未整改违规。</p> : (
          <div className="table-wrap">
            <table className="grid list" data-testid="problems-table">
              <thead><tr><th>县（市、区）</th><th>来源</th><th>问题类型</th><th>对象</th><th>责任部门</th><th>应完成日期</th><th>发现日期</th><th>状态</th><th>说明</th></tr></thead>
              <tbody>
                {p.rows.map((r, i) => (
                  <tr key={i} data-row={i} className={r.source === 'VIOLATION' ? 'bad' : undefined}>
                    <td>{r.county.name}</td>
                    <td>{PROBLEM_SOURCE_ZH[r.source] ?? r.source}</td>
                    <td className="left">{zh({ ...OBLIGATION_ZH, ...VIOLATION_ZH }, r.kind)}</td>
                    <td className="left">{r.plot ? <a href={`${import.meta.env.BASE_URL}plots?plot=${r.plot.id}`} data-nav>{r.subject}</a> : r.subject}</td>
                    <td>{AGENCY_ZH[r.responsibleAgency] ?? r.responsibleAgency}</td>
                    <td>{r.dueOn ?? '—'}</td>
                    <td>{r.detectedOn ?? '—'}</td>
                    <td>{PROBLEM_STATE_ZH[r.state] ?? r.state}</td>
                    <td className="left">{r.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
