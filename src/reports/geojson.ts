import type { Context } from '../context';
import { allows } from '../auth/policy';
import { findPlain } from '../db/plain';
import { Plot } from '../modules/plot/plot.entity';
import { plotWhere, PlotFilter } from '../modules/plot/plot.resolver';

/** At most this many features in one export: the one-map overlay of a province, not a national dump. */
export const MAX_FEATURES = 100_000;

/**
 * The plots as an RFC 7946 FeatureCollection for the 国土空间规划"一张图" overlay: CGCS2000 lon/lat (which
 * RFC 7946 readers treat as WGS 84 within a metre or so), the boundary when known, else the centroid.
 * Properties the token may not read (by the policy table) are left out.
 */
export async function plotsFeatureCollection(ctx: Context, filter?: PlotFilter) {
  const plots = await findPlain(ctx.em, Plot, plotWhere(ctx, filter), { orderBy: { id: 'asc' }, limit: MAX_FEATURES });
  const can = (part: Parameters<typeof allows>[1]) => allows(ctx.policy, part, ctx.principal.agency, 'read');
  const showStage = can('plot.environment');
  const showLand = can('plot.land');
  return {
    type: 'FeatureCollection',
    features: plots.map((p) => {
      const county = ctx.cache.divisions.get(p.county.code)!;
      const planned = p.plannedUse ? ctx.cache.landUses.get(p.plannedUse.code) : undefined;
      const geometry = p.boundary
        ? p.boundary
        : p.centroidLon != null && p.centroidLat != null ? { type: 'Point', coordinates: [p.centroidLon, p.centroidLat] } : null;
      return {
        type: 'Feature',
        id: p.plotCode,
        geometry,
        properties: {
          id: String(p.id),
          plotCode: p.plotCode,
          name: p.name,
          countyCode: county.code,
          county: county.name,
          ...(showStage ? { stage: p.stage } : {}),
          ...(showLand ? { plannedUseCode: planned?.code ?? null, plannedUse: planned?.name ?? null, plannedUseSensitive: planned?.sensitive ?? null } : {}),
          ...(p.centroidLon != null ? { centroid: [p.centroidLon, p.centroidLat] } : {}),
        },
      };
    }),
  };
}
