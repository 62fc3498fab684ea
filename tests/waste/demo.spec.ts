/**
 * The demo data of RULES §11 (seeds/demo/waste.ts) through the API: the five named plants' legacy waste adds up in
 * the report, the gangue yard's missed May 2025 inspection is OVERDUE from 1 June, the 金晖 plot shows what left it and
 * where it arrived, with its one discrepancy rectified. The server's day is fixed (2025-12-31) so the answers are.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { ok } from '../helpers/assert';
import { loadDemo } from '../../seeds/demo/load';

let t: TestApp;
let eco: string;
let emergency: string;
beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2025-12-31T12:00:00+08:00') });
  await loadDemo(t.app);
  eco = await t.token('ECO', '141181', '孝义市生态环境分局');
  emergency = await t.token('EMERGENCY', '141181', '孝义市应急管理局');
}, 300_000);
afterAll(async () => { await t.stop(); });

it('the five plants: inventories, disposals and the report agree', async () => {
  const sites = ok(await t.gql(eco, `{ legacyWasteSites { name totalTonnes remainingTonnes keyUnit { name } manifestCounts { month manifests } } }`)).legacyWasteSites;
  expect(sites.map((s: any) => s.name.replace(/^孝义市|煤焦.*$/g, ''))).toEqual(['金晖', '红沟', '曜鑫', '楼东', '楼东']);
  expect(sites.every((s: any) => s.keyUnit && s.manifestCounts.length === 6)).toBe(true);
  const remaining = sites.reduce((a: number, s: any) => a + Math.round(Number(s.remainingTonnes) * 1000), 0);
  // 金晖 207.2-199 = 8.2; 红沟 179.25-116.5 = 62.75; 曜鑫 214.8; 楼东一期 0; 楼东二期 103.65-40 = 63.65
  expect(remaining).toBe(349_400);
  const r = ok(await t.gql(eco, `{ jointDispatchReport(quarter: "2025Q4", divisionCode: "141181") { total { legacyWasteRemainingTonnes yardsInspectedThisMonth yardsInspectionOverdue soilTransferDiscrepanciesOpen } } }`))
    .jointDispatchReport.total;
  // The gangue yard's May miss stays in the 12 months the engine looks back over.
  expect(r).toEqual({ legacyWasteRemainingTonnes: '349.400', yardsInspectedThisMonth: 3, yardsInspectionOverdue: 1, soilTransferDiscrepanciesOpen: 0 });
  const q2 = ok(await t.gql(eco, `{ jointDispatchReport(quarter: "2025Q2", divisionCode: "141181") { total { yardsInspectionOverdue } } }`)).jointDispatchReport.total;
  expect(q2.yardsInspectionOverdue).toBe(1);
});

it('the gangue yard missed May 2025: OVERDUE from 1 June, not on 31 May; EMERGENCY sees the yards and their safety documents', async () => {
  const at = async (asOf: string) => ok(await t.gql(eco, `query($on: Date) { duties(kind: MONTHLY_INSPECTION, state: OVERDUE, asOf: $on) { dueOn solidWasteYard { name } } }`, { on: asOf })).duties;
  expect(await at('2025-05-31')).toEqual([]);
  expect(await at('2025-06-01')).toEqual([{ dueOn: '2025-05-31', solidWasteYard: { name: '孝义市示例煤矸石综合利用堆场' } }]);
  const y = ok(await t.gql(emergency, `{ solidWasteYards { nodes { name safetyProcedure { documentNo } } } }`)).solidWasteYards.nodes;
  expect(y.map((x: any) => !!x.safetyProcedure)).toEqual([true, false, false]);
});

it('the 金晖 plot: what left it and where it arrived', async () => {
  const plans = ok(await t.gql(eco, `{ soilTransferPlans { receiverName dispatchedTonnes receivedTonnes plot { name } legs { manifestNo violation { kind rectifiedOn } } } }`)).soilTransferPlans;
  expect(plans).toHaveLength(1);
  expect(plans[0]).toMatchObject({ dispatchedTonnes: '127.500', receivedTonnes: '124.700' });
  expect(plans[0].legs.filter((l: any) => l.violation).map((l: any) => [l.manifestNo, l.violation])).toEqual([
    ['XY-ZY-2024-0003', { kind: 'SOIL_TRANSFER_DISCREPANCY', rectifiedOn: '2024-05-15' }],
  ]);
});
