import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { marks } from '../../db/named';
import type { Agency } from '../client/agency';
import type { ReserveStage } from './reserve-project.entity';
import type { ReserveStageEvent } from './reserve-stage-event';

/**
 * The SQL of reserve_stage_event (Migration20261128233500): appended by updateReserveProject in its
 * transaction, read by ReserveProject.stageHistory and the tracker. Row-level security shows an event with
 * its project, so these statements see only the caller's scope.
 */
export async function appendReserveStageEvent(em: EntityManager, e: { projectId: number; from: ReserveStage; to: ReserveStage; effectiveOn: string; agency: Agency; clientId?: number | null }) {
  await em.execute(
    `insert into reserve_stage_event (project_id, from_stage, to_stage, effective_on, agency, client_id) values (?, ?, ?, ?, ?, ?)`,
    [e.projectId, e.from, e.to, e.effectiveOn, e.agency, e.clientId ?? null],
  );
}

/**
 * A project's stage as of `d` (RULES.md §7), as SQL on the project alias `r`: its last stage event effective
 * on or before `d`; DRAFT before its first move; its row's stage when it has no event at all (rows loaded
 * around the API). The tracker and the quarterly report read it from here.
 */
export const reserveStageAtSql = (r: string, d: string) =>
  `coalesce((select e.to_stage from reserve_stage_event e where e.project_id = ${r}.id and e.effective_on <= ${d} order by e.effective_on desc, e.id desc limit 1),
    case when exists (select 1 from reserve_stage_event e where e.project_id = ${r}.id) then 'DRAFT' else ${r}.stage end)`;

/** The effective date of a project's latest stage event, or null when it has none. */
export async function lastReserveEventOn(em: EntityManager, projectId: number): Promise<string | null> {
  const [r] = await em.execute<{ on: string | null }[]>(`select max(effective_on)::text as "on" from reserve_stage_event where project_id = ?`, [projectId]);
  return r?.on ?? null;
}

/** `ReserveProject.stageHistory`'s loader (src/loaders.ts): every project of a response level in one statement. */
export function reserveStageHistoryLoader(em: () => EntityManager) {
  return new DataLoader<number, ReserveStageEvent[]>(async (ids) => {
    const m = await reserveStageHistories(em(), ids);
    return ids.map((id) => m.get(id) ?? []);
  });
}

/** Each project's events in order (effective date, then recording order): one statement for all of `ids`. */
export async function reserveStageHistories(em: EntityManager, ids: readonly number[]): Promise<Map<number, ReserveStageEvent[]>> {
  const rows = await em.execute<{ project_id: number; events: any[] }[]>(
    `select project_id, json_agg(json_build_object('from', from_stage, 'to', to_stage, 'effectiveOn', effective_on, 'recordedAt', recorded_at, 'agency', agency)
       order by effective_on, id) as events
     from reserve_stage_event where project_id in (${marks(ids.length)}) group by project_id`,
    [...ids],
  );
  const out = new Map<number, ReserveStageEvent[]>();
  for (const r of rows) out.set(r.project_id, r.events.map((e) => ({ ...e, recordedAt: new Date(e.recordedAt) })));
  return out;
}
