import { DivisionPicker, scoped } from '../components/DivisionPicker';
import { Downloads } from '../components/Downloads';
import { Guard } from '../components/Status';
import { refused } from '../api';
import { useQuery, useSearchParams } from '../hooks';
import { quarters, quarterZh, REVIEW_STATE_ZH, REVIEW_STEPS, REVIEW_STEP_ZH, STAGE_ZH } from '../labels';
import { useMe } from '../session';

const QUERY = `query Review($divisionCode: ID!, $quarter: String) {
  zeroViolationReview(divisionCode: $divisionCode, quarter: $quarter) {
    asOf division { code name }
    plots { plot { id plotCode name } county { code name } stage problems steps { step state date detail } }
  }
}`;
interface Step { step: string; state: string; date: string | null; detail: string | null }
interface Plot { plot: { id: string; plotCode: string; name: string } | null; county: { code: string; name: string }; stage: string; problems: number; steps: Step[] }
interface Review { asOf: string; division: { code: string; name: string }; plots: Plot[] }

/** 违规开发利用清零 (Jinzhong plan 12): each 一住两公 plot with the checklist of its steps, the missing and late ones marked. */
export function ReviewPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const quarter = params.get('quarter') ?? 'today';
  const division = scoped(me.division.code, params.get('division'));
  const onlyProblems = params.get('problems') === '1';
  const asked = quarter === 'today' ? { divisionCode: division } : { divisionCode: division, quarter };
  const q = useQuery<{ zeroViolationReview: Review }>(QUERY, asked);
  return (
    <section className="page" data-page="review">
      <header className="page-head">
        <h1>清零核查</h1>
        <p className="sub">"一住两公"地块违规开发利用清零：逐块核查 调查 → 风险评估 → 管控/修复 → 效果评估 → 后期管理 及供地、施工许可、开工，标出缺失和滞后的环节。</p>
      </header>
      <div className="toolbar">
        <label className="field">
          <span>截至</span>
          <select value={quarter} onChange={(e) => setParams({ quarter: e.target.value === 'today' ? null : e.target.value })} data-testid="review-quarter">
            <option value="today">今天</option>
            {quarters().map((x) => <option key={x} value={x}>{quarterZh(x)}末</option>)}
          </select>
        </label>
        <DivisionPicker value={division} onChange={(c) => setParams({ division: c === me.division.code ? null : c })} />
        <label className="check">
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setParams({ problems: e.target.checked ? '1' : null })} />
          只显示有问题的地块
        </label>
        {!refused(q.result, ['zeroViolationReview']) && <Downloads path="/exports/zero-violation-review" params={asked as Record<string, string>} name={`清零核查-${division}-${quarter}`} />}
      </div>
      <Guard q={q} path={['zeroViolationReview']} what="清零核查">
        {(d) => {
          const r = d.zeroViolationReview;
          const shown = onlyProblems ? r.plots.filter((p) => p.problems > 0) : r.plots;
          return (
            <>
              <p className="caption" data-testid="review-caption">
                {r.division.name}（截至 {r.asOf}）："一住两公"地块 {r.plots.length} 块，其中有缺失或滞后环节的 {r.plots.filter((p) => p.problems > 0).length} 块
              </p>
              <div className="card table-wrap">
                <table className="grid list" data-testid="review-table">
                  <thead><tr><th>县（市、区）</th><th>地块</th><th>阶段</th>{REVIEW_STEPS.map((s) => <th key={s}>{REVIEW_STEP_ZH[s]}</th>)}<th>问题</th></tr></thead>
                  <tbody>
                    {shown.map((p, i) => (
                      <tr key={p.plot?.id ?? i} data-row={p.plot?.id ?? i}>
                        <td>{p.county.name}</td>
                        <td className="left">{p.plot ? <a href={`${import.meta.env.BASE_URL}plots?plot=${p.plot.id}`} data-nav>{p.plot.name}</a> : '无权限'}</td>
                        <td>{STAGE_ZH[p.stage] ?? p.stage}</td>
                        {REVIEW_STEPS.map((s) => {
                          const x = p.steps.find((y) => y.step === s);
                          return (
                            <td key={s} data-col={s} className={`step ${x?.state.toLowerCase() ?? ''}`} title={x?.detail ?? undefined}>
                              {x ? REVIEW_STATE_ZH[x.state] ?? x.state : '—'}{x?.date && <small>{x.date}</small>}
                            </td>
                          );
                        })}
                        <td className={p.problems ? 'bad' : undefined}>{p.problems}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Guard>
    </section>
  );
}
