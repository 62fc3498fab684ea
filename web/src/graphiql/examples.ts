/**
 * Example operations for the console's GraphiQL, per agency: a first query, the quarterly report the agency
 * may read, a write with `expectedVersion`, and the change feed's subscription (`changeAdded`, over WebSocket:
 * web/src/graphiql/fetcher.ts) for the agencies that may read the feed (policy part `exports`) — each only
 * what the policy table (src/auth/policy.ts) lets that agency do. tests/console/graphiql.spec.ts validates
 * every one against the schema and runs it with a token of its agency (the subscription over a socket): none
 * may be refused (FORBIDDEN). No imports: the console and the tests share this file.
 */

export type Agency = 'ECO' | 'NATURAL_RESOURCES' | 'HOUSING' | 'APPROVALS' | 'AGRICULTURE' | 'PUBLIC_SECURITY' | 'EMERGENCY';
export const AGENCIES: Agency[] = ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY'];

export type ExampleKind = 'first' | 'quarterly' | 'write' | 'subscription';
export interface Example {
  kind: ExampleKind;
  /** The tab's title in Chinese. */
  title: string;
  query: string;
  variables: Record<string, unknown>;
}
/** What an agency's list says where the policy gives it no such operation. */
export interface ExampleSet { agency: Agency; examples: Example[]; missing: { kind: ExampleKind; why: string }[] }

export interface ExampleContext {
  /** The token's division (the examples ask for it). */
  divisionCode: string;
  /** A quarter such as "2025Q3" for the quarterly report. */
  quarter: string;
  /** Today, YYYY-MM-DD, for the writes' dates. */
  today: string;
}

/** The quarter before the one `today` falls in ("2025-11-28" → "2025Q3"): the last complete one. */
export function lastQuarter(today: string): string {
  const y = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`;
}

const WRITE_NOTE = '# 先运行"第一个查询"，把返回的某个地块的 id 和 version 填入下方变量（Variables）。\n'
  + '# expectedVersion 不是最新版本时，服务器拒绝写入（CONFLICT），什么也不改变。\n';

const firstPlots = (fields: string) => `# 本部门能看到的地块（行级范围：令牌所属区划）
query FirstPlots($divisionCode: ID!) {
  me { clientName agency division { code name level } }
  plots(first: 5, filter: { divisionCode: $divisionCode }) {
    totalCount
    nodes { id version plotCode name county { name } ${fields} }
  }
}`;

const jointDispatch = `# 季度调度分析：每县一行加合计，按季度末日的历史数据计算（过去的季度不会再变）
query QuarterlyReport($quarter: String!, $divisionCode: ID!) {
  jointDispatchReport(quarter: $quarter, divisionCode: $divisionCode) {
    quarter asOf
    rows { county { code name } plotsByStage { stage count } violationsOpen keyUnitsOverdue safeUseRate }
    total { plotsByStage { stage count } violationsOpen keyUnitsOverdue safeUseRate }
  }
}`;

const problemList = `# 问题清单（联席会议用）：季度末日所有逾期义务和未整改违法行为，按县统计
query QuarterlyProblems($quarter: String!, $divisionCode: ID!) {
  problems(quarter: $quarter, divisionCode: $divisionCode) {
    asOf
    byCounty { county { code name } duties violations total }
    rows { source kind subject county { name } responsibleAgency dueOn detectedOn state }
  }
}`;

const changeFeed = `# 变更流订阅（WebSocket，graphql-transport-ws）：运行后保持连接，本令牌范围内每一次写入提交后即时推送；
# 变量 after 填某次变更的 cursor（可从 changes 查询得到）则先补发其后的全部变更，留空则只推送此后的变更。
# 点击停止按钮结束订阅。令牌被撤销或过期时服务器关闭连接（4403 / 4401）。
subscription ChangeAdded($after: String) {
  changeAdded(after: $after) { cursor at agency clientName entity entityId action fields }
}`;

const SUBSCRIPTION_TITLE = '订阅：变更流（changeAdded）';

/** The examples of one agency (under the default policy table). */
export function examplesFor(agency: Agency, c: ExampleContext): ExampleSet {
  const d = { divisionCode: c.divisionCode };
  const q = { quarter: c.quarter, divisionCode: c.divisionCode };
  const ex = (kind: ExampleKind, title: string, query: string, variables: Record<string, unknown>): Example => ({ kind, title, query, variables });
  const none = (kind: ExampleKind, why: string) => ({ kind, why });
  const feed = ex('subscription', SUBSCRIPTION_TITLE, changeFeed, { after: null });
  switch (agency) {
    case 'ECO':
      return {
        agency,
        examples: [
          ex('first', '第一个查询：地块与阶段', firstPlots('stage investigationRequired keyUnit { name }'), d),
          ex('quarterly', '季度调度分析', jointDispatch, q),
          ex('write', '写入：推进地块阶段（expectedVersion）', `${WRITE_NOTE}mutation AdvanceStage($plotId: ID!, $expectedVersion: Int!, $effectiveOn: Date!) {
  advancePlotStage(plotId: $plotId, to: UNDER_INVESTIGATION, effectiveOn: $effectiveOn, expectedVersion: $expectedVersion) {
    id version stage stageHistory { to effectiveOn }
  }
}`, { plotId: '', expectedVersion: 1, effectiveOn: c.today }),
          feed,
        ],
        missing: [],
      };
    case 'NATURAL_RESOURCES':
      return {
        agency,
        examples: [
          ex('first', '第一个查询：地块与用地', firstPlots('stage landStatus plannedUse { code name sensitive } supplyPlanYear'), d),
          ex('quarterly', '季度调度分析', jointDispatch, q),
          ex('write', '写入：规划用途（expectedVersion）', `${WRITE_NOTE}mutation PlanLandUse($plotId: ID!, $expectedVersion: Int!, $decidedOn: Date!) {
  planLandUse(plotId: $plotId, plannedUseCode: "0601", decidedOn: $decidedOn, expectedVersion: $expectedVersion) {
    id version plannedUse { code name } investigationRequired
  }
}`, { plotId: '', expectedVersion: 1, decidedOn: c.today }),
          feed,
        ],
        missing: [],
      };
    case 'HOUSING':
      return {
        agency,
        examples: [
          ex('first', '第一个查询：地块与施工', firstPlots('stage constructionPermitNo constructionStartedOn'), d),
          ex('quarterly', '季度问题清单', problemList, q),
          ex('write', '写入：报告开工（expectedVersion）', `${WRITE_NOTE}mutation ReportConstructionStarted($plotId: ID!, $expectedVersion: Int!, $startedOn: Date!) {
  reportConstructionStarted(plotId: $plotId, startedOn: $startedOn, purpose: RISK_CONTROL_OR_REMEDIATION, expectedVersion: $expectedVersion) {
    id version constructionStartedOn violations { kind detectedOn }
  }
}`, { plotId: '', expectedVersion: 1, startedOn: c.today }),
          feed,
        ],
        missing: [],
      };
    case 'APPROVALS':
      return {
        agency,
        examples: [
          ex('first', '第一个查询：地块与施工许可', firstPlots('stage investigationRequired constructionPermitNo'), d),
          ex('quarterly', '季度问题清单', problemList, q),
          ex('write', '写入：核发施工许可（expectedVersion）', `${WRITE_NOTE}mutation IssueConstructionPermit($plotId: ID!, $expectedVersion: Int!, $issuedOn: Date!, $permitNo: String!) {
  issueConstructionPermit(plotId: $plotId, permitNo: $permitNo, issuedOn: $issuedOn, purpose: RISK_CONTROL_OR_REMEDIATION, expectedVersion: $expectedVersion) {
    id version constructionPermitNo
  }
}`, { plotId: '', expectedVersion: 1, issuedOn: c.today, permitNo: '示例-施工许可-0001' }),
          feed,
        ],
        missing: [],
      };
    case 'AGRICULTURE':
      return {
        agency,
        examples: [
          ex('first', '第一个查询：地块与耕地图斑', `# 本部门能看到的地块和耕地图斑（行级范围：令牌所属区划）
query First($divisionCode: ID!) {
  me { clientName agency division { code name level } }
  plots(first: 5, filter: { divisionCode: $divisionCode }) {
    totalCount
    nodes { id version plotCode name county { name } stage investigationRequired }
  }
  farmlandUnits(first: 5, divisionCode: $divisionCode) {
    totalCount
    nodes { id version code name county { name } registeredCategory category basicFarmland areaM2 }
  }
}`, d),
          ex('quarterly', '季度问题清单', problemList, q),
          ex('write', '写入：耕地类别动态调整（expectedVersion）', `# 先运行"第一个查询"，把返回的某个耕地图斑的 id 和 version 填入下方变量（Variables）。
# expectedVersion 不是最新版本时，服务器拒绝写入（CONFLICT），什么也不改变。未填 approvedOn 的调整待市政府审定。
mutation RecordCategoryChange($unitId: ID!, $expectedVersion: Int!, $proposedOn: Date!) {
  recordFarmlandCategoryChange(expectedVersion: $expectedVersion, input: { unitId: $unitId, to: STRICT_CONTROL, reason: SOIL_CROP_MONITORING, proposedOn: $proposedOn }) {
    id version from to proposedOn approvedOn unit { id code category }
  }
}`, { unitId: '', expectedVersion: 1, proposedOn: c.today }),
          feed,
        ],
        missing: [],
      };
    case 'EMERGENCY':
      return {
        agency,
        examples: [
          ex('first', '第一个查询：固废堆场与手续', `# 应急管理部门可读：固废堆场（及其土地、环评、安评手续）、遗留危废、问题清单、变更流和"一张图"导出
query First($divisionCode: ID!) {
  me { clientName agency division { code name level } }
  solidWasteYards(divisionCode: $divisionCode, first: 10) {
    totalCount
    nodes { id version name operatorName county { code name } safetyProcedure { documentNo issuedOn } }
  }
}`, d),
          ex('quarterly', '季度问题清单', problemList, q),
          ex('write', '写入：固废堆场安全评价手续（expectedVersion）', `# 先运行"第一个查询"，把返回的某个堆场的 id 和 version 填入下方变量（Variables）。
# expectedVersion 不是最新版本时，服务器拒绝写入（CONFLICT），什么也不改变。
mutation RecordSafety($yardId: ID!, $expectedVersion: Int!, $issuedOn: Date!) {
  recordYardSafetyProcedure(yardId: $yardId, expectedVersion: $expectedVersion, documentNo: "应急安评〔示例〕1号", issuedOn: $issuedOn) {
    id version name safetyProcedure { documentNo issuedOn }
  }
}`, { yardId: '', expectedVersion: 1, issuedOn: c.today }),
          feed,
        ],
        missing: [],
      };
    case 'PUBLIC_SECURITY':
      return {
        agency,
        examples: [
          ex('first', '第一个查询：移送本机关的案件', `# 公安部门只读移送本机关的案件（移送日期、接收单位、反馈），并填写反馈
query First {
  me { clientName agency division { code name level } }
  cases(first: 10) { totalCount nodes { id version caseNo openedOn party state referredOn referredTo policeFeedback policeFeedbackOn } }
}`, {}),
          ex('write', '写入：案件办理反馈（expectedVersion）', `# 先运行"第一个查询"，把返回的某个案件的 id 和 version 填入下方变量（Variables）。
# expectedVersion 不是最新版本时，服务器拒绝写入（CONFLICT），什么也不改变。
mutation Feedback($id: ID!, $expectedVersion: Int!, $feedbackOn: Date!) {
  recordPoliceFeedback(id: $id, expectedVersion: $expectedVersion, feedback: "已受理，正在审查（示例）", feedbackOn: $feedbackOn) {
    id version state policeFeedback policeFeedbackOn
  }
}`, { id: '', expectedVersion: 1, feedbackOn: c.today }),
        ],
        missing: [
          none('quarterly', '按当前权限表，公安部门不读季度调度分析和问题清单。'),
          none('subscription', '按当前权限表，公安部门不读变更流，不能订阅 changeAdded。'),
        ],
      };
  }
}

/** A plot's page in GraphiQL (the map's detail panel links here). */
export function plotQuery(plotCode: string): { query: string; variables: Record<string, unknown> } {
  return {
    query: `query Plot($plotCode: String!) {
  plot(plotCode: $plotCode) {
    id version plotCode name county { code name } address areaM2 centroid { lon lat }
    stage stageHistory { from to effectiveOn }
  }
}`,
    variables: { plotCode },
  };
}
