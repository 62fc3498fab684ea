import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { LandUse } from '../division/landuse.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar, JSONScalar } from '../../graphql/scalars';
import { LandStatus, PlotSource, PlotStage } from './plot.enums';

/**
 * 疑似污染地块 / 污染地块. `stage` is the latest StageEvent's `to`, kept on the row for filters;
 * the history (StageEvent) is the record that reports read.
 */
@ObjectType('Plot', { simpleResolvers: true })
@Entity({ tableName: 'plot' })
@CountyScope()
@Index({ properties: ['county', 'stage'] })
// A county token's pages walk this instead of the whole primary key.
@Index({ properties: ['county', 'id'] })
@Index({ properties: ['county', 'landStatus'] })
// Substring search over name, code and former enterprise (pg_trgm), and the `near` filter (earthdistance).
@Index({ name: 'plot_search_trgm', expression: `create index "plot_search_trgm" on "plot" using gin ((lower(name || ' ' || plot_code || ' ' || coalesce(former_enterprise, ''))) gin_trgm_ops)` })
@Index({ name: 'plot_centroid_earth', expression: `create index "plot_centroid_earth" on "plot" using gist (ll_to_earth(centroid_lat, centroid_lon)) where centroid_lat is not null` })
// The bounding box of the boundary (else the centroid), for OGC API – Features' bbox (src/ogc/; migrations/Migration20261129051000).
@Index({ name: 'plot_geo_box', expression: `create index "plot_geo_box" on "plot" using gist (soilshare_geo_box(boundary, centroid_lon, centroid_lat))` })
export class Plot {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** Assigned by the platform: county code + year + sequence, e.g. "141181-2024-0007". */
  @Field()
  @Property({ type: 'string', length: 24 })
  @Unique()
  plotCode!: string;

  @Field()
  @Property({ type: 'string' })
  name!: string;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field({ nullable: true })
  @Property({ type: 'string', nullable: true })
  address?: string;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  areaM2?: number;

  @Property({ type: 'double', nullable: true })
  centroidLon?: number;

  @Property({ type: 'double', nullable: true })
  centroidLat?: number;

  @Field(() => JSONScalar, { nullable: true })
  @Property({ type: 'json', nullable: true })
  boundary?: unknown;

  @Field({ nullable: true })
  @Property({ type: 'string', nullable: true })
  industry?: string;

  @Field({ nullable: true })
  @Property({ type: 'string', nullable: true })
  formerEnterprise?: string;

  @Field({ nullable: true })
  @Property({ type: 'string', length: 18, nullable: true })
  formerCreditCode?: string;

  @ManyToOne(() => KeyUnit, { fieldName: 'key_unit_id', nullable: true })
  @Index()
  keyUnit?: KeyUnit;

  @Field(() => PlotSource)
  @Enum({ items: () => PlotSource })
  source!: PlotSource;

  @Field(() => PlotStage)
  @Enum({ items: () => PlotStage })
  stage: PlotStage = PlotStage.SUSPECTED;

  @ManyToOne(() => LandUse, { fieldName: 'current_use_code', nullable: true })
  currentUse?: LandUse;

  @ManyToOne(() => LandUse, { fieldName: 'planned_use_code', nullable: true })
  @Index()
  plannedUse?: LandUse;

  @Field(() => LandStatus)
  @Enum({ items: () => LandStatus })
  landStatus: LandStatus = LandStatus.NONE;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  supplyPlanYear?: number;

  @Field({ nullable: true })
  @Property({ type: 'string', nullable: true })
  constructionPermitNo?: string;

  @Property({ type: 'date', nullable: true })
  constructionPermitIssuedOn?: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  constructionStartedOn?: string;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
