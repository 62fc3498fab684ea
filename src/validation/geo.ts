/**
 * Point and boundary (RFC 7946 GeoJSON Polygon / MultiPolygon) validation and measurement, WGS 84 lon/lat.
 */

/** Generous bounding box of China, including the South China Sea islands (degrees). */
export const CHINA_EXTENT = Object.freeze({ minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 });

/** Most positions (closing positions included) a boundary may have in total. */
export const MAX_BOUNDARY_POSITIONS = 10_000;

/** A GeoJSON position: [lon, lat] or [lon, lat, altitude]. */
export type Position = [number, number] | [number, number, number];
/** A GeoJSON Polygon geometry. */
export interface PolygonGeometry { type: 'Polygon'; coordinates: Position[][]; bbox?: number[] }
/** A GeoJSON MultiPolygon geometry. */
export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: Position[][][]; bbox?: number[] }
/** A boundary accepted by {@link boundaryProblem}. */
export type BoundaryGeometry = PolygonGeometry | MultiPolygonGeometry;

// Spherical Earth radius used for area (WGS 84 semi-major axis, as in common GeoJSON tooling).
const EARTH_RADIUS_M = 6378137;
const RAD = Math.PI / 180;
const EXTENT_TEXT = `lon ${CHINA_EXTENT.minLon}..${CHINA_EXTENT.maxLon}, lat ${CHINA_EXTENT.minLat}..${CHINA_EXTENT.maxLat}`;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a point given as separate longitude and latitude.
 * @returns a short English message describing the first problem, or null when the point is acceptable.
 */
export function pointProblem(lon: unknown, lat: unknown): string | null {
  if (!isFiniteNumber(lon)) return 'longitude must be a finite number';
  if (!isFiniteNumber(lat)) return 'latitude must be a finite number';
  if (lon < -180 || lon > 180) return 'longitude must be between -180 and 180';
  if (lat < -90 || lat > 90) return 'latitude must be between -90 and 90';
  if (!insideChina(lon, lat)) return `point (${lon}, ${lat}) is outside China (${EXTENT_TEXT})`;
  return null;
}

function insideChina(lon: number, lat: number): boolean {
  const e = CHINA_EXTENT;
  return lon >= e.minLon && lon <= e.maxLon && lat >= e.minLat && lat <= e.maxLat;
}

/**
 * Validates a boundary: a bare GeoJSON Polygon or MultiPolygon geometry (not a Feature) with closed rings of
 * at least 4 positions, every position inside {@link CHINA_EXTENT}, at most {@link MAX_BOUNDARY_POSITIONS}
 * positions, and simple rings: no ring crosses or touches itself or another ring of its polygon along a
 * stretch, and none encloses no area (a bow-tie or a retraced line would otherwise be stored with area 0).
 * @returns a message naming what is wrong (with a coordinates path), or null when valid.
 */
export function boundaryProblem(geojson: unknown): string | null {
  const problem = structureProblem(geojson);
  if (problem) return problem;
  const g = geojson as BoundaryGeometry;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (let p = 0; p < polygons.length; p++) {
    const simple = simplicityProblem(polygons[p], g.type === 'Polygon' ? 'coordinates' : `coordinates[${p}]`);
    if (simple) return simple;
  }
  return null;
}

/** The shape of the geometry, without asking whether its rings are simple (what measuring needs). */
function structureProblem(geojson: unknown): string | null {
  if (typeof geojson !== 'object' || geojson === null || Array.isArray(geojson)) {
    return 'boundary must be a GeoJSON geometry object';
  }
  const g = geojson as Record<string, unknown>;
  if (g.type === 'Feature' || g.type === 'FeatureCollection') {
    return `boundary must be a bare Polygon or MultiPolygon geometry, not a ${g.type}`;
  }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return `boundary type must be "Polygon" or "MultiPolygon", got ${JSON.stringify(g.type) ?? 'nothing'}`;
  }
  for (const key of Object.keys(g)) {
    if (key !== 'type' && key !== 'coordinates' && key !== 'bbox') return `boundary has unexpected member "${key}"`;
  }
  if (g.bbox !== undefined) {
    const b = g.bbox;
    if (!Array.isArray(b) || (b.length !== 4 && b.length !== 6) || !b.every(isFiniteNumber)) {
      return 'bbox must be an array of 4 or 6 finite numbers';
    }
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
    return 'coordinates must be a non-empty array';
  }
  const counter = { n: 0 };
  if (g.type === 'Polygon') return polygonProblem(g.coordinates, 'coordinates', counter);
  for (let i = 0; i < g.coordinates.length; i++) {
    const p = g.coordinates[i];
    const path = `coordinates[${i}]`;
    if (!Array.isArray(p) || p.length === 0) return `${path} must be a non-empty array of linear rings`;
    const problem = polygonProblem(p, path, counter);
    if (problem) return problem;
  }
  return null;
}

function polygonProblem(rings: unknown[], path: string, counter: { n: number }): string | null {
  for (let r = 0; r < rings.length; r++) {
    const problem = ringProblem(rings[r], `${path}[${r}]`, counter);
    if (problem) return problem;
  }
  return null;
}

function ringProblem(ring: unknown, path: string, counter: { n: number }): string | null {
  if (!Array.isArray(ring)) return `${path} must be an array of positions (a linear ring)`;
  if (ring.length < 4) return `${path} is a linear ring with ${ring.length} positions; at least 4 are required`;
  // Count before walking so an oversized boundary is rejected without scanning all of it.
  counter.n += ring.length;
  if (counter.n > MAX_BOUNDARY_POSITIONS) return `boundary has more than ${MAX_BOUNDARY_POSITIONS} positions`;
  for (let i = 0; i < ring.length; i++) {
    const problem = positionProblem(ring[i], `${path}[${i}]`);
    if (problem) return problem;
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first.length !== last.length || first.some((v, k) => v !== last[k])) {
    return `${path} is not closed: its first and last positions must be identical`;
  }
  return null;
}

function positionProblem(pos: unknown, path: string): string | null {
  if (!Array.isArray(pos) || (pos.length !== 2 && pos.length !== 3)) {
    return `${path} must be a position [lon, lat] or [lon, lat, altitude]`;
  }
  if (!pos.every(isFiniteNumber)) return `${path} must contain only finite numbers`;
  const [lon, lat] = pos as number[];
  if (!insideChina(lon, lat)) return `${path} (${lon}, ${lat}) is outside China (${EXTENT_TEXT})`;
  return null;
}

/**
 * Where a polygon's rings are not simple: two segments that cross or overlap, other than neighbours in one
 * ring meeting at their shared vertex (a hole may touch its outer ring at a single point, as in OGC simple
 * features, but not cross it). Repeated consecutive positions are ignored. Segments are swept in order of
 * their west end and compared only when their bounding boxes overlap, so an ordinary ring costs about
 * n log n; the worst case (every segment's box overlapping every other's, e.g. a star of thin spikes) is
 * O(n²) cheap box tests on at most MAX_BOUNDARY_POSITIONS segments (well under a second).
 */
function simplicityProblem(rings: Position[][], path: string): string | null {
  const total = rings.reduce((n, r) => n + r.length, 0);
  // Segment k: from (ax, ay) to (bx, by), in ring ringOf[k] at index idx[k] of ringLen[k] segments.
  const ax = new Float64Array(total), ay = new Float64Array(total), bx = new Float64Array(total), by = new Float64Array(total);
  const ringOf = new Int32Array(total), idx = new Int32Array(total), ringLen = new Int32Array(total);
  let m = 0;
  let flat: number | undefined;
  for (let r = 0; r < rings.length; r++) {
    // Distinct consecutive vertices; the ring is closed, so the last equals the first.
    const pts: Position[] = [];
    for (const p of rings[r]) if (!pts.length || pts[pts.length - 1][0] !== p[0] || pts[pts.length - 1][1] !== p[1]) pts.push(p);
    const n = pts.length - 1;
    if (n < 3) return `${path}[${r}] encloses no area (fewer than 3 distinct positions)`;
    if (ringArea2(pts) === 0) flat ??= r;
    for (let i = 0; i < n; i++, m++) {
      ax[m] = pts[i][0]; ay[m] = pts[i][1]; bx[m] = pts[i + 1][0]; by[m] = pts[i + 1][1];
      ringOf[m] = r; idx[m] = i; ringLen[m] = n;
    }
  }
  const order = Array.from({ length: m }, (_, k) => k).sort((p, q) => Math.min(ax[p], bx[p]) - Math.min(ax[q], bx[q]));
  const minX = new Float64Array(m), maxX = new Float64Array(m), minY = new Float64Array(m), maxY = new Float64Array(m);
  const sorted = Int32Array.from(order);
  for (let s = 0; s < m; s++) {
    const k = sorted[s];
    minX[s] = Math.min(ax[k], bx[k]); maxX[s] = Math.max(ax[k], bx[k]);
    minY[s] = Math.min(ay[k], by[k]); maxY[s] = Math.max(ay[k], by[k]);
  }
  for (let s = 0; s < m; s++) {
    const xEnd = maxX[s], yLo = minY[s], yHi = maxY[s];
    for (let t = s + 1; t < m && minX[t] <= xEnd; t++) {
      if (minY[t] > yHi || maxY[t] < yLo) continue;
      const a = sorted[s], b = sorted[t];
      const hit = intersection(ax[a], ay[a], bx[a], by[a], ax[b], ay[b], bx[b], by[b]);
      if (hit === 'none') continue;
      if (ringOf[a] === ringOf[b]) {
        const d = Math.abs(idx[a] - idx[b]);
        // Neighbours share a vertex: only their overlapping (a spike folding back) is a problem.
        if ((d === 1 || d === ringLen[a] - 1) && hit === 'touch') continue;
        return `${path}[${ringOf[a]}] intersects itself (segments ${Math.min(idx[a], idx[b])} and ${Math.max(idx[a], idx[b])}); a boundary must be a simple polygon`;
      }
      if (hit === 'touch') continue;
      const [r1, r2] = [ringOf[a], ringOf[b]].sort((x, y) => x - y);
      return `${path}[${r1}] and ${path}[${r2}] cross each other; a boundary's rings must not intersect`;
    }
  }
  // Segments that neither cross nor overlap yet enclose nothing: only reachable through rounding; refused too.
  return flat === undefined ? null : `${path}[${flat}] encloses no area`;
}

/** Twice the signed area of a closed ring in the lon/lat plane, relative to its first vertex. */
function ringArea2(ring: Position[]): number {
  const [x0, y0] = ring[0];
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += (ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0);
  return a;
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
const within = (a: number, b: number, c: number) => Math.min(a, b) <= c && c <= Math.max(a, b);

/**
 * Whether segments AB and CD meet: not at all, crossing at a point inside both, touching (an end of one lies
 * on the other), or along a stretch (collinear overlap).
 */
function intersection(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): 'none' | 'cross' | 'touch' | 'overlap' {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 === 0 && o2 === 0) {
    // Collinear: project on the longer axis and compare the ranges.
    const useX = Math.abs(bx - ax) >= Math.abs(by - ay);
    const [p, q, r, s] = useX ? [ax, bx, cx, dx] : [ay, by, cy, dy];
    const lo = Math.max(Math.min(p, q), Math.min(r, s));
    const hi = Math.min(Math.max(p, q), Math.max(r, s));
    return lo < hi ? 'overlap' : lo === hi ? 'touch' : 'none';
  }
  if (o1 * o2 < 0 && o3 * o4 < 0) return 'cross';
  if (o1 === 0 && within(ax, bx, cx) && within(ay, by, cy)) return 'touch';
  if (o2 === 0 && within(ax, bx, dx) && within(ay, by, dy)) return 'touch';
  if (o3 === 0 && within(cx, dx, ax) && within(cy, dy, ay)) return 'touch';
  if (o4 === 0 && within(cx, dx, bx) && within(cy, dy, by)) return 'touch';
  return 'none';
}

// Callers often hold boundaries typed `unknown` (JSON columns, seeds); refuse to measure anything malformed.
// Rings that are not simple are still measured (rows stored before that check existed must stay readable).
function polygonsOf(geojson: unknown): Position[][][] {
  const problem = structureProblem(geojson);
  if (problem) throw new RangeError(problem);
  const g = geojson as BoundaryGeometry;
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/**
 * Area-weighted centroid of the outer rings (holes ignored), computed in the lon/lat plane, which is
 * accurate for plot-sized areas. When every outer ring has zero area, returns the mean of their vertices.
 * @throws RangeError when the geometry is malformed (a ring that is not simple is still measured).
 */
export function boundaryCentroid(geojson: unknown): { lon: number; lat: number } {
  const outers = polygonsOf(geojson).map((p) => p[0]);
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (const ring of outers) {
    // Work relative to the first vertex so small plots do not lose precision to large absolute coordinates.
    const [x0, y0] = ring[0];
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const xi = ring[i][0] - x0;
      const yi = ring[i][1] - y0;
      const xj = ring[i + 1][0] - x0;
      const yj = ring[i + 1][1] - y0;
      const cross = xi * yj - xj * yi;
      a += cross;
      cx += (xi + xj) * cross;
      cy += (yi + yj) * cross;
    }
    a /= 2;
    if (a === 0) continue;
    const w = Math.abs(a);
    area += w;
    sx += w * (x0 + cx / (6 * a));
    sy += w * (y0 + cy / (6 * a));
  }
  // ~1e-8 m²: anything smaller is a degenerate (collinear or repeated-point) ring, where the weighted mean is noise.
  if (area > 1e-18) return { lon: sx / area, lat: sy / area };
  let n = 0;
  let lon = 0;
  let lat = 0;
  for (const ring of outers) {
    // Skip the closing position so it is not counted twice.
    for (let i = 0; i < ring.length - 1; i++) {
      lon += ring[i][0];
      lat += ring[i][1];
      n++;
    }
  }
  return { lon: lon / n, lat: lat / n };
}

/**
 * Approximate geodesic area in m² on a sphere of radius 6378137 m: outer rings minus holes, absolute value
 * (ring orientation does not matter).
 * @throws RangeError when the geometry is malformed (a ring that is not simple is still measured).
 */
export function boundaryAreaM2(geojson: unknown): number {
  let total = 0;
  for (const polygon of polygonsOf(geojson)) {
    total += ringAreaM2(polygon[0]);
    for (let h = 1; h < polygon.length; h++) total -= ringAreaM2(polygon[h]);
  }
  return Math.abs(total);
}

// Spherical excess approximation from Chamberlain & Duquette, "Some Algorithms for Polygons on a Sphere" (JPL 2007).
function ringAreaM2(ring: Position[]): number {
  const n = ring.length - 1; // distinct vertices; the ring is closed
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const prev = ring[(i + n - 1) % n];
    const next = ring[(i + 1) % n];
    sum += (next[0] - prev[0]) * RAD * Math.sin(ring[i][1] * RAD);
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}
