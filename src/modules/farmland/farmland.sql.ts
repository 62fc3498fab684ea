import type { EntityManager } from '@mikro-orm/postgresql';
import { named } from '../../db/named';
import { FarmlandCategory } from './farmland.entity';

/**
 * THE category of a farmland unit at a date (RULES.md §12 "reports as of a date read the category in force"):
 * the last change approved by the city government on or before the date, else the category the unit was
 * registered with. `u` is the farmland_unit alias, `on` a SQL expression for the date. Every as-of read uses
 * this one definition: the county indicator, `FarmlandUnit.category(asOf)`, the units' filter and the gate.
 */
export const categoryAtSql = (u: string, on: string) =>
  `coalesce((select c.to_category from farmland_category_change c where c.unit_id = ${u}.id and c.approved_on <= ${on} order by c.approved_on desc, c.id desc limit 1), ${u}.registered_category)`;

/** The unit is on the register at the date (a unit of the baseline survey, registered_on null, always is). */
export const existsAtSql = (u: string, on: string) => `(${u}.registered_on is null or ${u}.registered_on <= ${on})`;

/** A category's rank, best first (a change to a higher rank moves down). */
const rankSql = (col: string) => `(case ${col} when 'PRIORITY_PROTECTION' then 0 when 'SAFE_USE' then 1 else 2 end)`;

/** The categories in force at `on` of the units `ids` (those registered by then). */
export async function categoriesAt(em: EntityManager, ids: readonly number[], on: string): Promise<Map<number, FarmlandCategory | null>> {
  const out = new Map<number, FarmlandCategory | null>();
  if (!ids.length) return out;
  const [sql, params] = named(`select u.id, case when ${existsAtSql('u', ':on::date')} then ${categoryAtSql('u', ':on::date')} end as category
    from farmland_unit u where u.id in (:ids)`, { on, ids: [...ids] });
  for (const r of await em.execute<{ id: number; category: FarmlandCategory | null }[]>(sql, params)) out.set(r.id, r.category);
  return out;
}

/** The ids of the units of `counties` in `category` at `on` (the units' list filter). */
export async function unitIdsInCategory(em: EntityManager, counties: string[], category: FarmlandCategory, on: string): Promise<number[]> {
  if (!counties.length) return [];
  const [sql, params] = named(`select u.id from farmland_unit u where u.county_code in (:counties) and ${existsAtSql('u', ':on::date')}
    and ${categoryAtSql('u', ':on::date')} = :category order by u.id`, { counties, on, category });
  return (await em.execute<{ id: number }[]>(sql, params)).map((r) => r.id);
}

export interface IndicatorFacts {
  countyCode: string;
  units: number;
  priorityAreaAtYearStart: number;
  priorityAreaAt: number;
  safeUseAreaAt: number;
  strictControlAreaAt: number;
  basicFarmlandAreaAt: number;
  /** Changes approved from 1 January to the date that move a unit down (优先保护 → 安全利用/严格管控, 安全利用 → 严格管控). */
  movedDown: number;
  /** Of those, moves down from 安全利用类 (to 严格管控类): a decline of quality the priority area does not show. */
  declinedFromSafeUse: number;
  /** Changes approved from 1 January to the date (any direction). */
  changesApproved: number;
}

/**
 * The county indicator's facts (RULES.md §12, Jinzhong plan 1) for each county at `on`: the priority-protection
 * area in force at the start of the year (the end of 31 December before) and at the date, and the year's
 * approved changes. One statement over the history, so a past date's answer never changes.
 */
export async function indicatorFacts(em: EntityManager, counties: string[], on: string): Promise<IndicatorFacts[]> {
  if (!counties.length) return [];
  const yearStart = `${on.slice(0, 4)}-01-01`;
  const before = `${Number(on.slice(0, 4)) - 1}-12-31`;
  const [sql, params] = named(`
    with u as (
      select u.county_code, u.area_m2, u.basic_farmland,
        case when ${existsAtSql('u', ':before::date')} then ${categoryAtSql('u', ':before::date')} end as cat_start,
        case when ${existsAtSql('u', ':on::date')} then ${categoryAtSql('u', ':on::date')} end as cat_now
      from farmland_unit u where u.county_code in (:counties)
    ), a as (
      select county_code,
        count(*) filter (where cat_now is not null)::int as units,
        coalesce(sum(area_m2) filter (where cat_start = 'PRIORITY_PROTECTION'), 0)::float8 as start_area,
        coalesce(sum(area_m2) filter (where cat_now = 'PRIORITY_PROTECTION'), 0)::float8 as now_area,
        coalesce(sum(area_m2) filter (where cat_now = 'SAFE_USE'), 0)::float8 as safe_area,
        coalesce(sum(area_m2) filter (where cat_now = 'STRICT_CONTROL'), 0)::float8 as strict_area,
        coalesce(sum(area_m2) filter (where cat_now is not null and basic_farmland), 0)::float8 as basic_area
      from u group by county_code
    ), ch as (
      select c.county_code, count(*)::int as approved,
        count(*) filter (where ${rankSql('c.to_category')} > ${rankSql('c.from_category')})::int as down,
        count(*) filter (where c.from_category = 'SAFE_USE' and c.to_category = 'STRICT_CONTROL')::int as declined
      from farmland_category_change c
      where c.county_code in (:counties) and c.approved_on between :yearStart::date and :on::date
      group by c.county_code
    )
    select k.code as county_code, coalesce(a.units, 0) as units, coalesce(a.start_area, 0) as start_area, coalesce(a.now_area, 0) as now_area,
      coalesce(a.safe_area, 0) as safe_area, coalesce(a.strict_area, 0) as strict_area, coalesce(a.basic_area, 0) as basic_area,
      coalesce(ch.approved, 0) as approved, coalesce(ch.down, 0) as down, coalesce(ch.declined, 0) as declined
    from (select unnest(array[:counties]::text[]) as code) k left join a on a.county_code = k.code left join ch on ch.county_code = k.code
    order by k.code`, { counties, on, before, yearStart });
  const rows = await em.execute<Record<string, unknown>[]>(sql, params);
  return rows.map((r) => ({
    countyCode: r.county_code as string,
    units: Number(r.units),
    priorityAreaAtYearStart: round2(Number(r.start_area)),
    priorityAreaAt: round2(Number(r.now_area)),
    safeUseAreaAt: round2(Number(r.safe_area)),
    strictControlAreaAt: round2(Number(r.strict_area)),
    basicFarmlandAreaAt: round2(Number(r.basic_area)),
    movedDown: Number(r.down),
    declinedFromSafeUse: Number(r.declined),
    changesApproved: Number(r.approved),
  }));
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * What the reclamation gate (gates.ts `reclamationToFood`) needs to know of plots: whether each was a key
 * unit's land (it names a key unit, came from a key unit's land, or its former enterprise's credit code is a key
 * unit's), a vacated site, and the industries written on it, its key unit and its vacated site; with
 * its boundary or centroid for the overlap test. `where`: a condition on `p` (with its params).
 */
export interface PlotLandFacts {
  id: number; plotCode: string; name: string; countyCode: string;
  keyUnitLand: boolean; vacatedSite: boolean; industries: string[];
  boundary: unknown | null; centroid: [number, number] | null;
}

export async function plotLandFacts(em: EntityManager, where: string, params: unknown[]): Promise<PlotLandFacts[]> {
  const rows = await em.execute<Record<string, any>[]>(
    `select p.id, p.plot_code, p.name, p.county_code, p.boundary, p.centroid_lon, p.centroid_lat,
       (p.key_unit_id is not null or p.source = 'KEY_UNIT_LAND' or f.id is not null) as key_unit_land,
       (p.source = 'VACATED_SITE' or exists (select 1 from vacated_site v where v.plot_id = p.id)) as vacated,
       array_remove(array[p.industry, k.industry, f.industry] || coalesce((select array_agg(v.industry) from vacated_site v where v.plot_id = p.id), '{}'), null) as industries
     from plot p left join key_unit k on k.id = p.key_unit_id
       -- The former enterprise was a key unit (by its credit code) though the plot names none.
       left join lateral (select k2.id, k2.industry from key_unit k2 where k2.credit_code = p.former_credit_code limit 1) f on p.former_credit_code is not null
     where ${where}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id, plotCode: r.plot_code, name: r.name, countyCode: r.county_code,
    keyUnitLand: !!r.key_unit_land, vacatedSite: !!r.vacated, industries: r.industries ?? [],
    boundary: typeof r.boundary === 'string' ? JSON.parse(r.boundary) : r.boundary ?? null,
    centroid: r.centroid_lon != null && r.centroid_lat != null ? [Number(r.centroid_lon), Number(r.centroid_lat)] : null,
  }));
}
