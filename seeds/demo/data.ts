/**
 * The demo data set: what the agencies of Jinzhong (晋中) and Lüliang (吕梁) might have entered from
 * 2022 to 2025, drawn from the two municipal action plans (晋中市土壤污染防治2023年行动计划; the Lüliang
 * county-level city's 2025年土壤环境质量改善行动计划, which points to 孝义市 141181).
 *
 * The steps are replayed in order through the domain services, so every step is legal under BRIEF.md.
 * Each plot's steps are in date order (a plot's first event is its identifiedOn, or the endedOn of the
 * permit whose end registered it). Its stage moves follow the lifecycle table, with evidence on the
 * starred moves. No land step runs while a plot is in the directory. Every 一住两公 supply happens on a
 * plot cleared for the land class the use needs (RULES.md §2: a clearance states FIRST or SECOND; housing,
 * schools and hospitals need FIRST), or one whose current use is already 一住两公. A step the platform must
 * refuse is written `expectRefused` with its code. tests/unit/demo-data.spec.ts checks all this.
 *
 * The second edition of the rules (RULES.md §1–§5) shows in:
 * - P_XY_VILLAGE: contamination found on land already in residential use (0702): investigation required all the
 *   same (the 一住两公 exemption cancels only USE_CHANGE); HOUSING's regular construction permit is refused.
 * - P_TG_DEPOT: cleared against second-class values, then planned for housing: not cleared for it, the supply is refused.
 * - P_YC_CHEM_OLD: a key unit's land; its recovery (收回) and its plan for housing are refused before the
 *   investigation is complete (土壤污染防治法 第67条).
 * - P_XY_JINHUI, P_YC_DISC: remediation works reported under the works' purpose, no violation.
 *
 * Deliberate flags, accepted by the platform:
 * - P_XY_YAOXIN: works start on a SUSPECTED former coke site (CONSTRUCTION_BEFORE_CLEARANCE); later rectified.
 * - P_FY_LUC: supplied as BELOW_SCREENING, investigation re-opened, then works start (violation left open).
 *   The open violation also makes 汾阳市's safeUseRate for 2025Q3 and 2025Q4 fall below 1.
 * - Key units with a missing hidden-danger check (KU_YC_PLATING, KU_XY_LOUDONG2), missing self-monitoring years,
 *   expired permits (KU_TG_PEST, KU_TG_PHARM, KU_FY_CHEM), one pollution-beyond-boundary finding (KU_JX_COKE), and
 *   two closed coke plants still on the key-unit list after their permits ended (KU_XY_YAOXIN, KU_XY_LOUDONG2).
 *
 * Names: 金晖, 红沟, 曜鑫, 楼东一期, 楼东二期 are the closed 4.3 m coke plants named in the Lüliang plan
 * (task 8). Their full legal names, credit codes, addresses, phones and dates below are ILLUSTRATIVE, not
 * the real registrations. Every other enterprise is fictional and has "示例" in its name. Credit codes are
 * valid GB 32100 codes, made up for this demo (91 + county code + a made-up organisation code + check character).
 * Coordinates are plausible points in the named county, not surveyed boundaries.
 */
import type { DemoFarmlandUnit, DemoStep, Evidence, FarmlandCategory } from './types';

// ───────────── helpers ─────────────

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * A rectangle wM × hM metres centred on (lon, lat), turned rotDeg anticlockwise. It gives the centroid, a closed
 * GeoJSON Polygon (CGCS2000 lon/lat, exterior ring anticlockwise, 5 positions) and the area in m².
 */
function outline(lon: number, lat: number, wM: number, hM: number, rotDeg = 0) {
  const mPerDegLat = 110_574;
  const mPerDegLon = 111_320 * Math.cos((lat * Math.PI) / 180);
  const t = (rotDeg * Math.PI) / 180;
  const corners = [[-wM / 2, -hM / 2], [wM / 2, -hM / 2], [wM / 2, hM / 2], [-wM / 2, hM / 2]].map(([x, y]) => [
    round6(lon + (x * Math.cos(t) - y * Math.sin(t)) / mPerDegLon),
    round6(lat + (x * Math.sin(t) + y * Math.cos(t)) / mPerDegLat),
  ]);
  return {
    centroid: { lon, lat },
    boundary: { type: 'Polygon', coordinates: [[...corners, [...corners[0]]]] },
    areaM2: wM * hM,
  };
}

const ev = (documentNo: string, title: string, issuedBy: string, issuedOn: string): Evidence => ({
  documentNo, title, issuedBy, issuedOn,
});
/** A clearance's report judged against first-class values (GB 36600-2018 第一类用地): safe for housing, schools, hospitals (RULES.md §2). */
const first = (e: Evidence): Evidence => ({ ...e, landClass: 'FIRST' });
/** A clearance's report judged against second-class values only (industrial, commercial, parks). */
const second = (e: Evidence): Evidence => ({ ...e, landClass: 'SECOND' });

// Reviewing authorities. County bureaus review investigation reports; the province reviews risk-assessment
// and effect-evaluation reports (土壤污染防治法 第59–61、66条).
const PROVINCE = '山西省生态环境厅';
const XIAOYI = '孝义市生态环境分局';
const YUCI = '晋中市生态环境局榆次分局';
const TAIGU = '晋中市生态环境局太谷分局';
const JIEXIU = '晋中市生态环境局介休分局';
const LINGSHI = '晋中市生态环境局灵石分局';
const PINGYAO = '晋中市生态环境局平遥分局';
const FENYANG = '吕梁市生态环境局汾阳分局';
const JIAOCHENG = '吕梁市生态环境局交城分局';
const WENSHUI = '吕梁市生态环境局文水分局';

// County codes (GB/T 2260).
const C = {
  XIAOYI: '141181', LISHI: '141102', FENYANG: '141182', JIAOCHENG: '141122', WENSHUI: '141121',
  YUCI: '140702', TAIGU: '140703', JIEXIU: '140781', LINGSHI: '140729', PINGYAO: '140728',
} as const;

// ───────────── A. key-supervised units (土壤污染重点监管单位), their checks and monitoring ─────────────

const keyUnits: DemoStep[] = [
  // 孝义市: the five closed 4.3 m coke plants (full names illustrative, see the header).
  { op: 'upsertKeyUnit', ref: 'KU_XY_JINHUI', creditCode: '9114118163446259XG', name: '孝义市金晖煤焦有限公司（4.3米焦炉）',
    countyCode: C.XIAOYI, industry: '焦化', address: '孝义市梧桐镇（示意地址）', listedOn: '2019-07-15', contactPhone: '0358-7261135' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_XY_JINHUI', completedOn: '2020-06-18', findings: '化产回收区地面防渗不足，已整改', rectified: true },

  { op: 'upsertKeyUnit', ref: 'KU_XY_HONGGOU', creditCode: '91141181580199115F', name: '孝义市红沟煤焦有限公司（4.3米焦炉）',
    countyCode: C.XIAOYI, industry: '焦化', address: '孝义市下堡镇（示意地址）', listedOn: '2019-07-15', contactPhone: '0358-7312208' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_XY_HONGGOU', completedOn: '2020-07-09', findings: '焦油储槽围堰破损，已修复', rectified: true },

  { op: 'upsertKeyUnit', ref: 'KU_XY_YAOXIN', creditCode: '91141181659982743M', name: '孝义市曜鑫煤焦有限公司（4.3米焦炉）',
    countyCode: C.XIAOYI, industry: '焦化', address: '孝义市高阳镇（示意地址）', listedOn: '2020-08-20', contactPhone: '0358-7450716' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_XY_YAOXIN', completedOn: '2021-05-26', findings: '酚氰废水池防渗层老化', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_XY_YAOXIN', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-09-14', exceedsScreening: true, beyondBoundary: false },

  { op: 'upsertKeyUnit', ref: 'KU_XY_LOUDONG1', creditCode: '91141181693103394Y', name: '孝义市楼东煤焦有限公司（一期4.3米焦炉）',
    countyCode: C.XIAOYI, industry: '焦化', address: '孝义市梧桐镇楼东村（示意地址）', listedOn: '2019-07-15', contactPhone: '0358-7268840' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_XY_LOUDONG1', completedOn: '2020-06-30', findings: '煤场未硬化，已整改', rectified: true },

  // 楼东二期 as a separate legal entity so that it can be a key unit of its own (one credit code per key unit).
  { op: 'upsertKeyUnit', ref: 'KU_XY_LOUDONG2', creditCode: '91141181MA0HEPGN7F', name: '孝义市楼东煤焦二期有限公司（4.3米焦炉）',
    countyCode: C.XIAOYI, industry: '焦化', address: '孝义市梧桐镇楼东村（示意地址）', listedOn: '2021-06-10', contactPhone: '0358-7268851' },
  // No hidden-danger check: HIDDEN_DANGER_CHECK OVERDUE since 2022-06-10.
  { op: 'recordMonitoring', keyUnit: 'KU_XY_LOUDONG2', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-08-22', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_XY_LOUDONG2', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-08-23', exceedsScreening: false, beyondBoundary: false },

  // 孝义市: an operating alumina refinery.
  { op: 'upsertKeyUnit', ref: 'KU_XY_ALU', creditCode: '91141181MA0K7K26XM', name: '孝义市示例铝业有限公司',
    countyCode: C.XIAOYI, industry: '有色金属冶炼', address: '孝义市阳泉曲镇示例工业园区', listedOn: '2021-06-10', contactPhone: '0358-7539902' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_XY_ALU', completedOn: '2022-03-22', findings: '赤泥堆场渗滤液收集池防渗层局部破损', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_XY_ALU', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-05-16', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_XY_ALU', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-05-18', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_XY_ALU', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-06-11', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_XY_ALU', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-06-12', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_XY_ALU', kind: 'SURROUNDING_SOIL', year: 2024, sampledOn: '2024-09-03', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_XY_ALU', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-06-17', exceedsScreening: false, beyondBoundary: false },
  // 2025 groundwater missing: SELF_MONITORING DUE until 2025-12-31.

  // 榆次区
  { op: 'upsertKeyUnit', ref: 'KU_YC_CHEM', creditCode: '91140702777655161E', name: '晋中示例化工有限公司',
    countyCode: C.YUCI, industry: '化工', address: '晋中市榆次区修文镇示例化工园区', listedOn: '2019-06-28', contactPhone: '0354-3086217' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_YC_CHEM', completedOn: '2020-05-20', findings: '罐区防火堤内地面裂缝', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_YC_CHEM', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-04-11', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_YC_CHEM', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-04-12', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_YC_CHEM', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-04-16', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_YC_CHEM', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-04-17', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_YC_CHEM', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-04-15', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_YC_CHEM', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-04-16', exceedsScreening: false, beyondBoundary: false },

  { op: 'upsertKeyUnit', ref: 'KU_YC_PLATING', creditCode: '91140702MA0H5NCD5H', name: '榆次区示例电镀有限公司',
    countyCode: C.YUCI, industry: '电镀', address: '晋中市榆次区修文镇示例路18号', listedOn: '2023-03-20', contactPhone: '0354-3152046' },
  // New key unit, no hidden-danger check within a year: OVERDUE from 2024-03-20. No 2024 monitoring: SELF_MONITORING OVERDUE in 2025.
  { op: 'recordMonitoring', keyUnit: 'KU_YC_PLATING', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-10-24', exceedsScreening: false, beyondBoundary: false },
  // Over the screening values: EXCEEDANCE_FOLLOW_UP DUE until its follow-up on 2025-06-20.
  { op: 'recordMonitoring', ref: 'MR_YC_PLATING_2025_SOIL', keyUnit: 'KU_YC_PLATING', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-05-27', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordExceedanceFollowUp', record: 'MR_YC_PLATING_2025_SOIL', recordedOn: '2025-06-20',
    cause: '镀铬车间地沟渗漏，含铬废水下渗', measures: '地沟改为明沟并做防腐防渗，渗漏点土壤清挖，加密监测至每季度一次' },
  { op: 'recordMonitoring', keyUnit: 'KU_YC_PLATING', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-05-28', exceedsScreening: false, beyondBoundary: false },

  // 太谷区
  { op: 'upsertKeyUnit', ref: 'KU_TG_PEST', creditCode: '911407037118897741', name: '晋中示例农药有限公司',
    countyCode: C.TAIGU, industry: '农药', address: '晋中市太谷区胡村镇示例村东', listedOn: '2019-06-28', contactPhone: '0354-6223518' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_TG_PEST', completedOn: '2019-12-10', findings: '原药储罐区防渗层破损，已修复', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PEST', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-05-09', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PEST', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-05-10', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PEST', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-05-14', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PEST', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-05-15', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PEST', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-05-20', exceedsScreening: false, beyondBoundary: false },

  { op: 'upsertKeyUnit', ref: 'KU_TG_PHARM', creditCode: '91140703MA0K6M7L4D', name: '太谷区示例制药有限公司',
    countyCode: C.TAIGU, industry: '医药制造', address: '晋中市太谷区明星镇示例路6号', listedOn: '2021-06-10', contactPhone: '0354-6391174' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_TG_PHARM', completedOn: '2022-04-15', findings: '溶剂回收车间地沟渗漏', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PHARM', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-07-11', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PHARM', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-07-12', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PHARM', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-07-09', exceedsScreening: false, beyondBoundary: false },
  // 2024 groundwater missing: SELF_MONITORING OVERDUE throughout 2025.
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PHARM', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-07-08', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_TG_PHARM', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-07-09', exceedsScreening: false, beyondBoundary: false },

  // 介休市
  { op: 'upsertKeyUnit', ref: 'KU_JX_COKE', creditCode: '91140781586096256U', name: '介休市示例焦化有限公司',
    countyCode: C.JIEXIU, industry: '焦化', address: '晋中市介休市义安镇示例焦化园区', listedOn: '2019-06-28', contactPhone: '0354-7283305' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_JX_COKE', completedOn: '2020-06-12', findings: '焦油氨水分离池防渗层破损', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_JX_COKE', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-06-06', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JX_COKE', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-06-07', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JX_COKE', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-06-04', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JX_COKE', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-06-05', exceedsScreening: false, beyondBoundary: false },
  // Pollution found outside the plant boundary: ONE_PLANT_ONE_POLICY (一厂一策) DUE (no deadline in any source)
  // until the unit's policy document is recorded on 2025-08-05, MET after that.
  { op: 'recordMonitoring', keyUnit: 'KU_JX_COKE', kind: 'SURROUNDING_SOIL', year: 2024, sampledOn: '2024-09-12', exceedsScreening: true, beyondBoundary: true },
  { op: 'recordOnePlantOnePolicy', keyUnit: 'KU_JX_COKE', recordedOn: '2025-08-05',
    document: { documentNo: '介环函〔2025〕27号', title: '介休市示例焦化有限公司土壤污染风险管控“一厂一策”方案', issuedBy: '晋中市生态环境局介休分局', issuedOn: '2025-07-28' } },
  { op: 'recordMonitoring', keyUnit: 'KU_JX_COKE', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-06-10', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JX_COKE', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-06-11', exceedsScreening: false, beyondBoundary: false },

  { op: 'upsertKeyUnit', ref: 'KU_JX_HW', creditCode: '91140781MA0KG76690', name: '介休市示例危废处置有限公司',
    countyCode: C.JIEXIU, industry: '危险废物处置', address: '晋中市介休市连福镇示例路9号', listedOn: '2024-06-20', contactPhone: '0354-7390628' },
  // Hazards found with a rectification deadline: HIDDEN_DANGER_RECTIFICATION DUE until 2025-05-31, OVERDUE until rectified 2025-07-10.
  { op: 'recordHiddenDangerCheck', ref: 'HDC_JX_HW_2025', keyUnit: 'KU_JX_HW', completedOn: '2025-02-18', findings: '危废暂存库地面防渗层局部开裂，整改中', rectified: false,
    hazardsFound: true, rectificationDeadline: '2025-05-31' },
  { op: 'recordRectification', check: 'HDC_JX_HW_2025', rectifiedOn: '2025-07-10' },
  { op: 'recordMonitoring', keyUnit: 'KU_JX_HW', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-08-19', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JX_HW', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-08-20', exceedsScreening: false, beyondBoundary: false },

  // 灵石县
  { op: 'upsertKeyUnit', ref: 'KU_LS_CHEM', creditCode: '911407295555660322', name: '灵石县示例煤化工有限公司',
    countyCode: C.LINGSHI, industry: '化工', address: '晋中市灵石县两渡镇示例工业园区', listedOn: '2020-08-20', contactPhone: '0354-5628417' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_LS_CHEM', completedOn: '2021-07-13', findings: '甲醇罐区围堰未防渗', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_LS_CHEM', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-08-15', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_LS_CHEM', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-08-16', exceedsScreening: false, beyondBoundary: false },
  // 2024 missing entirely: SELF_MONITORING OVERDUE throughout 2025.
  { op: 'recordMonitoring', keyUnit: 'KU_LS_CHEM', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-08-12', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_LS_CHEM', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-08-13', exceedsScreening: false, beyondBoundary: false },

  // 平遥县
  { op: 'upsertKeyUnit', ref: 'KU_PY_LEATHER', creditCode: '911407287331630340', name: '平遥县示例皮革有限公司',
    countyCode: C.PINGYAO, industry: '制革', address: '晋中市平遥县洪善镇示例村北', listedOn: '2021-06-10', contactPhone: '0354-5716093' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_PY_LEATHER', completedOn: '2022-09-21', findings: '鞣制废水管线渗漏，含铬污泥露天堆放', rectified: false },
  { op: 'recordMonitoring', keyUnit: 'KU_PY_LEATHER', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-09-12', exceedsScreening: true, beyondBoundary: false },
  // 2023 groundwater missing: SELF_MONITORING OVERDUE throughout 2024.
  { op: 'recordMonitoring', keyUnit: 'KU_PY_LEATHER', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-09-10', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_PY_LEATHER', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-09-11', exceedsScreening: false, beyondBoundary: false },

  // 离石区
  { op: 'upsertKeyUnit', ref: 'KU_LSH_PETRO', creditCode: '91141102MA0JAWB491', name: '吕梁示例石油化工有限公司',
    countyCode: C.LISHI, industry: '石油加工', address: '吕梁市离石区信义镇示例工业园区', listedOn: '2022-05-16', contactPhone: '0358-8230415' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_LSH_PETRO', completedOn: '2023-04-20', findings: '装卸区地面防渗不完整', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_LSH_PETRO', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-07-18', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_LSH_PETRO', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-07-19', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_LSH_PETRO', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-07-16', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_LSH_PETRO', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-07-17', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_LSH_PETRO', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-07-15', exceedsScreening: false, beyondBoundary: false },
  // Taken off the directory in 2024 and listed again (a second listing period): the second period owes its own
  // hidden-danger check (done 2025-03-18); the 2023 check belonged to the first.
  { op: 'delistKeyUnit', keyUnit: 'KU_LSH_PETRO', delistedOn: '2024-02-01', batchDocument: '吕环函〔2024〕8号' },
  { op: 'relistKeyUnit', keyUnit: 'KU_LSH_PETRO', listedOn: '2024-09-10', batchDocument: '吕环函〔2024〕52号' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_LSH_PETRO', completedOn: '2025-03-18', findings: '新建储罐区防渗层检测合格', rectified: true },

  // 汾阳市
  { op: 'upsertKeyUnit', ref: 'KU_FY_CHEM', creditCode: '91141182580457890Q', name: '汾阳市示例化工有限公司',
    countyCode: C.FENYANG, industry: '化工', address: '吕梁市汾阳市三泉镇示例村南', listedOn: '2019-06-28', contactPhone: '0358-7226531' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_FY_CHEM', completedOn: '2020-04-28', findings: '污水处理站调节池渗漏', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_FY_CHEM', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-05-23', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_FY_CHEM', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-05-24', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_FY_CHEM', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-05-22', exceedsScreening: false, beyondBoundary: false },
  // 2024 soil missing: SELF_MONITORING OVERDUE throughout 2025.
  { op: 'recordMonitoring', keyUnit: 'KU_FY_CHEM', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-05-20', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_FY_CHEM', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-05-21', exceedsScreening: false, beyondBoundary: false },

  { op: 'upsertKeyUnit', ref: 'KU_FY_FINE', creditCode: '91141182MA0GF3QP1E', name: '汾阳市示例精细化工有限公司',
    countyCode: C.FENYANG, industry: '化工', address: '吕梁市汾阳市贾家庄镇示例工业园区', listedOn: '2025-04-15', contactPhone: '0358-7319284' },
  // Listed in 2025, no check yet: HIDDEN_DANGER_CHECK DUE until 2026-04-15.

  // 交城县
  { op: 'upsertKeyUnit', ref: 'KU_JC_NFM', creditCode: '91141122770978208H', name: '交城县示例冶炼有限公司',
    countyCode: C.JIAOCHENG, industry: '有色金属冶炼', address: '吕梁市交城县夏家营镇示例工业园区', listedOn: '2019-06-28', contactPhone: '0358-3521607' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_JC_NFM', completedOn: '2020-05-26', findings: '厂区东侧历史废渣露天堆存', rectified: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_NFM', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-04-25', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_NFM', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-04-26', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_NFM', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-04-23', exceedsScreening: true, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_NFM', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-04-24', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_NFM', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-04-22', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_NFM', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-04-23', exceedsScreening: false, beyondBoundary: false },

  { op: 'upsertKeyUnit', ref: 'KU_JC_MINE', creditCode: '91141122MA0K3HRG0W', name: '交城县示例矿业有限公司',
    countyCode: C.JIAOCHENG, industry: '有色金属矿采选', address: '吕梁市交城县西社镇示例村', listedOn: '2023-08-10', contactPhone: '0358-3608152' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_JC_MINE', completedOn: '2024-07-02', findings: '尾矿库回水池防渗层老化', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_MINE', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-10-15', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_MINE', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-10-16', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_JC_MINE', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-10-14', exceedsScreening: false, beyondBoundary: false },

  // 文水县
  { op: 'upsertKeyUnit', ref: 'KU_WS_STEEL', creditCode: '91141121776505129H', name: '文水县示例钢铁有限公司',
    countyCode: C.WENSHUI, industry: '钢铁', address: '吕梁市文水县开栅镇示例工业园区', listedOn: '2020-08-20', contactPhone: '0358-3087426' },
  { op: 'recordHiddenDangerCheck', keyUnit: 'KU_WS_STEEL', completedOn: '2021-05-18', findings: '轧钢废油收集池防渗不足', rectified: true },
  { op: 'recordMonitoring', keyUnit: 'KU_WS_STEEL', kind: 'SELF_SOIL', year: 2023, sampledOn: '2023-06-20', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_WS_STEEL', kind: 'SELF_GROUNDWATER', year: 2023, sampledOn: '2023-06-21', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_WS_STEEL', kind: 'SELF_SOIL', year: 2024, sampledOn: '2024-06-18', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_WS_STEEL', kind: 'SELF_GROUNDWATER', year: 2024, sampledOn: '2024-06-19', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_WS_STEEL', kind: 'SELF_SOIL', year: 2025, sampledOn: '2025-06-17', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_WS_STEEL', kind: 'SELF_GROUNDWATER', year: 2025, sampledOn: '2025-06-18', exceedsScreening: false, beyondBoundary: false },
  { op: 'recordMonitoring', keyUnit: 'KU_WS_STEEL', kind: 'SURROUNDING_SOIL', year: 2025, sampledOn: '2025-07-22', exceedsScreening: false, beyondBoundary: false },
];

// ───────────── B. discharge permits (排污许可证) ─────────────
// permitNo = holder's credit code + 3-digit site serial + 'P' (HJ 608-2017); valid 5 years (排污许可管理条例 第14条).

const permits: DemoStep[] = [
  { op: 'issuePermit', ref: 'PM_XY_JINHUI', permitNo: '9114118163446259XG001P', holderName: '孝义市金晖煤焦有限公司（4.3米焦炉）',
    creditCode: '9114118163446259XG', countyCode: C.XIAOYI, industry: '焦化', category: 'KEY', issuedOn: '2020-03-18', validUntil: '2025-03-17' },
  { op: 'issuePermit', ref: 'PM_XY_HONGGOU', permitNo: '91141181580199115F001P', holderName: '孝义市红沟煤焦有限公司（4.3米焦炉）',
    creditCode: '91141181580199115F', countyCode: C.XIAOYI, industry: '焦化', category: 'KEY', issuedOn: '2020-04-22', validUntil: '2025-04-21' },
  { op: 'issuePermit', ref: 'PM_XY_YAOXIN', permitNo: '91141181659982743M001P', holderName: '孝义市曜鑫煤焦有限公司（4.3米焦炉）',
    creditCode: '91141181659982743M', countyCode: C.XIAOYI, industry: '焦化', category: 'KEY', issuedOn: '2020-09-28', validUntil: '2025-09-27' },
  { op: 'issuePermit', ref: 'PM_XY_LOUDONG1', permitNo: '91141181693103394Y001P', holderName: '孝义市楼东煤焦有限公司（一期4.3米焦炉）',
    creditCode: '91141181693103394Y', countyCode: C.XIAOYI, industry: '焦化', category: 'KEY', issuedOn: '2019-12-26', validUntil: '2024-12-25' },
  { op: 'issuePermit', ref: 'PM_XY_LOUDONG2', permitNo: '91141181MA0HEPGN7F001P', holderName: '孝义市楼东煤焦二期有限公司（4.3米焦炉）',
    creditCode: '91141181MA0HEPGN7F', countyCode: C.XIAOYI, industry: '焦化', category: 'KEY', issuedOn: '2021-07-16', validUntil: '2026-07-15' },
  { op: 'issuePermit', ref: 'PM_XY_ALU', permitNo: '91141181MA0K7K26XM001P', holderName: '孝义市示例铝业有限公司',
    creditCode: '91141181MA0K7K26XM', countyCode: C.XIAOYI, industry: '有色金属冶炼', category: 'KEY', issuedOn: '2021-08-16', validUntil: '2026-08-15' },

  { op: 'issuePermit', ref: 'PM_YC_CHEM', permitNo: '91140702777655161E001P', holderName: '晋中示例化工有限公司',
    creditCode: '91140702777655161E', countyCode: C.YUCI, industry: '化工', category: 'KEY', issuedOn: '2021-09-01', validUntil: '2026-08-31' },
  { op: 'issuePermit', ref: 'PM_YC_PLATING', permitNo: '91140702MA0H5NCD5H001P', holderName: '榆次区示例电镀有限公司',
    creditCode: '91140702MA0H5NCD5H', countyCode: C.YUCI, industry: '电镀', category: 'KEY', issuedOn: '2023-05-10', validUntil: '2028-05-09' },
  // A registration-category holder that is neither a key unit nor in a key industry.
  { op: 'issuePermit', ref: 'PM_YC_PRINT', permitNo: '91140702MA0KJR3D87001P', holderName: '榆次区示例印刷有限公司',
    creditCode: '91140702MA0KJR3D87', countyCode: C.YUCI, industry: '印刷', category: 'REGISTRATION', issuedOn: '2022-03-01', validUntil: '2027-02-28' },
  // Expired 2024-11-19 and not renewed: PERMIT_COVERAGE OVERDUE from 2024-11-20.
  { op: 'issuePermit', ref: 'PM_TG_PEST', permitNo: '911407037118897741001P', holderName: '晋中示例农药有限公司',
    creditCode: '911407037118897741', countyCode: C.TAIGU, industry: '农药', category: 'KEY', issuedOn: '2019-11-20', validUntil: '2024-11-19' },
  // Expired 2025-06-30.
  { op: 'issuePermit', ref: 'PM_TG_PHARM', permitNo: '91140703MA0K6M7L4D001P', holderName: '太谷区示例制药有限公司',
    creditCode: '91140703MA0K6M7L4D', countyCode: C.TAIGU, industry: '医药制造', category: 'KEY', issuedOn: '2020-07-01', validUntil: '2025-06-30' },
  { op: 'issuePermit', ref: 'PM_JX_COKE', permitNo: '91140781586096256U001P', holderName: '介休市示例焦化有限公司',
    creditCode: '91140781586096256U', countyCode: C.JIEXIU, industry: '焦化', category: 'KEY', issuedOn: '2022-03-15', validUntil: '2027-03-14' },
  { op: 'issuePermit', ref: 'PM_JX_HW', permitNo: '91140781MA0KG76690001P', holderName: '介休市示例危废处置有限公司',
    creditCode: '91140781MA0KG76690', countyCode: C.JIEXIU, industry: '危险废物处置', category: 'KEY', issuedOn: '2023-12-01', validUntil: '2028-11-30' },
  // Not a key unit, but in a key industry (焦化): ending its permit registers a plot.
  { op: 'issuePermit', ref: 'PM_JX_GAS', permitNo: '911407815995406197001P', holderName: '介休市示例煤气化有限公司',
    creditCode: '911407815995406197', countyCode: C.JIEXIU, industry: '焦化', category: 'KEY', issuedOn: '2019-10-08', validUntil: '2024-10-07' },
  { op: 'issuePermit', ref: 'PM_LS_CHEM', permitNo: '911407295555660322001P', holderName: '灵石县示例煤化工有限公司',
    creditCode: '911407295555660322', countyCode: C.LINGSHI, industry: '化工', category: 'KEY', issuedOn: '2021-01-15', validUntil: '2026-01-14' },
  { op: 'issuePermit', ref: 'PM_PY_LEATHER', permitNo: '911407287331630340001P', holderName: '平遥县示例皮革有限公司',
    creditCode: '911407287331630340', countyCode: C.PINGYAO, industry: '制革', category: 'KEY', issuedOn: '2021-03-10', validUntil: '2026-03-09' },
  // Neither a key unit nor a key industry: ending its permit opens a vacated site without a plot.
  { op: 'issuePermit', ref: 'PM_PY_BRICK', permitNo: '9114072869186240XG001P', holderName: '平遥县示例建材有限公司',
    creditCode: '9114072869186240XG', countyCode: C.PINGYAO, industry: '建材', category: 'SIMPLIFIED', issuedOn: '2020-12-08', validUntil: '2025-12-07' },
  // A small vehicle-repair workshop moved to 排污登记 (转登记): its permit ends, but no land is vacated.
  { op: 'issuePermit', ref: 'PM_YC_AUTOFIX', permitNo: '91140702MA0L8QX2WB001P', holderName: '榆次区示例汽车维修服务有限公司',
    creditCode: '91140702MA0L8QX2WB', countyCode: C.YUCI, industry: '汽车修理与维护', category: 'SIMPLIFIED', issuedOn: '2021-06-15', validUntil: '2026-06-14' },

  { op: 'issuePermit', ref: 'PM_LSH_PETRO', permitNo: '91141102MA0JAWB491001P', holderName: '吕梁示例石油化工有限公司',
    creditCode: '91141102MA0JAWB491', countyCode: C.LISHI, industry: '石油加工', category: 'KEY', issuedOn: '2022-08-01', validUntil: '2027-07-31' },
  // Expired 2025-10-11.
  { op: 'issuePermit', ref: 'PM_FY_CHEM', permitNo: '91141182580457890Q001P', holderName: '汾阳市示例化工有限公司',
    creditCode: '91141182580457890Q', countyCode: C.FENYANG, industry: '化工', category: 'KEY', issuedOn: '2020-10-12', validUntil: '2025-10-11' },
  // A 排污登记 (registration, 登记编号) before the permit: not a discharge permit, PERMIT_COVERAGE stays OVERDUE until 2025-05-20.
  { op: 'issuePermit', ref: 'PM_FY_FINE_REG', permitNo: '91141182MA0GF3QP1E002W', holderName: '汾阳市示例精细化工有限公司',
    creditCode: '91141182MA0GF3QP1E', countyCode: C.FENYANG, industry: '化工', category: 'REGISTRATION', issuedOn: '2025-04-20', validUntil: '2030-04-19' },
  { op: 'issuePermit', ref: 'PM_FY_FINE', permitNo: '91141182MA0GF3QP1E001P', holderName: '汾阳市示例精细化工有限公司',
    creditCode: '91141182MA0GF3QP1E', countyCode: C.FENYANG, industry: '化工', category: 'KEY', issuedOn: '2025-05-20', validUntil: '2030-05-19' },
  // Not a key unit, key industry 电镀.
  { op: 'issuePermit', ref: 'PM_FY_PLATING', permitNo: '91141182MA0G77930G001P', holderName: '汾阳市示例电镀厂',
    creditCode: '91141182MA0G77930G', countyCode: C.FENYANG, industry: '电镀', category: 'SIMPLIFIED', issuedOn: '2021-04-12', validUntil: '2026-04-11' },
  { op: 'issuePermit', ref: 'PM_JC_NFM', permitNo: '91141122770978208H001P', holderName: '交城县示例冶炼有限公司',
    creditCode: '91141122770978208H', countyCode: C.JIAOCHENG, industry: '有色金属冶炼', category: 'KEY', issuedOn: '2021-11-01', validUntil: '2026-10-31' },
  { op: 'issuePermit', ref: 'PM_JC_MINE', permitNo: '91141122MA0K3HRG0W001P', holderName: '交城县示例矿业有限公司',
    creditCode: '91141122MA0K3HRG0W', countyCode: C.JIAOCHENG, industry: '有色金属矿采选', category: 'KEY', issuedOn: '2023-06-01', validUntil: '2028-05-31' },
  { op: 'issuePermit', ref: 'PM_WS_STEEL', permitNo: '91141121776505129H001P', holderName: '文水县示例钢铁有限公司',
    creditCode: '91141121776505129H', countyCode: C.WENSHUI, industry: '钢铁', category: 'KEY', issuedOn: '2021-12-01', validUntil: '2026-11-30' },
];

// ───────────── C. 孝义市: the closed 4.3 m coke plants (Lüliang plan, task 8) ─────────────
// Each permit end opens a vacated site (腾退地块) and a SUSPECTED plot with source VACATED_SITE.

const xiaoyiCoke: DemoStep[] = [
  // 金晖: the whole way through the directory, delisted in 2025 against second-class values (enough for 0801),
  // then planned for 0801 (机关团体) and allocated. As a coke plot that was once LISTED it may never be planned for
  // a use that needs first-class land (07xx, 0803, 0805, 0806: RESTRICTED_USE).
  { op: 'endPermit', permit: 'PM_XY_JINHUI', how: 'CANCEL', endedOn: '2023-05-16',
    reason: '4.3米焦炉已按要求关停淘汰，企业申请注销排污许可证', siteRef: 'S_XY_JINHUI', plotRef: 'P_XY_JINHUI' },
  { op: 'delistKeyUnit', keyUnit: 'KU_XY_JINHUI', delistedOn: '2023-06-30' },
  { op: 'recordVacatedSiteReserve', site: 'S_XY_JINHUI', landReservedOn: '2023-06-28' },
  { op: 'advancePlotStage', plot: 'P_XY_JINHUI', to: 'UNDER_INVESTIGATION', effectiveOn: '2023-07-10' },
  { op: 'advancePlotStage', plot: 'P_XY_JINHUI', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2023-11-20',
    evidence: ev('孝环土调〔2023〕21号', '孝义市金晖煤焦有限公司（4.3米焦炉）遗留地块土壤污染状况调查报告评审意见', XIAOYI, '2023-11-15') },
  { op: 'advancePlotStage', plot: 'P_XY_JINHUI', to: 'LISTED', effectiveOn: '2024-01-18',
    evidence: ev('晋环土壤函〔2024〕6号', '孝义市金晖煤焦有限公司（4.3米焦炉）遗留地块土壤污染风险评估报告评审意见', PROVINCE, '2024-01-12') },
  { op: 'issueConstructionPermit', plot: 'P_XY_JINHUI', agency: 'APPROVALS', permitNo: '141181202403260101', issuedOn: '2024-03-26',
    purpose: 'RISK_CONTROL_OR_REMEDIATION' },
  { op: 'advancePlotStage', plot: 'P_XY_JINHUI', to: 'REMEDIATION', effectiveOn: '2024-04-08',
    evidence: ev('孝环修复备〔2024〕1号', '修复方案备案回执（土壤污染防治法第六十四、六十五条）', XIAOYI, '2024-04-08') },
  // The remediation works start under the remediation permit (no purpose stated: the permit's): no violation.
  { op: 'reportConstructionStarted', plot: 'P_XY_JINHUI', agency: 'HOUSING', startedOn: '2024-04-15' },
  { op: 'advancePlotStage', plot: 'P_XY_JINHUI', to: 'EFFECT_EVALUATION', effectiveOn: '2025-03-20',
    evidence: ev('孝环效评〔2025〕2号', '修复/风险管控工程竣工及效果评估委托备案（土壤污染防治法第六十四、六十五条）', XIAOYI, '2025-03-20') },
  { op: 'advancePlotStage', plot: 'P_XY_JINHUI', to: 'DELISTED', effectiveOn: '2025-07-15',
    evidence: second(ev('晋环土壤函〔2025〕27号', '关于孝义市金晖煤焦有限公司（4.3米焦炉）遗留地块修复效果评估报告评审意见及移出名录的函', PROVINCE, '2025-07-08')) },
  { op: 'planLandUse', plot: 'P_XY_JINHUI', plannedUseCode: '0801', decidedOn: '2025-08-20', supplyPlanYear: 2025 },
  { op: 'recordLandAction', plot: 'P_XY_JINHUI', action: 'SUPPLY', decidedOn: '2025-10-28', supplyMethod: 'ALLOCATION',
    decisionNo: '孝政划拨决〔2025〕12号' },
  { op: 'issueConstructionPermit', plot: 'P_XY_JINHUI', agency: 'APPROVALS', permitNo: '141181202511200101', issuedOn: '2025-11-20',
    purpose: 'REGULAR' },
  { op: 'reportConstructionStarted', plot: 'P_XY_JINHUI', agency: 'HOUSING', startedOn: '2025-12-08' },

  // 红沟: investigated below the first-class screening values, planned for 0701 城镇住宅 and supplied, then built on lawfully.
  { op: 'endPermit', permit: 'PM_XY_HONGGOU', how: 'REVOKE', endedOn: '2023-11-08',
    reason: '焦炉已关停拆除，企业逾期未申请注销，审批部门依法撤销', siteRef: 'S_XY_HONGGOU', plotRef: 'P_XY_HONGGOU' },
  { op: 'delistKeyUnit', keyUnit: 'KU_XY_HONGGOU', delistedOn: '2024-01-31' },
  { op: 'advancePlotStage', plot: 'P_XY_HONGGOU', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-01-10' },
  { op: 'advancePlotStage', plot: 'P_XY_HONGGOU', to: 'BELOW_SCREENING', effectiveOn: '2024-06-25',
    evidence: first(ev('孝环土调〔2024〕12号', '孝义市红沟煤焦有限公司（4.3米焦炉）遗留地块土壤污染状况调查报告评审意见', XIAOYI, '2024-06-18')) },
  { op: 'recordVacatedSiteReserve', site: 'S_XY_HONGGOU', landReservedOn: '2024-07-15' },
  { op: 'planLandUse', plot: 'P_XY_HONGGOU', plannedUseCode: '0701', decidedOn: '2024-08-15', supplyPlanYear: 2025 },
  { op: 'recordLandAction', plot: 'P_XY_HONGGOU', action: 'SUPPLY', decidedOn: '2025-04-22', supplyMethod: 'GRANT',
    decisionNo: '孝义市国有建设用地使用权出让合同〔2025〕第08号' },
  { op: 'issueConstructionPermit', plot: 'P_XY_HONGGOU', agency: 'HOUSING', permitNo: '141181202506100101', issuedOn: '2025-06-10',
    purpose: 'REGULAR' },
  { op: 'reportConstructionStarted', plot: 'P_XY_HONGGOU', agency: 'HOUSING', startedOn: '2025-07-01' },

  // 曜鑫: still SUSPECTED. Satellite checks (卫片执法) find works on the site, a flagged fact that is rectified later.
  // The unit stays on the key-unit list with no permit: the platform shows PERMIT_COVERAGE OVERDUE.
  { op: 'endPermit', permit: 'PM_XY_YAOXIN', how: 'CANCEL', endedOn: '2024-03-12',
    reason: '4.3米焦炉关停淘汰，企业申请注销排污许可证', siteRef: 'S_XY_YAOXIN', plotRef: 'P_XY_YAOXIN' },
  { op: 'reportConstructionStarted', plot: 'P_XY_YAOXIN', agency: 'NATURAL_RESOURCES', startedOn: '2024-11-18' },
  { op: 'rectifyViolation', plot: 'P_XY_YAOXIN', rectifiedOn: '2025-01-20',
    note: '已责令停工并清除新建基础，建设单位承诺土壤污染状况调查完成前不再施工' },

  // 楼东一期: under investigation (funded by reserve project R_XY_2024).
  { op: 'endPermit', permit: 'PM_XY_LOUDONG1', how: 'CANCEL', endedOn: '2023-08-25',
    reason: '4.3米焦炉关停淘汰，企业申请注销排污许可证', siteRef: 'S_XY_LOUDONG1', plotRef: 'P_XY_LOUDONG1' },
  { op: 'delistKeyUnit', keyUnit: 'KU_XY_LOUDONG1', delistedOn: '2023-09-28' },
  { op: 'advancePlotStage', plot: 'P_XY_LOUDONG1', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-10-15' },

  // 楼东二期: land reserved, investigated, now in risk assessment. The unit stays listed (no check, no permit).
  { op: 'endPermit', permit: 'PM_XY_LOUDONG2', how: 'REVOKE', endedOn: '2024-06-18',
    reason: '焦炉已关停拆除，企业逾期未申请注销，审批部门依法撤销', siteRef: 'S_XY_LOUDONG2', plotRef: 'P_XY_LOUDONG2' },
  { op: 'recordVacatedSiteReserve', site: 'S_XY_LOUDONG2', landReservedOn: '2024-09-05' },
  { op: 'advancePlotStage', plot: 'P_XY_LOUDONG2', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-10-15' },
  { op: 'advancePlotStage', plot: 'P_XY_LOUDONG2', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2025-05-16',
    evidence: ev('孝环土调〔2025〕9号', '孝义市楼东煤焦二期有限公司（4.3米焦炉）遗留地块土壤污染状况调查报告评审意见', XIAOYI, '2025-05-09') },
];

// ───────────── D. other permits ended (注销、撤销排污许可证企业清单, Jinzhong plan task 5) ─────────────

const otherPermitEnds: DemoStep[] = [
  { op: 'endPermit', permit: 'PM_JX_GAS', how: 'CANCEL', endedOn: '2024-05-20',
    reason: '企业整体关停，申请注销排污许可证', siteRef: 'S_JX_GAS', plotRef: 'P_JX_GAS' },
  // The 拆除活动总结报告 filed after the gasifier was demolished (Jinzhong plan 3).
  { op: 'recordDemolitionReport', site: 'S_JX_GAS', filedOn: '2024-08-06', documentNo: '介环拆备〔2024〕5号' },
  { op: 'recordVacatedSiteReserve', site: 'S_JX_GAS', landReservedOn: '2024-08-22' },
  { op: 'advancePlotStage', plot: 'P_JX_GAS', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-09-10' },
  { op: 'advancePlotStage', plot: 'P_JX_GAS', to: 'BELOW_SCREENING', effectiveOn: '2025-04-15',
    evidence: second(ev('介环土调〔2025〕3号', '介休市示例煤气化有限公司原厂区地块土壤污染状况调查报告评审意见', JIEXIU, '2025-04-08')) },

  { op: 'endPermit', permit: 'PM_PY_BRICK', how: 'CANCEL', endedOn: '2024-09-10',
    reason: '企业停产转型，申请注销排污许可证', siteRef: 'S_PY_BRICK' },
  { op: 'recordVacatedSiteReserve', site: 'S_PY_BRICK', landReservedOn: '2025-03-11' },
  // No plot (neither a key unit nor a key industry): ECO closes the site after its site check (RULES.md §5).
  { op: 'closeVacatedSite', site: 'S_PY_BRICK', closedOn: '2025-08-12',
    reason: '现场核查：原厂区仅为制砖成型、晾晒及成品堆放，无涉重金属及有机污染物工序，不纳入土壤污染状况调查，予以销号' },

  { op: 'endPermit', permit: 'PM_YC_AUTOFIX', how: 'CANCEL', endedOn: '2025-03-20', reasonCategory: 'TO_REGISTRATION',
    reason: '依据《固定污染源排污许可分类管理名录（2019年版）》转为排污登记管理，申请注销排污许可证' },

  { op: 'endPermit', permit: 'PM_FY_PLATING', how: 'REVOKE', endedOn: '2025-06-18',
    reason: '现场核查电镀生产线已拆除，许可申请材料不实，依法撤销', siteRef: 'S_FY_PLATING', plotRef: 'P_FY_PLATING' },
  { op: 'advancePlotStage', plot: 'P_FY_PLATING', to: 'UNDER_INVESTIGATION', effectiveOn: '2025-11-05' },
];

// ───────────── E. plots registered by ECO or NATURAL_RESOURCES, and plots found during works ─────────────

const plots: DemoStep[] = [
  // ── 孝义市 ──
  { op: 'registerPlot', ref: 'P_XY_ALU', agency: 'ECO', name: '孝义市示例铝业有限公司赤泥堆场周边地块', countyCode: C.XIAOYI,
    source: 'KEY_UNIT_LAND', address: '孝义市阳泉曲镇示例工业园区', ...outline(111.694, 37.186, 360, 300, -10),
    industry: '有色金属冶炼', keyUnit: 'KU_XY_ALU', currentUseCode: '0601', identifiedOn: '2024-04-10' },

  { op: 'registerPlot', ref: 'P_XY_SCHOOL', agency: 'NATURAL_RESOURCES', name: '孝义市原示例机械厂地块', countyCode: C.XIAOYI,
    source: 'LAND_USE_CHANGE', address: '孝义市胜溪湖街道示例路', ...outline(111.789, 37.133, 180, 150),
    industry: '通用设备制造', formerEnterprise: '孝义市示例机械厂（已搬迁）', currentUseCode: '0601', identifiedOn: '2024-02-20' },
  { op: 'planLandUse', plot: 'P_XY_SCHOOL', plannedUseCode: '0803', decidedOn: '2024-02-26', supplyPlanYear: 2025 },
  { op: 'advancePlotStage', plot: 'P_XY_SCHOOL', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-03-15' },
  { op: 'advancePlotStage', plot: 'P_XY_SCHOOL', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2024-08-30',
    evidence: ev('孝环土调〔2024〕15号', '孝义市原示例机械厂地块土壤污染状况调查报告评审意见', XIAOYI, '2024-08-23') },
  { op: 'advancePlotStage', plot: 'P_XY_SCHOOL', to: 'RISK_ACCEPTABLE', effectiveOn: '2025-01-16',
    evidence: first(ev('晋环土壤函〔2025〕2号', '孝义市原示例机械厂地块土壤污染风险评估报告评审意见', PROVINCE, '2025-01-10')) },
  { op: 'recordLandAction', plot: 'P_XY_SCHOOL', action: 'SUPPLY', decidedOn: '2025-03-18' },

  { op: 'reportDiscoveredContamination', ref: 'P_XY_DISC', agency: 'HOUSING', name: '孝义市示例棚户区改造项目地块', countyCode: C.XIAOYI,
    address: '孝义市新义街道示例巷', areaM2: 18600, centroid: { lon: 111.772, lat: 37.151 }, identifiedOn: '2025-05-12',
    note: '基坑开挖发现黑色异味土层，已暂停土方作业，请生态环境部门核查' },
  { op: 'advancePlotStage', plot: 'P_XY_DISC', to: 'UNDER_INVESTIGATION', effectiveOn: '2025-06-20' },

  // Contamination found while a village house near the closed coke plants is rebuilt (宅基地 0702): the land is
  // already residential, yet it must be investigated (the 一住两公 exemption cancels only USE_CHANGE; RULES.md §1),
  // and HOUSING's regular construction permit is refused until then.
  { op: 'reportDiscoveredContamination', ref: 'P_XY_VILLAGE', agency: 'NATURAL_RESOURCES', name: '孝义市梧桐镇示例村宅基地翻建地块', countyCode: C.XIAOYI,
    address: '孝义市梧桐镇示例村', areaM2: 640, centroid: { lon: 111.826, lat: 37.105 }, currentUseCode: '0702', identifiedOn: '2025-08-14',
    note: '宅基地翻建挖掘地基时发现焦油状黑色土层，伴有刺激性气味，已停止施工' },
  { op: 'expectRefused', code: 'INVESTIGATION_NOT_COMPLETED', why: '发现污染的宅基地未完成土壤污染状况调查，不予核发施工许可',
    step: { op: 'issueConstructionPermit', plot: 'P_XY_VILLAGE', agency: 'HOUSING', permitNo: '141181202509020101', issuedOn: '2025-09-02', purpose: 'REGULAR' } },

  // ── 榆次区 ──
  // The chemical plant moved into an industrial park (退城入园). Its old site is still the key unit's land: taken
  // into the reserve (收储, a KEY_UNIT_LAND trigger), but its recovery (收回) and its plan for housing are refused
  // before the investigation is complete (土壤污染防治法 第67条); the KEY_UNIT_LAND_INVESTIGATION duty stays DUE.
  { op: 'registerPlot', ref: 'P_YC_CHEM_OLD', agency: 'ECO', name: '晋中示例化工有限公司老厂区地块', countyCode: C.YUCI,
    source: 'KEY_UNIT_LAND', address: '晋中市榆次区迎宾街示例号', ...outline(112.728, 37.689, 300, 250, 6),
    industry: '化工', keyUnit: 'KU_YC_CHEM', formerEnterprise: '晋中示例化工有限公司', formerCreditCode: '91140702777655161E',
    currentUseCode: '0601', identifiedOn: '2023-02-15' },
  { op: 'recordLandAction', plot: 'P_YC_CHEM_OLD', action: 'RESERVE', decidedOn: '2023-04-18' },
  { op: 'expectRefused', code: 'INVESTIGATION_NOT_COMPLETED', why: '重点监管单位生产经营用地收回土地使用权前未完成土壤污染状况调查（法67）',
    step: { op: 'recordLandAction', plot: 'P_YC_CHEM_OLD', action: 'RECOVER', decidedOn: '2023-06-20', decisionNo: '榆政收〔2023〕9号' } },
  { op: 'expectRefused', code: 'INVESTIGATION_NOT_COMPLETED', why: '重点监管单位生产经营用地变更用途前未完成土壤污染状况调查（法67）',
    step: { op: 'planLandUse', plot: 'P_YC_CHEM_OLD', plannedUseCode: '0701', decidedOn: '2023-08-10', supplyPlanYear: 2025 } },
  { op: 'advancePlotStage', plot: 'P_YC_CHEM_OLD', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-03-05' },

  { op: 'registerPlot', ref: 'P_YC_PLATING', agency: 'ECO', name: '榆次区示例电镀有限公司生产经营用地', countyCode: C.YUCI,
    source: 'KEY_UNIT_LAND', address: '晋中市榆次区修文镇示例路18号', ...outline(112.663, 37.632, 120, 100),
    industry: '电镀', keyUnit: 'KU_YC_PLATING', currentUseCode: '0601', identifiedOn: '2023-06-12' },

  { op: 'registerPlot', ref: 'P_YC_LUC', agency: 'NATURAL_RESOURCES', name: '榆次区原示例纺织厂地块', countyCode: C.YUCI,
    source: 'LAND_USE_CHANGE', address: '晋中市榆次区顺城街示例号', ...outline(112.741, 37.705, 220, 180, -3),
    industry: '纺织', formerEnterprise: '晋中示例纺织厂（已破产）', currentUseCode: '0601', identifiedOn: '2024-01-22' },
  { op: 'planLandUse', plot: 'P_YC_LUC', plannedUseCode: '0701', decidedOn: '2024-02-05', supplyPlanYear: 2024 },
  { op: 'advancePlotStage', plot: 'P_YC_LUC', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-03-01' },
  { op: 'advancePlotStage', plot: 'P_YC_LUC', to: 'BELOW_SCREENING', effectiveOn: '2024-09-10',
    evidence: first(ev('榆环土调〔2024〕7号', '榆次区原示例纺织厂地块土壤污染状况调查报告评审意见', YUCI, '2024-09-03')) },
  { op: 'recordLandAction', plot: 'P_YC_LUC', action: 'SUPPLY', decidedOn: '2024-11-15' },
  { op: 'issueConstructionPermit', plot: 'P_YC_LUC', agency: 'APPROVALS', permitNo: '140702202503200101', issuedOn: '2025-03-20',
    purpose: 'REGULAR' },
  { op: 'reportConstructionStarted', plot: 'P_YC_LUC', agency: 'HOUSING', startedOn: '2025-04-15' },

  // Found during excavation (Jinzhong plan task 7), then investigated, listed and remediated.
  { op: 'reportDiscoveredContamination', ref: 'P_YC_DISC', agency: 'HOUSING', name: '榆次区示例商住项目基坑地块', countyCode: C.YUCI,
    address: '晋中市榆次区汇通路示例号', areaM2: 12500, centroid: { lon: 112.719, lat: 37.676 }, identifiedOn: '2024-08-06',
    note: '基坑开挖发现疑似油污土壤及刺激性气味，已停工并报告' },
  { op: 'advancePlotStage', plot: 'P_YC_DISC', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-08-30' },
  { op: 'advancePlotStage', plot: 'P_YC_DISC', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2025-01-10',
    evidence: ev('榆环土调〔2025〕1号', '榆次区示例商住项目基坑地块土壤污染状况调查报告评审意见', YUCI, '2025-01-03') },
  { op: 'advancePlotStage', plot: 'P_YC_DISC', to: 'LISTED', effectiveOn: '2025-05-22',
    evidence: ev('晋环土壤函〔2025〕14号', '榆次区示例商住项目基坑地块土壤污染风险评估报告评审意见', PROVINCE, '2025-05-15') },
  { op: 'issueConstructionPermit', plot: 'P_YC_DISC', agency: 'HOUSING', permitNo: '140702202509050201', issuedOn: '2025-09-05',
    purpose: 'RISK_CONTROL_OR_REMEDIATION' },
  { op: 'advancePlotStage', plot: 'P_YC_DISC', to: 'REMEDIATION', effectiveOn: '2025-09-15',
    evidence: ev('榆环修复备〔2025〕3号', '修复方案备案回执（土壤污染防治法第六十四、六十五条）', YUCI, '2025-09-15') },
  // The remediation works start, reported with their purpose: what the law asks for, no violation (RULES.md §5).
  { op: 'reportConstructionStarted', plot: 'P_YC_DISC', agency: 'HOUSING', startedOn: '2025-09-22', purpose: 'RISK_CONTROL_OR_REMEDIATION' },

  // ── 太谷区 ──
  // The pesticide plant's old synthesis workshop: listed, under risk control, now in effect evaluation.
  { op: 'registerPlot', ref: 'P_TG_PEST', agency: 'ECO', name: '晋中示例农药有限公司原合成车间地块', countyCode: C.TAIGU,
    source: 'KEY_UNIT_LAND', address: '晋中市太谷区胡村镇示例村东', ...outline(112.521, 37.452, 280, 240, 9),
    industry: '农药', keyUnit: 'KU_TG_PEST', currentUseCode: '0601', identifiedOn: '2023-03-08' },
  { op: 'advancePlotStage', plot: 'P_TG_PEST', to: 'UNDER_INVESTIGATION', effectiveOn: '2023-04-20' },
  { op: 'advancePlotStage', plot: 'P_TG_PEST', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2023-10-12',
    evidence: ev('太环土调〔2023〕4号', '晋中示例农药有限公司原合成车间地块土壤污染状况调查报告评审意见', TAIGU, '2023-10-08') },
  { op: 'advancePlotStage', plot: 'P_TG_PEST', to: 'LISTED', effectiveOn: '2024-03-15',
    evidence: ev('晋环土壤函〔2024〕11号', '晋中示例农药有限公司原合成车间地块土壤污染风险评估报告评审意见', PROVINCE, '2024-03-08') },
  { op: 'advancePlotStage', plot: 'P_TG_PEST', to: 'RISK_CONTROL', effectiveOn: '2024-07-01',
    evidence: ev('太环管控备〔2024〕4号', '风险管控方案备案回执（土壤污染防治法第六十四、六十五条）', TAIGU, '2024-07-01') },
  { op: 'advancePlotStage', plot: 'P_TG_PEST', to: 'EFFECT_EVALUATION', effectiveOn: '2025-09-10',
    evidence: ev('太环效评〔2025〕5号', '修复/风险管控工程竣工及效果评估委托备案（土壤污染防治法第六十四、六十五条）', TAIGU, '2025-09-10') },

  // Found by the key-industry land survey; risk acceptable; recovered by the government, planned for 0805 and supplied.
  { op: 'registerPlot', ref: 'P_TG_SURVEY', agency: 'ECO', name: '太谷区原示例化肥厂地块', countyCode: C.TAIGU,
    source: 'KEY_INDUSTRY_SURVEY', address: '晋中市太谷区示例路', ...outline(112.566, 37.412, 240, 200, -7),
    industry: '化工', formerEnterprise: '太谷县示例化肥厂（已关闭）', currentUseCode: '0601', identifiedOn: '2023-05-10' },
  { op: 'advancePlotStage', plot: 'P_TG_SURVEY', to: 'UNDER_INVESTIGATION', effectiveOn: '2023-06-15' },
  { op: 'advancePlotStage', plot: 'P_TG_SURVEY', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2023-12-20',
    evidence: ev('太环土调〔2023〕9号', '太谷区原示例化肥厂地块土壤污染状况调查报告评审意见', TAIGU, '2023-12-14') },
  { op: 'advancePlotStage', plot: 'P_TG_SURVEY', to: 'RISK_ACCEPTABLE', effectiveOn: '2024-06-14',
    evidence: first(ev('晋环土壤函〔2024〕19号', '太谷区原示例化肥厂地块土壤污染风险评估报告评审意见', PROVINCE, '2024-06-07')) },
  { op: 'recordLandAction', plot: 'P_TG_SURVEY', action: 'RECOVER', decidedOn: '2024-10-10' },
  { op: 'planLandUse', plot: 'P_TG_SURVEY', plannedUseCode: '0805', decidedOn: '2025-03-05', supplyPlanYear: 2025 },
  { op: 'recordLandAction', plot: 'P_TG_SURVEY', action: 'SUPPLY', decidedOn: '2025-06-20' },

  { op: 'registerPlot', ref: 'P_TG_DEPOT', agency: 'ECO', name: '太谷区原示例油库地块', countyCode: C.TAIGU,
    source: 'OTHER', address: '晋中市太谷区示例街', ...outline(112.540, 37.428, 130, 110),
    industry: '成品油仓储', formerEnterprise: '太谷县示例石油公司油库（已拆除）', currentUseCode: '0604', identifiedOn: '2024-04-08' },
  { op: 'advancePlotStage', plot: 'P_TG_DEPOT', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-05-20' },
  // Investigated against second-class (industrial) screening values, then put in the 2025 supply plan for housing:
  // the clearance does not cover housing (RULES.md §2), so investigation is required again and the supply is refused.
  { op: 'advancePlotStage', plot: 'P_TG_DEPOT', to: 'BELOW_SCREENING', effectiveOn: '2024-12-18',
    evidence: second(ev('太环土调〔2024〕6号', '太谷区原示例油库地块土壤污染状况调查报告评审意见（按第二类用地筛选值评价）', TAIGU, '2024-12-11')) },
  { op: 'planLandUse', plot: 'P_TG_DEPOT', plannedUseCode: '0701', decidedOn: '2025-04-16', supplyPlanYear: 2025 },
  { op: 'expectRefused', code: 'INVESTIGATION_NOT_COMPLETED', why: '按第二类用地筛选值评价的地块未证明可作住宅用地（GB 36600-2018）',
    step: { op: 'recordLandAction', plot: 'P_TG_DEPOT', action: 'SUPPLY', decidedOn: '2025-09-18', supplyMethod: 'GRANT' } },

  // ── 介休市 ──
  // The coke plant whose surrounding soil was polluted beyond its boundary: one plant, one policy, then risk control.
  { op: 'registerPlot', ref: 'P_JX_COKE', agency: 'ECO', name: '介休市示例焦化有限公司厂区东侧地块', countyCode: C.JIEXIU,
    source: 'KEY_UNIT_LAND', address: '晋中市介休市义安镇示例焦化园区', ...outline(111.952, 37.061, 340, 280, 3),
    industry: '焦化', keyUnit: 'KU_JX_COKE', currentUseCode: '0601', identifiedOn: '2024-10-08' },
  { op: 'advancePlotStage', plot: 'P_JX_COKE', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-11-05' },
  { op: 'advancePlotStage', plot: 'P_JX_COKE', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2025-03-28',
    evidence: ev('介环土调〔2025〕1号', '介休市示例焦化有限公司厂区东侧地块土壤污染状况调查报告评审意见', JIEXIU, '2025-03-21') },
  { op: 'advancePlotStage', plot: 'P_JX_COKE', to: 'LISTED', effectiveOn: '2025-06-26',
    evidence: ev('晋环土壤函〔2025〕18号', '介休市示例焦化有限公司厂区东侧地块土壤污染风险评估报告评审意见', PROVINCE, '2025-06-19') },
  { op: 'advancePlotStage', plot: 'P_JX_COKE', to: 'RISK_CONTROL', effectiveOn: '2025-08-12',
    evidence: ev('介环管控备〔2025〕6号', '风险管控方案备案回执（土壤污染防治法第六十四、六十五条）', JIEXIU, '2025-08-12') },

  // Planned for a school (0803) in 2025Q3 while not yet investigated: the change is pushed to ECO, investigation follows.
  { op: 'registerPlot', ref: 'P_JX_LUC', agency: 'NATURAL_RESOURCES', name: '介休市原示例机械厂地块', countyCode: C.JIEXIU,
    source: 'LAND_USE_CHANGE', address: '晋中市介休市北关街道示例路', ...outline(111.909, 37.031, 170, 140),
    industry: '金属制品', formerEnterprise: '介休市示例机械厂（已搬迁）', currentUseCode: '0601', identifiedOn: '2025-06-30' },
  { op: 'planLandUse', plot: 'P_JX_LUC', plannedUseCode: '0803', decidedOn: '2025-07-08', supplyPlanYear: 2026 },
  { op: 'advancePlotStage', plot: 'P_JX_LUC', to: 'UNDER_INVESTIGATION', effectiveOn: '2025-08-05' },

  // ── 灵石县 ──
  { op: 'registerPlot', ref: 'P_LS_CHEM', agency: 'ECO', name: '灵石县示例煤化工有限公司生产经营用地', countyCode: C.LINGSHI,
    source: 'KEY_UNIT_LAND', address: '晋中市灵石县两渡镇示例工业园区', ...outline(111.742, 36.903, 300, 250, 15),
    industry: '化工', keyUnit: 'KU_LS_CHEM', currentUseCode: '0601', identifiedOn: '2023-09-12' },
  { op: 'advancePlotStage', plot: 'P_LS_CHEM', to: 'UNDER_INVESTIGATION', effectiveOn: '2025-02-20' },

  // A closed coke works: listed in 2023; the first effect evaluation failed (targets not met), so back to
  // remediation; delisted in 2025, then planned as a park (0810, not 一住两公: see seeds/reference/SOURCES.md).
  { op: 'registerPlot', ref: 'P_LS_SURVEY', agency: 'ECO', name: '灵石县原示例焦化厂地块', countyCode: C.LINGSHI,
    source: 'KEY_INDUSTRY_SURVEY', address: '晋中市灵石县翠峰镇示例村', ...outline(111.790, 36.862, 380, 320, -6),
    industry: '焦化', formerEnterprise: '灵石县示例焦化厂（已关闭）', currentUseCode: '0601', identifiedOn: '2022-11-10' },
  { op: 'advancePlotStage', plot: 'P_LS_SURVEY', to: 'UNDER_INVESTIGATION', effectiveOn: '2023-01-09' },
  { op: 'advancePlotStage', plot: 'P_LS_SURVEY', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2023-04-25',
    evidence: ev('灵环土调〔2023〕2号', '灵石县原示例焦化厂地块土壤污染状况调查报告评审意见', LINGSHI, '2023-04-18') },
  { op: 'advancePlotStage', plot: 'P_LS_SURVEY', to: 'LISTED', effectiveOn: '2023-07-20',
    evidence: ev('晋环土壤函〔2023〕21号', '灵石县原示例焦化厂地块土壤污染风险评估报告评审意见', PROVINCE, '2023-07-13') },
  { op: 'issueConstructionPermit', plot: 'P_LS_SURVEY', agency: 'HOUSING', permitNo: '140729202308200101', issuedOn: '2023-08-20',
    purpose: 'RISK_CONTROL_OR_REMEDIATION' },
  { op: 'advancePlotStage', plot: 'P_LS_SURVEY', to: 'REMEDIATION', effectiveOn: '2023-09-01',
    evidence: ev('灵环修复备〔2023〕7号', '修复方案备案回执（土壤污染防治法第六十四、六十五条）', LINGSHI, '2023-09-01') },
  { op: 'advancePlotStage', plot: 'P_LS_SURVEY', to: 'EFFECT_EVALUATION', effectiveOn: '2024-05-10',
    evidence: ev('灵环效评〔2024〕8号', '修复/风险管控工程竣工及效果评估委托备案（土壤污染防治法第六十四、六十五条）', LINGSHI, '2024-05-10') },
  { op: 'advancePlotStage', plot: 'P_LS_SURVEY', to: 'REMEDIATION', effectiveOn: '2024-08-02',
    evidence: ev('灵环修复备〔2024〕9号', '修复方案备案回执（土壤污染防治法第六十四、六十五条）', LINGSHI, '2024-08-02') },
  { op: 'advancePlotStage', plot: 'P_LS_SURVEY', to: 'EFFECT_EVALUATION', effectiveOn: '2025-04-18',
    evidence: ev('灵环效评〔2025〕10号', '修复/风险管控工程竣工及效果评估委托备案（土壤污染防治法第六十四、六十五条）', LINGSHI, '2025-04-18') },
  { op: 'advancePlotStage', plot: 'P_LS_SURVEY', to: 'DELISTED', effectiveOn: '2025-10-22',
    evidence: second(ev('晋环土壤函〔2025〕33号', '关于灵石县原示例焦化厂地块修复效果评估报告评审意见及移出名录的函', PROVINCE, '2025-10-15')) },
  { op: 'planLandUse', plot: 'P_LS_SURVEY', plannedUseCode: '0810', decidedOn: '2025-11-18' },

  // ── 平遥县 ──
  { op: 'registerPlot', ref: 'P_PY_LEATHER', agency: 'ECO', name: '平遥县示例皮革有限公司鞣制车间地块', countyCode: C.PINGYAO,
    source: 'KEY_UNIT_LAND', address: '晋中市平遥县洪善镇示例村北', ...outline(112.238, 37.218, 200, 160, 5),
    industry: '制革', keyUnit: 'KU_PY_LEATHER', currentUseCode: '0601', identifiedOn: '2023-11-06' },
  { op: 'advancePlotStage', plot: 'P_PY_LEATHER', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-01-15' },
  { op: 'advancePlotStage', plot: 'P_PY_LEATHER', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2024-10-30',
    evidence: ev('平环土调〔2024〕5号', '平遥县示例皮革有限公司鞣制车间地块土壤污染状况调查报告评审意见', PINGYAO, '2024-10-23') },
  { op: 'advancePlotStage', plot: 'P_PY_LEATHER', to: 'LISTED', effectiveOn: '2025-08-28',
    evidence: ev('晋环土壤函〔2025〕24号', '平遥县示例皮革有限公司鞣制车间地块土壤污染风险评估报告评审意见', PROVINCE, '2025-08-21') },

  { op: 'registerPlot', ref: 'P_PY_LUC', agency: 'NATURAL_RESOURCES', name: '平遥县原示例酒厂地块', countyCode: C.PINGYAO,
    source: 'LAND_USE_CHANGE', address: '晋中市平遥县古陶镇示例路', ...outline(112.196, 37.182, 210, 170),
    industry: '酒类制造', formerEnterprise: '平遥县示例酒厂（已破产）', currentUseCode: '0601', identifiedOn: '2024-12-02' },
  { op: 'recordLandAction', plot: 'P_PY_LUC', action: 'ACQUIRE', decidedOn: '2024-12-20' },
  { op: 'planLandUse', plot: 'P_PY_LUC', plannedUseCode: '0701', decidedOn: '2025-02-14', supplyPlanYear: 2025 },
  { op: 'advancePlotStage', plot: 'P_PY_LUC', to: 'UNDER_INVESTIGATION', effectiveOn: '2025-03-10' },
  { op: 'advancePlotStage', plot: 'P_PY_LUC', to: 'BELOW_SCREENING', effectiveOn: '2025-08-06',
    evidence: first(ev('平环土调〔2025〕4号', '平遥县原示例酒厂地块土壤污染状况调查报告评审意见', PINGYAO, '2025-07-30')) },
  { op: 'recordLandAction', plot: 'P_PY_LUC', action: 'SUPPLY', decidedOn: '2025-10-16' },

  // ── 离石区 ──
  { op: 'registerPlot', ref: 'P_LSH_PETRO', agency: 'ECO', name: '吕梁示例石油化工有限公司储罐区地块', countyCode: C.LISHI,
    source: 'KEY_UNIT_LAND', address: '吕梁市离石区信义镇示例工业园区', ...outline(111.102, 37.478, 340, 260, -8),
    industry: '石油加工', keyUnit: 'KU_LSH_PETRO', currentUseCode: '0601', identifiedOn: '2025-03-18' },

  // Current use already 一住两公 (原用途为"一住两公"地块除外): no investigation is required, so the supply passes
  // while the plot is still SUSPECTED.
  { op: 'registerPlot', ref: 'P_LSH_KINDER', agency: 'NATURAL_RESOURCES', name: '离石区示例小区配套幼儿园地块', countyCode: C.LISHI,
    source: 'LAND_USE_CHANGE', address: '吕梁市离石区滨河北西路示例小区', ...outline(111.142, 37.527, 110, 100),
    currentUseCode: '0701', identifiedOn: '2024-04-22' },
  { op: 'planLandUse', plot: 'P_LSH_KINDER', plannedUseCode: '0803', decidedOn: '2024-05-08', supplyPlanYear: 2024 },
  { op: 'recordLandAction', plot: 'P_LSH_KINDER', action: 'SUPPLY', decidedOn: '2024-07-19' },

  // ── 汾阳市 ──
  { op: 'registerPlot', ref: 'P_FY_CHEM', agency: 'ECO', name: '汾阳市示例化工有限公司老厂区地块', countyCode: C.FENYANG,
    source: 'KEY_UNIT_LAND', address: '吕梁市汾阳市三泉镇示例村南', ...outline(111.842, 37.241, 300, 240, 10),
    industry: '化工', keyUnit: 'KU_FY_CHEM', currentUseCode: '0601', identifiedOn: '2023-03-20' },
  { op: 'advancePlotStage', plot: 'P_FY_CHEM', to: 'UNDER_INVESTIGATION', effectiveOn: '2023-05-08' },
  { op: 'advancePlotStage', plot: 'P_FY_CHEM', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2024-02-26',
    evidence: ev('汾环土调〔2024〕2号', '汾阳市示例化工有限公司老厂区地块土壤污染状况调查报告评审意见', FENYANG, '2024-02-19') },
  { op: 'advancePlotStage', plot: 'P_FY_CHEM', to: 'RISK_ACCEPTABLE', effectiveOn: '2024-12-05',
    evidence: second(ev('晋环土壤函〔2024〕37号', '汾阳市示例化工有限公司老厂区地块土壤污染风险评估报告评审意见', PROVINCE, '2024-11-28')) },

  // Supplied as BELOW_SCREENING. A quality spot-check (质量控制抽查) re-opens the investigation, and works
  // start before it closes: CONSTRUCTION_BEFORE_CLEARANCE, still open at the end of 2025.
  { op: 'registerPlot', ref: 'P_FY_LUC', agency: 'NATURAL_RESOURCES', name: '汾阳市原示例印染厂地块', countyCode: C.FENYANG,
    source: 'LAND_USE_CHANGE', address: '吕梁市汾阳市太和桥街道示例路', ...outline(111.794, 37.258, 230, 190, -2),
    industry: '纺织印染', formerEnterprise: '汾阳市示例印染厂（已关闭）', currentUseCode: '0601', identifiedOn: '2024-06-03' },
  { op: 'planLandUse', plot: 'P_FY_LUC', plannedUseCode: '0701', decidedOn: '2024-06-20', supplyPlanYear: 2025 },
  { op: 'advancePlotStage', plot: 'P_FY_LUC', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-07-15' },
  { op: 'advancePlotStage', plot: 'P_FY_LUC', to: 'BELOW_SCREENING', effectiveOn: '2025-01-22',
    evidence: first(ev('汾环土调〔2025〕1号', '汾阳市原示例印染厂地块土壤污染状况调查报告评审意见', FENYANG, '2025-01-15')) },
  { op: 'recordLandAction', plot: 'P_FY_LUC', action: 'SUPPLY', decidedOn: '2025-05-09' },
  { op: 'issueConstructionPermit', plot: 'P_FY_LUC', agency: 'APPROVALS', permitNo: '141182202507150101', issuedOn: '2025-07-15',
    purpose: 'REGULAR' },
  { op: 'advancePlotStage', plot: 'P_FY_LUC', to: 'UNDER_INVESTIGATION', effectiveOn: '2025-08-12',
    evidence: ev('汾环函〔2025〕46号', '关于汾阳市原示例印染厂地块土壤污染状况调查报告质量抽查结果及重新开展调查的通知', FENYANG, '2025-08-08') },
  { op: 'reportConstructionStarted', plot: 'P_FY_LUC', agency: 'HOUSING', startedOn: '2025-09-03' },

  // ── 交城县 ──
  { op: 'registerPlot', ref: 'P_JC_NFM', agency: 'ECO', name: '交城县示例冶炼有限公司历史废渣堆存区地块', countyCode: C.JIAOCHENG,
    source: 'KEY_UNIT_LAND', address: '吕梁市交城县夏家营镇示例工业园区', ...outline(112.203, 37.503, 260, 220, 7),
    industry: '有色金属冶炼', keyUnit: 'KU_JC_NFM', currentUseCode: '0601', identifiedOn: '2022-09-15' },
  { op: 'advancePlotStage', plot: 'P_JC_NFM', to: 'UNDER_INVESTIGATION', effectiveOn: '2022-11-01' },
  { op: 'advancePlotStage', plot: 'P_JC_NFM', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2023-03-30',
    evidence: ev('交环土调〔2023〕1号', '交城县示例冶炼有限公司历史废渣堆存区地块土壤污染状况调查报告评审意见', JIAOCHENG, '2023-03-23') },
  { op: 'advancePlotStage', plot: 'P_JC_NFM', to: 'LISTED', effectiveOn: '2023-09-14',
    evidence: ev('晋环土壤函〔2023〕29号', '交城县示例冶炼有限公司历史废渣堆存区地块土壤污染风险评估报告评审意见', PROVINCE, '2023-09-07') },
  { op: 'issueConstructionPermit', plot: 'P_JC_NFM', agency: 'APPROVALS', permitNo: '141122202404200101', issuedOn: '2024-04-20',
    purpose: 'RISK_CONTROL_OR_REMEDIATION' },
  { op: 'advancePlotStage', plot: 'P_JC_NFM', to: 'REMEDIATION', effectiveOn: '2024-05-06',
    evidence: ev('交环修复备〔2024〕11号', '修复方案备案回执（土壤污染防治法第六十四、六十五条）', JIAOCHENG, '2024-05-06') },

  { op: 'registerPlot', ref: 'P_JC_SURVEY', agency: 'ECO', name: '交城县原示例铁合金厂地块', countyCode: C.JIAOCHENG,
    source: 'KEY_INDUSTRY_SURVEY', address: '吕梁市交城县天宁镇示例村', ...outline(112.175, 37.536, 300, 230, -5),
    industry: '铁合金冶炼', formerEnterprise: '交城县示例铁合金厂（已关闭）', currentUseCode: '0601', identifiedOn: '2023-02-13' },
  { op: 'advancePlotStage', plot: 'P_JC_SURVEY', to: 'UNDER_INVESTIGATION', effectiveOn: '2023-04-03' },
  { op: 'advancePlotStage', plot: 'P_JC_SURVEY', to: 'BELOW_SCREENING', effectiveOn: '2023-10-26',
    evidence: second(ev('交环土调〔2023〕6号', '交城县原示例铁合金厂地块土壤污染状况调查报告评审意见', JIAOCHENG, '2023-10-19')) },

  // ── 文水县 ──
  { op: 'registerPlot', ref: 'P_WS_STEEL', agency: 'ECO', name: '文水县示例钢铁有限公司生产经营用地', countyCode: C.WENSHUI,
    source: 'KEY_UNIT_LAND', address: '吕梁市文水县开栅镇示例工业园区', ...outline(112.098, 37.418, 400, 320, 4),
    industry: '钢铁', keyUnit: 'KU_WS_STEEL', currentUseCode: '0601', identifiedOn: '2024-05-14' },

  { op: 'registerPlot', ref: 'P_WS_LUC', agency: 'NATURAL_RESOURCES', name: '文水县原示例农机厂地块', countyCode: C.WENSHUI,
    source: 'LAND_USE_CHANGE', address: '吕梁市文水县凤城镇示例路', ...outline(112.035, 37.443, 200, 170),
    industry: '农业机械制造', formerEnterprise: '文水县示例农机厂（已破产）', currentUseCode: '0601', identifiedOn: '2024-09-20' },
  { op: 'recordLandAction', plot: 'P_WS_LUC', action: 'RESERVE', decidedOn: '2024-10-08' },
  { op: 'planLandUse', plot: 'P_WS_LUC', plannedUseCode: '0701', decidedOn: '2024-10-25', supplyPlanYear: 2025 },
  { op: 'advancePlotStage', plot: 'P_WS_LUC', to: 'UNDER_INVESTIGATION', effectiveOn: '2024-11-12' },
  { op: 'advancePlotStage', plot: 'P_WS_LUC', to: 'BELOW_SCREENING', effectiveOn: '2025-05-20',
    evidence: first(ev('文环土调〔2025〕2号', '文水县原示例农机厂地块土壤污染状况调查报告评审意见', WENSHUI, '2025-05-13')) },
  { op: 'recordLandAction', plot: 'P_WS_LUC', action: 'SUPPLY', decidedOn: '2025-07-30' },

  { op: 'registerPlot', ref: 'P_WS_DUMP', agency: 'ECO', name: '文水县示例工业固废堆场地块', countyCode: C.WENSHUI,
    source: 'OTHER', address: '吕梁市文水县南庄镇示例村西', ...outline(112.061, 37.401, 250, 210, 12),
    industry: '一般工业固废贮存', currentUseCode: '0604', identifiedOn: '2023-05-06' },
  { op: 'advancePlotStage', plot: 'P_WS_DUMP', to: 'UNDER_INVESTIGATION', effectiveOn: '2023-07-10' },
  { op: 'advancePlotStage', plot: 'P_WS_DUMP', to: 'UNDER_RISK_ASSESSMENT', effectiveOn: '2024-01-19',
    evidence: ev('文环土调〔2024〕1号', '文水县示例工业固废堆场地块土壤污染状况调查报告评审意见', WENSHUI, '2024-01-12') },
  { op: 'advancePlotStage', plot: 'P_WS_DUMP', to: 'LISTED', effectiveOn: '2024-06-27',
    evidence: ev('晋环土壤函〔2024〕24号', '文水县示例工业固废堆场地块土壤污染风险评估报告评审意见', PROVINCE, '2024-06-20') },
  { op: 'advancePlotStage', plot: 'P_WS_DUMP', to: 'RISK_CONTROL', effectiveOn: '2024-09-16',
    evidence: ev('文环管控备〔2024〕12号', '风险管控方案备案回执（土壤污染防治法第六十四、六十五条）', WENSHUI, '2024-09-16') },
];

// ───────────── F. soil project reserve (土壤污染防治项目储备, Jinzhong plan task 10) ─────────────
// Target: at least one new project per county per year into the central reserve. In 2024 孝义, 太谷, 介休, 灵石
// and 交城 meet it. In 2025 太谷, 榆次 and 平遥 meet it; 孝义 (only submitted), 介休 (entered, then withdrawn: a
// withdrawn project never counts), 汾阳 (withdrawn before entry) and 文水 (draft) do not. Each entry into the
// central reserve carries its batch document (入库批次文号); each later move its date (stageChangedOn).

const reserve: DemoStep[] = [
  { op: 'createReserveProject', ref: 'R_XY_2024', name: '孝义市4.3米焦炉关停企业遗留地块土壤污染状况调查评估项目', countyCode: C.XIAOYI,
    category: 'INVESTIGATION_ASSESSMENT', year: 2024, totalInvestment: '860.00', centralFundsRequested: '600.00',
    plots: ['P_XY_YAOXIN', 'P_XY_LOUDONG1', 'P_XY_LOUDONG2'], keyUnits: ['KU_XY_YAOXIN', 'KU_XY_LOUDONG1', 'KU_XY_LOUDONG2'] },
  { op: 'updateReserveProject', project: 'R_XY_2024', stage: 'SUBMITTED', submittedOn: '2024-03-15' },
  { op: 'updateReserveProject', project: 'R_XY_2024', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2024-06-20', centralReserveBatchNo: '中央生态环境资金项目储备库2024年第二批' },
  { op: 'updateReserveProject', project: 'R_XY_2024', stage: 'FUNDED', stageChangedOn: '2024-09-12', centralFundsApproved: '520.00' },

  { op: 'createReserveProject', ref: 'R_XY_2025', name: '孝义市已关停4.3米焦炉企业遗留危险废物规范化处置及土壤污染源头防控项目', countyCode: C.XIAOYI,
    category: 'SOURCE_PREVENTION', year: 2025, totalInvestment: '1450.00', centralFundsRequested: '900.00',
    keyUnits: ['KU_XY_JINHUI', 'KU_XY_HONGGOU', 'KU_XY_YAOXIN', 'KU_XY_LOUDONG1', 'KU_XY_LOUDONG2'] },
  { op: 'updateReserveProject', project: 'R_XY_2025', stage: 'SUBMITTED', submittedOn: '2025-04-10' },

  // Jinzhong plan task 3: 太谷区按生态环境部要求推进土壤污染源头防控项目.
  { op: 'createReserveProject', ref: 'R_TG_2024', name: '太谷区土壤污染源头防控项目（重点监管单位防腐防渗改造）', countyCode: C.TAIGU,
    category: 'SOURCE_PREVENTION', year: 2024, totalInvestment: '2300.00', centralFundsRequested: '1500.00',
    keyUnits: ['KU_TG_PEST', 'KU_TG_PHARM'] },
  { op: 'updateReserveProject', project: 'R_TG_2024', stage: 'SUBMITTED', submittedOn: '2024-02-28' },
  { op: 'updateReserveProject', project: 'R_TG_2024', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2024-05-30', centralReserveBatchNo: '中央生态环境资金项目储备库2024年第二批' },
  { op: 'updateReserveProject', project: 'R_TG_2024', stage: 'FUNDED', stageChangedOn: '2024-08-26', centralFundsApproved: '1200.00' },
  { op: 'updateReserveProject', project: 'R_TG_2024', stage: 'IN_PROGRESS', stageChangedOn: '2024-10-15' },

  { op: 'createReserveProject', ref: 'R_TG_2025', name: '晋中示例农药有限公司原合成车间地块风险管控项目', countyCode: C.TAIGU,
    category: 'RISK_CONTROL_REMEDIATION', year: 2025, totalInvestment: '980.00', centralFundsRequested: '650.00',
    plots: ['P_TG_PEST'], keyUnits: ['KU_TG_PEST'] },
  { op: 'updateReserveProject', project: 'R_TG_2025', stage: 'SUBMITTED', submittedOn: '2025-03-18' },
  { op: 'updateReserveProject', project: 'R_TG_2025', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-07-08', centralReserveBatchNo: '中央生态环境资金项目储备库2025年第二批' },

  { op: 'createReserveProject', ref: 'R_JX_2024', name: '介休市示例焦化有限公司周边土壤污染风险管控（一厂一策）项目', countyCode: C.JIEXIU,
    category: 'RISK_CONTROL_REMEDIATION', year: 2024, totalInvestment: '1200.00', centralFundsRequested: '800.00',
    plots: ['P_JX_COKE'], keyUnits: ['KU_JX_COKE'] },
  { op: 'updateReserveProject', project: 'R_JX_2024', stage: 'SUBMITTED', submittedOn: '2024-10-30' },
  { op: 'updateReserveProject', project: 'R_JX_2024', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2024-12-16', centralReserveBatchNo: '中央生态环境资金项目储备库2024年第三批' },

  { op: 'createReserveProject', ref: 'R_JX_2025', name: '介休市土壤环境监管能力建设项目', countyCode: C.JIEXIU,
    category: 'CAPACITY_BUILDING', year: 2025, totalInvestment: '260.00', centralFundsRequested: '180.00' },
  // Taken into the central reserve, then withdrawn (the county chose to fund it locally): it does not count (RULES §7).
  { op: 'updateReserveProject', project: 'R_JX_2025', stage: 'SUBMITTED', submittedOn: '2025-03-05' },
  { op: 'updateReserveProject', project: 'R_JX_2025', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-06-20', centralReserveBatchNo: '中央生态环境资金项目储备库2025年第二批' },
  { op: 'updateReserveProject', project: 'R_JX_2025', stage: 'WITHDRAWN', stageChangedOn: '2025-09-10' },

  { op: 'createReserveProject', ref: 'R_YC_2025', name: '晋中示例化工有限公司老厂区地块土壤污染状况详细调查项目', countyCode: C.YUCI,
    category: 'INVESTIGATION_ASSESSMENT', year: 2025, totalInvestment: '420.00', centralFundsRequested: '300.00',
    plots: ['P_YC_CHEM_OLD'], keyUnits: ['KU_YC_CHEM'] },
  { op: 'updateReserveProject', project: 'R_YC_2025', stage: 'SUBMITTED', submittedOn: '2025-02-20' },
  { op: 'updateReserveProject', project: 'R_YC_2025', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-05-15', centralReserveBatchNo: '中央生态环境资金项目储备库2025年第二批' },
  { op: 'updateReserveProject', project: 'R_YC_2025', stage: 'FUNDED', stageChangedOn: '2025-08-29', centralFundsApproved: '280.00' },

  { op: 'createReserveProject', ref: 'R_LS_2024', name: '灵石县原示例焦化厂地块土壤污染修复（二期）项目', countyCode: C.LINGSHI,
    category: 'RISK_CONTROL_REMEDIATION', year: 2024, totalInvestment: '3200.00', centralFundsRequested: '2000.00',
    plots: ['P_LS_SURVEY'] },
  { op: 'updateReserveProject', project: 'R_LS_2024', stage: 'SUBMITTED', submittedOn: '2024-01-25' },
  { op: 'updateReserveProject', project: 'R_LS_2024', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2024-04-18', centralReserveBatchNo: '中央生态环境资金项目储备库2024年第一批' },
  { op: 'updateReserveProject', project: 'R_LS_2024', stage: 'FUNDED', stageChangedOn: '2024-07-30', centralFundsApproved: '1800.00' },
  { op: 'updateReserveProject', project: 'R_LS_2024', stage: 'IN_PROGRESS', stageChangedOn: '2024-09-02' },
  { op: 'updateReserveProject', project: 'R_LS_2024', stage: 'COMPLETED', stageChangedOn: '2025-06-30' },

  { op: 'createReserveProject', ref: 'R_PY_2025', name: '平遥县示例皮革有限公司鞣制车间地块风险管控方案编制及调查评估项目', countyCode: C.PINGYAO,
    category: 'INVESTIGATION_ASSESSMENT', year: 2025, totalInvestment: '180.00', centralFundsRequested: '120.00',
    plots: ['P_PY_LEATHER'], keyUnits: ['KU_PY_LEATHER'] },
  { op: 'updateReserveProject', project: 'R_PY_2025', stage: 'SUBMITTED', submittedOn: '2025-06-12' },
  { op: 'updateReserveProject', project: 'R_PY_2025', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-09-19', centralReserveBatchNo: '中央生态环境资金项目储备库2025年第三批' },

  { op: 'createReserveProject', ref: 'R_FY_2025', name: '汾阳市受污染耕地安全利用项目', countyCode: C.FENYANG,
    category: 'FARMLAND_SAFE_USE', year: 2025, totalInvestment: '560.00', centralFundsRequested: '400.00' },
  { op: 'updateReserveProject', project: 'R_FY_2025', stage: 'SUBMITTED', submittedOn: '2025-05-06' },
  { op: 'updateReserveProject', project: 'R_FY_2025', stage: 'WITHDRAWN', stageChangedOn: '2025-07-21' },

  { op: 'createReserveProject', ref: 'R_JC_2024', name: '交城县示例冶炼有限公司历史废渣堆存区土壤修复项目', countyCode: C.JIAOCHENG,
    category: 'RISK_CONTROL_REMEDIATION', year: 2024, totalInvestment: '2650.50', centralFundsRequested: '1800.00',
    plots: ['P_JC_NFM'], keyUnits: ['KU_JC_NFM'] },
  { op: 'updateReserveProject', project: 'R_JC_2024', stage: 'SUBMITTED', submittedOn: '2024-01-12' },
  { op: 'updateReserveProject', project: 'R_JC_2024', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2024-03-29', centralReserveBatchNo: '中央生态环境资金项目储备库2024年第一批' },
  { op: 'updateReserveProject', project: 'R_JC_2024', stage: 'FUNDED', stageChangedOn: '2024-07-30', centralFundsApproved: '1500.00' },

  { op: 'createReserveProject', ref: 'R_WS_2025', name: '文水县地下水污染状况调查评估项目', countyCode: C.WENSHUI,
    category: 'OTHER', year: 2025, totalInvestment: '300.00', centralFundsRequested: '210.00' },
];

// ───────────── F. farmland (耕地, RULES.md §12; Jinzhong plan 1–2), the agriculture bureau ─────────────
// Synthetic survey results (示例数据): 榆次区 300 units and 太谷区 60 on grids east of the towns, clear of the demo's
// industrial plots; ~70% 优先保护类, ~25% 安全利用类, ~5% 严格管控类, 60% permanent basic farmland. In 2025 榆次区's
// categories move: one up in November 2024 (so 2025 starts from it), a 安全利用类 unit down to 严格管控类 in Q2 (quality declined: warning), a 优先保护类
// unit down in Q3 (the year's one decrease of priority area: warning and 环评限批), one proposed in Q4 and not yet
// approved. The reclamation of the old chemical plant's land for food is refused (RESTRICTED_USE).

/** A deterministic pseudo-random sequence (a demo must load the same every time). */
function seeded(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}
function farmlandGrid(prefix: string, n: number, lon0: number, lat0: number, seed: number): DemoFarmlandUnit[] {
  const rnd = seeded(seed);
  const out: DemoFarmlandUnit[] = [];
  for (let i = 0; i < n; i++) {
    const lon = lon0 + (i % 20) * 0.0016;
    const lat = lat0 + Math.floor(i / 20) * 0.0014;
    const w = 0.0008 + rnd() * 0.0006;
    const h = 0.0006 + rnd() * 0.0006;
    const r = rnd();
    const category: FarmlandCategory = r < 0.7 ? 'PRIORITY_PROTECTION' : r < 0.95 ? 'SAFE_USE' : 'STRICT_CONTROL';
    const r5 = (v: number) => Math.round(v * 1e6) / 1e6;
    out.push({
      code: `${prefix}-${String(i + 1).padStart(4, '0')}`, category, basicFarmland: rnd() < 0.6, name: `示例图斑${i + 1}`,
      boundary: { type: 'Polygon', coordinates: [[[r5(lon), r5(lat)], [r5(lon + w), r5(lat)], [r5(lon + w), r5(lat + h)], [r5(lon), r5(lat + h)], [r5(lon), r5(lat)]]] },
    });
  }
  return out;
}
export const farmlandUnitsYuci = farmlandGrid('YC2024', 300, 112.80, 37.64, 140702);
export const farmlandUnitsTaigu = farmlandGrid('TG2024', 60, 112.58, 37.43, 140703);
const firstOf = (units: DemoFarmlandUnit[], c: FarmlandCategory, skip = 0) => units.filter((u) => u.category === c)[skip].code;

const farmland: DemoStep[] = [
  { op: 'importFarmlandUnits', countyCode: C.YUCI, units: farmlandUnitsYuci },
  { op: 'importFarmlandUnits', countyCode: C.TAIGU, units: farmlandUnitsTaigu },
  { op: 'recordFarmlandCategoryChange', countyCode: C.YUCI, unitCode: firstOf(farmlandUnitsYuci, 'SAFE_USE'), to: 'PRIORITY_PROTECTION', reason: 'ROUTINE_MONITORING',
    proposedOn: '2024-10-16', approvedOn: '2024-11-20', approvalDocument: '晋中政函〔2024〕示例9号', reportedToProvinceOn: '2024-12-05' },
  { op: 'recordFarmlandCategoryChange', countyCode: C.YUCI, unitCode: firstOf(farmlandUnitsYuci, 'SAFE_USE', 1), to: 'STRICT_CONTROL', reason: 'SOIL_CROP_MONITORING',
    proposedOn: '2025-05-06', approvedOn: '2025-05-28', approvalDocument: '晋中政函〔2025〕示例2号', reportedToProvinceOn: '2025-06-12' },
  { op: 'recordFarmlandCategoryChange', countyCode: C.YUCI, unitCode: firstOf(farmlandUnitsYuci, 'PRIORITY_PROTECTION', 5), to: 'SAFE_USE', reason: 'SOIL_CROP_MONITORING',
    proposedOn: '2025-08-04', approvedOn: '2025-08-26', approvalDocument: '晋中政函〔2025〕示例3号', reportedToProvinceOn: '2025-09-10' },
  { op: 'recordFarmlandCategoryChange', countyCode: C.TAIGU, unitCode: firstOf(farmlandUnitsTaigu, 'SAFE_USE'), to: 'PRIORITY_PROTECTION', reason: 'LAND_USE_CHANGE',
    proposedOn: '2025-11-20' },
  { op: 'registerFarmlandUnit', countyCode: C.YUCI, code: 'YC2025-FK-001', category: 'SAFE_USE', plot: 'P_YC_CHEM_OLD', areaM2: 18000,
    expectCode: 'RESTRICTED_USE', why: '原化工厂区曾生产、贮存有毒有害物质，禁止复垦为种植食用农产品的耕地（晋中计划任务2）' },
];

// ───────────── G. 孝义市 enforcement (RULES §10; Jinzhong plan: 推动利用卫星遥感等手段开展非现场检查; 适时召开联席会议，
// 重点通报违法线索、线索核查、案件办理反馈等情况；可能构成犯罪的案件线索，应当及时移送公安机关) ─────────────
// A satellite change batch over 孝义: a change inside the red-mud yard's surroundings (P_XY_ALU, a key unit's land not
// yet investigated) and earthworks at the shanty-town plot where contamination was found (P_XY_DISC, under
// investigation) become leads; the change over the cleared former machinery works (P_XY_SCHOOL) and one in open
// country touch no plot where works would be refused and are only counted. All numbers and names are illustrative.

/** A small change polygon (a rectangle of wM × hM metres) centred at lon/lat, as a Feature. */
function changePolygon(lon: number, lat: number, wM: number, hM: number, id: string) {
  const dLon = wM / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  const dLat = hM / 2 / 110_574;
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  const ring = [[lon - dLon, lat - dLat], [lon + dLon, lat - dLat], [lon + dLon, lat + dLat], [lon - dLon, lat + dLat], [lon - dLon, lat - dLat]].map(([x, y]) => [r(x), r(y)]);
  return { type: 'Feature', properties: { 图斑编号: id }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

const enforcement: DemoStep[] = [
  { op: 'importRemoteSensing', batchNo: '孝义市2025年第三季度卫星遥感变化图斑（示例）', acquiredOn: '2025-09-15', receivedOn: '2025-09-19',
    featureCollection: { type: 'FeatureCollection', features: [
      changePolygon(111.6945, 37.1862, 60, 40, 'XY-2025Q3-001'), // inside P_XY_ALU: new excavation beside the red-mud yard
      changePolygon(111.772, 37.151, 80, 60, 'XY-2025Q3-002'), // over P_XY_DISC's centre: earthworks resumed
      changePolygon(111.789, 37.133, 50, 50, 'XY-2025Q3-003'), // over P_XY_SCHOOL, cleared for its use: no lead
      changePolygon(111.700, 37.100, 100, 80, 'XY-2025Q3-004'), // open country: no plot
    ] },
    leads: { L_XY_ALU: 'P_XY_ALU', L_XY_DISC: 'P_XY_DISC' }, untouched: 2 },
  { op: 'advanceLead', lead: 'L_XY_ALU', to: 'VERIFYING', on: '2025-09-22' },
  { op: 'recordInspection', subjectKind: 'PLOT', subject: 'P_XY_ALU', inspectedOn: '2025-09-24', method: 'ON_SITE',
    findings: '现场核查：赤泥堆场东侧新开挖基坑约2400平方米，地块尚未开展土壤污染状况调查，开挖土方外运去向不明。',
    problems: ['未完成土壤污染状况调查即开挖', '开挖土方去向不明，涉嫌非法处置受污染土壤'] },
  { op: 'openCase', ref: 'C_XY_ALU', lead: 'L_XY_ALU', caseNo: '孝环立〔2025〕031号（示例）', openedOn: '2025-09-28',
    party: '孝义市示例铝业有限公司', partyCreditCode: '91141181MA0K7K26XM',
    facts: '在未完成土壤污染状况调查的重点监管单位用地内擅自开挖，并将约3600立方米土方外运倾倒，涉嫌非法处置受污染土壤。' },
  { op: 'recordPenaltyDecision', case: 'C_XY_ALU', decisionNo: '孝环罚〔2025〕047号（示例）', decidedOn: '2025-10-20', amount: '300000' },
  { op: 'referCaseToPolice', case: 'C_XY_ALU', referredOn: '2025-10-24', receivingUnit: '孝义市公安局' },
  { op: 'recordPoliceFeedback', case: 'C_XY_ALU', feedback: '已受理，经审查符合立案条件，已立案侦查（示例）。', feedbackOn: '2025-11-10' },
  { op: 'advanceLead', lead: 'L_XY_DISC', to: 'VERIFYING', on: '2025-09-22' },
  { op: 'recordJointMeeting', divisionCode: C.XIAOYI, heldOn: '2025-11-14', title: '孝义市土壤污染防治联席会议（2025年第四次，示例）',
    minutesNo: '孝土联纪〔2025〕4号（示例）', agencies: ['ECO', 'PUBLIC_SECURITY', 'NATURAL_RESOURCES', 'HOUSING', 'AGRICULTURE'],
    leads: ['L_XY_ALU', 'L_XY_DISC'], cases: ['C_XY_ALU'],
    decisions: [
      '通报第三季度卫星遥感变化图斑核查情况：2处线索，1处已立案并移送公安机关，1处正在核查。',
      '孝义市示例铝业有限公司案件：公安机关已立案侦查，生态环境部门配合做好证据移交和受污染土壤去向调查。',
      '棚户区改造项目地块：住建部门督促建设单位暂停土方作业，完成土壤污染状况调查前不得复工。',
      '自然资源部门对上述地块在调查评估完成前暂停办理供地、规划变更手续。',
    ] },
];

export const demoSteps: DemoStep[] = [
  ...keyUnits,
  ...permits,
  ...xiaoyiCoke,
  ...otherPermitEnds,
  ...plots,
  ...reserve,
  ...farmland,
  ...enforcement,
];
