import { Arg, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { findPlain, type Row } from '../../db/plain';
import { marks } from '../../db/named';
import { countyCondition } from '../../db/scope';
import { pageSize } from '../../graphql/connection';
import { DateScalar, JSONScalar } from '../../graphql/scalars';
import { byIdLoader, perRequest } from '../common/request-loaders';
import { Lead } from '../lead/lead.entity';
import { RemoteSensingBatch, RemoteSensingPolygon } from './remote-sensing.entity';
import * as service from './remote-sensing.service';

@InputType('RemoteSensingImportInput')
export class RemoteSensingImportInput {
  /** 批次号: a batch is imported once (a second import is CONFLICT). */
  @Field() batchNo!: string;
  /** 成像日期: plots are judged as they stood on this date. */
  @Field(() => DateScalar) acquiredOn!: string;
  /** The day the delivery was received: the leads' receivedOn (default today; not before acquiredOn). */
  @Field(() => DateScalar, { nullable: true }) receivedOn?: string;
  /** A GeoJSON FeatureCollection of change polygons (Polygon / MultiPolygon Features, WGS 84). Required: its absence is named as BAD_USER_INPUT input.featureCollection. */
  @Field(() => JSONScalar, { nullable: true }) featureCollection?: unknown;
}

@ObjectType('RemoteSensingImport', { simpleResolvers: true })
export class RemoteSensingImport {
  @Field(() => RemoteSensingBatch) batch!: RemoteSensingBatch;
  @Field(() => Int) polygons!: number;
  @Field(() => Int) leadsCreated!: number;
  /** Polygons that intersect no plot where regular works would be refused: kept with the batch, no lead. */
  @Field(() => Int) untouched!: number;
  @Field(() => [Lead]) leads!: Lead[];
}

/** 卫星遥感非现场检查 (RULES §10): ECO imports batches of change polygons; every agency with the part reads them. */
@Resolver(() => RemoteSensingBatch)
export class RemoteSensingResolver {
  @Query(() => [RemoteSensingBatch], { description: 'The batches imported by tokens of the divisions in this token\'s scope, or that gave leads in it; newest first.' })
  async remoteSensingBatches(@Ctx() ctx: Context, @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number) {
    const scope = ctx.principal.scope;
    const limit = pageSize(ctx, first);
    if (scope.all) return findPlain(ctx.em, RemoteSensingBatch, {}, { orderBy: { acquiredOn: 'desc', id: 'desc' }, limit });
    const counties = countyCondition(scope, 'l.county_code');
    const rows = await ctx.em.execute<{ id: number }[]>(
      `select b.id from remote_sensing_batch b
        where ${scope.divisions.length ? `b.division_code in (${marks(scope.divisions.length)})` : 'false'}
           or exists (select 1 from remote_sensing_polygon p join lead l on l.polygon_id = p.id where p.batch_id = b.id and ${counties.sql})
        order by b.acquired_on desc, b.id desc limit ?`,
      [...scope.divisions, ...counties.params, limit],
    );
    const order = new Map(rows.map((r, i) => [r.id, i]));
    const batches = rows.length ? await findPlain(ctx.em, RemoteSensingBatch, { id: { $in: rows.map((r) => r.id) } }) : [];
    return batches.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  @Mutation(() => RemoteSensingImport, { description: 'ECO: import a batch of change polygons; every polygon over a plot where regular works would be refused at the acquisition date becomes a lead. Large batches: POST /imports/remote-sensing.' })
  importRemoteSensing(@Ctx() ctx: Context, @Arg('input', () => RemoteSensingImportInput) a: RemoteSensingImportInput) {
    return service.importRemoteSensing(ctx, a);
  }
}

@Resolver(() => RemoteSensingPolygon)
export class RemoteSensingPolygonResolver {
  @FieldResolver(() => RemoteSensingBatch)
  batch(@Root() p: Row<RemoteSensingPolygon>, @Ctx() ctx: Context) {
    return perRequest(ctx, 'batchById', () => byIdLoader(ctx, RemoteSensingBatch)).load(p.batch.id);
  }
}
