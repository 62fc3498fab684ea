import { useState } from 'react';
import { forbidden, gql } from '../api';
import { DivisionPicker, scoped } from '../components/DivisionPicker';
import { ErrorBox, Guard, NoAccess } from '../components/Status';
import { useQuery, useSearchParams } from '../hooks';
import { OBLIGATION_ZH, VIOLATION_ZH, violationNoteZh, zh } from '../labels';
import { useMe } from '../session';

const OBLIGATIONS = `query Overdue($divisionCode: ID) {
  obligations(state: OVERDUE, divisionCode: $divisionCode) {
    kind state dueOn detail
    keyUnit { id name creditCode county { code name } contactPhone }
  }
}`;
const VIOLATIONS = `query OpenViolations($divisionCode: ID, $after: String) {
  violations(open: true, divisionCode: $divisionCode, first: 100, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes { id kind detectedOn note plot { id plotCode name county { name } } }
  }
}`;

interface Obligation { kind: string; state: string; dueOn: string | null; detail: string | null; keyUnit: { id: string; name: string; creditCode: string; county: { code: string; name: string }; contactPhone: string | null } }
interface Violation { id: string; kind: string; detectedOn: string; note: string | null; plot: { id: string; plotCode: string; name: string; county: { name: string } } }
interface Violations { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: Violation[] }

export function TodoPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const division = scoped(me.division.code, params.get('division'));
  const ob = useQuery<{ obligations: Obligation[] }>(OBLIGATIONS, { divisionCode: division });
  const vi = useQuery<{ violations: Violations }>(VIOLATIONS, { divisionCode: division });
  return (
    <section className="page" data-page="todo">
      <header className="page-head">
        <h1>待办</h1>
        <p className="sub">逾期未履行的重点监管单位义务，和尚未整改的违规（目标：动态清零）。</p>
      </header>
      <div className="toolbar">
        <DivisionPicker value={division} onChange={(c) => setParams({ division: c === me.division.code ? null : c })} />
      </div>
      <div className="card">
        <Guard q={ob} path={['obligations']} what="重点监管单位义务">
          {(d, r) => {
            const list = [...d.obligations].sort((a, b) => (a.dueOn ?? '').localeCompare(b.dueOn ?? '') || a.keyUnit.name.localeCompare(b.keyUnit.name, 'zh-CN'));
            const byKind = Object.entries(list.reduce<Record<string, number>>((m, o) => ({ ...m, [o.kind]: (m[o.kind] ?? 0) + 1 }), {}));
            const units = new Set(list.map((o) => o.keyUnit.id)).size;
            return (
              <>
                <div className="list-head">
                  <h2>逾期义务</h2>
                  <span data-testid="obligations-total">共 <b>{list.length}</b> 项，涉及 {units} 家重点监管单位</span>
                </div>
                {byKind.length > 0 && <p className="chips">{byKind.map(([k, n]) => <span key={k} className="chip">{zh(OBLIGATION_ZH, k)} {n}</span>)}</p>}
                {list.length === 0 ? <p className="empty">没有逾期的义务。</p> : (
                  <div className="table-wrap">
                    <table className="grid list" data-testid="obligations-table">
                      <thead><tr><th>重点监管单位</th><th>统一社会信用代码</th><th>县（市、区）</th><th>义务</th><th>应完成日期</th><th>说明</th><th>联系电话</th></tr></thead>
                      <tbody>
                        {list.map((o) => {
                          const i = d.obligations.indexOf(o);
                          return (
                            <tr key={`${o.keyUnit.id}-${o.kind}-${i}`} data-key={`${o.keyUnit.creditCode}|${o.kind}`}>
                              <td className="wrap">{o.keyUnit.name}</td>
                              <td className="mono">{o.keyUnit.creditCode}</td>
                              <td>{o.keyUnit.county.name}</td>
                              <td>{zh(OBLIGATION_ZH, o.kind)}</td>
                              <td>{o.dueOn ?? '—'}</td>
                              <td className="wrap">{o.detail ?? '—'}</td>
                              <td>{forbidden(r, ['obligations', i, 'keyUnit', 'contactPhone']) ? <NoAccess inline /> : o.keyUnit.contactPhone ?? '—'}</td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                )}
              </>
            );
          }}
        </Guard>
      </div>
      <div className="card">
        <Guard q={vi} path={['violations']} what="违规">
          {(d) => <ViolationList key={division} first={d.violations} division={division} />}
        </Guard>
      </div>
    </section>
  );
}

/** The first page from the query, further pages appended with the cursor. */
function ViolationList({ first, division }: { first: Violations; division: string }) {
  const [more, setMore] = useState<{ nodes: Violation[]; pageInfo: Violations['pageInfo'] } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const nodes = [...first.nodes, ...(more?.nodes ?? [])];
  const pageInfo = more?.pageInfo ?? first.pageInfo;
  const loadMore = async () => {
    try {
      const r = await gql<{ violations: Violations }>(VIOLATIONS, { divisionCode: division, after: pageInfo.endCursor });
      if (!r.data) throw new Error(r.errors[0]?.message ?? '没有数据');
      setMore({ nodes: [...(more?.nodes ?? []), ...r.data.violations.nodes], pageInfo: r.data.violations.pageInfo });
    } catch (e) {
      setErr((e as Error).message);
    }
  };
  return (
    <>
      <div className="list-head">
        <h2>未整改违规</h2>
        <span data-testid="violations-total">共 <b>{first.totalCount}</b> 起</span>
      </div>
      {nodes.length === 0 ? <p className="empty ok">没有未整改的违规，已动态清零。</p> : (
        <div className="table-wrap">
          <table className="grid list" data-testid="violations-table">
            <thead><tr><th>违规类型</th><th>发现日期</th><th>地块</th><th>县（市、区）</th><th>备注</th></tr></thead>
            <tbody>
              {nodes.map((v) => (
                <tr key={v.id} data-id={v.id}>
                  <td className="wrap"><span className="bad">●</span> {zh(VIOLATION_ZH, v.kind)}</td>
                  <td>{v.detectedOn}</td>
                  <td className="wrap"><a href={`${import.meta.env.BASE_URL}plots?plot=${encodeURIComponent(v.plot.plotCode)}`} data-nav>{v.plot.name}</a><span className="mono muted"> {v.plot.plotCode}</span></td>
                  <td>{v.plot.county.name}</td>
                  <td className="wrap muted">{v.note ? violationNoteZh(v.note) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {err && <ErrorBox>{err}</ErrorBox>}
      {pageInfo.hasNextPage && <div className="pager"><button type="button" onClick={loadMore}>加载更多</button></div>}
    </>
  );
}
