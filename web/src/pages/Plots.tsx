import { useEffect, useState } from 'react';
import { forbidden, getJson } from '../api';
import { DivisionPicker, scoped } from '../components/DivisionPicker';
import { PlotMap, type CountyOutlines, type FeatureCollection } from '../components/PlotMap';
import { Guard, NoAccess } from '../components/Status';
import { useQuery, useSearchParams } from '../hooks';
import { LAND_STATUS_ZH, STAGES, STAGE_COLOR, STAGE_GROUPS, STAGE_ZH, zh } from '../labels';
import { useMe } from '../session';
import { PlotDetail } from './PlotDetail';

const PAGE = 15;
/** `first` is a literal: the server's cost check prices a `first: $n` at the page-size cap. */
const LIST = `query Plots($filter: PlotFilter, $after: String) {
  plots(first: ${PAGE}, after: $after, filter: $filter) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes { id plotCode name county { code name } areaM2 stage landStatus plannedUse { code name sensitive } }
  }
}`;
const MAP = `query PlotsMap($filter: PlotFilter) { plotsGeoJSON(filter: $filter) }`;
/** The solid-waste yards' layer (RULES §11), for the bureaus that read yards (policy part solidWasteYard). */
const YARDS = `query YardsMap($divisionCode: ID) { solidWasteYardsGeoJSON(divisionCode: $divisionCode) }`;
const READS_YARDS = ['ECO', 'NATURAL_RESOURCES', 'APPROVALS', 'EMERGENCY'];

interface PlotRow {
  id: string; plotCode: string; name: string; county: { code: string; name: string }; areaM2: number | null;
  stage: string; landStatus: string; plannedUse: { code: string; name: string; sensitive: boolean } | null;
}
interface ListData { plots: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: PlotRow[] } }

/** The stage filter's value: one stage, a group of stages, or nothing. */
function stagesOf(v: string | null): string[] | undefined {
  if (!v) return undefined;
  return STAGE_GROUPS.find((g) => g.key === v)?.stages ?? (STAGES.includes(v as never) ? [v] : undefined);
}

export function PlotsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const division = scoped(me.division.code, params.get('division'));
  const stage = params.get('stage');
  const sensitive = params.get('sensitive');
  const search = params.get('q') ?? '';
  const selected = params.get('plot');
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);

  const filter = {
    divisionCode: division,
    ...(stagesOf(stage) ? { stages: stagesOf(stage) } : {}),
    ...(sensitive === 'yes' ? { sensitivePlannedUse: true } : sensitive === 'no' ? { sensitivePlannedUse: false } : {}),
    ...(search ? { search } : {}),
  };
  // The cursor trail: after[i] is the cursor that opens page i + 1; a new filter starts again at page 1.
  const [trail, setTrail] = useState<{ key: string; cursors: (string | null)[] }>({ key: '', cursors: [null] });
  const key = JSON.stringify(filter);
  const cursors = trail.key === key ? trail.cursors : [null];
  const after = cursors[cursors.length - 1];
  const list = useQuery<ListData>(LIST, { filter, after });
  const map = useQuery<{ plotsGeoJSON: FeatureCollection }>(MAP, { filter });
  // The county outlines of the token's scope (once per page), narrowed to the county picked in the filter.
  const [outlines, setOutlines] = useState<CountyOutlines | null>(null);
  useEffect(() => {
    getJson<CountyOutlines>('/geo/counties.geojson').then((r) => { if (r.status === 200) setOutlines(r.body); }).catch(() => undefined);
  }, []);
  const shownOutlines = outlines && division !== me.division.code
    ? { ...outlines, features: outlines.features.filter((f) => f.properties.code === division || f.properties.code.startsWith(division.replace(/0+$/, ''))) }
    : outlines;
  const yardLayer = useQuery<{ solidWasteYardsGeoJSON: FeatureCollection }>(YARDS, { divisionCode: division }, !READS_YARDS.includes(me.agency));
  const yards = yardLayer.result?.data?.solidWasteYardsGeoJSON ?? null;

  const set = (changes: Record<string, string | null>) => setParams({ ...changes, plot: null });
  return (
    <section className="page" data-page="plots">
      <header className="page-head">
        <h1>地块</h1>
        <p className="sub">疑似污染地块和污染地块"一张图"：按阶段、区划、规划用途筛选，点击列表或地图查看地块详情。</p>
      </header>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); set({ q: text.trim() || null }); }}>
        <label className="field">
          <span>阶段</span>
          <select value={stage ?? ''} onChange={(e) => set({ stage: e.target.value || null })} data-testid="stage-filter">
            <option value="">全部阶段</option>
            <optgroup label="阶段组">{STAGE_GROUPS.map((g) => <option key={g.key} value={g.key}>{g.label}</option>)}</optgroup>
            <optgroup label="单个阶段">{STAGES.map((s) => <option key={s} value={s}>{STAGE_ZH[s]}</option>)}</optgroup>
          </select>
        </label>
        <DivisionPicker value={division} onChange={(c) => set({ division: c === me.division.code ? null : c })} label="县（市、区）" />
        <label className="field">
          <span>规划用途</span>
          <select value={sensitive ?? ''} onChange={(e) => set({ sensitive: e.target.value || null })} data-testid="sensitive-filter">
            <option value="">全部</option>
            <option value="yes">"一住两公"（住宅、公共管理与公共服务用地）</option>
            <option value="no">非"一住两公"</option>
          </select>
        </label>
        <label className="field grow">
          <span>搜索</span>
          <input type="search" value={text} placeholder="地块名称、编码或原企业名称" onChange={(e) => setText(e.target.value)} data-testid="search" />
        </label>
        <button type="submit">查询</button>
        {(stage || sensitive || search || division !== me.division.code) && (
          <button type="button" className="link" onClick={() => { setText(''); set({ stage: null, sensitive: null, q: null, division: null }); }}>清除筛选</button>
        )}
      </form>
      <div className="split">
        <div className="card list-card">
          <Guard q={list} path={['plots']} what="地块列表">
            {(d, r) => (
              <>
                <div className="list-head">
                  <h2>地块列表</h2>
                  <span data-testid="plots-total">共 <b>{d.plots.totalCount}</b> 块</span>
                </div>
                {d.plots.nodes.length === 0 ? <p className="empty">没有符合条件的地块。</p> : (
                  <div className="table-wrap">
                    <table className="grid list selectable" data-testid="plots-table">
                      <thead><tr><th>地块</th><th>县（市、区）</th><th>阶段</th><th>土地状态</th><th>规划用途</th><th className="num">面积（m²）</th></tr></thead>
                      <tbody>
                        {d.plots.nodes.map((p, i) => (
                          <tr key={p.id} data-plot-code={p.plotCode} className={selected === p.plotCode ? 'sel' : undefined}
                            onClick={() => setParams({ plot: p.plotCode })} tabIndex={0}
                            onKeyDown={(e) => e.key === 'Enter' && setParams({ plot: p.plotCode })}>
                            <td className="wrap name">{p.name}<span className="mono muted code">{p.plotCode}</span></td>
                            <td>{p.county.name}</td>
                            <td data-col="stage">{forbidden(r, ['plots', 'nodes', i, 'stage']) ? <NoAccess inline /> : <><i className="dot" style={{ background: STAGE_COLOR[p.stage] }} />{zh(STAGE_ZH, p.stage)}</>}</td>
                            <td>{forbidden(r, ['plots', 'nodes', i, 'landStatus']) ? <NoAccess inline /> : zh(LAND_STATUS_ZH, p.landStatus)}</td>
                            <td>{forbidden(r, ['plots', 'nodes', i, 'plannedUse']) ? <NoAccess inline /> : p.plannedUse ? <>{p.plannedUse.name}{p.plannedUse.sensitive && <span className="tag warn">一住两公</span>}</> : '—'}</td>
                            <td className="num">{p.areaM2 == null ? '—' : p.areaM2.toLocaleString('zh-CN')}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                <div className="pager" data-testid="pager">
                  <button type="button" disabled={cursors.length <= 1 || list.loading} onClick={() => setTrail({ key, cursors: cursors.slice(0, -1) })}>上一页</button>
                  <span data-testid="page-no">第 {cursors.length} 页 / 共 {Math.max(1, Math.ceil(d.plots.totalCount / PAGE))} 页</span>
                  <button type="button" disabled={!d.plots.pageInfo.hasNextPage || list.loading} data-testid="next-page"
                    onClick={() => setTrail({ key, cursors: [...cursors, d.plots.pageInfo.endCursor] })}>下一页</button>
                </div>
              </>
            )}
          </Guard>
        </div>
        <div className="side">
          <div className="card">
            <h2>地块分布图</h2>
            <Guard q={map} path={['plotsGeoJSON']} what="地块分布图">
              {(d) => <PlotMap data={d.plotsGeoJSON} outlines={shownOutlines} yards={yards} selected={selected} onSelect={(code) => setParams({ plot: code })} />}
            </Guard>
          </div>
          {selected && <PlotDetail plotCode={selected} onClose={() => setParams({ plot: null })} />}
        </div>
      </div>
    </section>
  );
}
