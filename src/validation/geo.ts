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
 * at least 4 positions, every position inside {@link CHINA_EXTENT}, and at most {@link MAX_BOUNDARY_POSITIONS} positions.
 * @returns a message naming what is wrong (with a coordinates path), or null when valid.
 */
export function boundaryProblem(geojson: unknown): string | null {
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

// Callers often hold boundaries typed `unknown` (JSON columns, seeds); refuse to measure anything invalid.
function polygonsOf(geojson: unknown): Position[][][] {
  const problem = boundaryProblem(geojson);
  if (problem) throw new RangeError(problem);
  const g = geojson as BoundaryGeometry;
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/**
 * Area-weighted centroid of the outer rings (holes ignored), computed in the lon/lat plane, which is
 * accurate for plot-sized areas. When every outer ring has zero area, returns the mean of their vertices.
 * @throws RangeError when {@link boundaryProblem} reports a problem.
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
 * @throws RangeError when {@link boundaryProblem} reports a problem.
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
