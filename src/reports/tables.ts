import { PlotStage, STAGE_ZH } from '../modules/plot/plot.enums';
import { ReserveStage } from '../modules/reserve/reserve-project.entity';

/** A report as a table: the one shape the XLSX and CSV writers take. */
export interface Table { title: string; sheet: string; headers: string[]; rows: (string | number | null)[][] }

const RESERVE_STAGE_ZH: Record<ReserveStage, string> = {
  DRAFT: '草稿', SUBMITTED: '已申报', IN_CENTRAL_RESERVE: '已入中央库', FUNDED: '已下达资金', IN_PROGRESS: '实施中', COMPLETED: '已完成', WITHDRAWN: '已撤回',
};

/** The joint-dispatch report (GraphQL shape) as a table with Chinese headers; the total row last. */
export function jointDispatchTable(r: any): Table {
  const stages = Object.values(PlotStage);
  const line = (row: any, name: string, code: string | null) => [
    name, code,
    ...stages.map((s) => row.plotsByStage.find((x: any) => x.stage === s)?.count ?? 0),
    row.sensitiveUseChanges, row.sensitiveUseChangesInvestigated, row.listedInQuarter, row.delistedInQuarter,
    row.violationsOpen, row.violationsRectifiedInQuarter, row.keyUnits, row.keyUnitsOverdue, row.permitsEndedInQuarter,
    row.vacatedSitesOpen, row.reserveProjectsAdded, row.safeUseRate == null ? null : Math.round(row.safeUseRate * 10000) / 100,
    row.plotDutiesOverdue, row.realEstateFilingsMissing, row.postManagementOverdue,
    row.yardsInspectedThisMonth, row.yardsInspectionOverdue, row.legacyWasteRemainingTonnes == null ? null : Number(row.legacyWasteRemainingTonnes),
    row.soilTransferDiscrepanciesOpen,
  ];
  return {
    title: `${r.division.name}${r.quarter}重点建设用地安全利用情况调度表（截至${r.asOf}）`,
    sheet: `${r.quarter}季度调度`,
    headers: [
      '县（市、区）', '区划代码', ...stages.map((s) => `${STAGE_ZH[s]}（块）`),
      '用途变更为"一住两公"（块）', '其中已完成调查（块）', '本季度列入名录（块）', '本季度移出名录（块）',
      '未整改违规（起）', '本季度整改违规（起）', '重点监管单位（家）', '其中义务逾期（家）', '本季度注销/撤销排污许可（张）',
      '未释放腾退地块（块）', '本季度纳入中央项目储备库（个）', '重点建设用地安全利用率（%）',
      '地块义务逾期（项）', '重点监管单位用地调查报告未备案（块）', '后期管理逾期（项）',
      '本月已现场检查固废堆场（个）', '固废堆场月度检查逾期（个）', '遗留危废未处置（吨）', '未整改污染土壤转运联单差异（起）',
    ],
    rows: [...r.rows.map((row: any) => line(row, row.county.name, row.county.code)), line(r.total, '合计', null)],
  };
}

/** The county project-reserve tracker as a table. */
export function reserveTrackerTable(r: any): Table {
  const stages = Object.values(ReserveStage);
  return {
    title: `${r.division.name}${r.year}年土壤污染防治项目储备进度`,
    sheet: `${r.year}项目储备`,
    headers: ['县（市、区）', '区划代码', '当年项目（个）', '当年新入中央库（个）', '完成"至少一个"目标', ...stages.map((s) => `${RESERVE_STAGE_ZH[s]}（个）`), '申请中央资金（万元）', '下达中央资金（万元）'],
    rows: r.rows.map((row: any) => [
      row.county.name, row.county.code, row.projects, row.newInCentralReserve, row.targetMet ? '是' : '否',
      ...stages.map((s) => row.byStage.find((x: any) => x.stage === s)?.count ?? 0),
      row.centralFundsRequested, row.centralFundsApproved,
    ]),
  };
}

const SOURCE_ZH: Record<string, string> = { DUTY: '义务逾期', VIOLATION: '违规开发利用' };
const KIND_ZH: Record<string, string> = {
  HIDDEN_DANGER_CHECK: '隐患排查', SELF_MONITORING: '自行监测', PERMIT_COVERAGE: '排污许可载明土壤污染防治义务', ONE_PLANT_ONE_POLICY: '一企一策',
  HIDDEN_DANGER_RECTIFICATION: '隐患整改', EXCEEDANCE_FOLLOW_UP: '监测超标处置', DIRECTORY_UPDATE: '名录更新',
  INVESTIGATION_BEFORE_USE_CHANGE: '用途变更前土壤污染状况调查', KEY_UNIT_LAND_INVESTIGATION: '重点监管单位用地调查', REAL_ESTATE_FILING: '不动产登记资料备案',
  POST_MANAGEMENT: '后期管理',
  CONSTRUCTION_BEFORE_CLEARANCE: '未达标先开工', SUPPLY_WITHOUT_INVESTIGATION: '未调查先供地', SENSITIVE_USE_OF_LISTED_PLOT: '名录地块用于"一住两公"',
};
const AGENCY_ZH: Record<string, string> = { ECO: '生态环境', NATURAL_RESOURCES: '自然资源', HOUSING: '住房和城乡建设', APPROVALS: '行政审批', AGRICULTURE: '农业农村', PUBLIC_SECURITY: '公安', EMERGENCY: '应急管理' };
const STATE_ZH: Record<string, string> = { OVERDUE: '逾期', OPEN: '未整改', DUE: '待履行', MET: '已履行', RECTIFIED: '已整改', SAFE: '安全利用', NOT_SAFE: '未安全利用' };

/** The problem list (问题清单) as a table, one line per problem in the query's order. */
export function problemListTable(r: any): Table {
  return {
    title: `${r.division.name}土壤污染防治问题清单（截至${r.asOf}）`,
    sheet: `问题清单${r.asOf}`,
    headers: ['县（市、区）', '区划代码', '来源', '问题类型', '对象', '责任部门', '应完成日期', '发现日期', '状态', '说明'],
    rows: r.rows.map((p: any) => [
      p.county.name, p.county.code, SOURCE_ZH[p.source] ?? p.source, KIND_ZH[p.kind] ?? p.kind, p.subject,
      AGENCY_ZH[p.responsibleAgency] ?? p.responsibleAgency, p.dueOn, p.detectedOn, STATE_ZH[p.state] ?? p.state, p.detail,
    ]),
  };
}

/** The farmland county indicator (RULES.md §12): areas in m² and 亩 (1 亩 = 666.67 m²), the warning and the 环评限批 flag. */
export function farmlandIndicatorTable(r: any): Table {
  const mu = (m2: number) => Math.round((m2 / (10000 / 15)) * 100) / 100;
  return {
    title: `${r.division.name}优先保护类耕地面积预警（${r.yearStart}至${r.asOf}）`,
    sheet: `耕地预警${r.asOf}`,
    headers: ['县（市、区）', '区划代码', '图斑数', '年初优先保护类面积（平方米）', '优先保护类面积（平方米）', '减少面积（平方米）', '减少面积（亩）',
      '安全利用类面积（平方米）', '严格管控类面积（平方米）', '永久基本农田面积（平方米）', '本年类别调整数', '类别下调数', '预警', '环评限批', '预警说明'],
    rows: r.rows.map((x: any) => [
      x.county.name, x.county.code, x.units, x.priorityAreaAtYearStart, x.priorityArea, x.priorityAreaDecrease, mu(x.priorityAreaDecrease),
      x.safeUseArea, x.strictControlArea, x.basicFarmlandArea, x.changesApproved, x.categoryMovedDown, x.warning ? '是' : '否', x.eiaRestricted ? '是' : '否', x.warnings.join('；'),
    ]),
  };
}

const CELL_ZH: Record<string, string> = {
  PLOTS_BY_STAGE: '地块（按阶段）', SENSITIVE_USE_CHANGES: '用途变更为"一住两公"', SENSITIVE_USE_CHANGES_INVESTIGATED: '其中已完成调查',
  LISTED_IN_QUARTER: '本季度列入名录', DELISTED_IN_QUARTER: '本季度移出名录', VIOLATIONS_OPEN: '未整改违规', VIOLATIONS_RECTIFIED_IN_QUARTER: '本季度整改违规',
  KEY_UNITS: '重点监管单位', KEY_UNITS_OVERDUE: '义务逾期的重点监管单位', PLOT_DUTIES_OVERDUE: '地块义务逾期', REAL_ESTATE_FILINGS_MISSING: '用地调查报告未备案',
  POST_MANAGEMENT_OVERDUE: '后期管理逾期', PERMITS_ENDED_IN_QUARTER: '本季度注销/撤销排污许可', VACATED_SITES_OPEN: '未释放腾退地块',
  RESERVE_PROJECTS_ADDED: '本季度纳入中央项目储备库', SAFE_USE_SUPPLIED: '"一住两公"供地（安全利用率分母）', SAFE_USE_SAFE: '其中安全利用（分子）',
  YARDS_INSPECTED_THIS_MONTH: '本月已现场检查的固废堆场', YARDS_INSPECTION_OVERDUE: '现场检查逾期的固废堆场', LEGACY_WASTE_REMAINING: '遗留危险废物未处置（吨）',
  SOIL_TRANSFER_DISCREPANCIES_OPEN: '未整改的污染土壤转运异常',
};
const SUBJECT_ZH: Record<string, string> = {
  PLOT: '地块', KEY_UNIT: '重点监管单位', VIOLATION: '违规', DUTY: '义务', PERMIT: '排污许可', VACATED_SITE: '腾退地块', RESERVE_PROJECT: '储备项目',
  SOLID_WASTE_YARD: '固废堆场', LEGACY_WASTE: '遗留危险废物',
};

/** The name of the thing a drill-down row is about, from the fields the export asks. */
const subjectName = (row: any): string | null =>
  row.keyUnit?.name ?? row.plot?.name ?? row.permit?.holderName ?? row.vacatedSite?.enterpriseName ?? row.reserveProject?.name
  ?? row.solidWasteYard?.name ?? row.legacyWasteSite?.name ?? null;

/** The rows behind one cell of the joint-dispatch report (jointDispatchCell) as a table. */
export function jointDispatchCellTable(r: any): Table {
  const stage = r.stage ? `（${STAGE_ZH[r.stage as PlotStage] ?? r.stage}）` : '';
  const where = r.county ? r.county.name : r.division.name;
  return {
    title: `${where}${r.quarter}${CELL_ZH[r.cell] ?? r.cell}${stage}明细（${r.count}，截至${r.asOf}）`,
    sheet: `${r.quarter}明细`,
    headers: ['县（市、区）', '区划代码', '类型', '对象', '地块编码', '事项', '日期', '状态', '说明', '数量（吨）'],
    rows: r.rows.map((x: any) => [
      x.county.name, x.county.code, SUBJECT_ZH[x.subject] ?? x.subject, subjectName(x), x.plot?.plotCode ?? null,
      KIND_ZH[x.kind] ?? STAGE_ZH[x.kind as PlotStage] ?? x.kind, x.date, STATE_ZH[x.state] ?? x.state, x.detail,
      x.quantity == null ? null : Number(x.quantity),
    ]),
  };
}

const STEP_ZH: Record<string, string> = {
  INVESTIGATION: '土壤污染状况调查', RISK_ASSESSMENT: '风险评估', CONTROL_OR_REMEDIATION: '风险管控/修复', EFFECT_EVALUATION: '效果评估',
  POST_MANAGEMENT: '后期管理', SUPPLY: '供地', CONSTRUCTION_PERMIT: '施工许可', CONSTRUCTION_START: '开工',
};
const STEP_STATE_ZH: Record<string, string> = { DONE: '已完成', LATE: '滞后', MISSING: '缺失', PENDING: '未到', NOT_NEEDED: '不需要' };
export const REVIEW_STEPS = Object.keys(STEP_ZH);

/** 违规开发利用清零 review (zeroViolationReview) as a table: one line per plot, a column per step. */
export function zeroViolationReviewTable(r: any): Table {
  return {
    title: `${r.division.name}"一住两公"地块违规开发利用清零核查表（截至${r.asOf}）`,
    sheet: `清零核查${r.asOf}`,
    headers: ['县（市、区）', '区划代码', '地块编码', '地块名称', '阶段', ...REVIEW_STEPS.map((s) => STEP_ZH[s]), '问题（项）'],
    rows: r.plots.map((p: any) => [
      p.county.name, p.county.code, p.plot.plotCode, p.plot.name, STAGE_ZH[p.stage as PlotStage] ?? p.stage,
      ...REVIEW_STEPS.map((s) => {
        const x = p.steps.find((y: any) => y.step === s);
        return x ? `${STEP_STATE_ZH[x.state] ?? x.state}${x.date ? ` ${x.date}` : ''}` : null;
      }),
      p.problems,
    ]),
  };
}
