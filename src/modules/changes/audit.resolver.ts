import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { decodeCursor, encodeCursor, PageInfo, pageSize } from '../../graphql/connection';
import { DateScalar, DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { date } from '../common/input';
import { Agency } from '../client/agency';
import { marks } from '../../db/named';
import { countyCondition } from '../../db/scope';

@ObjectType('AuditEntry', { simpleResolvers: true })
export class AuditEntry {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => Agency, { nullable: true }) agency!: Agency | null;
  @Field() clientName!: string;
  @Field() operation!: string;
  @Field(() => String, { nullable: true }) entity!: string | null;
  @Field(() => ID, { nullable: true }) entityId!: string | null;
  @Field() action!: string;
  /** OK, or the error code that refused the write. */
  @Field() outcome!: string;
  @Field(() => JSONScalar, { nullable: true }) before!: unknown;
  @Field(() => JSONScalar, { nullable: true }) after!: unknown;
}

@ObjectType('AuditEntryConnection', { simpleResolvers: true })
export class AuditEntryConnection {
  @Field(() => [AuditEntry]) nodes!: AuditEntry[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@Resolver()
export class AuditResolver {
  /** The before/after trail of every write and refusal (policy part auditLog: ECO at CITY or PROVINCE scope; read only). */
  @Query(() => AuditEntryConnection, { nullable: true })
  async auditLog(
    @Ctx() ctx: Context,
    @Arg('entity', () => String, { nullable: true }) entity?: string,
    @Arg('entityId', () => ID, { nullable: true }) entityId?: string,
    @Arg('agency', () => Agency, { nullable: true }) agency?: Agency,
    @Arg('from', () => DateScalar, { nullable: true }) from?: string,
    @Arg('to', () => DateScalar, { nullable: true }) to?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AuditEntryConnection> {
    const limit = pageSize(ctx, first, 100);
    const conds = ['id > ?'];
    const params: unknown[] = [decodeCursor(after) ?? 0];
    if (entity) { conds.push('entity = ?'); params.push(entity); }
    if (entityId) { conds.push('entity_id = ?'); params.push(entityId); }
    if (agency) { conds.push('agency = ?'); params.push(agency); }
    // Dates are Asia/Shanghai calendar days.
    if (date(from, 'from')) { conds.push(`at >= (?::date)::timestamp at time zone 'Asia/Shanghai'`); params.push(from); }
    if (date(to, 'to')) { conds.push(`at < (?::date + 1)::timestamp at time zone 'Asia/Shanghai'`); params.push(to); }
    const scope = ctx.principal.scope;
    if (!scope.all) {
      // Refusals with no row behind them have no county: they belong to the scope of the client that tried.
      const county = countyCondition(scope, 'county_code');
      conds.push(`(${county.sql} or (county_code is null and client_id in (select id from api_client where division_code in (${marks(scope.divisions.length)}))))`);
      params.push(...county.params, ...scope.divisions);
    }
    params.push(limit + 1);
    const rows = await ctx.em.execute<any[]>(`select * from audit_log where ${conds.join(' and ')} order by id limit ?`, params);
    const hasNextPage = rows.length > limit;
    const nodes = (hasNextPage ? rows.slice(0, limit) : rows).map((r) => ({
      id: String(r.id), at: r.at, agency: r.agency, clientName: r.client_name, operation: r.operation, entity: r.entity,
      entityId: r.entity_id, action: r.action, outcome: r.outcome, before: r.before, after: r.after,
    }));
    return { nodes, pageInfo: { hasNextPage, endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1].id) : null } };
  }
}
