/**
 * Farmland (RULES.md §12; Xiaoyi plan 9–10, Jinzhong plan 1–2) told as stories through the API with each agency's
 * token: the agriculture bureau registers a county's units, a category change approved by the city government in
 * Q3 moves the county's priority-protection area in Q3's indicator and not in Q2's, a decrease raises the warning
 * and the 环评限批 flag, and a former coke plant's land is refused as edible-crop farmland on every path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, TestApp } from '../helpers/app';
import { ok, refused } from '../helpers/assert';
import { changeCategory, CITY, COUNTY, indicator, OTHER, plotWith, readUnit, registerUnit, rowOf, square, unit, wktSquare } from './helpers';

let t: TestApp;
const tok: Record<string, string> = {};
let clock = '2025-12-20';
beforeAll(async () => {
  t = await startTestApp({ now: () => new Date(`${clock}T12:00:00+08:00`) });
  for (const a of ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY']) tok[a] = await t.token(a, COUNTY);
  tok.agrOther = await t.token('AGRICULTURE', OTHER);
  tok.agrCity = await t.token('AGRICULTURE', CITY);
});
afterAll(async () => { await t.stop(); });
const sql = (q: string, p: unknown[] = []) => t.app.orm.em.fork().getConnection().execute(q, p);

describe('a category change approved in Q3 moves Q3 and not Q2; a decrease warns', () => {
  let a: any; let b: any; let c: any;
  beforeAll(async () => {
    a = await unit(t.gql, tok.AGRICULTURE, { code: 'YC-Q-001', category: 'PRIORITY_PROTECTION', areaM2: 10000, basicFarmland: true });
    b = await unit(t.gql, tok.AGRICULTURE, { code: 'YC-Q-002', category: 'PRIORITY_PROTECTION', areaM2: 5000 });
    c = await unit(t.gql, tok.AGRICULTURE, { code: 'YC-Q-003', category: 'SAFE_USE', areaM2: 3000 });
  });

  it('before the change: Q2 and Q3 equal, no warning', async () => {
    for (const q of ['2025Q2', '2025Q3']) {
      const r = rowOf(await indicator(t.gql, tok.AGRICULTURE, { quarter: q }));
      expect([r.priorityAreaAtYearStart, r.priorityArea, r.priorityAreaDecrease, r.warning, r.eiaRestricted]).toEqual([15000, 15000, 0, false, false]);
      expect(r.safeUseArea).toBe(3000);
      expect(r.basicFarmlandArea).toBe(10000);
    }
  });

  it('PRIORITY_PROTECTION → SAFE_USE approved 2025-08-15: Q3 drops by 10,000 m² and warns; Q2 never changes', async () => {
    const q2Before = await indicator(t.gql, tok.AGRICULTURE, { quarter: '2025Q2' });
    const ch = ok(await changeCategory(t.gql, tok.AGRICULTURE, a, { to: 'SAFE_USE', reason: 'SOIL_CROP_MONITORING', proposedOn: '2025-07-20', approvedOn: '2025-08-15' })).recordFarmlandCategoryChange;
    expect([ch.from, ch.to, ch.approvedOn]).toEqual(['PRIORITY_PROTECTION', 'SAFE_USE', '2025-08-15']);
    const q3 = rowOf(await indicator(t.gql, tok.AGRICULTURE, { quarter: '2025Q3' }));
    expect([q3.priorityAreaAtYearStart, q3.priorityArea, q3.priorityAreaDecrease]).toEqual([15000, 5000, 10000]);
    expect([q3.warning, q3.eiaRestricted, q3.categoryMovedDown, q3.changesApproved]).toEqual([true, true, 1, 1]);
    expect(q3.warnings.join()).toContain('减少10000平方米');
    expect(q3.safeUseArea).toBe(13000);
    expect(await indicator(t.gql, tok.AGRICULTURE, { quarter: '2025Q2' })).toEqual(q2Before);
    // The day before the approval, the category in force is still the old one.
    expect(rowOf(await indicator(t.gql, tok.AGRICULTURE, { asOf: '2025-08-14' })).priorityArea).toBe(15000);
    expect(rowOf(await indicator(t.gql, tok.AGRICULTURE, { asOf: '2025-08-15' })).priorityArea).toBe(5000);
    // The unit's as-of read agrees with the report (one definition).
    expect((await readUnit(t.gql, tok.AGRICULTURE, a.id, '2025-06-30')).category).toBe('PRIORITY_PROTECTION');
    expect((await readUnit(t.gql, tok.AGRICULTURE, a.id, '2025-09-30')).category).toBe('SAFE_USE');
    expect((await readUnit(t.gql, tok.AGRICULTURE, a.id)).registeredCategory).toBe('PRIORITY_PROTECTION');
    a = await readUnit(t.gql, tok.AGRICULTURE, a.id);
  });

  it('the next year starts from the new area: no decrease in 2026Q1, no warning', async () => {
    clock = '2026-04-10';
    try {
      const r = rowOf(await indicator(t.gql, tok.AGRICULTURE, { quarter: '2026Q1' }));
      expect([r.priorityAreaAtYearStart, r.priorityArea, r.warning]).toEqual([5000, 5000, false]);
    } finally { clock = '2025-12-20'; }
  });

  it('a move up does not warn; SAFE_USE → STRICT_CONTROL warns with no priority decrease (quality declined)', async () => {
    const lone = await unit(t.gql, tok.agrOther, { countyCode: OTHER, code: 'TG-1', category: 'SAFE_USE', areaM2: 800 });
    const up = await unit(t.gql, tok.agrOther, { countyCode: OTHER, code: 'TG-2', category: 'SAFE_USE', areaM2: 900 });
    ok(await changeCategory(t.gql, tok.agrOther, up, { to: 'PRIORITY_PROTECTION', proposedOn: '2025-04-01', approvedOn: '2025-04-02' }));
    const q2 = rowOf(await indicator(t.gql, tok.agrOther, { quarter: '2025Q2', division: OTHER }), OTHER);
    expect([q2.priorityArea, q2.priorityAreaDecrease, q2.warning, q2.categoryMovedDown]).toEqual([900, -900, false, 0]);
    ok(await changeCategory(t.gql, tok.agrOther, lone, { to: 'STRICT_CONTROL', proposedOn: '2025-07-01', approvedOn: '2025-07-02' }));
    const q3 = rowOf(await indicator(t.gql, tok.agrOther, { quarter: '2025Q3', division: OTHER }), OTHER);
    expect([q3.priorityAreaDecrease, q3.warning, q3.eiaRestricted, q3.categoryMovedDown]).toEqual([-900, true, true, 1]);
    expect(q3.warnings.join()).toContain('严格管控类');
    ok(await changeCategory(t.gql, tok.AGRICULTURE, c, { to: 'STRICT_CONTROL', proposedOn: '2025-10-08', approvedOn: '2025-10-10' }));
    const q4 = rowOf(await indicator(t.gql, tok.AGRICULTURE, { quarter: '2025Q4' }));
    expect(q4.categoryMovedDown).toBe(2);
    expect(q4.strictControlArea).toBe(3000);
    // Q3's answer is as it was.
    expect(rowOf(await indicator(t.gql, tok.AGRICULTURE, { quarter: '2025Q3' })).categoryMovedDown).toBe(1);
  });

  it('a pending change is not in force until approved, then approved and reported to the province', async () => {
    const pending = ok(await changeCategory(t.gql, tok.AGRICULTURE, b, { to: 'SAFE_USE', proposedOn: '2025-11-01' })).recordFarmlandCategoryChange;
    expect(pending.approvedOn).toBeNull();
    expect(rowOf(await indicator(t.gql, tok.AGRICULTURE, { asOf: '2025-12-01' })).priorityArea).toBe(5000);
    const fresh = await readUnit(t.gql, tok.AGRICULTURE, b.id);
    refused(await changeCategory(t.gql, tok.AGRICULTURE, fresh, { to: 'STRICT_CONTROL', proposedOn: '2025-11-02' }), 'CONFLICT');
    refused(await t.gql(tok.AGRICULTURE, `mutation($id: ID!) { reportFarmlandCategoryChange(id: $id, reportedOn: "2025-12-01", expectedVersion: 1) { id } }`, { id: pending.id }), 'BAD_USER_INPUT', 'id');
    refused(await t.gql(tok.AGRICULTURE, `mutation($id: ID!) { approveFarmlandCategoryChange(id: $id, approvedOn: "2025-10-01", expectedVersion: 1) { id } }`, { id: pending.id }), 'BAD_USER_INPUT', 'approvedOn');
    const ap = ok(await t.gql(tok.AGRICULTURE, `mutation($id: ID!) { approveFarmlandCategoryChange(id: $id, approvedOn: "2025-12-02", approvalDocument: "晋中政函〔2025〕88号", expectedVersion: 1) { id approvedOn approvalDocument version } }`, { id: pending.id })).approveFarmlandCategoryChange;
    expect(ap.approvedOn).toBe('2025-12-02');
    const rep = ok(await t.gql(tok.AGRICULTURE, `mutation($id: ID!, $v: Int!) { reportFarmlandCategoryChange(id: $id, reportedOn: "2025-12-10", expectedVersion: $v) { reportedToProvinceOn } }`, { id: pending.id, v: ap.version })).reportFarmlandCategoryChange;
    expect(rep.reportedToProvinceOn).toBe('2025-12-10');
    expect(rowOf(await indicator(t.gql, tok.AGRICULTURE, { asOf: '2025-12-01' })).priorityArea).toBe(5000);
    expect(rowOf(await indicator(t.gql, tok.AGRICULTURE, { asOf: '2025-12-02' })).priorityArea).toBe(0);
    // A change approved before a later one is refused: the history is never rewritten.
    const again = await readUnit(t.gql, tok.AGRICULTURE, b.id);
    refused(await changeCategory(t.gql, tok.AGRICULTURE, again, { to: 'PRIORITY_PROTECTION', proposedOn: '2025-11-03', approvedOn: '2025-11-05' }), 'BAD_USER_INPUT', 'input.approvedOn');
  });

  it('the city rule: a decrease within the tolerance does not warn; warnOnDecrease false never warns', async () => {
    for (const [rules, warns] of [[{ decreaseToleranceSquareMetres: 20000 }, false], [{ decreaseToleranceSquareMetres: 100 }, true], [{ warnOnDecrease: false }, false]] as const) {
      const file = path.join(os.tmpdir(), `farmland-rules-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
      fs.writeFileSync(file, JSON.stringify({ farmland: rules }));
      const other = await startTestApp({ now: () => new Date('2025-12-20T12:00:00+08:00'), config: { cityRulesFile: file } });
      try {
        const agr = await other.token('AGRICULTURE', COUNTY);
        const u = await unit(other.gql, agr, { code: 'T-1', category: 'PRIORITY_PROTECTION', areaM2: 10000 });
        await unit(other.gql, agr, { code: 'T-2', category: 'PRIORITY_PROTECTION', areaM2: 5000 });
        ok(await changeCategory(other.gql, agr, u, { to: 'SAFE_USE', proposedOn: '2025-08-01', approvedOn: '2025-08-02', reason: 'LAND_USE_CHANGE' }));
        const r = rowOf(await indicator(other.gql, agr, { quarter: '2025Q3' }));
        expect(r.priorityAreaDecrease).toBe(10000);
        expect([r.warning, r.eiaRestricted, r.categoryMovedDown]).toEqual([warns, warns, 1]);
      } finally { await other.stop(); fs.rmSync(file, { force: true }); }
    }
  });
});

describe('a former coke plant is never reclaimed as edible-crop farmland, on every path', () => {
  let coke: any; let clean: any;
  const at = [112.80, 37.70];
  beforeAll(async () => {
    coke = await plotWith(t.gql, tok.ECO, { name: '原榆次某焦化厂地块', industry: '炼焦', formerEnterprise: '山西某焦化有限公司', boundary: square(at[0], at[1], 0.004) });
    clean = await plotWith(t.gql, tok.ECO, { name: '某仓储用地', industry: '仓储', boundary: square(112.9, 37.7, 0.002) });
  });

  it('the read says so, with its grounds, for every agency that reads farmland', async () => {
    for (const a of ['AGRICULTURE', 'ECO', 'NATURAL_RESOURCES', 'APPROVALS']) {
      const r = ok(await t.gql(tok[a], `query($id: ID!) { plot(id: $id) { reclamationToFood { allowed reasons grounds keyIndustry } } }`, { id: coke.id })).plot.reclamationToFood;
      expect(r).toEqual({ allowed: false, reasons: ['RESTRICTED_USE'], grounds: ['KEY_INDUSTRY'], keyIndustry: '焦化' });
    }
    const c = ok(await t.gql(tok.AGRICULTURE, `query($id: ID!) { plot(id: $id) { reclamationToFood { allowed reasons grounds } } }`, { id: clean.id })).plot.reclamationToFood;
    expect(c).toEqual({ allowed: true, reasons: [], grounds: [] });
    refused(await t.gql(tok.HOUSING, `query($id: ID!) { plot(id: $id) { reclamationToFood { allowed } } }`, { id: coke.id }), 'FORBIDDEN');
  });

  it('registering a unit naming the plot, or over it, in an edible category: RESTRICTED_USE; nothing written', async () => {
    const before = await sql(`select count(*)::int as n from farmland_unit`);
    for (const category of ['PRIORITY_PROTECTION', 'SAFE_USE']) {
      refused(await registerUnit(t.gql, tok.AGRICULTURE, { code: `COKE-${category}`, category, areaM2: 2000, plotId: coke.id }), 'RESTRICTED_USE');
      refused(await registerUnit(t.gql, tok.AGRICULTURE, { code: `COKE-B-${category}`, category, boundary: square(at[0] + 0.001, at[1] + 0.001, 0.001) }), 'RESTRICTED_USE');
      // Partly over it.
      refused(await registerUnit(t.gql, tok.AGRICULTURE, { code: `COKE-P-${category}`, category, boundary: square(at[0] - 0.002, at[1] - 0.002, 0.003) }), 'RESTRICTED_USE');
      refused(await registerUnit(t.gql, tok.agrCity, { code: `COKE-C-${category}`, category, areaM2: 2000, plotId: coke.id }), 'RESTRICTED_USE');
    }
    expect(await sql(`select count(*)::int as n from farmland_unit`)).toEqual(before);
    const refusals = await sql(`select count(*)::int as n from audit_log where operation = 'registerFarmlandUnit' and outcome = 'RESTRICTED_USE'`);
    expect(refusals[0].n).toBe(8);
    // Beside it (not touching) is fine.
    ok(await registerUnit(t.gql, tok.AGRICULTURE, { code: 'BESIDE-1', category: 'PRIORITY_PROTECTION', boundary: square(at[0] + 0.01, at[1], 0.001) }));
  });

  it('严格管控类 (no edible crops) may be registered on it; a later move to an edible category is refused, recorded or approved', async () => {
    const strict = await unit(t.gql, tok.AGRICULTURE, { code: 'COKE-STRICT', category: 'STRICT_CONTROL', areaM2: 2000, plotId: coke.id });
    for (const to of ['SAFE_USE', 'PRIORITY_PROTECTION']) {
      refused(await changeCategory(t.gql, tok.AGRICULTURE, strict, { to, proposedOn: '2025-09-01', approvedOn: '2025-09-02' }), 'RESTRICTED_USE');
      refused(await changeCategory(t.gql, tok.AGRICULTURE, strict, { to, proposedOn: '2025-09-01' }), 'RESTRICTED_USE');
    }
    // A unit over the plot by its boundary only.
    const over = await unit(t.gql, tok.AGRICULTURE, { code: 'COKE-STRICT-2', category: 'STRICT_CONTROL', boundary: square(at[0] + 0.001, at[1] + 0.001, 0.001) });
    refused(await changeCategory(t.gql, tok.AGRICULTURE, over, { to: 'SAFE_USE', proposedOn: '2025-09-01', approvedOn: '2025-09-02' }), 'RESTRICTED_USE');
    // A change pending before the land was known restricted is refused at its approval.
    const later = await unit(t.gql, tok.AGRICULTURE, { code: 'LATER-1', category: 'STRICT_CONTROL', boundary: square(113.0, 37.7, 0.001) });
    const pending = ok(await changeCategory(t.gql, tok.AGRICULTURE, later, { to: 'SAFE_USE', proposedOn: '2025-09-01' })).recordFarmlandCategoryChange;
    await plotWith(t.gql, tok.ECO, { name: '后查明的原焦化厂', industry: '2521 炼焦', boundary: square(113.0, 37.7, 0.002) });
    refused(await t.gql(tok.AGRICULTURE, `mutation($id: ID!) { approveFarmlandCategoryChange(id: $id, approvedOn: "2025-09-10", expectedVersion: 1) { id } }`, { id: pending.id }), 'RESTRICTED_USE');
  });

  it('the bulk import refuses the rows over it (all listed), and loads nothing', async () => {
    const before = await sql(`select count(*)::int as n from farmland_unit`);
    const csv = ['code,category,basic_farmland,wkt', `IMP-1,优先保护类,是,"${wktSquare(112.95, 37.75)}"`, `IMP-2,安全利用类,否,"${wktSquare(at[0] + 0.001, at[1] + 0.001)}"`,
      `IMP-3,SAFE_USE,false,"${wktSquare(112.96, 37.75)}"`].join('\n');
    const r = await t.gql(tok.AGRICULTURE, `mutation($c: String!) { importFarmlandUnits(countyCode: "${COUNTY}", format: CSV_WKT, content: $c) { imported } }`, { c: csv });
    refused(r, 'BAD_USER_INPUT', 'content');
    const errs = (r.errors![0].extensions as any).errors;
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ row: 3, field: 'boundary' });
    expect(errs[0].message).toMatch(/^RESTRICTED_USE/);
    const named = await t.gql(tok.AGRICULTURE, `mutation($c: String!) { importFarmlandUnits(countyCode: "${COUNTY}", format: CSV_WKT, content: $c) { imported } }`,
      { c: `code,category,area_m2,plot_id\nIMP-9,PRIORITY_PROTECTION,1000,${coke.id}\n` });
    expect((named.errors![0].extensions as any).errors[0]).toMatchObject({ row: 2, field: 'plotId' });
    expect(await sql(`select count(*)::int as n from farmland_unit`)).toEqual(before);
  });

  it('key units\' land and vacated sites are restricted too, whatever their industry', async () => {
    const kuLand = await plotWith(t.gql, tok.ECO, { name: '某机械厂厂区', source: 'KEY_UNIT_LAND', industry: '通用设备制造', boundary: square(112.70, 37.60, 0.002) });
    const vacated = await plotWith(t.gql, tok.ECO, { name: '某腾退厂区', source: 'VACATED_SITE', boundary: square(112.72, 37.60, 0.002) });
    for (const [p, ground] of [[kuLand, 'KEY_UNIT_LAND'], [vacated, 'VACATED_SITE']] as const) {
      const r = ok(await t.gql(tok.AGRICULTURE, `query($id: ID!) { plot(id: $id) { reclamationToFood { allowed grounds } } }`, { id: p.id })).plot.reclamationToFood;
      expect(r).toEqual({ allowed: false, grounds: [ground] });
      refused(await registerUnit(t.gql, tok.AGRICULTURE, { code: `R-${ground}`, category: 'SAFE_USE', areaM2: 1000, plotId: p.id }), 'RESTRICTED_USE');
    }
  });
});
