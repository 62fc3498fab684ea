import type { Context } from '../context';

/**
 * The OGC API – Features collections, one entry each (src/ogc/ogc.routes.ts serves them). A collection is a
 * county-bound table read with hand-written SQL in the request's row scope (alias `f`), guarded by the
 * policy part of its GraphQL type; each property and the geometry are shown only when the agency may read the
 * GraphQL field named beside it (src/auth/parts.ts), so a feature carries what the same token reads through
 * /graphql. Adding a collection is one more entry in COLLECTIONS.
 */
export interface OgcProperty {
  /** The property's name in the feature. */
  name: string;
  /** Its SQL over the collection's FROM. */
  sql: string;
  /** The GraphQL field of the collection's type whose policy part guards it. */
  field: string;
  /** Turns the column's value into the property's (e.g. a code into a name). */
  map?: (v: any, ctx: Context) => unknown;
}

export interface OgcCollection {
  id: string;
  title: string;
  description: string;
  /** The GraphQL type: its part guards the collection, its fields' parts the properties. */
  type: string;
  /** FROM clause; the feature's own table is aliased `f` and has `id` and `county_code`. */
  from: string;
  geometry: {
    /** The GeoJSON geometry as jsonb (null when unknown). */
    sql: string;
    /** Its bounding box as a `cube` (soilshare_geo_box, GiST-indexed), for `bbox`. */
    box: string;
    /** The GraphQL field that guards it. */
    field: string;
  };
  /** The date `datetime` filters on, also a property. */
  temporal: { name: string; sql: string; field: string; description: string };
  /**
   * One statement giving the extent in a row scope (`scope`: a condition on `f.county_code`, its parameters
   * repeated `n` times as the SQL uses it): columns w, s, e, n (CRS84) and t0, t1 ('YYYY-MM-DD' or null).
   */
  extent: (scope: string) => { sql: string; times: number };
  properties: OgcProperty[];
}

/** A plot row's geometry: its boundary, else its centroid as a Point (as plotsGeoJSON). */
const geometryOf = (a: string) =>
  `coalesce(${a}.boundary, case when ${a}.centroid_lon is not null and ${a}.centroid_lat is not null then jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(${a}.centroid_lon, ${a}.centroid_lat)) end)`;
const boxOf = (a: string) => `soilshare_geo_box(${a}.boundary, ${a}.centroid_lon, ${a}.centroid_lat)`;
/**
 * A plot table's extent by the GiST index on its box (KNN ordering on the cube's n-th coordinate: 1 west,
 * 3 south, -2 east, -4 north), four index probes instead of computing every plot's box.
 */
const knn = (scope: string, n: number) =>
  `(select ${n < 0 ? '-' : ''}(${boxOf('f')} ~> ${n}) from plot f where ${scope} order by ${boxOf('f')} ~> ${n} limit 1)`;
/** A smaller table's extent by one pass over its rows in scope: the boxes' bounds, the temporal property's first and last day. */
const scanExtent = (from: string, box: string, day: string) => (scope: string) => ({
  sql: `select min(cube_ll_coord(b, 1)) as w, min(cube_ll_coord(b, 2)) as s, max(cube_ur_coord(b, 1)) as e, max(cube_ur_coord(b, 2)) as n,
      to_char(min(t), 'YYYY-MM-DD') as t0, to_char(max(t), 'YYYY-MM-DD') as t1
    from (select ${box} as b, ${day} as t from ${from} where ${scope}) x`,
  times: 1,
});
const countyName = (v: string, ctx: Context) => ctx.cache.divisions.get(v)?.name ?? null;
const landUseName = (v: string | null, ctx: Context) => (v ? ctx.cache.landUses.get(v)?.name ?? null : null);

export const COLLECTIONS: OgcCollection[] = [
  {
    id: 'plots',
    title: '疑似污染地块与污染地块 (plots)',
    description: 'Suspected and contaminated plots of construction land: boundary (or centroid), county, stage, planned use.',
    type: 'Plot',
    // The day a plot was identified: its first stage event (registerPlot's identifiedOn).
    from: `plot f left join lateral (select se.effective_on from stage_event se where se.plot_id = f.id order by se.effective_on, se.id limit 1) first_event on true`,
    geometry: { sql: geometryOf('f'), box: boxOf('f'), field: 'boundary' },
    temporal: { name: 'identifiedOn', sql: 'first_event.effective_on', field: 'stageHistory', description: 'the day the plot was identified (its first stage event)' },
    // The earliest stage event is a first one; the interval is open at the end (plots keep being identified).
    extent: (scope) => ({
      sql: `select ${knn(scope, 1)} as w, ${knn(scope, 3)} as s, ${knn(scope, -2)} as e, ${knn(scope, -4)} as n,
        (select to_char(min(f.effective_on), 'YYYY-MM-DD') from stage_event f where ${scope}) as t0, null as t1`,
      times: 5,
    }),
    properties: [
      { name: 'plotCode', sql: 'f.plot_code', field: 'plotCode' },
      { name: 'name', sql: 'f.name', field: 'name' },
      { name: 'countyCode', sql: 'f.county_code', field: 'county' },
      { name: 'county', sql: 'f.county_code', field: 'county', map: countyName },
      { name: 'address', sql: 'f.address', field: 'address' },
      { name: 'areaM2', sql: 'f.area_m2', field: 'areaM2' },
      { name: 'industry', sql: 'f.industry', field: 'industry' },
      { name: 'formerEnterprise', sql: 'f.former_enterprise', field: 'formerEnterprise' },
      { name: 'source', sql: 'f.source', field: 'source' },
      { name: 'stage', sql: 'f.stage', field: 'stage' },
      { name: 'plannedUseCode', sql: 'f.planned_use_code', field: 'plannedUse' },
      { name: 'plannedUse', sql: 'f.planned_use_code', field: 'plannedUse', map: landUseName },
      { name: 'landStatus', sql: 'f.land_status', field: 'landStatus' },
      { name: 'supplyPlanYear', sql: 'f.supply_plan_year', field: 'supplyPlanYear' },
    ],
  },
  {
    id: 'vacated-sites',
    title: '关停搬迁腾退地块 (vacated sites)',
    description: 'Sites vacated by closed or relocated enterprises, located by their plot (boundary or centroid) when one was registered.',
    type: 'VacatedSite',
    from: `vacated_site f left join plot pl on pl.id = f.plot_id`,
    geometry: { sql: geometryOf('pl'), box: boxOf('pl'), field: 'plot' },
    temporal: { name: 'vacatedOn', sql: 'f.vacated_on', field: 'vacatedOn', description: 'the day the enterprise vacated the site' },
    extent: scanExtent('vacated_site f left join plot pl on pl.id = f.plot_id', boxOf('pl'), 'f.vacated_on'),
    properties: [
      { name: 'enterpriseName', sql: 'f.enterprise_name', field: 'enterpriseName' },
      { name: 'creditCode', sql: 'f.credit_code', field: 'creditCode' },
      { name: 'industry', sql: 'f.industry', field: 'industry' },
      { name: 'countyCode', sql: 'f.county_code', field: 'county' },
      { name: 'county', sql: 'f.county_code', field: 'county', map: countyName },
      { name: 'status', sql: 'f.status', field: 'status' },
      { name: 'demolitionReportFiled', sql: 'f.demolition_report_filed', field: 'demolitionReportFiled' },
      { name: 'closedOn', sql: `to_char(f.closed_on, 'YYYY-MM-DD')`, field: 'closedOn' },
      { name: 'landReservedOn', sql: `to_char(f.land_reserved_on, 'YYYY-MM-DD')`, field: 'landReservedOn' },
      { name: 'plotId', sql: 'f.plot_id', field: 'plot' },
    ],
  },
  {
    id: 'solid-waste-yards',
    title: '一般工业固体废物堆场 (solid-waste yards)',
    description: 'Industrial solid-waste yards (RULES §11): boundary (or centroid), operator, waste types, capacity, and whether their land, EIA and safety procedures are held.',
    type: 'SolidWasteYard',
    from: 'solid_waste_yard f',
    geometry: { sql: geometryOf('f'), box: boxOf('f'), field: 'boundary' },
    temporal: { name: 'registeredOn', sql: 'f.registered_on', field: 'registeredOn', description: 'the day the yard was registered' },
    extent: scanExtent('solid_waste_yard f', boxOf('f'), 'f.registered_on'),
    properties: [
      { name: 'name', sql: 'f.name', field: 'name' },
      { name: 'operatorName', sql: 'f.operator_name', field: 'operatorName' },
      { name: 'operatorCreditCode', sql: 'f.operator_credit_code', field: 'operatorCreditCode' },
      { name: 'countyCode', sql: 'f.county_code', field: 'county' },
      { name: 'county', sql: 'f.county_code', field: 'county', map: countyName },
      { name: 'address', sql: 'f.address', field: 'address' },
      { name: 'wasteTypes', sql: 'f.waste_types', field: 'wasteTypes' },
      { name: 'capacityTonnes', sql: 'f.capacity_tonnes::text', field: 'capacityTonnes' },
      { name: 'landProcedureHeld', sql: 'f.land_document_no is not null', field: 'landProcedure' },
      { name: 'eiaProcedureHeld', sql: 'f.eia_document_no is not null', field: 'eiaProcedure' },
      { name: 'safetyProcedureHeld', sql: 'f.safety_document_no is not null', field: 'safetyProcedure' },
      { name: 'closedOn', sql: `to_char(f.closed_on, 'YYYY-MM-DD')`, field: 'closedOn' },
    ],
  },
];
