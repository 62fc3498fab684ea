/**
 * Plots (疑似污染地块 / 污染地块): registerPlot and its input checks (boundary, centroid, area, land use),
 * plot(id | plotCode), the plots filters (division, stages, planned use, land status, search, near) and
 * reportDiscoveredContamination by any agency, which ECO sees in its change feed.
 */
import { startTestApp, TestApp } from './helpers/app';
import { makeCreditCode } from '../src/validation/uscc';
import { addDays, todayInShanghai } from '../src/validation/dates';
import { ok, refused } from './helpers/assert';

let t: TestApp;
let eco: string; // ECO 孝义市
let ecoLiShi: string; // ECO 离石区
let ecoLvliang: string; // ECO 吕梁市
let ecoProvince: string;
let nr: string; // NATURAL_RESOURCES 孝义市
let housing: string; // HOUSING 孝义市
const today = todayInShanghai();

beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', '141181', '孝义市生态环境分局');
  ecoLiShi = await t.token('ECO', '141102', '离石区生态环境分局');
  ecoLvliang = await t.token('ECO', '141100', '吕梁市生态环境局');
  ecoProvince = await t.token('ECO', '140000', '山西省生态环境厅');
  nr = await t.token('NATURAL_RESOURCES', '141181', '孝义市自然资源局');
  housing = await t.token('HOUSING', '141181', '孝义市住房和城乡建设局');
});
afterAll(async () => { await t?.stop(); });

// ───────────── helpers ─────────────

const PLOT = `id plotCode name address areaM2 centroid { lon lat } boundary industry formerEnterprise formerCreditCode source stage
  landStatus investigationRequired version county { code } keyUnit { id } currentUse { code sensitive }
  stageHistory { from to effectiveOn agency evidence { documentNo } }`;
const REGISTER = `mutation($input: PlotInput!) { registerPlot(input: $input) { ${PLOT} } }`;
const DISCOVERED = `mutation($input: PlotInput!, $note: String!) { reportDiscoveredContamination(input: $input, note: $note) { ${PLOT} } }`;

let serial = 0;
interface PlotInput { name: string; countyCode: string; source: string; [k: string]: unknown }
const plotInput = (over: Partial<PlotInput> = {}): PlotInput => ({ name: `孝义市测试地块${++serial}`, countyCode: '141181', source: 'KEY_INDUSTRY_SURVEY', ...over });

const register = async (token: string, over: Partial<PlotInput> = {}) => ok(await t.gql(token, REGISTER, { input: plotInput(over) })).registerPlot;
const plotById = async (token: string, id: string) => ok(await t.gql(token, `query($id: ID) { plot(id: $id) { ${PLOT} } }`, { id })).plot;
const countPlots = async () => ok(await t.gql(ecoProvince, `{ plots { totalCount } }`)).plots.totalCount as number;

// A ~100 m × 100 m square, on the sphere the area function uses.
const M_PER_DEG = (6378137 * Math.PI) / 180;
function square(lon: number, lat: number, sideM: number) {
  const dLat = sideM / M_PER_DEG / 2;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  return { type: 'Polygon', coordinates: [[[lon - dLon, lat - dLat], [lon + dLon, lat - dLat], [lon + dLon, lat + dLat], [lon - dLon, lat + dLat], [lon - dLon, lat - dLat]]] };
}

// ───────────── registerPlot ─────────────

describe('registerPlot', () => {
  it('registers a SUSPECTED plot with one stage event dated identifiedOn, and a platform plotCode', async () => {
    const p = await register(eco, {
      name: '孝义市原焦化厂地块', address: '孝义市梧桐镇', areaM2: 12500.5, centroid: { lon: 111.78, lat: 37.14 }, industry: '焦化',
      formerEnterprise: '孝义市原焦化有限公司', formerCreditCode: makeCreditCode('91141181MA0000001'), currentUseCode: '0601', identifiedOn: '2021-05-20',
    });
    expect(p).toEqual({
      id: expect.stringMatching(/^\d+$/), plotCode: expect.stringMatching(/^141181-2021-\d+$/), name: '孝义市原焦化厂地块', address: '孝义市梧桐镇',
      areaM2: 12500.5, centroid: { lon: 111.78, lat: 37.14 }, boundary: null, industry: '焦化', formerEnterprise: '孝义市原焦化有限公司',
      formerCreditCode: makeCreditCode('91141181MA0000001'), source: 'KEY_INDUSTRY_SURVEY', stage: 'SUSPECTED', landStatus: 'NONE',
      investigationRequired: true, version: 1, county: { code: '141181' }, keyUnit: null, currentUse: { code: '0601', sensitive: false },
      stageHistory: [{ from: null, to: 'SUSPECTED', effectiveOn: '2021-05-20', agency: 'ECO', evidence: null }],
    });
    expect(await plotById(eco, p.id)).toEqual(p);
  });

  it('dates the first event today when identifiedOn is absent; NATURAL_RESOURCES may register too', async () => {
    const p = await register(nr, { source: 'LAND_USE_CHANGE' });
    expect(p.stageHistory).toEqual([{ from: null, to: 'SUSPECTED', effectiveOn: today, agency: 'NATURAL_RESOURCES', evidence: null }]);
    expect(p.plotCode).toMatch(new RegExp(`^141181-${today.slice(0, 4)}-\\d+$`));
  });

  it('assigns a different plotCode to every plot, in every county', async () => {
    const plots = [
      await register(eco), await register(eco), await register(eco, { identifiedOn: '2020-01-01' }),
      await register(ecoLiShi, { countyCode: '141102' }), await register(ecoLvliang, { countyCode: '141102' }),
    ];
    const codes = plots.map((p) => p.plotCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes[3]).toMatch(/^141102-/);
    const all = ok(await t.gql(ecoProvince, `{ plots(first: 1000) { nodes { plotCode } } }`)).plots.nodes.map((n: { plotCode: string }) => n.plotCode);
    expect(new Set(all).size).toBe(all.length);
  });

  it('derives the centroid and the area from the boundary when they are absent', async () => {
    const boundary = square(111.75, 37.12, 100);
    const p = await register(eco, { boundary });
    expect(p.boundary).toEqual(boundary);
    expect(p.centroid.lon).toBeCloseTo(111.75, 6);
    expect(p.centroid.lat).toBeCloseTo(37.12, 6);
    expect(p.areaM2).toBeGreaterThan(9900);
    expect(p.areaM2).toBeLessThan(10100);
    // Given values win over derived ones.
    const q = await register(eco, { boundary, centroid: { lon: 111.7501, lat: 37.1201 }, areaM2: 9000 });
    expect(q).toMatchObject({ centroid: { lon: 111.7501, lat: 37.1201 }, areaM2: 9000 });
  });

  const ring = square(111.78, 37.14, 50).coordinates[0];
  it.each<[string, Partial<PlotInput>, string]>([
    ['an unclosed ring', { boundary: { type: 'Polygon', coordinates: [ring.slice(0, 4).concat([[111.0, 37.0]])] } }, 'input.boundary'],
    ['a ring of three positions', { boundary: { type: 'Polygon', coordinates: [[ring[0], ring[1], ring[0]]] } }, 'input.boundary'],
    ['a boundary outside China', { boundary: square(2.35, 48.85, 100) }, 'input.boundary'],
    ['a Feature instead of a geometry', { boundary: { type: 'Feature', properties: {}, geometry: square(111.78, 37.14, 50) } }, 'input.boundary'],
    ['a Point as boundary', { boundary: { type: 'Point', coordinates: [111.78, 37.14] } }, 'input.boundary'],
    ['a string as boundary', { boundary: 'POLYGON((111 37, 112 37, 112 38, 111 37))' }, 'input.boundary'],
    ['a centroid with longitude out of range', { centroid: { lon: 200, lat: 37.1 } }, 'input.centroid'],
    ['a centroid outside China', { centroid: { lon: -73.98, lat: 40.75 } }, 'input.centroid'],
    ['a negative areaM2', { areaM2: -1 }, 'input.areaM2'],
    ['an unknown currentUseCode', { currentUseCode: '9999' }, 'input.currentUseCode'],
    ['a land-use code of the 2023 guide only (0703 农村宅基地 there; no 0703 in GB/T 21010-2017)', { currentUseCode: '0703' }, 'input.currentUseCode'],
    ['a six-digit land-use code of the 2023 guide only (070101 一类城镇住宅用地)', { currentUseCode: '070101' }, 'input.currentUseCode'],
    ['identifiedOn in the future', { identifiedOn: addDays(today, 1) }, 'input.identifiedOn'],
    ['an empty name', { name: '  ' }, 'input.name'],
    ['a formerCreditCode failing its check', { formerCreditCode: '91141181MA00000010' }, 'input.formerCreditCode'],
    ['a city as countyCode', { countyCode: '141100' }, 'input.countyCode'],
    ['an unknown keyUnitId', { keyUnitId: '987654' }, 'input.keyUnitId'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and writes nothing', async (_label, over, field) => {
    const before = await countPlots();
    refused(await t.gql(eco, REGISTER, { input: plotInput(over) }), 'BAD_USER_INPUT', field);
    expect(await countPlots()).toBe(before);
  });

  it('refuses a county outside the scope (FORBIDDEN) and a key unit outside the scope (BAD_USER_INPUT)', async () => {
    const before = await countPlots();
    refused(await t.gql(eco, REGISTER, { input: plotInput({ countyCode: '141102' }) }), 'FORBIDDEN');
    const unit = ok(await t.gql(ecoLiShi, `mutation($input: KeyUnitInput!) { upsertKeyUnit(input: $input) { id } }`, {
      input: { creditCode: makeCreditCode('91141102MA0000077'), name: '离石区某厂', countyCode: '141102', industry: '化工', listedOn: '2023-01-01' },
    })).upsertKeyUnit;
    refused(await t.gql(eco, REGISTER, { input: plotInput({ keyUnitId: unit.id }) }), 'BAD_USER_INPUT', 'input.keyUnitId');
    expect(await countPlots()).toBe(before);
    expect((await register(ecoLiShi, { countyCode: '141102', keyUnitId: unit.id })).keyUnit).toEqual({ id: unit.id });
  });

  it('is not open to HOUSING (FORBIDDEN by the policy table)', async () => {
    const before = await countPlots();
    refused(await t.gql(housing, REGISTER, { input: plotInput() }), 'FORBIDDEN');
    expect(await countPlots()).toBe(before);
  });
});

// ───────────── lookups ─────────────

describe('plot(id | plotCode)', () => {
  it('finds a plot by id or by plotCode; null outside the scope or when unknown', async () => {
    const mine = await register(eco);
    const theirs = await register(ecoLiShi, { countyCode: '141102' });
    const q = `query($id: ID, $code: String) { plot(id: $id, plotCode: $code) { id plotCode } }`;
    const me = { id: mine.id, plotCode: mine.plotCode };
    expect(ok(await t.gql(eco, q, { id: mine.id })).plot).toEqual(me);
    expect(ok(await t.gql(eco, q, { code: mine.plotCode })).plot).toEqual(me);
    expect(ok(await t.gql(housing, q, { code: mine.plotCode })).plot).toEqual(me);
    expect(ok(await t.gql(eco, q, { id: theirs.id })).plot).toBeNull();
    expect(ok(await t.gql(eco, q, { code: theirs.plotCode })).plot).toBeNull();
    expect(ok(await t.gql(ecoLvliang, q, { code: theirs.plotCode })).plot).toEqual({ id: theirs.id, plotCode: theirs.plotCode });
    expect(ok(await t.gql(eco, q, { id: '987654' })).plot).toBeNull();
    expect(ok(await t.gql(eco, q, { code: '141181-2020-999999' })).plot).toBeNull();
    refused(await t.gql(eco, q, {}), 'BAD_USER_INPUT');
  });
});

// ───────────── plots filters ─────────────

describe('plots filters', () => {
  type Node = { id: string; stage: string; landStatus: string; plannedUse: { sensitive: boolean } | null; county: { code: string } };
  const LIST = `query($f: PlotFilter) { plots(filter: $f, first: 1000) { totalCount nodes { id stage landStatus plannedUse { code sensitive } county { code } } } }`;
  const names = ['surveyed', 'planned', 'industrial', 'reserved', 'lishi', 'center', 'north1km'] as const;
  let fx: Record<(typeof names)[number], { id: string; plotCode: string; version: number }>;
  const list = async (token: string, f: Record<string, unknown>) => {
    const r = ok(await t.gql(token, LIST, { f })).plots;
    expect(r.totalCount).toBe(r.nodes.length);
    return r.nodes as Node[];
  };
  const mineOf = (nodes: Node[]) => {
    const ours = new Map(Object.entries(fx).map(([k, v]) => [v.id, k]));
    return nodes.filter((n) => ours.has(n.id)).map((n) => ours.get(n.id)).sort();
  };
  // An empty spot far from the other plots of this file; 0.009° of latitude ≈ 1 001 m.
  const BASE = { lon: 111.6, lat: 37.3 };

  beforeAll(async () => {
    const surveyed = await register(eco, { name: '筛选用已调查地块', identifiedOn: '2024-01-05', formerEnterprise: '孝义市鑫源化工有限公司' });
    const planned = await register(eco, { name: '筛选用拟住宅地块' });
    const industrial = await register(eco, { name: '筛选用拟工业地块' });
    const reserved = await register(eco, { name: '筛选用收储地块' });
    const lishi = await register(ecoLiShi, { countyCode: '141102', name: '离石区筛选用地块' });
    const center = await register(eco, { name: '近邻中心地块', centroid: BASE });
    const north1km = await register(eco, { name: '近邻北一公里地块', centroid: { lon: BASE.lon, lat: BASE.lat + 0.009 } });
    ok(await t.gql(eco, `mutation($id: ID!) { advancePlotStage(plotId: $id, to: UNDER_INVESTIGATION, effectiveOn: "2024-03-01", expectedVersion: 1) { stage } }`, { id: surveyed.id }));
    const plan = `mutation($id: ID!, $c: String!) { planLandUse(plotId: $id, plannedUseCode: $c, decidedOn: "2025-01-10", expectedVersion: 1) { plannedUse { code } } }`;
    ok(await t.gql(nr, plan, { id: planned.id, c: '0701' }));
    ok(await t.gql(nr, plan, { id: industrial.id, c: '0601' }));
    ok(await t.gql(nr, `mutation($id: ID!) { recordLandAction(plotId: $id, action: RESERVE, decidedOn: "2025-02-01", expectedVersion: 1) { landStatus } }`, { id: reserved.id }));
    fx = { surveyed, planned, industrial, reserved, lishi, center, north1km };
  });

  it('divisionCode: county, city, within the token scope', async () => {
    expect(mineOf(await list(ecoProvince, { divisionCode: '141102' }))).toEqual(['lishi']);
    expect(mineOf(await list(ecoProvince, { divisionCode: '141100' }))).toEqual([...names].sort());
    expect(mineOf(await list(ecoProvince, { divisionCode: '140700' }))).toEqual([]);
    const county = await list(eco, { divisionCode: '141100' });
    expect(mineOf(county)).toEqual(names.filter((n) => n !== 'lishi').sort());
    expect(county.every((n) => n.county.code === '141181')).toBe(true);
    refused(await t.gql(eco, LIST, { f: { divisionCode: '1411' } }), 'BAD_USER_INPUT', 'filter.divisionCode');
  });

  it('stages', async () => {
    const investigated = await list(eco, { stages: ['UNDER_INVESTIGATION'] });
    expect(mineOf(investigated)).toEqual(['surveyed']);
    expect(investigated.every((n) => n.stage === 'UNDER_INVESTIGATION')).toBe(true);
    expect(mineOf(await list(eco, { stages: ['SUSPECTED', 'UNDER_INVESTIGATION'] }))).toEqual(names.filter((n) => n !== 'lishi').sort());
    expect(mineOf(await list(eco, { stages: ['LISTED'] }))).toEqual([]);
  });

  it('sensitivePlannedUse: true only 一住两公 plans; false everything else, unplanned included', async () => {
    const sensitive = await list(eco, { sensitivePlannedUse: true });
    expect(mineOf(sensitive)).toEqual(['planned']);
    expect(sensitive.every((n) => n.plannedUse?.sensitive === true)).toBe(true);
    const not = await list(eco, { sensitivePlannedUse: false });
    expect(mineOf(not)).toEqual(names.filter((n) => n !== 'lishi' && n !== 'planned').sort());
    expect(not.every((n) => !n.plannedUse?.sensitive)).toBe(true);
  });

  it('landStatus', async () => {
    const reserved = await list(eco, { landStatus: 'RESERVED' });
    expect(mineOf(reserved)).toEqual(['reserved']);
    expect(reserved.every((n) => n.landStatus === 'RESERVED')).toBe(true);
    expect(mineOf(await list(eco, { landStatus: 'SUPPLIED' }))).toEqual([]);
  });

  it('search: name, plotCode and former enterprise substrings, case-insensitively', async () => {
    expect(mineOf(await list(eco, { search: '拟住宅' }))).toEqual(['planned']);
    expect(mineOf(await list(eco, { search: '筛选用' }))).toEqual(['industrial', 'planned', 'reserved', 'surveyed']);
    expect(mineOf(await list(eco, { search: fx.reserved.plotCode }))).toEqual(['reserved']);
    expect(mineOf(await list(eco, { search: '鑫源化工' }))).toEqual(['surveyed']);
    expect(mineOf(await list(ecoProvince, { search: '筛选用', divisionCode: '141102' }))).toEqual(['lishi']);
    expect(await list(eco, { search: '%' })).toEqual([]);
    // Placeholder and quote characters are text, not SQL (the page's statement is built with its values inlined).
    for (const search of ['?', '??', "筛选用'?", '$1', ':name']) expect(await list(eco, { search })).toEqual([]);
  });

  it('near: a plot 1 km away is in with radius 2000 m and out with 500 m', async () => {
    expect(mineOf(await list(eco, { near: { ...BASE, radiusM: 2000 } }))).toEqual(['center', 'north1km']);
    expect(mineOf(await list(eco, { near: { ...BASE, radiusM: 1100 } }))).toEqual(['center', 'north1km']);
    expect(mineOf(await list(eco, { near: { ...BASE, radiusM: 900 } }))).toEqual(['center']);
    expect(mineOf(await list(eco, { near: { ...BASE, radiusM: 500 } }))).toEqual(['center']);
    expect(mineOf(await list(eco, { near: { lon: BASE.lon, lat: BASE.lat + 0.009, radiusM: 500 } }))).toEqual(['north1km']);
    expect(mineOf(await list(eco, { near: { ...BASE, radiusM: 2000 }, search: '北一公里' }))).toEqual(['north1km']);
    refused(await t.gql(eco, LIST, { f: { near: { ...BASE, radiusM: -5 } } }), 'BAD_USER_INPUT', 'filter.near.radiusM');
    refused(await t.gql(eco, LIST, { f: { near: { lon: 0, lat: 0, radiusM: 100 } } }), 'BAD_USER_INPUT', 'filter.near');
  });
});

// ───────────── reportDiscoveredContamination ─────────────

describe('reportDiscoveredContamination', () => {
  it('lets HOUSING register a SUSPECTED plot with source DISCOVERED, which ECO sees in its change feed', async () => {
    const feed = `query($after: String) { changes(after: $after, first: 1000) { nodes { agency clientName entity entityId action fields } pageInfo { endCursor } } }`;
    const start = ok(await t.gql(eco, feed, {})).changes.pageInfo.endCursor;
    const p = ok(await t.gql(housing, DISCOVERED, {
      input: plotInput({ name: '施工中发现异味地块', source: 'OTHER', centroid: { lon: 111.79, lat: 37.15 }, identifiedOn: addDays(today, -2) }),
      note: '基坑开挖发现刺激性气味和油状物',
    })).reportDiscoveredContamination;
    expect(p).toMatchObject({ name: '施工中发现异味地块', source: 'DISCOVERED', stage: 'SUSPECTED', county: { code: '141181' },
      stageHistory: [{ from: null, to: 'SUSPECTED', effectiveOn: addDays(today, -2), agency: 'HOUSING', evidence: null }] });
    const changes = ok(await t.gql(eco, feed, { after: start })).changes.nodes;
    expect(changes).toEqual([
      expect.objectContaining({ agency: 'HOUSING', clientName: '孝义市住房和城乡建设局', entity: 'Plot', entityId: p.id, action: 'CREATED' }),
    ]);
    expect(changes[0].fields).toEqual(expect.arrayContaining(['name', 'county', 'source', 'stage', 'centroid', 'plotCode']));
    // The other counties' ECO does not see it.
    const lishiFeed = ok(await t.gql(ecoLiShi, feed, {})).changes.nodes;
    expect(lishiFeed.find((c: { entityId: string; entity: string }) => c.entity === 'Plot' && c.entityId === p.id)).toBeUndefined();
  });

  it('validates like registerPlot, and needs a note', async () => {
    refused(await t.gql(housing, DISCOVERED, { input: plotInput({ boundary: { type: 'Point', coordinates: [111.78, 37.14] } }), note: '发现污染' }), 'BAD_USER_INPUT', 'input.boundary');
    refused(await t.gql(housing, DISCOVERED, { input: plotInput(), note: '  ' }), 'BAD_USER_INPUT', 'note');
    refused(await t.gql(housing, DISCOVERED, { input: plotInput({ countyCode: '141102' }), note: '发现污染' }), 'FORBIDDEN');
  });
});
