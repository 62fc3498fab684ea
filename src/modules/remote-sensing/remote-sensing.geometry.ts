import Flatbush from 'flatbush';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { Geometry } from 'geojson';
import { badInput } from '../../errors';
import { boundaryProblem, type BoundaryGeometry } from '../../validation/geo';

/** Most change polygons one batch may carry (a county's quarterly delivery is a few hundred to a few thousand). */
export const MAX_BATCH_FEATURES = 20_000;

/** A plot as the intersection test sees it: its boundary, or its centroid when it has none. */
export interface PlotShape { id: number; geometry: Geometry }

/**
 * The change polygons of a FeatureCollection, checked at the edge: an object of type FeatureCollection whose
 * `features` (1 to MAX_BATCH_FEATURES) are Features with a Polygon or MultiPolygon geometry — closed rings of at
 * least four positions, inside China, simple (src/validation/geo.ts, the rule plot boundaries follow). The
 * first problem is BAD_USER_INPUT naming its path (`featureCollection.features[12].geometry…`).
 */
export function changePolygons(fc: unknown, field = 'featureCollection'): BoundaryGeometry[] {
  if (fc == null) throw badInput(field, 'is required: a GeoJSON FeatureCollection of change polygons');
  if (typeof fc !== 'object' || Array.isArray(fc)) throw badInput(field, 'must be a GeoJSON FeatureCollection object');
  const o = fc as Record<string, unknown>;
  if (o.type !== 'FeatureCollection') throw badInput(`${field}.type`, `must be "FeatureCollection", got ${JSON.stringify(o.type)?.slice(0, 40) ?? 'nothing'}`);
  if (!Array.isArray(o.features)) throw badInput(`${field}.features`, 'must be an array of Features');
  if (!o.features.length) throw badInput(`${field}.features`, 'must hold at least one Feature');
  if (o.features.length > MAX_BATCH_FEATURES) throw badInput(`${field}.features`, `at most ${MAX_BATCH_FEATURES} Features per batch (split the delivery into batches)`);
  return o.features.map((f, i) => {
    const path = `${field}.features[${i}]`;
    if (typeof f !== 'object' || f === null || Array.isArray(f) || (f as { type?: unknown }).type !== 'Feature') throw badInput(path, 'must be a GeoJSON Feature');
    const g = (f as { geometry?: unknown }).geometry;
    const problem = boundaryProblem(g);
    if (problem) throw badInput(`${path}.geometry`, problem.replace(/^boundary/, 'geometry'));
    return g as BoundaryGeometry;
  });
}

/** The bounding box [minX, minY, maxX, maxY] of a geometry's positions. */
function bboxOf(g: Geometry): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    } else for (const d of c as unknown[]) visit(d);
  };
  visit((g as { coordinates: unknown }).coordinates);
  return [minX, minY, maxX, maxY];
}

/**
 * For each polygon, the plots it intersects: flatbush (a packed Hilbert R-tree) over the plots' bounding boxes
 * finds the candidates, @turf/boolean-intersects decides exactly (a shared boundary or point counts as
 * intersecting, as GeoJSON's DE-9IM `intersects`). Result: per polygon, the matching plots' ids in index order.
 */
export function intersections(polygons: readonly BoundaryGeometry[], plots: readonly PlotShape[]): number[][] {
  if (!plots.length) return polygons.map(() => []);
  const index = new Flatbush(plots.length);
  for (const p of plots) index.add(...bboxOf(p.geometry));
  index.finish();
  return polygons.map((poly) => {
    const [minX, minY, maxX, maxY] = bboxOf(poly as unknown as Geometry);
    const hits = index.search(minX, minY, maxX, maxY).map((i) => plots[i]);
    return hits.filter((p) => booleanIntersects(poly as unknown as Geometry, p.geometry)).map((p) => p.id).sort((a, b) => a - b);
  });
}
