import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReferenceCache } from '../division/division.cache';
import { LandClass } from '../division/land-class';
import type { Plot } from './plot.entity';
import type { GateFacts } from './gates';
import { CLEARED, ConstructionPurpose, PlotStage } from './plot.enums';
import type { TriggerKind } from './trigger.entity';
import { marks } from '../../db/named';

/** What a plot's history adds to its row for the rules: one row per plot, read in one statement for many. */
export interface PlotHistoryFacts {
  everListed: boolean;
  triggers: { kind: TriggerKind; aroseOn: string }[];
  /** The latest stage event's class and date (the clearance when the stage is cleared). */
  lastClass: LandClass | null;
  lastOn: string | null;
  /** The use codes of the latest SUPPLY. */
  supplied: string[];
  /** The purpose of the latest construction permit (the works' purpose when a report names none). */
  permitPurpose: ConstructionPurpose | null;
}

/** The history facts of `ids`, as they stand now: one statement (the loader's and the mutations'). */
export async function historyFacts(em: EntityManager, ids: readonly number[]): Promise<Map<number, PlotHistoryFacts>> {
  const out = new Map<number, PlotHistoryFacts>();
  if (!ids.length) return out;
  const rows = await em.execute<{ id: number; f: PlotHistoryFacts }[]>(
    `select p.id, json_build_object(
       'everListed', exists (select 1 from stage_event e where e.plot_id = p.id and e.to_stage = 'LISTED'),
       'triggers', coalesce((select json_agg(json_build_object('kind', t.kind, 'aroseOn', t.arose_on) order by t.arose_on, t.id) from investigation_trigger t where t.plot_id = p.id), '[]'),
       'lastClass', last.land_class, 'lastOn', last.effective_on,
       'supplied', coalesce((select le.supplied_use_codes from land_event le where le.plot_id = p.id and le.kind = 'SUPPLY' order by le.decided_on desc, le.id desc limit 1), '{}'),
       'permitPurpose', (select le.purpose from land_event le where le.plot_id = p.id and le.kind = 'CONSTRUCTION_PERMIT' order by le.decided_on desc, le.id desc limit 1)
     ) as f
     from plot p left join lateral (select e.land_class, e.effective_on from stage_event e where e.plot_id = p.id order by e.effective_on desc, e.id desc limit 1) last on true
     where p.id in (${marks(ids.length)})`,
    [...ids],
  );
  for (const r of rows) out.set(r.id, r.f);
  return out;
}

/** The plot row's part of the facts: a plain row or an entity (planned and current use as references). */
type PlotRow = Pick<Plot, 'stage' | 'industry'> & { plannedUse?: { code: string } | null; currentUse?: { code: string } | null; keyUnit?: { id: number } | null };

/**
 * The facts the rules read (gates.ts), from the row and its history. `stage`: the stage as of another
 * date (a back-dated act); the clearance class is then taken only when that stage is the latest one's.
 */
export function factsOf(cache: ReferenceCache, plot: PlotRow, h: PlotHistoryFacts, stage: PlotStage = plot.stage): GateFacts {
  const cleared = CLEARED.includes(stage) && stage === plot.stage;
  const targetUses = [...new Set([...(plot.plannedUse ? [plot.plannedUse.code] : []), ...h.supplied])];
  return {
    stage,
    clearedClass: cleared ? (h.lastClass ?? LandClass.SECOND) : null,
    clearedOn: cleared ? h.lastOn : null,
    currentUseSensitive: plot.currentUse ? !!cache.landUses.get(plot.currentUse.code)?.sensitive : false,
    targetUses,
    triggers: h.triggers,
    keyIndustry: cache.keyIndustryOf(plot.industry ?? null),
    everListed: h.everListed || stage === PlotStage.LISTED,
    keyUnitLand: !!plot.keyUnit,
  };
}

/** The facts of one plot as it is now, for a mutation (after its row was loaded for writing). */
export async function gateFacts(em: EntityManager, cache: ReferenceCache, plot: Plot): Promise<GateFacts> {
  return factsOf(cache, plot, (await historyFacts(em, [plot.id])).get(plot.id)!);
}

/** The stage a plot was in at the end of `date`, from its history (null when it did not exist yet). */
export async function stageAt(em: EntityManager, plotId: number, date: string): Promise<PlotStage | null> {
  const rows = await em.execute<{ to_stage: PlotStage }[]>(
    `select to_stage from stage_event where plot_id = ? and effective_on <= ? order by effective_on desc, id desc limit 1`,
    [plotId, date],
  );
  return rows[0]?.to_stage ?? null;
}
