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
import { InspectionResolver, KeyUnitInspectionsResolver, PlotInspectionsResolver } from '../modules/inspection/inspection.resolver';
import { LeadResolver, PlotLeadsResolver } from '../modules/lead/lead.resolver';
import { CaseResolver, PlotCasesResolver } from '../modules/case/case.resolver';
import { RemoteSensingPolygonResolver, RemoteSensingResolver } from '../modules/remote-sensing/remote-sensing.resolver';
import { JointMeetingResolver } from '../modules/joint-meeting/joint-meeting.resolver';

export const RESOLVERS = [
  DivisionResolver, KeyUnitResolver, PermitResolver, PlotResolver, VacatedSiteResolver, ReserveProjectResolver,
  ViolationResolver, KeyUnitObligationResolver, ChangesResolver, ReportResolver, AuditResolver,
  DutyResolver, PlotDutiesResolver, ProblemResolver,
  InspectionResolver, PlotInspectionsResolver, KeyUnitInspectionsResolver,
  LeadResolver, PlotLeadsResolver, CaseResolver, PlotCasesResolver, RemoteSensingResolver, RemoteSensingPolygonResolver, JointMeetingResolver,
] as const;

let cached: GraphQLSchema | undefined;

/**
 * The executable schema, built once from the resolver classes. type-graphql's own validation is off: text is checked
 * against its column in the permission layer (src/validation/columns.ts), everything else by the services (src/modules/common/input.ts).
 */
export function buildAppSchema(): GraphQLSchema {
  cached ??= buildSchemaSync({ resolvers: RESOLVERS as never, validate: false, emitSchemaFile: false });
  return cached;
}

/** The SDL committed as schema/schema.graphql, sorted so that diffs show only real API changes. */
export const printAppSchema = () => printSchema(lexicographicSortSchema(buildAppSchema())) + '\n';
