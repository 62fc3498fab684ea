/**
 * The demo data of waste and soil on the move (RULES §11), loaded after the main script (seeds/demo/data.ts) through
 * the same services, each step as the agency that would make it:
 * - the legacy hazardous waste of the five closed 4.3 m coke plants the Lüliang plan names (task 8: 金晖, 红沟, 曜鑫,
 *   楼东一期, 楼东二期), linked to their key units; inventories by waste code (HW11 coal-tar residues and acid tar, HW08
 *   waste oil, HW49 packaging and spent carbon), disposals to a licensed receiver, and monthly manifest counts imported
 *   as CSV. Tonnages, receivers, licence and manifest numbers are ILLUSTRATIVE, not the plants' records.
 * - three general industrial solid-waste yards in 孝义市 (fictional, "示例"): procedures (one without its safety
 *   assessment), ledgers, monitoring, and an ON_SITE inspection every month up to the loading day, except May 2025
 *   at the gangue yard (MONTHLY_INSPECTION OVERDUE from 1 June 2025);
 * - a contaminated-soil transfer plan of the 金晖 plot while under remediation (2024), filed before its first load,
 *   with four manifest legs, one received 7 % short: SOIL_TRANSFER_DISCREPANCY, rectified after the receiver's
 *   weighbridge records were checked.
 */
import type { App } from '../../src/app';
import { systemPrincipal } from '../../src/auth/principal';
import { Agency } from '../../src/modules/client/agency';
import { recordInspection } from '../../src/modules/inspection/inspection.service';
import { InspectionMethod, InspectionSubjectKind } from '../../src/modules/inspection/inspection.entity';
import * as violations from '../../src/modules/violation/violation.service';
import { Violation } from '../../src/modules/violation/violation.entity';
import * as legacy from '../../src/modules/waste/legacy-waste.service';
import { importManifestCounts } from '../../src/modules/waste/manifest-import.service';
import * as transfer from '../../src/modules/waste/soil-transfer.service';
import * as yards from '../../src/modules/waste/yard.service';
import { YardProcedure } from '../../src/modules/waste/yard.service';
import { MonitoringMedium } from '../../src/modules/waste/waste.entity';
import { makeCreditCode } from '../../src/validation/uscc';

const XIAOYI = '141181';
/** A licensed receiver (持危险废物经营许可证), fictional. */
const RECEIVER = { name: '山西示例危险废物集中处置有限公司', creditCode: makeCreditCode('91141100MA0DEM001'), licence: '晋危废经第1411示例001号' };

/** The five plants: key-unit ref, name, credit code (of seeds/demo/data.ts), closed on (its permit's end), inventory, disposals. */
const PLANTS: { ku: string; name: string; creditCode: string; closedOn: string; items: [code: string, what: string, tonnes: string][]; disposals: [item: number, on: string, tonnes: string][] }[] = [
  { ku: 'KU_XY_JINHUI', name: '孝义市金晖煤焦有限公司（4.3米焦炉）', creditCode: '9114118163446259XG', closedOn: '2023-05-16',
    items: [['HW11', '焦油渣（示例量）', '186.4'], ['HW08', '废矿物油（示例量）', '12.6'], ['HW49', '废活性炭（示例量）', '8.2']],
    disposals: [[0, '2024-06-20', '96.4'], [0, '2024-11-12', '90'], [1, '2024-06-20', '12.6']] },
  { ku: 'KU_XY_HONGGOU', name: '孝义市红沟煤焦有限公司（4.3米焦炉）', creditCode: '91141181580199115F', closedOn: '2023-11-08',
    items: [['HW11', '焦油渣（示例量）', '142.75'], ['HW11', '酸焦油（示例量）', '36.5']],
    disposals: [[0, '2025-03-18', '80'], [1, '2025-03-18', '36.5']] },
  { ku: 'KU_XY_YAOXIN', name: '孝义市曜鑫煤焦有限公司（4.3米焦炉）', creditCode: '91141181659982743M', closedOn: '2024-03-12',
    items: [['HW11', '焦油渣（示例量）', '210'], ['HW49', '废包装物（示例量）', '4.8']], disposals: [] },
  { ku: 'KU_XY_LOUDONG1', name: '孝义市楼东煤焦有限公司（一期4.3米焦炉）', creditCode: '91141181693103394Y', closedOn: '2023-08-25',
    items: [['HW11', '洗油再生残渣（示例量）', '64.3']], disposals: [[0, '2024-09-05', '64.3']] },
  { ku: 'KU_XY_LOUDONG2', name: '孝义市楼东煤焦二期有限公司（4.3米焦炉）', creditCode: '91141181MA0HEPGN7F', closedOn: '2024-06-18',
    items: [['HW11', '焦油渣（示例量）', '97.25'], ['HW08', '废矿物油（示例量）', '6.4']], disposals: [[0, '2025-05-22', '40']] },
];

const YARDS = [
  { ref: 'gangue', name: '孝义市示例煤矸石综合利用堆场', operator: '孝义市示例煤业有限公司', cc: makeCreditCode('91141181MA0DEM0Y1'), lon: 111.74, lat: 37.12,
    types: ['煤矸石'], capacity: '450000', registeredOn: '2024-03-01', land: true, eia: true, safety: true, missMonth: '2025-05' },
  { ref: 'ash', name: '孝义市示例电厂粉煤灰贮存场', operator: '孝义市示例热电有限公司', cc: makeCreditCode('91141181MA0DEM0Y2'), lon: 111.81, lat: 37.16,
    types: ['粉煤灰', '脱硫石膏'], capacity: '180000', registeredOn: '2024-06-01', land: true, eia: true, safety: false, missMonth: null },
  { ref: 'slag', name: '孝义市示例焦化炉渣临时堆场', operator: '孝义市示例焦化有限公司', cc: makeCreditCode('91141181MA0DEM0Y3'), lon: 111.69, lat: 37.09,
    types: ['炉渣', '除尘灰'], capacity: '60000', registeredOn: '2025-01-01', land: false, eia: true, safety: false, missMonth: null },
];

const monthsFrom = (first: string, lastDay: string) => {
  const out: string[] = [];
  let [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  while (`${y}-${String(m).padStart(2, '0')}` <= lastDay.slice(0, 7)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
};

/** Loads the waste demo; `ids` are the main script's refs (key units, plots). Returns the number of writes made. */
export async function loadWasteDemo(app: Pick<App, 'contextFor' | 'systemContext'>, ids: Map<string, number>): Promise<number> {
  const as = (agency: Agency) => app.contextFor(systemPrincipal(agency, `示范数据 (${agency})`));
  const eco = () => as(Agency.ECO);
  const today = eco().today;
  let n = 0;

  // Legacy hazardous waste of the five plants.
  for (const p of PLANTS) {
    const site = await legacy.registerLegacyWasteSite(eco(), { input: { countyCode: XIAOYI, name: p.name, creditCode: p.creditCode, keyUnitId: String(ids.get(p.ku)), closedOn: p.closedOn } });
    n++;
    const items: string[] = [];
    for (const [code, what, tonnes] of p.items) {
      items.push(String((await legacy.recordLegacyWaste(eco(), { siteId: String(site.id), wasteCode: code, description: what, tonnes, inventoriedOn: '2024-05-10', disposeBy: '2025-12-31' })).id));
      n++;
    }
    for (const [k, [item, on, tonnes]] of p.disposals.entries()) {
      await legacy.recordLegacyWasteDisposal(eco(), {
        itemId: items[item], disposedOn: on, tonnes, receiverName: RECEIVER.name, receiverCreditCode: RECEIVER.creditCode, receiverLicenceNo: RECEIVER.licence,
        manifestNo: `1411${on.replace(/-/g, '')}${String(site.id).padStart(3, '0')}${k}`,
      });
      n++;
    }
  }
  // Monthly manifest counts of the national system, January–June 2025, as one CSV.
  const csv = ['统一社会信用代码,月份,联单数', ...PLANTS.flatMap((p, i) => ['01', '02', '03', '04', '05', '06'].map((m, k) => `${p.creditCode},2025-${m},${(i + k) % 3}`))].join('\n');
  await importManifestCounts(eco(), { csv });
  n++;

  // Solid-waste yards, their procedures, ledgers, monitoring and monthly inspections.
  for (const y of YARDS) {
    const yard = await yards.registerSolidWasteYard(eco(), { input: {
      countyCode: XIAOYI, name: y.name, operatorName: y.operator, operatorCreditCode: y.cc, address: '孝义市（示意地址）', centroid: { lon: y.lon, lat: y.lat },
      wasteTypes: y.types, capacityTonnes: y.capacity, registeredOn: y.registeredOn,
      ...(y.land ? { landDocumentNo: `孝自然资用〔${y.registeredOn.slice(0, 4)}〕示例${y.ref}号`, landIssuedOn: y.registeredOn } : {}),
    } });
    n++;
    let version = yard.version;
    if (y.eia) {
      version = (await yards.recordYardProcedure(eco(), { yardId: String(yard.id), procedure: YardProcedure.EIA, documentNo: `孝审批环评〔${y.registeredOn.slice(0, 4)}〕示例${y.ref}号`, issuedOn: y.registeredOn, expectedVersion: version })).version;
      n++;
    }
    if (y.safety) {
      await yards.recordYardSafetyProcedure(as(Agency.EMERGENCY), { yardId: String(yard.id), documentNo: `孝应急安评备〔${y.registeredOn.slice(0, 4)}〕示例${y.ref}号`, issuedOn: y.registeredOn, expectedVersion: version });
      n++;
    }
    for (const [k, m] of monthsFrom(y.registeredOn, today).entries()) {
      const on = `${m}-${String(8 + (k % 15)).padStart(2, '0')}`;
      if (m !== y.missMonth && on <= today) {
        await recordInspection(k % 4 === 3 ? as(Agency.EMERGENCY) : eco(), {
          subjectKind: InspectionSubjectKind.SOLID_WASTE_YARD, subjectId: String(yard.id), inspectedOn: on, method: InspectionMethod.ON_SITE,
          findings: k % 5 === 2 ? '部分区域苫盖不全，已责令整改' : '台账完整，苫盖、围挡、排水设施完好', problems: k % 5 === 2 ? ['堆体部分区域苫盖不全'] : [],
        });
        n++;
      }
      if (m >= '2025-01' && m <= '2025-06') {
        await yards.recordYardLedger(eco(), { yardId: String(yard.id), month: m, generatedTonnes: String(1200 + 37 * k), storedTonnes: String(800 + 11 * k), usedTonnes: String(350 + 9 * k), disposedTonnes: '50' });
        n++;
      }
    }
    for (const [medium, on, exceeds] of [[MonitoringMedium.GROUNDWATER, '2025-04-16', false], [MonitoringMedium.AIR, '2025-04-16', false], [MonitoringMedium.SOIL, '2025-09-10', y.ref === 'slag']] as const) {
      if (on >= y.registeredOn && on <= today) {
        await yards.recordYardMonitoring(eco(), { yardId: String(yard.id), medium, sampledOn: on, exceedsStandard: exceeds, note: exceeds ? '堆场下风向表层土壤苯并[a]芘高于筛选值（示例）' : undefined });
        n++;
      }
    }
  }

  // The 金晖 plot's soil transfer while under remediation (REMEDIATION 2024-04-08 → EFFECT_EVALUATION 2025-03-20).
  const plan = await transfer.fileSoilTransferPlan(eco(), { input: {
    plotId: String(ids.get('P_XY_JINHUI')), documentNo: '孝环转运备〔2024〕1号（示例）', filedOn: '2024-04-12', volumeCubicMetres: '4200',
    receiverName: '吕梁示例污染土壤修复工厂有限公司', receiverCreditCode: makeCreditCode('91141100MA0DEM0R1'), receiverAddress: '吕梁市示例工业园区（示意）',
    route: '地块北门—梧桐镇道路—G307—修复工厂（避开居民集中区）', startsOn: '2024-04-15', endsOn: '2024-12-31',
  } });
  n++;
  const legs: [no: string, out: string, sent: string, inOn: string, got: string][] = [
    ['XY-ZY-2024-0001', '2024-04-20', '32.5', '2024-04-20', '32.3'],
    ['XY-ZY-2024-0002', '2024-04-21', '31.8', '2024-04-22', '31.8'],
    ['XY-ZY-2024-0003', '2024-04-23', '33.0', '2024-04-24', '30.7'], // 7 % short: SOIL_TRANSFER_DISCREPANCY
    ['XY-ZY-2024-0004', '2024-05-06', '30.2', '2024-05-07', '29.9'],
  ];
  for (const [no, out, sent, inOn, got] of legs) {
    const leg = await transfer.recordSoilTransferDispatch(eco(), { planId: String(plan.id), manifestNo: no, dispatchedOn: out, dispatchedTonnes: sent, vehicleNo: '晋J·示例' });
    await transfer.recordSoilTransferReceipt(eco(), { legId: String(leg.id), receivedOn: inOn, receivedTonnes: got });
    n += 2;
  }
  const open = await app.systemContext().em.findOneOrFail(Violation, { soilTransferLeg: { manifestNo: 'XY-ZY-2024-0003' } });
  await violations.rectifyViolation(eco(), { id: String(open.id), rectifiedOn: '2024-05-15', note: '核对接收单位地磅记录，差额系运输途中洒落，已清理回收并责令加装苫盖（示例）' });
  n++;
  return n;
}
