/**
 * Bulk import of a county's survey results (RULES.md §12): thousands of units in one transaction and one INSERT,
 * per-row errors (row, field, message) listed all at once, nothing half-loaded; through the mutation and through
 * POST /imports/farmland-units with the same tokens.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { ok, refused } from '../helpers/assert';
import { COUNTY, indicator, OTHER, rowOf, square, wktSquare } from './helpers';

let t: TestApp;
const tok: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2025-12-20T12:00:00+08:00') });
  tok.agr = await t.token('AGRICULTURE', COUNTY);
  tok.agrOther = await t.token('AGRICULTURE', OTHER);
  tok.eco = await t.token('ECO', COUNTY);
});
afterAll(async () => { await t.stop(); });
const sql = (q: string, p: unknown[] = []) => t.app.orm.em.fork().getConnection().execute(q, p);
const count = async () => (await sql(`select count(*)::int as n from farmland_unit`))[0].n as number;
const IMPORT = `mutation($county: ID!, $f: FarmlandImportFormat!, $c: String!, $on: Date) {
  importFarmlandUnits(countyCode: $county, format: $f, content: $c, registeredOn: $on) { countyCode imported areaM2 priorityProtectionAreaM2 safeUseAreaM2 strictControlAreaM2 } }`;
const post = (token: string | null, query: string, body: string) => fetch(new URL(`/imports/farmland-units?${query}`, t.url), {
  method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body,
});

/** `n` units on a grid, 0.001° squares (≈ 9,800 m² at 37.7°N). */
function csvOf(n: number, prefix: string) {
  const lines = ['code,category,basic_farmland,wkt'];
  const cats = ['优先保护类', 'SAFE_USE', '严格管控类'];
  for (let i = 0; i < n; i++) lines.push(`${prefix}-${String(i).padStart(5, '0')},${cats[i % 3]},${i % 2 ? '是' : '否'},"${wktSquare(112.5 + (i % 100) * 0.0011, 37.5 + Math.floor(i / 100) * 0.0011)}"`);
  return lines.join('\r\n');
}

it('5,000 units in one request, in seconds, in a handful of statements; the indicator sees them', async () => {
  const csv = csvOf(5000, 'YC2025');
  const started = Date.now();
  const { result: res, statements, sql: stmts } = await t.countStatements(() => post(tok.agr, `countyCode=${COUNTY}&format=CSV_WKT`, csv));
  const ms = Date.now() - started;
  const body = await res.json() as any;
  expect(res.status).toBe(200);
  expect(body.data.importFarmlandUnits.imported).toBe(5000);
  expect(body.data.importFarmlandUnits.priorityProtectionAreaM2).toBeGreaterThan(0);
  expect(await count()).toBe(5000);
  // One INSERT of the units, the change feed and the audit trail in chunks of 2,000 (3 × 2 + the lock), the
  // reads: a few more — never a statement per unit.
  expect(stmts.filter((s) => /insert into farmland_unit/i.test(s))).toHaveLength(1);
  expect(statements).toBeLessThan(20);
  // eslint-disable-next-line no-console
  console.log(`import of 5,000 units: ${ms} ms, ${statements} statements`);
  expect(ms).toBeLessThan(15000);
  expect((await sql(`select count(*)::int as n from change_log where entity = 'FarmlandUnit'`))[0].n).toBe(5000);
  const audit = await sql(`select entity, action, after from audit_log where operation = 'importFarmlandUnits' and outcome = 'OK' and agency = 'AGRICULTURE'`);
  expect(audit).toHaveLength(1);
  expect([audit[0].entity, audit[0].action, audit[0].after.imported, audit[0].after.units.length]).toEqual(['FarmlandUnit', 'CREATED', 5000, 5000]);
  const r = rowOf(await indicator(t.gql, tok.agr, { asOf: '2025-12-20' }));
  expect(r.units).toBe(5000);
  expect(r.priorityArea).toBeCloseTo(body.data.importFarmlandUnits.priorityProtectionAreaM2, 0);
});

it('every row\'s errors at once, with row, field and message; nothing loaded', async () => {
  const before = await count();
  const csv = [
    'code,category,area_m2,basic_farmland,wkt',
    'E-1,优先保护类,1000,是,',                                   // fine
    'E-2,GOOD,1000,否,',                                         // category
    `E-3,SAFE_USE,,否,"POLYGON((1 2, 3"`,                          // WKT
    'E-1,SAFE_USE,500,否,',                                      // duplicate of row 2
    'YC2025-00001,SAFE_USE,500,否,',                             // already registered
    'E-6,SAFE_USE,-5,maybe,',                                    // area and flag
    'E-7,SAFE_USE,,否,',                                         // neither area nor boundary
    `E-8,SAFE_USE,,否,"${wktSquare(150, 37.5)}"`,                // outside China
    'E-9,SAFE_USE,100',                                          // field count
    ',SAFE_USE,100,否,',                                          // code
  ].join('\n');
  const r = await t.gql(tok.agr, IMPORT, { county: COUNTY, f: 'CSV_WKT', c: csv });
  refused(r, 'BAD_USER_INPUT', 'content');
  const errs = (r.errors![0].extensions as any).errors as { row: number; field: string; message: string }[];
  const got = errs.map((e) => `${e.row}:${e.field}`);
  expect(got).toEqual(expect.arrayContaining(['3:category', '4:wkt', '5:code', '6:code', '7:areaM2', '7:basicFarmland', '8:areaM2', '9:boundary', '10:row', '11:code']));
  expect(got).not.toContain('2:code');
  expect((r.errors![0].extensions as any).errorCount).toBe(errs.length);
  expect(errs.find((e) => e.row === 6)!.message).toContain('already registered');
  expect(await count()).toBe(before);
  expect((await sql(`select count(*)::int as n from audit_log where operation = 'importFarmlandUnits' and outcome = 'BAD_USER_INPUT'`))[0].n).toBe(1);
});

it('GeoJSON FeatureCollection through the mutation, in the county\'s scope only', async () => {
  const fc = { type: 'FeatureCollection', features: [
    { type: 'Feature', properties: { code: 'G-1', category: 'PRIORITY_PROTECTION', basicFarmland: true }, geometry: square(112.1, 37.1) },
    { type: 'Feature', properties: { 图斑编号: 'G-2', 类别: '安全利用类', 面积: 1234.5 }, geometry: null },
  ] };
  const res = ok(await t.gql(tok.agrOther, IMPORT, { county: OTHER, f: 'GEOJSON', c: JSON.stringify(fc), on: '2025-10-01' })).importFarmlandUnits;
  expect(res.imported).toBe(2);
  expect(res.safeUseAreaM2).toBe(1234.5);
  const units = await sql(`select code, registered_on::text as on, basic_farmland from farmland_unit where county_code = ? order by code`, [OTHER]);
  expect(units).toEqual([{ code: 'G-1', on: '2025-10-01', basic_farmland: true }, { code: 'G-2', on: '2025-10-01', basic_farmland: false }]);
  // Registered on 1 October: not in Q3's indicator, in Q4's.
  expect(rowOf(await indicator(t.gql, tok.agrOther, { quarter: '2025Q3', division: OTHER }), OTHER).units).toBe(0);
  expect(rowOf(await indicator(t.gql, tok.agrOther, { quarter: '2025Q4', division: OTHER }), OTHER).units).toBe(2);
  // Another county's token, another agency, a malformed document.
  refused(await t.gql(tok.agrOther, IMPORT, { county: COUNTY, f: 'GEOJSON', c: JSON.stringify(fc) }), 'FORBIDDEN');
  refused(await t.gql(tok.eco, IMPORT, { county: COUNTY, f: 'GEOJSON', c: JSON.stringify(fc) }), 'FORBIDDEN');
  refused(await t.gql(tok.agrOther, IMPORT, { county: OTHER, f: 'GEOJSON', c: '{"type":"Feature"}' }), 'BAD_USER_INPUT', 'content');
  refused(await t.gql(tok.agrOther, IMPORT, { county: OTHER, f: 'GEOJSON', c: '{nope' }), 'BAD_USER_INPUT', 'content');
  refused(await t.gql(tok.agrOther, IMPORT, { county: OTHER, f: 'CSV_WKT', c: 'code,colour\nA,red' }), 'BAD_USER_INPUT', 'content');
});

it('POST /imports/farmland-units: the same refusals as HTTP statuses', async () => {
  expect((await post(null, `countyCode=${COUNTY}&format=CSV_WKT`, 'code,category,area_m2\nP-1,SAFE_USE,10')).status).toBe(401);
  expect((await post(tok.eco, `countyCode=${COUNTY}&format=CSV_WKT`, 'code,category,area_m2\nP-1,SAFE_USE,10')).status).toBe(403);
  const bad = await post(tok.agr, `countyCode=${COUNTY}&format=CSV_WKT`, 'code,category,area_m2\nP-1,NOPE,10');
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as any).errors[0].extensions.errors[0]).toMatchObject({ row: 2, field: 'category' });
  expect((await post(tok.agr, `countyCode=${COUNTY}&format=XML`, 'x')).status).toBe(400);
  const good = await post(tok.agr, `countyCode=${COUNTY}&format=CSV_WKT&registeredOn=2025-11-01`, 'code,category,area_m2\nP-1,SAFE_USE,10');
  expect(good.status).toBe(200);
});
