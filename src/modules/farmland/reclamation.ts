import type { EntityManager } from '@mikro-orm/postgresql';
import area from '@turf/area';
import booleanIntersects from '@turf/boolean-intersects';
import { featureCollection, feature, point } from '@turf/helpers';
import intersect from '@turf/intersect';
import type { MultiPolygon, Polygon } from 'geojson';
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

/**
 * A unit's boundary is on a plot: their areas overlap — the intersection has an area, not merely an edge or a point
 * in common, as neighbouring fields have — or (a plot known only by its centroid) the centroid is on the unit.
 * The geometry is turf's (polygon clipping by polyclip-ts, maintained), not hand-written.
 */
function meets(unit: unknown, plotBoundary: unknown | null, centroid: [number, number] | null): boolean {
  const u = unit as Polygon | MultiPolygon;
  if (plotBoundary) {
    const p = plotBoundary as Polygon | MultiPolygon;
    if (!booleanIntersects(u, p)) return false;
    const common = intersect(featureCollection([feature(u), feature(p)]));
    return !!common && area(common) > 0;
  }
  return !!centroid && booleanIntersects(u, point(centroid));
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
