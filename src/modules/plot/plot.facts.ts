import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReferenceCache } from '../division/division.cache';
import type { Plot } from './plot.entity';
import type { GateFacts } from './gates';
import { PlotStage } from './plot.enums';

/** The facts the gates read, for a plot as it is now. `everListed` comes from its history. */
export async function gateFacts(em: EntityManager, cache: ReferenceCache, plot: Plot): Promise<GateFacts> {
  const rows = await em.execute<{ n: string }[]>(`select count(*) as n from stage_event where plot_id = ? and to_stage = 'LISTED'`, [plot.id]);
  return factsOf(cache, plot, Number(rows[0]?.n ?? 0) > 0 || plot.stage === PlotStage.LISTED);
}

export function factsOf(cache: ReferenceCache, plot: Plot, everListed: boolean, stage: PlotStage = plot.stage): GateFacts {
  const planned = plot.plannedUse ? cache.landUses.get(plot.plannedUse.code) : undefined;
  const current = plot.currentUse ? cache.landUses.get(plot.currentUse.code) : undefined;
  return {
    stage,
    currentUseSensitive: !!current?.sensitive,
    plannedUseSensitive: planned ? planned.sensitive : null,
    industry: plot.industry ?? null,
    everListed,
  };
}

/** The stage a plot was in at the end of `date`, from its history (null when it did not exist yet). */
export async function stageAt(em: EntityManager, plotId: number, date: string): Promise<PlotStage | null> {
  const rows = await em.execute<{ to_stage: PlotStage }[]>(
    `select to_stage from stage_event where plot_id = ? and effective_on <= ? order by effective_on desc, id desc limit 1`,
    [plotId, date],
  );
  return rows[0]?.to_stage ?? null;
}
