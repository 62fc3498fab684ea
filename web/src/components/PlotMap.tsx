import { useMemo, useRef, useState, type PointerEvent as RPointerEvent, type WheelEvent as RWheelEvent } from 'react';
import { geoGraticule, geoMercator, geoPath, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo';
import { STAGES, STAGE_COLOR, STAGE_ZH, UNKNOWN_COLOR } from '../labels';

export interface Feature {
  type: 'Feature';
  id?: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: { plotCode: string; name: string; county: string; countyCode: string; stage?: string; plannedUse?: string | null; plannedUseSensitive?: boolean | null; centroid?: [number, number] };
}
export interface FeatureCollection { type: 'FeatureCollection'; features: Feature[] }

/** GET /geo/counties.geojson: the outlines of the token's counties and what the server says of their source. */
export interface CountyOutlines {
  type: 'FeatureCollection';
  metadata: { source: string; license: string; datum: string; note?: string } | null;
  features: { type: 'Feature'; properties: { code: string; name?: string }; geometry: { type: string; coordinates: unknown } }[];
}

const W = 640;
const H = 460;

/** A representative point: the centroid the server gave, else the middle of the geometry's box. */
function anchor(f: Feature): [number, number] | null {
  if (f.properties.centroid) return f.properties.centroid;
  if (f.geometry?.type === 'Point') return f.geometry.coordinates as [number, number];
  const pts: [number, number][] = [];
  const walk = (c: unknown) => (Array.isArray(c) && typeof c[0] === 'number' ? pts.push(c as [number, number]) : Array.isArray(c) && c.forEach(walk));
  walk(f.geometry?.coordinates);
  if (!pts.length) return null;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

/**
 * A polygon's outline as a planar SVG path. d3's spherical geoPath reads ring winding the other way round
 * from RFC 7946 (a counter-clockwise ring would fill the whole globe but the plot), so the rings are
 * projected point by point instead: plots are a few hundred metres across, planar is exact enough.
 */
function outline(geometry: Feature['geometry'], projection: GeoProjection): string {
  if (!geometry) return '';
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates as number[][][]] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as number[][][][]) : [];
  return polygons.flatMap((rings) => rings.map((ring) => {
    const pts = ring.map((c) => projection([c[0], c[1]])).filter((p): p is [number, number] => !!p);
    return pts.length ? `M${pts.map((p) => `${p[0].toFixed(2)},${p[1].toFixed(2)}`).join('L')}Z` : '';
  })).join('');
}

/**
 * The plots of plotsGeoJSON drawn as SVG with d3-geo: no tiles, no network. Each plot's boundary is filled
 * with its stage colour and marked by a dot at its centroid (at city scale the boundaries are a few pixels),
 * counties are labelled at the middle of their plots. Wheel or buttons to zoom, drag to pan, click to open.
 */
export function PlotMap({ data, yards, selected, onSelect, outlines }: { data: FeatureCollection; yards?: FeatureCollection | null; selected: string | null; onSelect: (plotCode: string) => void; outlines?: CountyOutlines | null }) {
  const located = data.features.filter((f) => f.geometry);
  const counties = outlines?.features ?? [];
  const { paths, dots, labels, grid, countyPaths, yardMarks } = useMemo(() => {
    // Fit to the plots; with no plot located, to the county outlines (the token's scope).
    let anchors = located.map(anchor).filter((a): a is [number, number] => !!a);
    if (!anchors.length) {
      const pts: [number, number][] = [];
      const walk = (c: unknown) => (Array.isArray(c) && typeof c[0] === 'number' ? pts.push(c as [number, number]) : Array.isArray(c) && c.forEach(walk));
      counties.forEach((f) => walk(f.geometry.coordinates));
      anchors = pts;
    }
    // Fit to the plots' box, at least ~5 km across so one plot does not fill the map.
    const xs = anchors.map((a) => a[0]);
    const ys = anchors.map((a) => a[1]);
    const [x0, x1, y0, y1] = anchors.length ? [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] : [110.5, 114.5, 34.5, 40.7];
    const pad = (a: number, b: number, min: number) => { const d = Math.max(0, min - (b - a)) / 2 + (b - a) * 0.08; return [a - d, b + d]; };
    const [lx0, lx1] = pad(x0, x1, 0.06);
    const [ly0, ly1] = pad(y0, y1, 0.05);
    const box = { type: 'MultiPoint', coordinates: [[lx0, ly0], [lx1, ly1]] } as GeoPermissibleObjects;
    const projection = geoMercator().fitExtent([[24, 24], [W - 24, H - 24]], box);
    const path = geoPath(projection);
    const span = Math.max(lx1 - lx0, ly1 - ly0);
    const step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2].find((s) => span / s <= 8) ?? 2;
    const graticule = geoGraticule().step([step, step]).extent([[lx0 - step, ly0 - step], [lx1 + step, ly1 + step]]);
    const byCounty = new Map<string, { name: string; pts: [number, number][] }>();
    const dots = located.flatMap((f) => {
      const a = anchor(f);
      const p = a && projection(a);
      if (!p) return [];
      const c = byCounty.get(f.properties.countyCode) ?? { name: f.properties.county, pts: [] };
      c.pts.push(p as [number, number]);
      byCounty.set(f.properties.countyCode, c);
      return [{ f, x: p[0], y: p[1] }];
    });
    // The solid-waste yards' layer (RULES §11): a square at each yard's point, in the plots' projection.
    const yardMarks = (yards?.features ?? []).flatMap((f) => {
      const a = anchor(f);
      const p = a && projection(a);
      return p ? [{ f, x: p[0], y: p[1] }] : [];
    });
    return {
      yardMarks,
      grid: path(graticule()) ?? '',
      countyPaths: counties.map((f) => ({ code: f.properties.code, name: f.properties.name ?? f.properties.code, d: outline(f.geometry as Feature['geometry'], projection) })),
      paths: located.filter((f) => f.geometry!.type !== 'Point').map((f) => ({ f, d: outline(f.geometry, projection) })),
      dots,
      labels: [...byCounty.values()].map((c) => ({ name: c.name, x: c.pts.reduce((n, p) => n + p[0], 0) / c.pts.length, y: Math.min(...c.pts.map((p) => p[1])) - 14 })),
    };
    // located is derived from data
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, outlines, yards]);

  const [view, setView] = useState({ k: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; vx: number; vy: number; moved: boolean } | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const zoomAt = (factor: number, cx = W / 2, cy = H / 2) =>
    setView((v) => {
      const k = Math.min(400, Math.max(1, v.k * factor));
      const f = k / v.k;
      return k === 1 ? { k: 1, x: 0, y: 0 } : { k, x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f };
    });
  const toSvg = (e: { clientX: number; clientY: number }) => {
    const r = svg.current!.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * W, ((e.clientY - r.top) / r.height) * H];
  };
  const onWheel = (e: RWheelEvent) => {
    const [cx, cy] = toSvg(e);
    zoomAt(e.deltaY < 0 ? 1.5 : 1 / 1.5, cx, cy);
  };
  const onDown = (e: RPointerEvent) => { drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false }; };
  const onMove = (e: RPointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const r = svg.current!.getBoundingClientRect();
    const dx = ((e.clientX - d.x) / r.width) * W;
    const dy = ((e.clientY - d.y) / r.height) * H;
    if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
    if (d.moved) setView((v) => ({ ...v, x: d.vx + dx, y: d.vy + dy }));
  };
  const onUp = () => { setTimeout(() => { drag.current = null; }, 0); };
  const click = (code: string) => { if (!drag.current?.moved) onSelect(code); };

  const color = (f: Feature) => (f.properties.stage ? STAGE_COLOR[f.properties.stage] ?? UNKNOWN_COLOR : UNKNOWN_COLOR);
  const present = STAGES.filter((s) => located.some((f) => f.properties.stage === s));
  const unlocated = data.features.length - located.length;
  const title = (f: Feature) => `${f.properties.name}\n${f.properties.plotCode} · ${f.properties.county}${f.properties.stage ? ` · ${STAGE_ZH[f.properties.stage]}` : ''}`;
  const r = 5 / Math.sqrt(view.k);
  return (
    <div className="map" data-testid="plot-map" data-features={located.length}>
      <svg ref={svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-label="地块分布图" onWheel={onWheel}
        onPointerDown={onDown} onPointerMove={onMove} onPointerUp={onUp} onPointerLeave={onUp}>
        <rect width={W} height={H} className="map-bg" />
        <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
          <path d={grid} className="graticule" />
          {countyPaths.map((c) => <path key={c.code} d={c.d} fillRule="evenodd" className="county-outline" data-code={c.code}><title>{c.name}</title></path>)}
          {paths.map(({ f, d }) => (
            <path key={f.properties.plotCode} d={d} fillRule="evenodd" className={`plot-shape${selected === f.properties.plotCode ? ' sel' : ''}`}
              fill={color(f)} onClick={() => click(f.properties.plotCode)}><title>{title(f)}</title></path>
          ))}
          {labels.map((l) => <text key={l.name} x={l.x} y={l.y} className="county-label" style={{ fontSize: 13 / Math.sqrt(view.k) }}>{l.name}</text>)}
          {dots.map(({ f, x, y }) => (
            <circle key={f.properties.plotCode} cx={x} cy={y} r={selected === f.properties.plotCode ? r * 1.6 : r} fill={color(f)}
              className={`plot-dot${selected === f.properties.plotCode ? ' sel' : ''}`} data-plot-code={f.properties.plotCode} data-stage={f.properties.stage ?? ''}
              onClick={() => click(f.properties.plotCode)}><title>{title(f)}</title></circle>
          ))}
          {yardMarks.map(({ f, x, y }) => (
            <rect key={`yard-${f.properties.name}-${x}`} x={x - r} y={y - r} width={2 * r} height={2 * r} className="yard-mark" fill="#6b4f2a" data-testid="yard-mark">
              <title>{`固废堆场：${f.properties.name} · ${f.properties.county}`}</title>
            </rect>
          ))}
        </g>
      </svg>
      <div className="map-tools">
        <button type="button" onClick={() => zoomAt(2)} aria-label="放大">＋</button>
        <button type="button" onClick={() => zoomAt(0.5)} aria-label="缩小">－</button>
        <button type="button" onClick={() => setView({ k: 1, x: 0, y: 0 })} aria-label="复位">◎</button>
      </div>
      <div className="legend" data-testid="map-legend">
        {countyPaths.length > 0 && <span data-testid="legend-outlines"><i className="swatch-outline" />县（市、区）界 {countyPaths.length}</span>}
        {paths.length > 0 && <span data-testid="legend-shapes"><i className="swatch-shape" />地块边界（颜色为阶段）</span>}
        {present.map((s) => <span key={s}><i className="dot" style={{ background: STAGE_COLOR[s] }} />{STAGE_ZH[s]} {located.filter((f) => f.properties.stage === s).length}</span>)}
        {located.some((f) => !f.properties.stage) && <span><i className="dot" style={{ background: UNKNOWN_COLOR }} />阶段无权限查看</span>}
        {yardMarks.length > 0 && <span><i className="dot" style={{ background: '#6b4f2a', borderRadius: 0 }} />固废堆场 {yardMarks.length}</span>}
        {unlocated > 0 && <span className="muted" data-testid="map-unlocated">另有 {unlocated} 块无坐标，未上图</span>}
        {data.features.length === 0 && <span className="muted">没有符合条件的地块</span>}
      </div>
      {outlines && (outlines.metadata ? (
        <p className="map-source" data-testid="outline-source">县界来源：{outlines.metadata.source}；坐标系：{outlines.metadata.datum}；许可：{outlines.metadata.license}{outlines.metadata.note ? `；${outlines.metadata.note}` : ''}</p>
      ) : (
        <p className="map-source" data-testid="outlines-missing">本服务器未配置县级行政界线数据（见 seeds/boundaries/README.md），地图只画地块。</p>
      ))}
    </div>
  );
}
