/**
 * Farmland with each agency's token (RULES.md §12, the policy part `farmland`): the agriculture bureau writes it and
 * reads plots' stage and industry but no key-unit phones, permits or land acts; ecology, natural resources and
 * approvals read it (the 环评限批 flag restricts the EIA approvals the approvals bureau issues); housing, public
 * security and emergency see none of it. County scope holds, and every write is in the change feed and the audit trail.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { ok, refused } from '../helpers/assert';
import { makeCreditCode } from '../../src/validation/uscc';
import { parseCsv } from '../helpers/csv';
import { changeCategory, CITY, COUNTY, indicator, OTHER, plotWith, registerUnit, rowOf, unit } from './helpers';

let t: TestApp;
const tok: Record<string, string> = {};
const AGENCIES = ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY'];
let keyUnitId: string;
let plotId: string;
let unitA: any;
beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2025-12-20T12:00:00+08:00') });
  for (const a of AGENCIES) tok[a] = await t.token(a, COUNTY);
  tok.agrOther = await t.token('AGRICULTURE', OTHER);
  tok.agrCity = await t.token('AGRICULTURE', CITY);
  keyUnitId = ok(await t.gql(tok.ECO, `mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id } }`, {
    i: { creditCode: makeCreditCode('91140702MA0FARM01'), name: '示例焦化有限公司', countyCode: COUNTY, industry: '焦化', listedOn: '2023-01-10', contactPhone: '0354-1234567' },
  })).upsertKeyUnit.id;
  plotId = (await plotWith(t.gql, tok.ECO, { name: '某化工厂旧址', industry: '化工', keyUnitId })).id;
  unitA = await unit(t.gql, tok.AGRICULTURE, { code: 'AG-1', category: 'PRIORITY_PROTECTION', areaM2: 4000, basicFarmland: true });
});
afterAll(async () => { await t.stop(); });

const UNITS = `query { farmlandUnits(divisionCode: "${COUNTY}") { nodes { id code category } totalCount } }`;
const IND = `query { farmlandIndicator(divisionCode: "${COUNTY}", quarter: "2025Q4") { rows { warning eiaRestricted } } }`;

it('AGRICULTURE: writes farmland; reads plots\' stage and industry and key units without phones; no permits, land acts or audit', async () => {
  const p = ok(await t.gql(tok.AGRICULTURE, `query($id: ID!) { plot(id: $id) { name stage industry reclamationToFood { allowed grounds } } }`, { id: plotId })).plot;
  expect(p).toEqual({ name: '某化工厂旧址', stage: 'SUSPECTED', industry: '化工', reclamationToFood: { allowed: false, grounds: ['KEY_UNIT_LAND', 'KEY_INDUSTRY'] } });
  expect(ok(await t.gql(tok.AGRICULTURE, `query($id: ID!) { keyUnit(id: $id) { name industry } }`, { id: keyUnitId })).keyUnit.industry).toBe('焦化');
  refused(await t.gql(tok.AGRICULTURE, `query($id: ID!) { keyUnit(id: $id) { contactPhone } }`, { id: keyUnitId }), 'FORBIDDEN');
  // A plot that names no key unit, but whose former enterprise (by credit code) is one, is a key unit's land too.
  const former = await plotWith(t.gql, tok.ECO, { name: '某厂旧址（未关联单位）', industry: '仓储', formerCreditCode: makeCreditCode('91140702MA0FARM01') });
  expect(ok(await t.gql(tok.AGRICULTURE, `query($id: ID!) { plot(id: $id) { reclamationToFood { allowed grounds keyIndustry } } }`, { id: former.id })).plot.reclamationToFood)
    .toEqual({ allowed: false, grounds: ['KEY_UNIT_LAND', 'KEY_INDUSTRY'], keyIndustry: '焦化' });
  refused(await t.gql(tok.AGRICULTURE, `query { dischargePermits { nodes { id } } }`), 'FORBIDDEN');
  refused(await t.gql(tok.AGRICULTURE, `query($id: ID!) { plot(id: $id) { plannedUse { code } } }`, { id: plotId }), 'FORBIDDEN');
  refused(await t.gql(tok.AGRICULTURE, `query { auditLog { nodes { id } } }`), 'FORBIDDEN');
  refused(await t.gql(tok.AGRICULTURE, `mutation($id: ID!) { planLandUse(plotId: $id, plannedUseCode: "0101", decidedOn: "2025-01-01", expectedVersion: 1) { id } }`, { id: plotId }), 'FORBIDDEN');
  expect(ok(await t.gql(tok.AGRICULTURE, UNITS)).farmlandUnits.totalCount).toBe(1);
  ok(await t.gql(tok.AGRICULTURE, IND));
});

it('ECO, NATURAL_RESOURCES and APPROVALS read farmland and the indicator, and may not write it', async () => {
  for (const a of ['ECO', 'NATURAL_RESOURCES', 'APPROVALS']) {
    expect(ok(await t.gql(tok[a], UNITS)).farmlandUnits.nodes.map((n: any) => n.code)).toEqual(['AG-1']);
    ok(await t.gql(tok[a], IND));
    refused(await registerUnit(t.gql, tok[a], { code: `X-${a}`, category: 'SAFE_USE', areaM2: 10 }), 'FORBIDDEN');
    refused(await changeCategory(t.gql, tok[a], unitA, { to: 'SAFE_USE', proposedOn: '2025-05-01', approvedOn: '2025-05-02' }), 'FORBIDDEN');
  }
});

it('HOUSING, PUBLIC_SECURITY and EMERGENCY see none of it', async () => {
  for (const a of ['HOUSING', 'PUBLIC_SECURITY', 'EMERGENCY']) {
    refused(await t.gql(tok[a], UNITS), 'FORBIDDEN');
    refused(await t.gql(tok[a], IND), 'FORBIDDEN');
    refused(await registerUnit(t.gql, tok[a], { code: `X-${a}`, category: 'SAFE_USE', areaM2: 10 }), 'FORBIDDEN');
  }
  const exp = await fetch(new URL(`/exports/farmland-indicator.csv?divisionCode=${COUNTY}&quarter=2025Q4`, t.url), { headers: { authorization: `Bearer ${tok.HOUSING}` } });
  expect(exp.status).toBe(403);
});

it('county scope: another county\'s bureau neither sees nor writes the unit; the city\'s sees both counties', async () => {
  await unit(t.gql, tok.agrOther, { countyCode: OTHER, code: 'TG-1', category: 'SAFE_USE', areaM2: 700 });
  expect(ok(await t.gql(tok.agrOther, `query($id: ID!) { farmlandUnit(id: $id) { id } }`, { id: unitA.id })).farmlandUnit).toBeNull();
  expect(ok(await t.gql(tok.agrOther, `query { farmlandUnits { nodes { code } } }`)).farmlandUnits.nodes.map((n: any) => n.code)).toEqual(['TG-1']);
  refused(await changeCategory(t.gql, tok.agrOther, unitA, { to: 'SAFE_USE', proposedOn: '2025-05-01', approvedOn: '2025-05-02' }), 'NOT_FOUND');
  refused(await registerUnit(t.gql, tok.agrOther, { code: 'X-1', category: 'SAFE_USE', areaM2: 10 }), 'FORBIDDEN');
  refused(await t.gql(tok.agrOther, IND), 'FORBIDDEN');
  const city = await indicator(t.gql, tok.agrCity, { division: CITY, quarter: '2025Q4' });
  expect(city.rows.length).toBe(11);
  expect([rowOf(city, COUNTY).priorityArea, rowOf(city, OTHER).safeUseArea]).toEqual([4000, 700]);
  // The same code may exist in two counties; twice in one is a CONFLICT.
  await unit(t.gql, tok.agrOther, { countyCode: OTHER, code: 'AG-1', category: 'SAFE_USE', areaM2: 1 });
  refused(await registerUnit(t.gql, tok.AGRICULTURE, { code: 'AG-1', category: 'SAFE_USE', areaM2: 1 }), 'CONFLICT');
});

it('every write is in the change feed and the audit trail, in the unit\'s county', async () => {
  const fresh = ok(await t.gql(tok.AGRICULTURE, `query($id: ID!) { farmlandUnit(id: $id) { id version } }`, { id: unitA.id })).farmlandUnit;
  const ch = ok(await changeCategory(t.gql, tok.AGRICULTURE, fresh, { to: 'SAFE_USE', proposedOn: '2025-10-01', approvedOn: '2025-10-20', reason: 'LAND_USE_CHANGE' })).recordFarmlandCategoryChange;
  const feed = ok(await t.gql(tok.AGRICULTURE, `query { changes(first: 500) { nodes { agency entity entityId action } } }`)).changes.nodes;
  expect(feed).toEqual(expect.arrayContaining([
    { agency: 'AGRICULTURE', entity: 'FarmlandUnit', entityId: unitA.id, action: 'CREATED' },
    { agency: 'AGRICULTURE', entity: 'FarmlandUnit', entityId: unitA.id, action: 'UPDATED' },
    { agency: 'AGRICULTURE', entity: 'FarmlandCategoryChange', entityId: ch.id, action: 'CREATED' },
  ]));
  // Another county's bureau does not see this county's changes.
  const theirs = ok(await t.gql(tok.agrOther, `query { changes(first: 500) { nodes { entity entityId } } }`)).changes.nodes;
  expect(theirs.find((n: any) => n.entity === 'FarmlandCategoryChange' && n.entityId === ch.id)).toBeUndefined();
  const audit = ok(await t.gql(await t.token('ECO', CITY), `query { auditLog(first: 200) { nodes { operation agency outcome entity } } }`)).auditLog.nodes;
  expect(audit).toEqual(expect.arrayContaining([
    expect.objectContaining({ operation: 'recordFarmlandCategoryChange', agency: 'AGRICULTURE', entity: 'FarmlandCategoryChange' }),
    expect.objectContaining({ operation: 'registerFarmlandUnit', agency: 'HOUSING', outcome: 'FORBIDDEN' }),
  ]));
  expect(rowOf(await indicator(t.gql, tok.ECO, { quarter: '2025Q4' })).warning).toBe(true);
  expect(rowOf(await indicator(t.gql, tok.ECO, { quarter: '2025Q3' })).warning).toBe(false);
});

it('a page of units with their category as of a date and their history: a statement per level, not per unit', async () => {
  for (let i = 0; i < 30; i++) await unit(t.gql, tok.AGRICULTURE, { code: `N-${i}`, category: i % 2 ? 'SAFE_USE' : 'PRIORITY_PROTECTION', areaM2: 100 + i });
  const q = `query { farmlandUnits(divisionCode: "${COUNTY}", first: 40) { nodes { code category(asOf: "2025-06-30") now: category registeredCategory county { name }
    categoryChanges { to approvedOn unit { code } } } } }`;
  const { result, statements } = await t.countStatements(() => t.gql(tok.AGRICULTURE, q));
  expect(ok(result).farmlandUnits.nodes.length).toBeGreaterThanOrEqual(31);
  // token + request transaction + the page + category at two dates + the changes + their units (+ count/scope bookkeeping).
  expect(statements).toBeLessThanOrEqual(12);
});

it('row security on both tables: a connection in one county\'s scope reads none of another\'s rows, and a change carries its unit\'s county', async () => {
  const em = t.app.orm.em.fork();
  const rls = await em.getConnection().execute(`select relname, relrowsecurity from pg_class where relname in ('farmland_unit', 'farmland_category_change') order by relname`);
  expect(rls).toEqual([{ relname: 'farmland_category_change', relrowsecurity: true }, { relname: 'farmland_unit', relrowsecurity: true }]);
  const counts = await em.transactional(async (tx) => {
    await tx.execute(`set local role soilshare_scoped`);
    await tx.execute(`select set_config('soilshare.scope', '${OTHER}', true)`);
    return tx.execute(`select (select count(*)::int from farmland_unit where county_code = '${COUNTY}') as units,
      (select count(*)::int from farmland_category_change where county_code = '${COUNTY}') as changes,
      (select count(*)::int from farmland_unit) as visible`);
  });
  expect(counts[0].units).toBe(0);
  expect(counts[0].changes).toBe(0);
  expect(counts[0].visible).toBeGreaterThan(0);
  const wrong = await em.getConnection().execute(`select count(*)::int as n from farmland_category_change c join farmland_unit u on u.id = c.unit_id where c.county_code <> u.county_code`);
  expect(wrong[0].n).toBe(0);
});

it('the indicator\'s CSV export: Chinese headers, the county\'s row with its warning and 环评限批', async () => {
  const res = await fetch(new URL(`/exports/farmland-indicator.csv?divisionCode=${COUNTY}&quarter=2025Q4`, t.url), { headers: { authorization: `Bearer ${tok.APPROVALS}` } });
  expect(res.status).toBe(200);
  const rows = parseCsv((await res.text()).replace(/^\ufeff/, ''));
  const head = rows.findIndex((r) => r[0] === '县（市、区）');
  expect(rows[head]).toEqual(expect.arrayContaining(['优先保护类面积（平方米）', '预警', '环评限批']));
  const yc = rows.find((r) => r[1] === COUNTY)!;
  expect(yc[0]).toBe('榆次区');
  expect(yc[rows[head].indexOf('环评限批')]).toBe('是');
  const xlsx = await fetch(new URL(`/exports/farmland-indicator.xlsx?divisionCode=${COUNTY}&quarter=2025Q4`, t.url), { headers: { authorization: `Bearer ${tok.AGRICULTURE}` } });
  expect([xlsx.status, xlsx.headers.get('content-type')]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
});
