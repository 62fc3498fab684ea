import { Arg, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { findPlain, type Row } from '../../db/plain';
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
  @Query(() => [RemoteSensingBatch], { description: 'The imported batches, newest first.' })
  remoteSensingBatches(@Ctx() ctx: Context, @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number) {
    return findPlain(ctx.em, RemoteSensingBatch, {}, { orderBy: { acquiredOn: 'desc', id: 'desc' }, limit: pageSize(ctx, first) });
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
