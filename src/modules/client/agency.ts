import { registerEnumType } from 'type-graphql';

/**
 * The bureaus that share the platform: the four of the first round, and the three the plans' new families bring
 * (RULES §"New families"): agriculture for farmland, public security for the cases referred to it, emergency
 * management for the waste yards' safety procedures.
 */
export enum Agency {
  ECO = 'ECO', // 生态环境局 / 生态环境分局
  NATURAL_RESOURCES = 'NATURAL_RESOURCES', // 规划和自然资源局 / 自然资源局
  HOUSING = 'HOUSING', // 住房和城乡建设局
  APPROVALS = 'APPROVALS', // 行政审批服务管理局
  AGRICULTURE = 'AGRICULTURE', // 农业农村局
  PUBLIC_SECURITY = 'PUBLIC_SECURITY', // 公安局
  EMERGENCY = 'EMERGENCY', // 应急管理局
}
registerEnumType(Agency, { name: 'Agency' });
export const AGENCIES = Object.values(Agency);
