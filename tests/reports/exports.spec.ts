/**
 * Downloads: GET /exports/joint-dispatch.xlsx|.csv, /exports/reserve-tracker.xlsx|.csv and /exports/plots.geojson,
 * with the same bearer tokens as /graphql. The workbook is opened with exceljs and read back cell by cell; the
 * CSV is parsed back (RFC 4180); both must say what the GraphQL report says. The GeoJSON (GET and the
 * plotsGeoJSON query) is checked structurally against RFC 7946 and against the token's row scope.
 */
import ExcelJS from 'exceljs';
import { startTestApp, TestApp } from '../helpers/app';
import { api, Api, JD_QUERY, ok, STAGES } from './api';
import { parseCsv } from '../helpers/csv';

jest.setTimeout(120_000);

const A = '141181'; // 孝义市
const B = '141182'; // 汾阳市
const J = '140702'; // 榆次区 (晋中市)

let t: TestApp;
let w: Api;
let base: string;
let eco: string; // ECO 吕梁市
const codes: Record<string, string> = {};

const square = (lon: number, lat: number, d = 0.002) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];

beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2026-01-15T12:00:00+08:00') });
  w = api(t);
  base = t.url.replace(/\/graphql$/, '');
  eco = await w.tok('ECO', '141100');

  // 孝义市: a key unit without a permit (OVERDUE); two plots supplied for 一住两公 in Q3, one with works seen on site
  // before it was cleared (a violation, open) → safe-use rate 1/2; one plot with a MultiPolygon (with a hole), one
  // with only a centroid, one with no geometry at all.
  await w.keyUnit(A, '焦化', '2024-01-01', '孝义市某焦化厂');
  const s1 = await w.plot(A, { name: '安置房地块', currentUseCode: '0601', identifiedOn: '2025-05-01', boundary: { type: 'Polygon', coordinates: square(111.77, 37.14) } });
  await w.walk(s1, A, [['UNDER_INVESTIGATION', '2025-06-01'], ['BELOW_SCREENING', '2025-07-01']]);
  await w.planLandUse(s1, A, '0701', '2025-07-05');
  await w.landAction(s1, A, 'SUPPLY', '2025-07-10');
  const s2 = await w.plot(A, {
    name: '学校扩建地块', currentUseCode: '0601', identifiedOn: '2025-05-01',
    boundary: { type: 'MultiPolygon', coordinates: [[square(111.80, 37.15, 0.004)[0], [[111.801, 37.151], [111.801, 37.152], [111.802, 37.152], [111.802, 37.151], [111.801, 37.151]]], square(111.81, 37.15)] },
  });
  await w.walk(s2, A, [['UNDER_INVESTIGATION', '2025-06-01'], ['BELOW_SCREENING', '2025-07-15']]);
  await w.planLandUse(s2, A, '0803', '2025-07-16');
  await w.landAction(s2, A, 'SUPPLY', '2025-07-20');
  await w.constructionStarted(s2, A, '2025-07-05'); // seen on site, dated before the clearance: violation
  const c1 = await w.plot(A, { name: '原煤场地块', identifiedOn: '2025-08-01', centroid: { lon: 111.75, lat: 37.12 } });
  const n1 = await w.plot(A, { name: '无坐标地块', identifiedOn: '2025-08-02' });
  await w.reserveProject(A, 2025, '1250.50');

  // 汾阳市: a LISTED plot with a boundary, a revoked 农药 permit (site + SUSPECTED plot without geometry).
  const l1 = await w.plot(B, { name: '原焦化厂地块', industry: '焦化', identifiedOn: '2024-01-01', boundary: { type: 'Polygon', coordinates: square(111.79, 37.26) } });
  await w.walk(l1, B, [['UNDER_INVESTIGATION', '2024-03-01'], ['UNDER_RISK_ASSESSMENT', '2024-08-01'], ['LISTED', '2025-08-01']]);
  const pest = await w.permit(B, w.creditCode(B), '汾阳市某农药厂', '农药', '2021-06-01', '2026-05-31');
  await w.endPermit(pest.id, B, 'REVOKE', '2025-09-01');
  await w.reserveProject(B, 2025, '0.10');
  await w.reserveProject(B, 2025, '0.20');

  // 晋中市 榆次区: outside 吕梁市's scope.
  const j1 = await w.plot(J, { name: '榆次区某地块', identifiedOn: '2025-03-01', boundary: { type: 'Polygon', coordinates: square(112.72, 37.68) } });

  const codeOf = async (id: string, county: string) => ok(await t.gql(await w.tok('ECO', county), `query($id: ID) { plot(id: $id) { plotCode } }`, { id })).plot.plotCode as string;
  Object.assign(codes, { s1: await codeOf(s1, A), s2: await codeOf(s2, A), c1: await codeOf(c1, A), n1: await codeOf(n1, A), l1: await codeOf(l1, B), j1: await codeOf(j1, J) });
  const vacated = ok(await t.gql(eco, `{ plots(filter: { divisionCode: "${B}", stages: [SUSPECTED] }) { nodes { plotCode } } }`)).plots.nodes;
  expect(vacated).toHaveLength(1);
  codes.v1 = vacated[0].plotCode;
});
afterAll(async () => { await t?.stop(); });

const json = async (res: Response): Promise<any> => res.json();
const get = (path: string, token?: string | null) => fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

const HEADERS = [
  '县（市、区）', '区划代码',
  '疑似污染地块（块）', '调查中（块）', '未超筛选值（块）', '风险评估中（块）', '风险可接受（块）', '列入名录（块）', '风险管控中（块）', '修复中（块）', '效果评估中（块）', '移出名录（块）',
  '用途变更为"一住两公"（块）', '其中已完成调查（块）', '本季度列入名录（块）', '本季度移出名录（块）',
  '未整改违规（起）', '本季度整改违规（起）', '重点监管单位（家）', '其中义务逾期（家）', '本季度注销/撤销排污许可（张）',
  '未释放腾退地块（块）', '本季度纳入中央项目储备库（个）', '重点建设用地安全利用率（%）',
  // RULES.md §8: the duty cells of the second edition
  '地块义务逾期（项）', '重点监管单位用地调查报告未备案（块）', '后期管理逾期（项）',
  // RULES §11: waste and soil on the move
  '本月已现场检查固废堆场（个）', '固废堆场月度检查逾期（个）', '遗留危废未处置（吨）', '未整改污染土壤转运联单差异（起）',
];
const RATE = HEADERS.indexOf('重点建设用地安全利用率（%）');
/** The report with the duty cells too (api.ts's JD_ROW keeps the first edition's cells for the report specs). */
const JD_QUERY_ALL = JD_QUERY.replace(/safeUseRate/g, 'safeUseRate plotDutiesOverdue realEstateFilingsMissing postManagementOverdue yardsInspectedThisMonth yardsInspectionOverdue legacyWasteRemainingTonnes soilTransferDiscrepanciesOpen');

/** A joint-dispatch row of the GraphQL report as the cells of its table line (rate in per cent). */
const cellsOf = (r: any, name: string, code: string | null) => [
  name, code, ...STAGES.map((s) => r.plotsByStage.find((x: any) => x.stage === s).count),
  r.sensitiveUseChanges, r.sensitiveUseChangesInvestigated, r.listedInQuarter, r.delistedInQuarter, r.violationsOpen,
  r.violationsRectifiedInQuarter, r.keyUnits, r.keyUnitsOverdue, r.permitsEndedInQuarter, r.vacatedSitesOpen, r.reserveProjectsAdded,
  r.safeUseRate == null ? null : Math.round(r.safeUseRate * 10000) / 100, // per cent, two decimals
  r.plotDutiesOverdue, r.realEstateFilingsMissing, r.postManagementOverdue,
  r.yardsInspectedThisMonth, r.yardsInspectionOverdue, Number(r.legacyWasteRemainingTonnes), r.soilTransferDiscrepanciesOpen,
];


describe('joint-dispatch export', () => {
  let report: any;
  beforeAll(async () => {
    report = ok(await t.gql(eco, JD_QUERY_ALL, { q: '2025Q3', d: '141100' })).jointDispatchReport;
    // By hand: 孝义市 has the key unit (OVERDUE), s1 and s2 BELOW_SCREENING, c1 and n1 SUSPECTED; s1 and s2 were
    // planned for 一住两公 in Q3 and are cleared; one open violation (s2); safe-use 1/2.
    const a = report.rows.find((r: any) => r.county.code === A);
    expect(a).toMatchObject({ sensitiveUseChanges: 2, sensitiveUseChangesInvestigated: 2, violationsOpen: 1, keyUnits: 1, keyUnitsOverdue: 1, safeUseRate: 0.5 });
    const b = report.rows.find((r: any) => r.county.code === B);
    expect(b).toMatchObject({ listedInQuarter: 1, permitsEndedInQuarter: 1, vacatedSitesOpen: 1, safeUseRate: null });
  });

  it('XLSX: a real workbook whose header row, 孝义市 row and 合计 row say what the GraphQL report says', async () => {
    const res = await get(`/exports/joint-dispatch.xlsx?quarter=2025Q3&divisionCode=141100`, eco);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('季度调度-141100-2025Q3.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('2025Q3季度调度');
    expect(ws.getCell(1, 1).value).toBe('吕梁市2025Q3重点建设用地安全利用情况调度表（截至2025-09-30）');
    const line = (n: number) => Array.from({ length: HEADERS.length }, (_, i) => ws.getRow(n).getCell(i + 1).value ?? null);
    expect(line(2)).toEqual(HEADERS);
    // Rows 3..15: the 13 counties by code; row 16: 合计; nothing after it.
    expect(Array.from({ length: 13 }, (_, i) => ws.getRow(3 + i).getCell(2).value)).toEqual(report.rows.map((r: any) => r.county.code));
    const aIndex = report.rows.findIndex((r: any) => r.county.code === A);
    const aRow = report.rows[aIndex];
    expect(line(3 + aIndex)).toEqual(cellsOf(aRow, '孝义市', A));
    expect(line(3 + aIndex)[RATE]).toBe(50); // 0.5 as per cent
    expect(line(3 + aIndex).slice(2).every((v) => typeof v === 'number')).toBe(true); // counts are number cells
    const bIndex = report.rows.findIndex((r: any) => r.county.code === B);
    expect(line(3 + bIndex)[RATE]).toBeNull(); // nothing supplied: an empty cell, not 0
    expect(line(16)).toEqual(cellsOf(report.total, '合计', null));
    expect(ws.rowCount).toBe(16);
  });

  it('CSV: UTF-8 BOM, CRLF, the same header and numbers', async () => {
    const res = await get(`/exports/joint-dispatch.csv?quarter=2025Q3&divisionCode=141100`, eco);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF anywhere
    const rows = parseCsv(text);
    expect(rows).toHaveLength(1 + 13 + 1);
    expect(rows[0]).toEqual(HEADERS);
    const asCells = (r: string[]) => r.map((v, i) => (i < 2 ? v || null : v === '' ? null : Number(v)));
    report.rows.forEach((r: any, i: number) => expect(asCells(rows[1 + i])).toEqual(cellsOf(r, r.county.name, r.county.code)));
    expect(asCells(rows[14])).toEqual(cellsOf(report.total, '合计', null));
  });

  it('refusals come back as JSON errors with the HTTP status of their code', async () => {
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await json(res)).errors[0].extensions.code).toBe(code);
    };
    await expectError(await get(`/exports/joint-dispatch.xlsx?quarter=2025Q3&divisionCode=141100`), 401, 'UNAUTHENTICATED');
    await expectError(await get(`/exports/joint-dispatch.csv?quarter=2025Q3&divisionCode=141100`, 'ss_not-a-token'), 401, 'UNAUTHENTICATED');
    await expectError(await get(`/exports/joint-dispatch.xlsx?quarter=2025Q3&divisionCode=141100`, await w.tok('HOUSING', '141100')), 403, 'FORBIDDEN');
    await expectError(await get(`/exports/joint-dispatch.csv?quarter=2025Q3&divisionCode=141100`, await w.tok('APPROVALS', '141100')), 403, 'FORBIDDEN');
    await expectError(await get(`/exports/joint-dispatch.xlsx?quarter=2025Q3&divisionCode=140700`, eco), 403, 'FORBIDDEN');
    await expectError(await get(`/exports/joint-dispatch.xlsx?quarter=2025Q5&divisionCode=141100`, eco), 400, 'BAD_USER_INPUT');
    await expectError(await get(`/exports/joint-dispatch.csv?divisionCode=141100`, eco), 400, 'BAD_USER_INPUT');
    await expectError(await get(`/exports/joint-dispatch.csv?quarter=2025Q3&divisionCode=999999`, eco), 400, 'BAD_USER_INPUT');
    await expectError(await get(`/exports/reserve-tracker.csv?year=2025&divisionCode=141100`, await w.tok('HOUSING', '141100')), 403, 'FORBIDDEN');
    // A query parameter that does not even coerce to its GraphQL type is the client's mistake too (was a 500).
    await expectError(await get(`/exports/reserve-tracker.xlsx?year=abc&divisionCode=141100`, eco), 400, 'BAD_USER_INPUT');
    await expectError(await get(`/exports/reserve-tracker.csv?year=1989&divisionCode=141100`, eco), 400, 'BAD_USER_INPUT');
  });
});

describe('reserve-tracker export', () => {
  it('CSV and XLSX carry the exact decimal sums of the GraphQL tracker', async () => {
    const tracker = ok(await t.gql(eco, `{ reserveTracker(year: 2025, divisionCode: "141100") { rows { county { code } projects newInCentralReserve targetMet centralFundsRequested centralFundsApproved } } }`)).reserveTracker;
    expect(tracker.rows.find((r: any) => r.county.code === A)).toMatchObject({ projects: 1, centralFundsRequested: '1250.50', centralFundsApproved: '0.00', targetMet: false });
    expect(tracker.rows.find((r: any) => r.county.code === B)).toMatchObject({ projects: 2, centralFundsRequested: '0.30' });

    const csv = await get(`/exports/reserve-tracker.csv?year=2025&divisionCode=141100`, eco);
    expect(csv.status).toBe(200);
    const rows = parseCsv(Buffer.from(await csv.arrayBuffer()).subarray(3).toString('utf8'));
    expect(rows).toHaveLength(1 + 13);
    const header = rows[0];
    const col = (h: string) => header.indexOf(h);
    const line = (code: string) => rows.find((r) => r[1] === code)!;
    expect(line(A)[col('申请中央资金（万元）')]).toBe('1250.50');
    expect(line(B)[col('申请中央资金（万元）')]).toBe('0.30');
    expect(line(A)[col('完成"至少一个"目标')]).toBe('否');

    // As of a date (RULES.md §7): a project recorded later is not in the tracker of an earlier date.
    const before = await get(`/exports/reserve-tracker.csv?year=2025&divisionCode=141100&asOf=2024-01-01`, eco);
    expect(before.status).toBe(200);
    const beforeRows = parseCsv(Buffer.from(await before.arrayBuffer()).subarray(3).toString('utf8'));
    expect(beforeRows.find((r) => r[1] === A)![col('申请中央资金（万元）')]).toBe('0.00');
    const bad = await get(`/exports/reserve-tracker.csv?year=2025&divisionCode=141100&asOf=2024-13-01`, eco);
    expect([bad.status, (await json(bad)).errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);

    const xlsx = await get(`/exports/reserve-tracker.xlsx?year=2025&divisionCode=141100`, eco);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const ws = wb.worksheets[0];
    const hdr = (ws.getRow(2).values as any[]).slice(1);
    expect(hdr).toEqual(header);
    const money = hdr.indexOf('申请中央资金（万元）') + 1;
    const rowOf = (code: string) => Array.from({ length: 13 }, (_, i) => ws.getRow(3 + i)).find((r) => r.getCell(2).value === code)!;
    expect(rowOf(A).getCell(money).value).toBe(1250.5);
    expect(rowOf(A).getCell(money).numFmt).toBe('0.00');
    expect(rowOf(B).getCell(money).value).toBe(0.3);
  });
});

// ─────────────── GeoJSON ───────────────

const CHINA = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 };
const STAGE_SET = new Set<string>(STAGES);

/** RFC 7946, structurally: a FeatureCollection of Features with Polygon/MultiPolygon/Point (or null) geometry. */
function assertFeatureCollection(fc: any): void {
  const fail = (where: string, what: string) => { throw new Error(`not RFC 7946 at ${where}: ${what}`); };
  if (fc?.type !== 'FeatureCollection') fail('root', `type is ${fc?.type}`);
  if (!Array.isArray(fc.features)) fail('root', 'features is not an array');
  if ('crs' in fc) fail('root', 'crs is not part of RFC 7946');
  const position = (p: any, where: string) => {
    if (!Array.isArray(p) || (p.length !== 2 && p.length !== 3) || !p.every((v: unknown) => typeof v === 'number' && Number.isFinite(v))) fail(where, 'not a [lon, lat] position');
    const [lon, lat] = p;
    if (lon < CHINA.minLon || lon > CHINA.maxLon || lat < CHINA.minLat || lat > CHINA.maxLat) fail(where, `(${lon}, ${lat}) is not lon/lat in China`);
  };
  const ring = (r: any, where: string) => {
    if (!Array.isArray(r) || r.length < 4) fail(where, 'a linear ring needs at least 4 positions');
    r.forEach((p: any, i: number) => position(p, `${where}[${i}]`));
    if (JSON.stringify(r[0]) !== JSON.stringify(r[r.length - 1])) fail(where, 'ring is not closed');
  };
  const polygon = (rings: any, where: string) => {
    if (!Array.isArray(rings) || rings.length === 0) fail(where, 'a polygon needs at least one ring');
    rings.forEach((r: any, i: number) => ring(r, `${where}[${i}]`));
  };
  fc.features.forEach((f: any, i: number) => {
    const at = `features[${i}]`;
    if (f?.type !== 'Feature') fail(at, `type is ${f?.type}`);
    if (!('geometry' in f)) fail(at, 'geometry member missing (null is allowed, absent is not)');
    if (!('properties' in f) || (f.properties !== null && typeof f.properties !== 'object')) fail(at, 'properties must be an object or null');
    if (f.id !== undefined && typeof f.id !== 'string' && typeof f.id !== 'number') fail(at, 'id must be a string or number');
    const g = f.geometry;
    if (g === null) return;
    if (g.type === 'Point') position(g.coordinates, `${at}.geometry`);
    else if (g.type === 'Polygon') polygon(g.coordinates, `${at}.geometry`);
    else if (g.type === 'MultiPolygon') {
      if (!Array.isArray(g.coordinates) || !g.coordinates.length) fail(at, 'empty MultiPolygon');
      g.coordinates.forEach((p: any, k: number) => polygon(p, `${at}.geometry[${k}]`));
    } else fail(at, `geometry type ${g.type}`);
    const p = f.properties;
    if (typeof p.plotCode !== 'string' || !p.plotCode) fail(at, 'properties.plotCode');
    if (typeof p.name !== 'string' || !p.name) fail(at, 'properties.name');
    if (!STAGE_SET.has(p.stage)) fail(at, `properties.stage ${p.stage}`);
    if (typeof p.county !== 'string' || !p.county) fail(at, 'properties.county');
  });
}

const GEO_QUERY = `query($f: PlotFilter) { plotsGeoJSON(filter: $f) }`;
const byCode = (fc: any) => Object.fromEntries(fc.features.map((f: any) => [f.properties.plotCode, f]));
const sortedCodes = (fc: any) => fc.features.map((f: any) => f.properties.plotCode).sort();

describe('plots as GeoJSON', () => {
  it('GET /exports/plots.geojson (city token): a valid FeatureCollection of its counties only, equal to plotsGeoJSON', async () => {
    const res = await get('/exports/plots.geojson', eco);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const fc = await json(res);
    assertFeatureCollection(fc);
    expect(sortedCodes(fc)).toEqual([codes.s1, codes.s2, codes.c1, codes.n1, codes.l1, codes.v1].sort());
    const gql = ok(await t.gql(eco, GEO_QUERY, {})).plotsGeoJSON;
    assertFeatureCollection(gql);
    expect(gql).toEqual(fc);

    const f = byCode(fc);
    expect(f[codes.s1].geometry).toEqual({ type: 'Polygon', coordinates: square(111.77, 37.14) });
    expect(f[codes.s1].properties).toMatchObject({ plotCode: codes.s1, name: '安置房地块', stage: 'BELOW_SCREENING', county: '孝义市', countyCode: A });
    expect(f[codes.s2].geometry.type).toBe('MultiPolygon');
    expect(f[codes.s2].geometry.coordinates[0]).toHaveLength(2); // outer ring and its hole kept
    expect(f[codes.c1].geometry).toEqual({ type: 'Point', coordinates: [111.75, 37.12] });
    expect(f[codes.n1].geometry).toBeNull();
    expect(f[codes.l1].properties).toMatchObject({ stage: 'LISTED', county: '汾阳市', countyCode: B });
    expect(f[codes.v1].properties).toMatchObject({ stage: 'SUSPECTED', county: '汾阳市' });
  });

  it('a COUNTY token gets its county only, whatever divisionCode it asks for', async () => {
    const county = await w.tok('ECO', A);
    const own = await json(await get('/exports/plots.geojson', county));
    assertFeatureCollection(own);
    expect(sortedCodes(own)).toEqual([codes.s1, codes.s2, codes.c1, codes.n1].sort());
    const other = await json(await get(`/exports/plots.geojson?divisionCode=${B}`, county));
    assertFeatureCollection(other);
    expect(other.features).toEqual([]);
    const gql = ok(await t.gql(county, GEO_QUERY, { f: { divisionCode: '141100' } })).plotsGeoJSON;
    expect(sortedCodes(gql)).toEqual(sortedCodes(own));
  });

  it('filters by divisionCode and stages, the same on GET and in the query', async () => {
    const b = await json(await get(`/exports/plots.geojson?divisionCode=${B}`, eco));
    assertFeatureCollection(b);
    expect(sortedCodes(b)).toEqual([codes.l1, codes.v1].sort());
    const listed = await json(await get(`/exports/plots.geojson?divisionCode=141100&stages=LISTED,BELOW_SCREENING`, eco));
    assertFeatureCollection(listed);
    expect(sortedCodes(listed)).toEqual([codes.s1, codes.s2, codes.l1].sort());
    const gql = ok(await t.gql(eco, GEO_QUERY, { f: { divisionCode: '141100', stages: ['LISTED', 'BELOW_SCREENING'] } })).plotsGeoJSON;
    expect(gql).toEqual(listed);
  });

  it('HOUSING may read the one-map overlay within its scope; another city sees only its own plots', async () => {
    const housing = await json(await get('/exports/plots.geojson', await w.tok('HOUSING', B)));
    assertFeatureCollection(housing);
    expect(sortedCodes(housing)).toEqual([codes.l1, codes.v1].sort());
    const jz = ok(await t.gql(await w.tok('NATURAL_RESOURCES', '140700'), GEO_QUERY, {})).plotsGeoJSON;
    assertFeatureCollection(jz);
    expect(sortedCodes(jz)).toEqual([codes.j1]);
  });

  it('no token → 401 UNAUTHENTICATED; a bad stage → 400', async () => {
    const res = await get('/exports/plots.geojson');
    expect(res.status).toBe(401);
    expect((await json(res)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await get('/exports/plots.geojson?stages=NOPE', eco);
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
