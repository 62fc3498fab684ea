import { registerEnumType } from 'type-graphql';

export enum PlotStage {
  SUSPECTED = 'SUSPECTED', // 疑似污染地块
  UNDER_INVESTIGATION = 'UNDER_INVESTIGATION', // 土壤污染状况调查
  BELOW_SCREENING = 'BELOW_SCREENING', // 调查结论未超筛选值
  UNDER_RISK_ASSESSMENT = 'UNDER_RISK_ASSESSMENT', // 污染地块, 风险评估
  RISK_ACCEPTABLE = 'RISK_ACCEPTABLE', // 风险可接受
  LISTED = 'LISTED', // 列入名录
  RISK_CONTROL = 'RISK_CONTROL', // 风险管控实施
  REMEDIATION = 'REMEDIATION', // 修复实施
  EFFECT_EVALUATION = 'EFFECT_EVALUATION', // 效果评估
  DELISTED = 'DELISTED', // 移出名录
}
registerEnumType(PlotStage, { name: 'PlotStage' });

export enum PlotSource {
  KEY_INDUSTRY_SURVEY = 'KEY_INDUSTRY_SURVEY',
  LAND_USE_CHANGE = 'LAND_USE_CHANGE',
  VACATED_SITE = 'VACATED_SITE',
  KEY_UNIT_LAND = 'KEY_UNIT_LAND',
  DISCOVERED = 'DISCOVERED',
  OTHER = 'OTHER',
}
registerEnumType(PlotSource, { name: 'PlotSource' });

export enum LandStatus { NONE = 'NONE', RESERVED = 'RESERVED', IN_SUPPLY_PLAN = 'IN_SUPPLY_PLAN', SUPPLIED = 'SUPPLIED', RECOVERED = 'RECOVERED' }
registerEnumType(LandStatus, { name: 'LandStatus' });

export enum LandAction { RESERVE = 'RESERVE', SUPPLY = 'SUPPLY', RECOVER = 'RECOVER', ACQUIRE = 'ACQUIRE', TRANSFER = 'TRANSFER' }
registerEnumType(LandAction, { name: 'LandAction' });

/** How land is supplied (RULES.md §3): 划拨, 出让, 租赁. */
export enum SupplyMethod { ALLOCATION = 'ALLOCATION', GRANT = 'GRANT', LEASE = 'LEASE' }
registerEnumType(SupplyMethod, { name: 'SupplyMethod' });

export enum ConstructionPurpose { REGULAR = 'REGULAR', RISK_CONTROL_OR_REMEDIATION = 'RISK_CONTROL_OR_REMEDIATION' }
registerEnumType(ConstructionPurpose, { name: 'ConstructionPurpose' });

/** Stage groups of BRIEF.md, used by gates, duties and reports. */
export const CLEARED: readonly PlotStage[] = [PlotStage.BELOW_SCREENING, PlotStage.RISK_ACCEPTABLE, PlotStage.DELISTED];
/** Not yet through investigation: the stages in which a standing trigger makes an investigation required. */
export const INVESTIGATING: readonly PlotStage[] = [PlotStage.SUSPECTED, PlotStage.UNDER_INVESTIGATION];
export const DIRECTORY: readonly PlotStage[] = [PlotStage.LISTED, PlotStage.RISK_CONTROL, PlotStage.REMEDIATION, PlotStage.EFFECT_EVALUATION];

/** The stages' names as the bureaus write them (reports, exports, violation notes). */
export const STAGE_ZH: Record<PlotStage, string> = {
  SUSPECTED: '疑似污染地块', UNDER_INVESTIGATION: '调查中', BELOW_SCREENING: '未超筛选值', UNDER_RISK_ASSESSMENT: '风险评估中',
  RISK_ACCEPTABLE: '风险可接受', LISTED: '列入名录', RISK_CONTROL: '风险管控中', REMEDIATION: '修复中',
  EFFECT_EVALUATION: '效果评估中', DELISTED: '移出名录',
};
