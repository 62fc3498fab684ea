import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { DivisionResolver } from '../modules/division/division.resolver';
import { KeyUnitResolver } from '../modules/keyunit/keyunit.resolver';
import { PermitResolver } from '../modules/permit/permit.resolver';
import { PlotResolver } from '../modules/plot/plot.resolver';
import { VacatedSiteResolver } from '../modules/vacated/vacated-site.resolver';
import { ReserveProjectResolver } from '../modules/reserve/reserve-project.resolver';
import { KeyUnitObligationResolver, ViolationResolver } from '../modules/violation/violation.resolver';
import { ChangesResolver } from '../modules/changes/changes.resolver';
import { ReportResolver } from '../reports/report.resolver';
import { AuditResolver } from '../modules/changes/audit.resolver';
import { DutyResolver } from '../modules/duty/duty.resolver';
import { PlotDutiesResolver } from '../modules/plot/plot-duties.resolver';
import { ProblemResolver } from '../modules/problem/problem.resolver';
import { FarmlandCategoryChangeResolver, FarmlandResolver, PlotReclamationResolver } from '../modules/farmland/farmland.resolver';
import { WASTE_RESOLVERS } from '../modules/waste/waste.resolver';
import { InspectionResolver, KeyUnitInspectionsResolver, PlotInspectionsResolver } from '../modules/inspection/inspection.resolver';
import { ReviewResolver } from '../modules/review/review.resolver';
import { JointDispatchCellCountResolver, JointDispatchCellRowResolver, JointDispatchRowResolver, ReserveTrackerCellRowResolver } from '../reports/drilldown.resolver';
import { LeadResolver, PlotLeadsResolver } from '../modules/lead/lead.resolver';
import { CaseResolver, PlotCasesResolver } from '../modules/case/case.resolver';
import { RemoteSensingPolygonResolver, RemoteSensingResolver } from '../modules/remote-sensing/remote-sensing.resolver';
import { JointMeetingResolver } from '../modules/joint-meeting/joint-meeting.resolver';

export const RESOLVERS = [
  DivisionResolver, KeyUnitResolver, PermitResolver, PlotResolver, VacatedSiteResolver, ReserveProjectResolver,
  ViolationResolver, KeyUnitObligationResolver, ChangesResolver, ReportResolver, AuditResolver,
  DutyResolver, PlotDutiesResolver, ProblemResolver,
  FarmlandResolver, FarmlandCategoryChangeResolver, PlotReclamationResolver,
  ...WASTE_RESOLVERS,
  InspectionResolver, PlotInspectionsResolver, KeyUnitInspectionsResolver,
  JointDispatchRowResolver, JointDispatchCellCountResolver, JointDispatchCellRowResolver, ReserveTrackerCellRowResolver, ReviewResolver,
  LeadResolver, PlotLeadsResolver, CaseResolver, PlotCasesResolver, RemoteSensingResolver, RemoteSensingPolygonResolver, JointMeetingResolver,
] as const;

let cached: GraphQLSchema | undefined;

/**
 * type-graphql insists on a PubSub once a @Subscription exists, but the one subscription (changeAdded) brings
 * its own `subscribe` (src/modules/changes/change-hub.ts, fed by PostgreSQL NOTIFY): no topic is ever used.
 */
const NO_TOPICS = {
  publish: () => undefined,
  subscribe: (): AsyncIterable<unknown> => { throw new Error('subscriptions bring their own subscribe; no PubSub topics'); },
};

/**
 * The executable schema, built once from the resolver classes. type-graphql's own validation is off: text is checked
 * against its column in the permission layer (src/validation/columns.ts), everything else by the services (src/modules/common/input.ts).
 */
export function buildAppSchema(): GraphQLSchema {
  cached ??= buildSchemaSync({ resolvers: RESOLVERS as never, validate: false, emitSchemaFile: false, pubSub: NO_TOPICS });
  return cached;
}

/** The SDL committed as schema/schema.graphql, sorted so that diffs show only real API changes. */
export const printAppSchema = () => printSchema(lexicographicSortSchema(buildAppSchema())) + '\n';
