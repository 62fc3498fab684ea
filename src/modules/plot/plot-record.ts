import { Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Agency } from '../client/agency';
import { Plot } from './plot.entity';

/**
 * What every append-only record about a plot carries (its reasons to investigate, filings, post-management
 * plans and records): its plot, and who recorded it when. Subclasses are entities of their own tables; row
 * security gives each its plot's county (migrations/Migration20261128234000).
 */
export abstract class PlotRecord {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Plot, { fieldName: 'plot_id', index: true })
  plot!: Plot;

  @Enum({ items: () => Agency })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
