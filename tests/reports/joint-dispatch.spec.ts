/**
 * 每季度调度分析 — jointDispatchReport(quarter, divisionCode), read back cell by cell.
 *
 * A small history of 吕梁市 is written BY HAND through the GraphQL API with each agency's own token (ECO:
 * key units, plots, stage moves with evidence, rectifications, reserve projects; NATURAL_RESOURCES: planned
 * uses and supplies; HOUSING: works seen on site, a discovered plot; APPROVALS: permits issued and ended)
 * in two counties, 141181 孝义市 (A) and 141182 汾阳市 (B); 141130 交口县 and the other ten counties stay
 * empty. Events are dated in 2025Q1–Q4, recorded in three phases:
 *   1. everything dated up to 2025-06-30            → the Q2 report is read (R2a)
 *   2. everything dated 2025Q3 (and a little Q4)   → the Q2 report is read again and must equal R2a
 *   3. a fact back-dated into Q2 (works started on 2025-05-20 on plot A2 while it was UNDER_INVESTIGATION),
 *      recorded after all of that, and its rectification on 2025-09-10 → Q2 changes by exactly that fact.
 * The expected numbers below are worked out by hand from the history (see the comments beside each plot),
 * never from the code under test.
 *
 * Readings of the brief tested here (where it could be read two ways):
 * - sensitiveUseChangesInvestigated: "investigation closed" = the plot has left SUSPECTED/UNDER_INVESTIGATION
 *   by quarter end (the investigation report was reviewed: the stage part of `investigationRequired`), so a
 *   plot at UNDER_RISK_ASSESSMENT counts (A6).
 * - safeUseRate: "CLEARED when supplied" reads the stage on the supply's decision date from history; a plot
 *   cleared when supplied and re-opened later (B6) still counts as safe; "open violation" means any kind.
 * - keyUnits: a unit delisted during the quarter is not LISTED on its last day.
 * - counts "in the quarter" include both the first and the last day (boundary dates 06-30, 07-01, 09-30).
 */
import { REQUEST_TRANSACTION_STATEMENTS, startTestApp, TestApp } from '../helpers/app';
import { api, Api, codeOf, JD_QUERY, ok, STAGES } from './api';

jest.setTimeout(180_000);

const A = '141181'; // 孝义市
const B = '141182'; // 汾阳市
const LVLIANG = [
  ['141102', '离石区'], ['141121', '文水县'], ['141122', '交城县'], ['141123', '兴县'], ['141124', '临县'], ['141125', '柳林县'],
  ['141126', '石楼县'], ['141127', '岚县'], ['141128', '方山县'], ['141129', '中阳县'], ['141130', '交口县'], ['141181', '孝义市'], ['141182', '汾阳市'],
] as const;

let t: TestApp;
let w: Api;
let eco: string; // ECO 吕梁市
let nr: string; // NATURAL_RESOURCES 吕梁市
const ids: Record<string, string> = {};
let q2BeforeQ3: any; // R2a: Q2 as read when only Q2 (and earlier) facts were recorded
let q2AfterQ3: any; // R2b: Q2 as read after the Q3/Q4 facts

// ─────────────── expected rows, by hand ───────────────

interface Counts {
  /** SUSPECTED, UNDER_INVESTIGATION, BELOW_SCREENING, UNDER_RISK_ASSESSMENT, RISK_ACCEPTABLE, LISTED, RISK_CONTROL, REMEDIATION, EFFECT_EVALUATION, DELISTED */
  stages: [number, number, number, number, number, number, number, number, number, number];
  changes: number; investigated: number; listed: number; delisted: number; vOpen: number; vRectified: number;
  keyUnits: number; overdue: number; permitsEnded: number; sitesOpen: number; reserveAdded: number; rate: number | null;
}
const EMPTY: Counts = {
  stages: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], changes: 0, investigated: 0, listed: 0, delisted: 0, vOpen: 0, vRectified: 0,
  keyUnits: 0, overdue: 0, permitsEnded: 0, sitesOpen: 0, reserveAdded: 0, rate: null,
};
const row = (county: { code: string; name: string } | null, c: Counts) => ({
  county,
  plotsByStage: STAGES.map((stage, i) => ({ stage, count: c.stages[i] })),
  sensitiveUseChanges: c.changes,
  sensitiveUseChangesInvestigated: c.investigated,
  listedInQuarter: c.listed,
  delistedInQuarter: c.delisted,
  violationsOpen: c.vOpen,
  violationsRectifiedInQuarter: c.vRectified,
  keyUnits: c.keyUnits,
  keyUnitsOverdue: c.overdue,
  permitsEndedInQuarter: c.permitsEnded,
  vacatedSitesOpen: c.sitesOpen,
  reserveProjectsAdded: c.reserveAdded,
  safeUseRate: c.rate,
});
/** The 13 rows of 吕梁市 by code: A and B as given, every other county all zeros and a null rate. */
const cityRows = (a: Counts, b: Counts) => LVLIANG.map(([code, name]) => row({ code, name }, code === A ? a : code === B ? b : EMPTY));

// 2025Q2, as of 2025-06-30, before the back-dated fact of phase 3.
//   A: A7 SUSPECTED; A4 UNDER_INVESTIGATION; A2, A3 BELOW_SCREENING; A6 UNDER_RISK_ASSESSMENT; A1 LISTED (05-15).
//      一住两公 plans in Q2: A2 (0701, 04-20), A6 (0602 → 0801, 05-05), A7 (0701, 06-01); closed by 06-30: A2 (BS), A6 (URA).
//      Key units: KA1, KA2, KA3 listed; KA3 (listed 05-10, no permit) OVERDUE; KA2's first check is DUE till 2025-08-01,
//      but KA2 (listed 2024-08-01, not in 2024's last 90 days) owes 2024's self-monitoring and has none: OVERDUE (RULES §6).
//      KA1 has its 2024 records (its 2023 ones are a year further back: only the last year is owed at a date).
//      Permit of a food plant ended 04-15: 1 ended, its site (no plot: not a key industry) open.
//      Reserve RA1 entered the central reserve on 06-30.  Supplied for 一住两公 this year: A3 (03-15), A2 (06-20), both cleared then.
//   B: B3, B5 SUSPECTED; B6, B7 BELOW_SCREENING; B4 UNDER_RISK_ASSESSMENT; B1 LISTED (04-10); B2 EFFECT_EVALUATION.
//      Violation on B3 (works on 05-06 while SUSPECTED) open. Key units KB1 (no 2024 groundwater record: OVERDUE), KB2
//      (one-plant-one-policy DUE, with no deadline: RULES §6 drops the first edition's 180 days). 农药 permit revoked 05-25: 1 ended, its site (plot B5 SUSPECTED) open.
//      Supplied this year: B6 (06-05, cleared).
const Q2_A_BEFORE: Counts = {
  stages: [1, 1, 2, 1, 0, 1, 0, 0, 0, 0], changes: 3, investigated: 2, listed: 1, delisted: 0, vOpen: 0, vRectified: 0,
  keyUnits: 3, overdue: 2, permitsEnded: 1, sitesOpen: 1, reserveAdded: 1, rate: 1,
};
const Q2_B: Counts = {
  stages: [2, 0, 2, 1, 0, 1, 0, 0, 1, 0], changes: 0, investigated: 0, listed: 1, delisted: 0, vOpen: 1, vRectified: 0,
  keyUnits: 2, overdue: 1, permitsEnded: 1, sitesOpen: 1, reserveAdded: 0, rate: 1,
};
const Q2_TOTAL_BEFORE: Counts = {
  stages: [3, 1, 4, 2, 0, 2, 0, 0, 1, 0], changes: 3, investigated: 2, listed: 2, delisted: 0, vOpen: 1, vRectified: 0,
  keyUnits: 5, overdue: 3, permitsEnded: 2, sitesOpen: 2, reserveAdded: 1, rate: 1, // 3 safe of 3 supplied
};
// After phase 3: works started on A2 on 2025-05-20 (then UNDER_INVESTIGATION) → a violation detected 05-20, open on 06-30
// (rectified 09-10): A gains an open violation and A2 is no longer safe → A 1/2, total 2/3.
const Q2_A: Counts = { ...Q2_A_BEFORE, vOpen: 1, rate: 0.5 };
const Q2_TOTAL: Counts = { ...Q2_TOTAL_BEFORE, vOpen: 2, rate: 2 / 3 };

// 2025Q3, as of 2025-09-30, after all phases.
//   A: AV1 SUSPECTED (KA1's land, from its permit ended 08-10); A5, A7 UNDER_INVESTIGATION; A2, A4 BELOW_SCREENING;
//      A6 UNDER_RISK_ASSESSMENT; A3 LISTED (09-01, supplied for 0701 → violation open); A1 REMEDIATION.
//      一住两公 plans in Q3: A4 (0803, 07-05), A5 (0702, 08-01); A6 0801 → 0803 is not a change. Closed by 09-30: A4.
//      Violations: A3's open; A2's rectified 09-10. Key units: KA3 delisted 08-15 → KA1, KA2. KA2 OVERDUE (no check a year
//      after listing 2024-08-01, no 2024 records). KA1's only permit ended 08-10 by closure: it owes DIRECTORY_UPDATE
//      (DUE, the bureau's), not PERMIT_COVERAGE, so it is not overdue (RULES §6; the first edition counted it). Sites open: the food plant's, KA1's.
//      Reserve RA2 entered 08-08. Supplied this year: A3 (violation open), A2 (rectified), A4 (08-20, cleared) → 2/3.
//   B: B3 SUSPECTED; B6 UNDER_INVESTIGATION (re-opened 09-05; it was cleared when supplied); B5, B7 BELOW_SCREENING;
//      B4 RISK_ACCEPTABLE; B1 RISK_CONTROL; B2 DELISTED (07-15). 一住两公 plan in Q3: B7 (0805), cleared.
//      B3's violation rectified 07-20. Key units KB1 (OVERDUE), KB2 (one plant one policy DUE until its 一厂一策 document
//      is recorded; B1's works no longer meet it), KB3 (listed 09-01, no permit: OVERDUE). Site of B5 released (BS 08-25). Reserve RB3 07-01 and RB1 09-30.
//      Supplied this year: B6, B7 (07-30), both cleared then, no open violation → 2/2.
const Q3_A: Counts = {
  stages: [1, 2, 2, 1, 0, 1, 0, 1, 0, 0], changes: 2, investigated: 1, listed: 1, delisted: 0, vOpen: 1, vRectified: 1,
  keyUnits: 2, overdue: 1, permitsEnded: 1, sitesOpen: 2, reserveAdded: 1, rate: 2 / 3,
};
const Q3_B: Counts = {
  stages: [1, 1, 2, 0, 1, 0, 1, 0, 0, 1], changes: 1, investigated: 1, listed: 0, delisted: 1, vOpen: 0, vRectified: 1,
  keyUnits: 3, overdue: 2, permitsEnded: 0, sitesOpen: 0, reserveAdded: 2, rate: 1,
};
const Q3_TOTAL: Counts = {
  stages: [2, 3, 4, 1, 1, 1, 1, 1, 0, 1], changes: 3, investigated: 2, listed: 1, delisted: 1, vOpen: 1, vRectified: 2,
  keyUnits: 5, overdue: 3, permitsEnded: 1, sitesOpen: 2, reserveAdded: 3, rate: 0.8, // 4 safe of 5 supplied
};

// ─────────────── the history ───────────────

const near = (lon: number, lat: number) => ({ lon, lat });

/** Phase 1: every fact dated up to 2025-06-30. */
async function recordUpToQ2() {
  // ── 孝义市 (A) ──
  const ka1 = await w.keyUnit(A, '焦化', '2023-03-01', '孝义市金晖焦化有限公司');
  ids.ka1 = ka1.id;
  await w.hiddenDangerCheck(ka1.id, A, '2023-09-01');
  await w.monitoring(ka1.id, A, 'SELF_SOIL', 2024, '2024-06-01');
  await w.monitoring(ka1.id, A, 'SELF_GROUNDWATER', 2024, '2024-06-02');
  ids.pa1 = (await w.permit(A, ka1.creditCode, '孝义市金晖焦化有限公司', '焦化', '2023-01-01', '2027-12-31')).id;
  const ka2 = await w.keyUnit(A, '化工', '2024-08-01', '孝义市鹏飞化工有限公司'); // no check yet: DUE till 2025-08-01
  await w.permit(A, ka2.creditCode, '孝义市鹏飞化工有限公司', '化工', '2024-09-01', '2029-08-31');
  ids.ka3 = (await w.keyUnit(A, '电镀', '2025-05-10', '孝义市华兴电镀厂')).id; // no permit: PERMIT_COVERAGE OVERDUE
  const food = w.creditCode(A);
  const pFood = await w.permit(A, food, '孝义市某食品加工厂', '食品加工', '2022-03-01', '2027-02-28');
  await w.endPermit(pFood.id, A, 'CANCEL', '2025-04-15'); // not a key industry: a site without a plot

  ids.a1 = await w.plot(A, { name: '金晖焦化厂区', source: 'KEY_UNIT_LAND', keyUnitId: ka1.id, industry: '焦化', identifiedOn: '2024-03-01', centroid: near(111.78, 37.14) });
  await w.walk(ids.a1, A, [['UNDER_INVESTIGATION', '2024-06-01'], ['UNDER_RISK_ASSESSMENT', '2024-12-01'], ['LISTED', '2025-05-15']]);

  ids.a2 = await w.plot(A, { name: '原机修厂地块', source: 'LAND_USE_CHANGE', currentUseCode: '0601', identifiedOn: '2025-01-10' });
  await w.planLandUse(ids.a2, A, '0701', '2025-04-20', 2026);
  await w.walk(ids.a2, A, [['UNDER_INVESTIGATION', '2025-05-01'], ['BELOW_SCREENING', '2025-06-10']]);
  await w.landAction(ids.a2, A, 'SUPPLY', '2025-06-20');

  ids.a3 = await w.plot(A, { name: '原机械制造厂地块', source: 'KEY_INDUSTRY_SURVEY', industry: '机械制造', currentUseCode: '0601', identifiedOn: '2024-05-01' });
  await w.walk(ids.a3, A, [['UNDER_INVESTIGATION', '2024-06-01'], ['BELOW_SCREENING', '2024-10-01']]);
  await w.planLandUse(ids.a3, A, '0701', '2025-02-10');
  await w.landAction(ids.a3, A, 'SUPPLY', '2025-03-15');

  ids.a4 = await w.plot(A, { name: '原砖厂地块', currentUseCode: '0601', identifiedOn: '2025-06-01' });
  await w.advance(ids.a4, A, 'UNDER_INVESTIGATION', '2025-06-15');

  ids.a6 = await w.plot(A, { name: '原仓储地块', currentUseCode: '0601', identifiedOn: '2024-11-01' });
  await w.advance(ids.a6, A, 'UNDER_INVESTIGATION', '2025-01-15');
  await w.planLandUse(ids.a6, A, '0602', '2025-02-01');
  await w.planLandUse(ids.a6, A, '0801', '2025-05-05');
  await w.advance(ids.a6, A, 'UNDER_RISK_ASSESSMENT', '2025-06-25');

  ids.a7 = await w.plot(A, { name: '原农机站地块', currentUseCode: '0601', identifiedOn: '2025-04-02' });
  await w.planLandUse(ids.a7, A, '0701', '2025-06-01');

  const ra1 = await w.reserveProject(A, 2025, '120.00');
  await enterReserve(ra1, A, '2025-04-01', '2025-06-30');
  await w.reserveProject(A, 2025, '30.00'); // a DRAFT: never counted

  // ── 汾阳市 (B) ──
  const kb1 = await w.keyUnit(B, '有色金属冶炼', '2022-01-01', '汾阳市某有色金属冶炼厂');
  await w.hiddenDangerCheck(kb1.id, B, '2022-06-01');
  await w.monitoring(kb1.id, B, 'SELF_SOIL', 2024, '2024-05-01'); // no SELF_GROUNDWATER for 2024: OVERDUE all of 2025
  ids.pb1 = (await w.permit(B, kb1.creditCode, '汾阳市某有色金属冶炼厂', '有色金属冶炼', '2022-01-01', '2026-12-31')).id;
  const kb2 = await w.keyUnit(B, '石油加工', '2023-02-01', '汾阳市某石油加工厂');
  await w.hiddenDangerCheck(kb2.id, B, '2023-05-01');
  await w.monitoring(kb2.id, B, 'SELF_SOIL', 2024, '2024-05-01');
  await w.monitoring(kb2.id, B, 'SELF_GROUNDWATER', 2024, '2024-05-02');
  await w.monitoring(kb2.id, B, 'SURROUNDING_SOIL', 2025, '2025-02-01', true); // one plant one policy: DUE till 2025-07-31
  await w.permit(B, kb2.creditCode, '汾阳市某石油加工厂', '石油加工', '2023-02-01', '2028-01-31');
  const pest = w.creditCode(B);
  ids.pbn = (await w.permit(B, pest, '汾阳市某农药厂', '农药', '2021-06-01', '2026-05-31')).id;
  await w.endPermit(ids.pbn, B, 'REVOKE', '2025-05-25'); // key industry: site + SUSPECTED plot B5
  const site = await w.plotSiteOf(ids.pbn, B);
  expect(site.status).toBe('VACATED');
  ids.b5 = site.plot!.id;

  ids.b1 = await w.plot(B, { name: '石油加工厂区', source: 'KEY_UNIT_LAND', keyUnitId: kb2.id, industry: '石油加工', identifiedOn: '2024-02-01', centroid: near(111.79, 37.27) });
  await w.walk(ids.b1, B, [['UNDER_INVESTIGATION', '2024-04-01'], ['UNDER_RISK_ASSESSMENT', '2024-09-01'], ['LISTED', '2025-04-10']]);

  ids.b2 = await w.plot(B, { name: '原铸造厂地块', identifiedOn: '2023-01-01' });
  await w.walk(ids.b2, B, [
    ['UNDER_INVESTIGATION', '2023-03-01'], ['UNDER_RISK_ASSESSMENT', '2023-06-01'], ['LISTED', '2023-09-01'], ['REMEDIATION', '2023-10-01'],
    ['EFFECT_EVALUATION', '2025-03-01'], ['REMEDIATION', '2025-05-01'], ['EFFECT_EVALUATION', '2025-06-20'],
  ]);

  ids.b3 = await w.discovered(B, { name: '汾阳市某工地发现污染土', identifiedOn: '2025-05-05' }, 'HOUSING');
  await w.constructionStarted(ids.b3, B, '2025-05-06'); // works on a SUSPECTED plot: a violation detected 05-06

  ids.b4 = await w.plot(B, { name: '原化肥厂地块', identifiedOn: '2024-01-01' });
  await w.walk(ids.b4, B, [['UNDER_INVESTIGATION', '2024-03-01'], ['UNDER_RISK_ASSESSMENT', '2024-08-01']]);

  ids.b6 = await w.plot(B, { name: '原酒厂仓库地块', currentUseCode: '0601', identifiedOn: '2024-06-01' });
  await w.walk(ids.b6, B, [['UNDER_INVESTIGATION', '2024-07-01'], ['BELOW_SCREENING', '2024-12-01']]);
  await w.planLandUse(ids.b6, B, '0701', '2025-01-20');
  await w.landAction(ids.b6, B, 'SUPPLY', '2025-06-05');

  ids.b7 = await w.plot(B, { name: '原纺织厂地块', currentUseCode: '0601', identifiedOn: '2025-04-01' });
  await w.walk(ids.b7, B, [['UNDER_INVESTIGATION', '2025-04-15'], ['BELOW_SCREENING', '2025-06-28']]);

  const rb2 = await w.reserveProject(B, 2024, '80.00');
  await enterReserve(rb2, B, '2024-12-01', '2025-03-31'); // Q1

  // ── 晋中市 榆次区: another city's facts in the same quarters, never in 吕梁市's report ──
  const J = '140702';
  const kj = await w.keyUnit(J, '焦化', '2024-01-01'); // no permit: OVERDUE
  void kj;
  const pj = await w.plot(J, { name: '榆次区某地块', identifiedOn: '2025-04-01' });
  await w.constructionStarted(pj, J, '2025-05-01');
  const pjPermit = await w.permit(J, w.creditCode(J), '榆次区某电镀厂', '电镀', '2022-01-01', '2026-12-31');
  await w.endPermit(pjPermit.id, J, 'CANCEL', '2025-05-01');
  const rj = await w.reserveProject(J, 2025, '10.00');
  await enterReserve(rj, J, '2025-05-01', '2025-05-01');
}

/** Phase 2: facts dated 2025Q3, and a few in Q4 that no Q2/Q3 report may show. */
async function recordQ3AndLater() {
  // ── A ──
  await w.endPermit(ids.pa1, A, 'CANCEL', '2025-08-10'); // KA1 loses its only permit; site + plot AV1
  await w.delistKeyUnit(ids.ka3, A, '2025-08-15');
  await w.advance(ids.a1, A, 'REMEDIATION', '2025-08-01');
  await w.walk(ids.a3, A, [['UNDER_INVESTIGATION', '2025-07-10'], ['UNDER_RISK_ASSESSMENT', '2025-08-05'], ['LISTED', '2025-09-01']]);
  const a3v = await w.violationsOf(ids.a3, A);
  expect(a3v.map((v) => [v.kind, v.detectedOn])).toEqual([['SENSITIVE_USE_OF_LISTED_PLOT', '2025-09-01']]);
  await w.planLandUse(ids.a4, A, '0803', '2025-07-05');
  await w.advance(ids.a4, A, 'BELOW_SCREENING', '2025-07-25');
  await w.landAction(ids.a4, A, 'SUPPLY', '2025-08-20');
  ids.a5 = await w.plot(A, { name: '原面粉厂地块', currentUseCode: '0601', identifiedOn: '2025-07-02' });
  await w.planLandUse(ids.a5, A, '0702', '2025-08-01', 2026);
  await w.advance(ids.a5, A, 'UNDER_INVESTIGATION', '2025-09-15');
  await w.planLandUse(ids.a6, A, '0803', '2025-07-20'); // 一住两公 → 一住两公: not a change
  await w.advance(ids.a7, A, 'UNDER_INVESTIGATION', '2025-07-15');
  const ra2 = await w.reserveProject(A, 2025, '60.00');
  await enterReserve(ra2, A, '2025-07-01', '2025-08-08');

  // ── B ──
  await w.keyUnit(B, '制革', '2025-09-01', '汾阳市某制革厂'); // no permit: OVERDUE from its listing
  await w.advance(ids.b1, B, 'RISK_CONTROL', '2025-09-20');
  await w.advance(ids.b2, B, 'DELISTED', '2025-07-15');
  const [vb3] = await w.violationsOf(ids.b3, B);
  await w.rectify(vb3.id, B, '2025-07-20');
  await w.advance(ids.b4, B, 'RISK_ACCEPTABLE', '2025-08-20');
  await w.walk(ids.b5, B, [['UNDER_INVESTIGATION', '2025-07-05'], ['BELOW_SCREENING', '2025-08-25']]);
  expect((await w.plotSiteOf(ids.pbn, B)).status).toBe('RELEASED');
  await w.advance(ids.b6, B, 'UNDER_INVESTIGATION', '2025-09-05'); // re-opened after it was supplied
  await w.planLandUse(ids.b7, B, '0805', '2025-07-03');
  await w.landAction(ids.b7, B, 'SUPPLY', '2025-07-30');
  const rb1 = await w.reserveProject(B, 2025, '200.00');
  await enterReserve(rb1, B, '2025-08-01', '2025-09-30');
  const rb3 = await w.reserveProject(B, 2025, '50.00');
  await enterReserve(rb3, B, '2025-06-01', '2025-07-01');

  // ── Q4: none of this is in Q2 or Q3 ──
  await w.plot(A, { name: '原水泥厂地块', currentUseCode: '0601', identifiedOn: '2025-10-05' });
  await w.advance(ids.b3, B, 'UNDER_INVESTIGATION', '2025-10-20');
  await w.endPermit(ids.pb1, B, 'CANCEL', '2025-11-01'); // KB1's permit; a site and plot vacated 11-01
  const ra4 = await w.reserveProject(A, 2025, '15.00');
  await enterReserve(ra4, A, '2025-10-01', '2025-10-01');
}

/** Phase 3: recorded last, dated back into Q2. */
async function recordBackDated() {
  await w.constructionStarted(ids.a2, A, '2025-05-20'); // A2 was UNDER_INVESTIGATION on 05-20 (cleared 06-10)
  const [v] = await w.violationsOf(ids.a2, A);
  expect(v).toMatchObject({ kind: 'CONSTRUCTION_BEFORE_CLEARANCE', detectedOn: '2025-05-20', rectifiedOn: null });
  await w.rectify(v.id, A, '2025-09-10');
}

/** A project submitted and taken into the central reserve, one stage at a time with its batch document (RULES.md §7). */
const enterReserve = async (id: string, county: string, submittedOn: string, enteredOn: string) => {
  await w.updateReserveProject(id, county, { stage: 'SUBMITTED', submittedOn });
  await w.updateReserveProject(id, county, { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: enteredOn, centralReserveBatchNo: `${enteredOn.slice(0, 4)}年第一批` });
};
const report = async (token: string, quarter: string, division = '141100') => ok(await t.gql(token, JD_QUERY, { q: quarter, d: division }), `report ${quarter} ${division}`).jointDispatchReport;
const withoutGeneratedAt = ({ generatedAt, ...rest }: any) => rest;

beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2026-01-15T12:00:00+08:00') });
  w = api(t);
  eco = await w.tok('ECO', '141100');
  nr = await w.tok('NATURAL_RESOURCES', '141100');
  await recordUpToQ2();
  q2BeforeQ3 = await report(eco, '2025Q2');
  await recordQ3AndLater();
  q2AfterQ3 = await report(eco, '2025Q2');
  await recordBackDated();
});
afterAll(async () => { await t?.stop(); });

describe('jointDispatchReport 吕梁市, every cell', () => {
  it('2025Q2 before the back-dated fact: 13 county rows by code (empty ones all zero, rate null) and the total', () => {
    expect(q2BeforeQ3.quarter).toBe('2025Q2');
    expect(q2BeforeQ3.asOf).toBe('2025-06-30');
    expect(q2BeforeQ3.division).toEqual({ code: '141100', name: '吕梁市', level: 'CITY' });
    expect(q2BeforeQ3.rows).toEqual(cityRows(Q2_A_BEFORE, Q2_B));
    expect(q2BeforeQ3.total).toEqual(row(null, Q2_TOTAL_BEFORE));
  });

  it('2025Q2 is the same before and after the Q3 (and Q4) facts are recorded', () => {
    expect(withoutGeneratedAt(q2AfterQ3)).toEqual(withoutGeneratedAt(q2BeforeQ3));
    expect(JSON.stringify(withoutGeneratedAt(q2AfterQ3))).toBe(JSON.stringify(withoutGeneratedAt(q2BeforeQ3)));
  });

  it('2025Q2 after a fact back-dated into Q2: exactly that fact is added (an open violation; A2 no longer safe)', async () => {
    const r = await report(eco, '2025Q2');
    expect(r.rows).toEqual(cityRows(Q2_A, Q2_B));
    expect(r.total).toEqual(row(null, Q2_TOTAL));
    expect(r.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  });

  it('2025Q3: every row and the total', async () => {
    const r = await report(eco, '2025Q3');
    expect(r.quarter).toBe('2025Q3');
    expect(r.asOf).toBe('2025-09-30');
    expect(r.rows).toEqual(cityRows(Q3_A, Q3_B));
    expect(r.total).toEqual(row(null, Q3_TOTAL));
  });

  it('NATURAL_RESOURCES reads the same report; a province token may read the city', async () => {
    const prov = await w.tok('ECO', '140000');
    const [byEco, byNr, byProv] = [await report(eco, '2025Q3'), await report(nr, '2025Q3'), await report(prov, '2025Q3')];
    expect(withoutGeneratedAt(byNr)).toEqual(withoutGeneratedAt(byEco));
    expect(withoutGeneratedAt(byProv)).toEqual(withoutGeneratedAt(byEco));
  });

  it('2024Q2, an earlier quarter, is read from history, not from the current rows', async () => {
    const r = await report(eco, '2024Q2');
    // 2024-06-30: A1 UI (06-01), A3 UI (06-01); B1 UI (04-01), B2 REMEDIATION (2023-10-01), B4 UI (03-01), B6 SUSPECTED (06-01).
    // Key units listed then: KA1, KB1, KB2. None has 2023 self-monitoring, and RULES.md §6 has a unit listed during a
    // year owe that year's records (unless listed in its last 90 days): KA1 (listed 2023-03-01) and KB2 (2023-02-01)
    // owe 2023 as KB1 does, all three OVERDUE (the first edition excused the two listed during 2023). They have their
    // check and a valid permit. Nothing supplied in 2024: rate null.
    const a: Counts = { ...EMPTY, stages: [0, 2, 0, 0, 0, 0, 0, 0, 0, 0], keyUnits: 1, overdue: 1 };
    const b: Counts = { ...EMPTY, stages: [1, 2, 0, 0, 0, 0, 0, 1, 0, 0], keyUnits: 2, overdue: 2 };
    const total: Counts = { ...EMPTY, stages: [1, 4, 0, 0, 0, 0, 0, 1, 0, 0], keyUnits: 3, overdue: 3 };
    expect(r.rows).toEqual(cityRows(a, b));
    expect(r.total).toEqual(row(null, total));
  });
});

describe('jointDispatchReport: who may read which division', () => {
  it('a COUNTY token reads its own county (one row, the total equal to it), FORBIDDEN for its city and a sibling', async () => {
    const county = await w.tok('ECO', A);
    const own = await report(county, '2025Q3', A);
    expect(own.division).toEqual({ code: A, name: '孝义市', level: 'COUNTY' });
    expect(own.rows).toEqual([row({ code: A, name: '孝义市' }, Q3_A)]);
    expect(own.total).toEqual(row(null, Q3_A));
    for (const d of ['141100', B]) {
      const r = await t.gql(county, JD_QUERY, { q: '2025Q3', d });
      expect(codeOf(r)).toBe('FORBIDDEN');
      expect(r.data?.jointDispatchReport ?? null).toBeNull();
    }
  });

  it('a CITY token is FORBIDDEN for another city and for the province', async () => {
    for (const d of ['140700', '140000']) expect(codeOf(await t.gql(eco, JD_QUERY, { q: '2025Q3', d }))).toBe('FORBIDDEN');
  });

  it.each(['HOUSING', 'APPROVALS'] as const)('%s is FORBIDDEN, even for its own division', async (agency) => {
    for (const d of ['141100', A]) {
      const r = await t.gql(await w.tok(agency, d), JD_QUERY, { q: '2025Q3', d });
      expect(codeOf(r)).toBe('FORBIDDEN');
    }
  });

  it.each(['2025Q5', '25Q1', '2025-Q1', '', '2025Q0', '2025q3'])('quarter %j → BAD_USER_INPUT', async (q) => {
    expect(codeOf(await t.gql(eco, JD_QUERY, { q, d: '141100' }))).toBe('BAD_USER_INPUT');
  });

  it.each(['999999', '141199', 'abc'])('unknown division %j → BAD_USER_INPUT', async (d) => {
    expect(codeOf(await t.gql(eco, JD_QUERY, { q: '2025Q3', d }))).toBe('BAD_USER_INPUT');
  });
});

describe('jointDispatchReport is set-based', () => {
  it('a city report (13 counties) runs as many SQL statements as a county report, and few', async () => {
    const county = await w.tok('ECO', A);
    const city = await t.countStatements(() => t.gql(eco, JD_QUERY, { q: '2025Q3', d: '141100' }));
    const one = await t.countStatements(() => t.gql(county, JD_QUERY, { q: '2025Q3', d: A }));
    expect(city.result.errors).toBeUndefined();
    expect(one.result.errors).toBeUndefined();
    // eslint-disable-next-line no-console
    console.log(`jointDispatchReport statements: city 141100 = ${city.statements}, county ${A} = ${one.statements}\n` + city.sql.map((s) => '  ' + s.replace(/\s+/g, ' ').slice(0, 140)).join('\n'));
    expect(city.statements).toBe(one.statements);
    expect(city.statements).toBeLessThanOrEqual(2 + REQUEST_TRANSACTION_STATEMENTS);
  });
});

describe('the supply-plan year is read from history', () => {
  /*
   * INVESTIGATION_BEFORE_USE_CHANGE turns OVERDUE once the supply-plan year in force at the date has begun
   * (city rule, on by default). planLandUse records the year on its PLAN_USE event, so moving the year from
   * 2026 to 2025 in Q3 leaves Q2's answer alone. Since RULES.md §6 the duty is every plot's (not only a key
   * unit's: planning a key unit's land before its investigation is refused by 法67), so it is counted in
   * plotDutiesOverdue.
   */
  it('a later change of supplyPlanYear does not change a past quarter', async () => {
    const p = await w.plot(B, { name: '汾阳市某厂旧址', source: 'KEY_INDUSTRY_SURVEY', currentUseCode: '0601', identifiedOn: '2025-01-05' });
    const overdue = async (q: string) => (ok(await t.gql(eco, `query($q: String!) { jointDispatchReport(quarter: $q, divisionCode: "${B}") { rows { plotDutiesOverdue } } }`, { q }))
      .jointDispatchReport.rows[0].plotDutiesOverdue as number);
    const base = await overdue('2025Q2');
    await w.planLandUse(p, B, '0701', '2025-05-01', 2026); // DUE at 2025-06-30 (supply planned for 2026)
    expect(await overdue('2025Q2')).toBe(base);
    await w.planLandUse(p, B, '0701', '2025-08-01', 2025); // decided in Q3: supply brought forward to 2025
    expect(await overdue('2025Q2')).toBe(base);
    expect(await overdue('2025Q3')).toBe(base + 1);
  });
});
