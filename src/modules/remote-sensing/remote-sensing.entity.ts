import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Agency } from '../client/agency';
import { DateScalar, DateTimeScalar, JSONScalar } from '../../graphql/scalars';

/**
 * A delivery of satellite change polygons (卫星遥感变化图斑, RULES §10) with its acquisition date, imported once
 * (its batch number is unique: a second import of the same batch is CONFLICT). The counts are the import's
 * answer, kept with the batch.
 */
@ObjectType('RemoteSensingBatch', { simpleResolvers: true })
@Entity({ tableName: 'remote_sensing_batch' })
export class RemoteSensingBatch {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** 批次号, as the imagery provider or the province numbers it. */
  @Field()
  @Property({ type: 'string', length: 100, unique: true })
  batchNo!: string;

  /** The date the imagery was taken (成像日期): the plots' state is judged as of this date. */
  @Field(() => DateScalar)
  @Property({ type: 'date' })
  acquiredOn!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  polygonCount!: number;

  /** Leads created: one per polygon and plot it intersects where regular works would be refused. */
  @Field(() => Int)
  @Property({ type: 'integer' })
  leadCount!: number;

  /** Polygons that intersect no such plot: kept with the batch, without a lead. */
  @Field(() => Int)
  @Property({ type: 'integer' })
  untouchedCount!: number;

  /** The importing token's division: the batch list shows a token the batches of its divisions. */
  @Property({ type: 'string', length: 6 })
  divisionCode!: string;

  @Field(() => Agency)
  @Enum({ items: () => Agency, columnType: 'text' })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  importedAt: Date = new Date();
}

/** One change polygon of a batch, as delivered (its geometry only: the provider's other properties are not kept). */
@ObjectType('RemoteSensingPolygon', { simpleResolvers: true })
@Entity({ tableName: 'remote_sensing_polygon' })
export class RemoteSensingPolygon {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => RemoteSensingBatch, { fieldName: 'batch_id' })
  batch!: RemoteSensingBatch;

  /** The feature's position in the delivered FeatureCollection (0-based). */
  @Field(() => Int)
  @Property({ type: 'integer' })
  featureIndex!: number;

  /** GeoJSON Polygon or MultiPolygon, WGS 84. */
  @Field(() => JSONScalar)
  @Property({ type: 'json' })
  geometry!: unknown;

  /** How many plots it intersects where regular works would be refused (0: untouched, no lead). */
  @Field(() => Int)
  @Property({ type: 'integer' })
  matchedPlots!: number;
}
