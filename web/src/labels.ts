/** Chinese names of the API's enums, and the stage colours shared by the charts and the map. */

export const STAGES = [
  'SUSPECTED', 'UNDER_INVESTIGATION', 'BELOW_SCREENING', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE',
  'LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED',
] as const;
export type Stage = (typeof STAGES)[number];

/** The same words as the XLSX/CSV exports (src/reports/tables.ts). */
export const STAGE_ZH: Record<string, string> = {
  SUSPECTED: '疑似污染地块', UNDER_INVESTIGATION: '调查中', BELOW_SCREENING: '未超筛选值', UNDER_RISK_ASSESSMENT: '风险评估中',
  RISK_ACCEPTABLE: '风险可接受', LISTED: '列入名录', RISK_CONTROL: '风险管控中', REMEDIATION: '修复中',
  EFFECT_EVALUATION: '效果评估中', DELISTED: '移出名录',
};

/** Stage groups of the brief: cleared (green), in the directory (red to blue), not yet concluded (amber). */
export const STAGE_COLOR: Record<string, string> = {
  SUSPECTED: '#f2a93b', UNDER_INVESTIGATION: '#e8c547', UNDER_RISK_ASSESSMENT: '#e07b39',
  BELOW_SCREENING: '#8cc97a', RISK_ACCEPTABLE: '#3fa66a', DELISTED: '#1f7a4d',
  LISTED: '#d7301f', RISK_CONTROL: '#b23a7c', REMEDIATION: '#7d46b0', EFFECT_EVALUATION: '#4a6fd8',
};
export const UNKNOWN_COLOR = '#9aa5b1';

export const STAGE_GROUPS: { key: string; label: string; stages: string[] }[] = [
  { key: 'OPEN', label: '未完成调查评估（疑似、调查中、风险评估中）', stages: ['SUSPECTED', 'UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT'] },
  { key: 'DIRECTORY', label: '名录内（列入、管控、修复、效果评估）', stages: ['LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION'] },
  { key: 'CLEARED', label: '可安全利用（未超筛选值、风险可接受、移出名录）', stages: ['BELOW_SCREENING', 'RISK_ACCEPTABLE', 'DELISTED'] },
];

export const AGENCY_ZH: Record<string, string> = {
  ECO: '生态环境部门', NATURAL_RESOURCES: '自然资源部门', HOUSING: '住房和城乡建设部门', APPROVALS: '行政审批部门', AGRICULTURE: '农业农村部门', PUBLIC_SECURITY: '公安部门', EMERGENCY: '应急管理部门',
};

export const LEVEL_ZH: Record<string, string> = { PROVINCE: '省级', CITY: '市级', COUNTY: '县级' };

export const LAND_STATUS_ZH: Record<string, string> = {
  NONE: '未收储', RESERVED: '已纳入储备', IN_SUPPLY_PLAN: '已列入供地计划', SUPPLIED: '已供应', RECOVERED: '已收回',
};

export const SOURCE_ZH: Record<string, string> = {
  KEY_INDUSTRY_SURVEY: '重点行业企业用地调查', LAND_USE_CHANGE: '用途变更', VACATED_SITE: '关闭搬迁（腾退）', KEY_UNIT_LAND: '重点监管单位用地',
  DISCOVERED: '发现污染报告', OTHER: '其他',
};

export const RESERVE_STAGES = ['DRAFT', 'SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED', 'WITHDRAWN'] as const;
export const RESERVE_STAGE_ZH: Record<string, string> = {
  DRAFT: '草稿', SUBMITTED: '已申报', IN_CENTRAL_RESERVE: '已入中央库', FUNDED: '已下达资金', IN_PROGRESS: '实施中', COMPLETED: '已完成', WITHDRAWN: '已撤回',
};
export const RESERVE_STAGE_COLOR: Record<string, string> = {
  DRAFT: '#c5ccd3', SUBMITTED: '#8fb3de', IN_CENTRAL_RESERVE: '#3d7dd8', FUNDED: '#2e9e6a', IN_PROGRESS: '#f2a93b', COMPLETED: '#1f7a4d', WITHDRAWN: '#b0736a',
};
export const RESERVE_CATEGORY_ZH: Record<string, string> = {
  SOURCE_PREVENTION: '源头防控', INVESTIGATION_ASSESSMENT: '调查评估', RISK_CONTROL_REMEDIATION: '风险管控与修复',
  FARMLAND_SAFE_USE: '耕地安全利用', CAPACITY_BUILDING: '监管能力建设', OTHER: '其他',
};

export const OBLIGATION_ZH: Record<string, string> = {
  HIDDEN_DANGER_CHECK: '土壤污染隐患排查', SELF_MONITORING: '土壤和地下水自行监测', PERMIT_COVERAGE: '持有有效排污许可证',
  ONE_PLANT_ONE_POLICY: '周边污染"一厂一策"', INVESTIGATION_BEFORE_USE_CHANGE: '用途变更为"一住两公"前完成调查',
  MONTHLY_INSPECTION: '固废堆场每月现场执法检查', PROCEDURES: '固废堆场土地、环评、安评手续', DISPOSAL: '遗留危险废物规范化处置',
  TRANSFER_PLAN_FILED: '污染土壤转运计划提前报备',
  HIDDEN_DANGER_RECTIFICATION: '隐患整改', EXCEEDANCE_FOLLOW_UP: '监测超标处置', DIRECTORY_UPDATE: '名录更新（关闭搬迁）',
  KEY_UNIT_LAND_INVESTIGATION: '重点监管单位用地调查（法67）', REAL_ESTATE_FILING: '调查报告送交不动产登记并备案（法67）', POST_MANAGEMENT: '后期管理（法35）',
};

/** Where a problem of the problem list (问题清单) comes from. */
export const PROBLEM_SOURCE_ZH: Record<string, string> = { DUTY: '义务逾期', VIOLATION: '违规开发利用' };
export const PROBLEM_STATE_ZH: Record<string, string> = { OVERDUE: '逾期', OPEN: '未整改' };

/** 违规开发利用清零: the steps of a 一住两公 plot and their states (zeroViolationReview). */
export const REVIEW_STEPS = ['INVESTIGATION', 'RISK_ASSESSMENT', 'CONTROL_OR_REMEDIATION', 'EFFECT_EVALUATION', 'POST_MANAGEMENT', 'SUPPLY', 'CONSTRUCTION_PERMIT', 'CONSTRUCTION_START'] as const;
export const REVIEW_STEP_ZH: Record<string, string> = {
  INVESTIGATION: '调查', RISK_ASSESSMENT: '风险评估', CONTROL_OR_REMEDIATION: '管控/修复', EFFECT_EVALUATION: '效果评估',
  POST_MANAGEMENT: '后期管理', SUPPLY: '供地', CONSTRUCTION_PERMIT: '施工许可', CONSTRUCTION_START: '开工',
};
export const REVIEW_STATE_ZH: Record<string, string> = { DONE: '已完成', LATE: '滞后', MISSING: '缺失', PENDING: '未到', NOT_NEEDED: '不需要' };

export const VIOLATION_ZH: Record<string, string> = {
  CONSTRUCTION_BEFORE_CLEARANCE: '未完成调查评估或未达修复目标即开工建设',
  SENSITIVE_USE_OF_LISTED_PLOT: '已供应为"一住两公"用地的地块列入名录',
  SUPPLY_WITHOUT_INVESTIGATION: '未完成调查即供应为"一住两公"用地',
  SOIL_TRANSFER_DISCREPANCY: '污染土壤转运联单差异（逾期未接收或数量不符）',
};

export const CLEARANCE_REASON_ZH: Record<string, string> = {
  INVESTIGATION_NOT_COMPLETED: '土壤污染状况调查（或风险评估）尚未完成',
  TARGETS_NOT_MET: '在名录内，风险管控或修复目标尚未达到',
  PLOT_IN_DIRECTORY: '在名录内，不得供应、收回、收储或变更用途',
  RESTRICTED_USE: '曾列入名录的农药、焦化、化工地块不得规划为住宅或教育用地',
};

export const zh = (map: Record<string, string>, v: string | null | undefined) => (v == null ? '—' : map[v] ?? v);

export const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Quarters from 2020Q1 to the current one, newest first. */
export function quarters(today = new Date()): string[] {
  const out: string[] = [];
  const last = today.getFullYear() * 4 + Math.floor(today.getMonth() / 3);
  for (let q = last; q >= 2020 * 4; q--) out.push(`${Math.floor(q / 4)}Q${(q % 4) + 1}`);
  return out;
}
/** The last quarter that has ended: the default of the dispatch report. */
export function lastClosedQuarter(today = new Date()): string {
  return quarters(today)[1];
}
export const quarterZh = (q: string) => q.replace(/^(\d{4})Q(\d)$/, (_, y, n) => `${y}年第${'一二三四'[Number(n) - 1]}季度`);

/** Notes the server writes when it opens a violation are in English; the known ones read in Chinese here. */
export function violationNoteZh(note: string): string {
  return note.split('\n').map((line) => {
    let m = line.match(/^works started at ([A-Z_]+)$/);
    if (m) return `开工时地块处于"${STAGE_ZH[m[1]] ?? m[1]}"阶段`;
    m = line.match(/^supplied on (\d{4}-\d{2}-\d{2}) at ([A-Z_]+)$/);
    if (m) return `${m[1]}供地时地块处于"${STAGE_ZH[m[2]] ?? m[2]}"阶段`;
    if (line === 'supplied for 一住两公, then listed') return '已供应为"一住两公"用地后列入名录';
    return line;
  }).join('；');
}
