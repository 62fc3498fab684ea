import { registerEnumType } from 'type-graphql';

/** The four bureaus that share the platform. */
export enum Agency {
  ECO = 'ECO', // 生态环境局 / 生态环境分局
  NATURAL_RESOURCES = 'NATURAL_RESOURCES', // 规划和自然资源局 / 自然资源局
  HOUSING = 'HOUSING', // 住房和城乡建设局
  APPROVALS = 'APPROVALS', // 行政审批服务管理局
}
registerEnumType(Agency, { name: 'Agency' });
export const AGENCIES = Object.values(Agency);
