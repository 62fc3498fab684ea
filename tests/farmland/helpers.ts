import { ok } from '../helpers/assert';
import type { GqlResult, TestApp } from '../helpers/app';

export const COUNTY = '140702';
export const OTHER = '140703';
export const CITY = '140700';

/** A square boundary of `side` degrees with its south-west corner at (lon, lat). */
export const square = (lon: number, lat: number, side = 0.001) => ({
  type: 'Polygon', coordinates: [[[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]],
});
export const wktSquare = (lon: number, lat: number, side = 0.001) =>
  `POLYGON((${lon} ${lat},${lon + side} ${lat},${lon + side} ${lat + side},${lon} ${lat + side},${lon} ${lat}))`;

export const UNIT = 'id code name areaM2 basicFarmland registeredOn version category registeredCategory county { code } plot { id } categoryChanges { id from to reason proposedOn approvedOn reportedToProvinceOn }';

export type Gql = TestApp['gql'];

export async function registerUnit(gql: Gql, token: string, input: Record<string, unknown>): Promise<GqlResult> {
  return gql(token, `mutation($i: FarmlandUnitInput!) { registerFarmlandUnit(input: $i) { ${UNIT} } }`, { i: { countyCode: COUNTY, ...input } });
}
export async function unit(gql: Gql, token: string, input: Record<string, unknown>) {
  return ok(await registerUnit(gql, token, input), 'registerFarmlandUnit').registerFarmlandUnit;
}
export function changeCategory(gql: Gql, token: string, u: { id: string; version: number }, input: Record<string, unknown>) {
  return gql(token, `mutation($i: FarmlandCategoryChangeInput!, $v: Int!) { recordFarmlandCategoryChange(input: $i, expectedVersion: $v) { id from to approvedOn reportedToProvinceOn version } }`,
    { i: { unitId: u.id, reason: 'ROUTINE_MONITORING', ...input }, v: u.version });
}
export async function readUnit(gql: Gql, token: string, id: string, asOf?: string) {
  return ok(await gql(token, `query($id: ID!, $on: Date) { farmlandUnit(id: $id) { ${UNIT.replace('category ', 'category(asOf: $on) ')} } }`, { id, on: asOf ?? null })).farmlandUnit;
}
export const INDICATOR = `rows { county { code } units priorityAreaAtYearStart priorityArea priorityAreaDecrease safeUseArea strictControlArea basicFarmlandArea changesApproved categoryMovedDown warning eiaRestricted warnings }`;
export async function indicator(gql: Gql, token: string, args: { quarter?: string; asOf?: string; division?: string }) {
  const r = ok(await gql(token, `query($d: ID!, $q: String, $on: Date) { farmlandIndicator(divisionCode: $d, quarter: $q, asOf: $on) { asOf yearStart ${INDICATOR} } }`,
    { d: args.division ?? COUNTY, q: args.quarter ?? null, on: args.asOf ?? null })).farmlandIndicator;
  return r as { asOf: string; yearStart: string; rows: any[] };
}
export const rowOf = (ind: { rows: any[] }, county = COUNTY) => ind.rows.find((r) => r.county.code === county);

/** registerPlot with a boundary (ECO). */
export async function plotWith(gql: Gql, token: string, input: Record<string, unknown>) {
  return ok(await gql(token, `mutation($i: PlotInput!) { registerPlot(input: $i) { id plotCode version stage } }`,
    { i: { countyCode: COUNTY, source: 'OTHER', identifiedOn: '2024-03-01', ...input } }), 'registerPlot').registerPlot;
}
