import type { EntityManager } from '@mikro-orm/postgresql';
import { ReserveStage } from '../modules/reserve/reserve-project.entity';
import { IN_RESERVE_OR_LATER } from '../modules/reserve/reserve-lifecycle';
import { marks } from '../db/named';
import { reserveStageAtSql } from '../modules/reserve/reserve-stage-event.sql';

export interface ReserveTrackerCounts {
  countyCode: string;
  projects: number;
  newInCentralReserve: number;
  targetMet: boolean;
  byStage: { stage: ReserveStage; count: number }[];
  centralFundsRequested: string;
  centralFundsApproved: string;
}

const IN_RESERVE = `(${IN_RESERVE_OR_LATER.map((s) => `'${s}'`).join(', ')})`;

/**
 * The county project-reserve tracker as of a date (RULES.md §7): per county, that year's entries by their
 * stage AS OF `asOf`, how many projects entered the central reserve during the year and still stand in it
 * as of `asOf` (the one-new-project target), and exact numeric sums (summed in PostgreSQL's numeric,
 * returned as text: never a float). One statement.
 *
 * A project's stage as of a date is its last stage event (reserve_stage_event) effective on or before it;
 * DRAFT before its first move; its row's stage when it has no event at all (rows loaded around the API).
 * A project counts as of a date once recorded by then or moved by then (as of today: every project); so a
 * later edit, withdrawal or new entry never changes the answer for an earlier date.
 * - `newInCentralReserve`: enteredCentralReserveOn in the year and not after `asOf`, with a stage as of
 *   `asOf` of IN_CENTRAL_RESERVE or later: a WITHDRAWN project does not count, nor a DRAFT or SUBMITTED row
 *   carrying an entry date (old data). `targetMet` = newInCentralReserve >= 1.
 * - The sums read the amounts as they are now (the approved amount has no history).
 */
export async function reserveTrackerCounts(em: EntityManager, counties: string[], year: number, asOf: string, today: string): Promise<ReserveTrackerCounts[]> {
  const n = counties.length;
  const rows = await em.execute<any[]>(
    `with c(county_code) as (select unnest(array[${marks(n)}]::text[])),
     p as (
       select r.county_code, r.year, r.entered_central_reserve_on, r.central_funds_requested, r.central_funds_approved,
         ${reserveStageAtSql('r', '?::date')} as stage
       from reserve_project r
       left join lateral (select e.to_stage from reserve_stage_event e where e.project_id = r.id and e.effective_on <= ?::date
                          order by e.effective_on desc, e.id desc limit 1) last on true
       where r.county_code = any(array[${marks(n)}]::text[])
         and (r.year = ? or r.entered_central_reserve_on between make_date(?, 1, 1) and make_date(?, 12, 31))
         and (?::date >= ?::date or (r.created_at at time zone 'Asia/Shanghai')::date <= ?::date or last.to_stage is not null))
     select c.county_code,
       (select count(*) from p where p.county_code = c.county_code and p.year = ?) as projects,
       (select count(*) from p where p.county_code = c.county_code and p.stage in ${IN_RESERVE}
          and p.entered_central_reserve_on between make_date(?, 1, 1) and least(make_date(?, 12, 31), ?::date)) as new_in_central_reserve,
       (select coalesce(jsonb_object_agg(stage, n), '{}'::jsonb) from (
          select p.stage, count(*) as n from p where p.county_code = c.county_code and p.year = ? group by p.stage) s) as by_stage,
       (select to_char(coalesce(sum(p.central_funds_requested), 0), 'FM999999999999990.00') from p where p.county_code = c.county_code and p.year = ?) as requested,
       (select to_char(coalesce(sum(p.central_funds_approved), 0), 'FM999999999999990.00') from p where p.county_code = c.county_code and p.year = ?) as approved
     from c order by c.county_code`,
    [...counties, asOf, asOf, ...counties, year, year, year, asOf, today, asOf, year, year, year, asOf, year, year, year],
  );
  return rows.map((r) => ({
    countyCode: r.county_code,
    projects: Number(r.projects),
    newInCentralReserve: Number(r.new_in_central_reserve),
    targetMet: Number(r.new_in_central_reserve) >= 1,
    byStage: Object.values(ReserveStage).map((stage) => ({ stage, count: Number(r.by_stage?.[stage] ?? 0) })),
    centralFundsRequested: r.requested,
    centralFundsApproved: r.approved,
  }));
}
