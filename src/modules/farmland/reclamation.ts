import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainError } from '../../errors';
import type { ReferenceCache } from '../division/division.cache';
import { ReclamationFacts, reclamationGrounds, reclamationToFood } from '../plot/gates';
import { PlotLandFacts, plotLandFacts } from './farmland.sql';

/** A plot that may never become edible-crop farmland, with what is needed to find the farmland over it. */
export interface RestrictedPlot { facts: PlotLandFacts; gate: ReclamationFacts; bbox: [number, number, number, number] | null }

/** The gate's facts of a plot (RULES §12): the key industry of any industry written on it, its key unit or its vacated site. */
export function reclamationFactsOf(cache: ReferenceCache, f: PlotLandFacts): ReclamationFacts {
  const keyIndustry = f.industries.map((i) => cache.keyIndustryOf(i)).find((k) => k) ?? null;
  return { keyUnitLand: f.keyUnitLand, vacatedSite: f.vacatedSite, keyIndustry };
}

/** The plots of a county that the reclamation gate restricts (in the writer's scope: the county's own). */
export async function restrictedPlots(em: EntityManager, cache: ReferenceCache, countyCode: string): Promise<RestrictedPlot[]> {
  const out: RestrictedPlot[] = [];
  for (const facts of await plotLandFacts(em, 'p.county_code = ?', [countyCode])) {
    const gate = reclamationFactsOf(cache, facts);
    if (!reclamationGrounds(gate).length) continue;
    out.push({ facts, gate, bbox: facts.boundary ? bboxOf(facts.boundary) : facts.centroid ? [facts.centroid[0], facts.centroid[1], facts.centroid[0], facts.centroid[1]] : null });
  }
  return out;
}

/** The gate's facts of one plot (the read `Plot.reclamationToFood` and a unit naming its plot). */
export async function plotReclamationFacts(em: EntityManager, cache: ReferenceCache, plotId: number): Promise<ReclamationFacts | null> {
  const [f] = await plotLandFacts(em, 'p.id = ?', [plotId]);
  return f ? reclamationFactsOf(cache, f) : null;
}

/** [minLon, minLat, maxLon, maxLat] of a (validated) Polygon or MultiPolygon. */
export function bboxOf(g: unknown): [number, number, number, number] | null {
  const geom = g as { type: string; coordinates: unknown };
  const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : []) as number[][][][];
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  for (const poly of polys) for (const ring of poly) for (const [x, y] of ring) {
    if (x < minX) minX = x; if (y < minY) minY = y; if (x > maxX) maxX = x; if (y > maxY) maxY = y;
  }
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

const boxesMeet = (a: number[], b: number[]) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

type Pt = number[];
type Poly = Pt[][]; // rings, the first the outer one
const polygonsOf = (g: unknown): Poly[] => {
  const geom = g as { type: string; coordinates: unknown };
  return (geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : []) as Poly[];
};
const EPS = 1e-12;
/** Where a point is against a polygon (holes included): 1 inside, 0 on its boundary, -1 outside. */
function locate(p: Pt, poly: Poly): 1 | 0 | -1 {
  let inside = false;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]; const [xj, yj] = ring[j];
      const cross = (xj - xi) * (p[1] - yi) - (yj - yi) * (p[0] - xi);
      if (Math.abs(cross) <= EPS && p[0] >= Math.min(xi, xj) - EPS && p[0] <= Math.max(xi, xj) + EPS && p[1] >= Math.min(yi, yj) - EPS && p[1] <= Math.max(yi, yj) + EPS) return 0;
      if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}
/** Two segments cross at a point inside both (not at an end, not collinear). */
function properlyCross(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o = (p: Pt, q: Pt, r: Pt) => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  const d1 = o(c, d, a); const d2 = o(c, d, b); const d3 = o(a, b, c); const d4 = o(a, b, d);
  return ((d1 > EPS && d2 < -EPS) || (d1 < -EPS && d2 > EPS)) && ((d3 > EPS && d4 < -EPS) || (d3 < -EPS && d4 > EPS));
}
/**
 * The two polygons share area (their interiors overlap): not when they only touch along an edge or at a point,
 * as neighbouring fields do. A vertex of one strictly inside the other, edges crossing, or — for shapes whose
 * outlines coincide — an edge's midpoint or the outline's mean point strictly inside the other.
 */
function interiorsOverlap(a: Poly, b: Poly): boolean {
  const ringsA = a; const ringsB = b;
  for (const r of ringsA) for (const p of r) if (locate(p, b) === 1) return true;
  for (const r of ringsB) for (const p of r) if (locate(p, a) === 1) return true;
  for (const ra of ringsA) for (let i = 1; i < ra.length; i++) for (const rb of ringsB) for (let j = 1; j < rb.length; j++) {
    if (properlyCross(ra[i - 1], ra[i], rb[j - 1], rb[j])) return true;
  }
  const probes = (p: Poly) => {
    const outer = p[0];
    const mids = outer.slice(1).map((q, i) => [(q[0] + outer[i][0]) / 2, (q[1] + outer[i][1]) / 2]);
    const mean = [outer.slice(1).reduce((s, q) => s + q[0], 0) / (outer.length - 1), outer.slice(1).reduce((s, q) => s + q[1], 0) / (outer.length - 1)];
    return [...mids, mean].filter((q) => locate(q, p) === 1 || q === mean);
  };
  return probes(a).some((q) => locate(q, b) === 1 && locate(q, a) === 1) || probes(b).some((q) => locate(q, a) === 1 && locate(q, b) === 1);
}
/** A unit's boundary meets a plot: their areas overlap, or (a plot known only by its centroid) the centroid is on the unit. */
function meets(unit: unknown, plotBoundary: unknown | null, centroid: [number, number] | null): boolean {
  const us = polygonsOf(unit);
  if (plotBoundary) {
    const ps = polygonsOf(plotBoundary);
    return us.some((u) => ps.some((p) => interiorsOverlap(u, p)));
  }
  return !!centroid && us.some((u) => locate(centroid, u) >= 0);
}

/**
 * The refusal for farmland that would grow edible crops (`edible`) on restricted land: the plot it names, or
 * any restricted plot whose area its boundary overlaps (a field that only borders the plot is not on it), or
 * whose centroid it covers when the plot has no boundary. Null: allowed.
 */
export function reclamationRefusal(
  restricted: readonly RestrictedPlot[], unit: { boundary?: unknown; plotId?: number | null }, edible: boolean,
): DomainError | null {
  if (!edible) return null;
  const box = unit.boundary ? bboxOf(unit.boundary) : null;
  for (const r of restricted) {
    let hit = unit.plotId != null && r.facts.id === unit.plotId;
    if (!hit && box && r.bbox && boxesMeet(box, r.bbox)) hit = meets(unit.boundary, r.facts.boundary, r.facts.centroid);
    if (hit) return reclamationToFood(r.gate, true, `${r.facts.plotCode} ${r.facts.name}`);
  }
  return null;
}
