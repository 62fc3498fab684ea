import type { EntityManager } from '@mikro-orm/postgresql';
import { ReserveStage } from '../modules/reserve/reserve-project.entity';
import { IN_RESERVE_OR_LATER } from '../modules/reserve/reserve-lifecycle';
import { named } from '../db/named';
import { CellCounts, CellDef, CellRow, CellSubject, countsSql, RawCellRow, rowsSql, toCellRow } from './cells';
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

/** Every cell of the tracker that counts projects (the two sums are amounts of the PROJECTS cell's rows). */
export enum ReserveTrackerCell { PROJECTS = 'PROJECTS', NEW_IN_CENTRAL_RESERVE = 'NEW_IN_CENTRAL_RESERVE', BY_STAGE = 'BY_STAGE' }

/**
 * The shared CTE of the tracker and its drill-down (:counties, :year, :asOf, :today): that year's entries and the
 * entries taken into the central reserve that year, each with its stage as of `asOf`.
 */
const SOURCES = `p as (
       select r.id, r.county_code, r.year, r.entered_central_reserve_on, r.central_funds_requested, r.central_funds_approved,
         ${reserveStageAtSql('r', ':asOf::date')} as stage
       from reserve_project r
       left join lateral (select e.to_stage from reserve_stage_event e where e.project_id = r.id and e.effective_on <= :asOf::date
                          order by e.effective_on desc, e.id desc limit 1) last on true
       where r.county_code = any(array[:counties]::text[])
         and (r.year = :year or r.entered_central_reserve_on between make_date(:year, 1, 1) and make_date(:year, 12, 31))
         and (:asOf::date >= :today::date or (r.created_at at time zone 'Asia/Shanghai')::date <= :asOf::date or last.to_stage is not null))`;

const projectCols = { county: 'p.county_code', project: 'p.id', kind: 'p.stage', on: 'p.entered_central_reserve_on' };

/** THE cells of the tracker (cells.ts): the tracker counts these sets, reserveTrackerCell lists them. */
export const RESERVE_TRACKER_CELLS: readonly CellDef<ReserveTrackerCell>[] = [
  { cell: ReserveTrackerCell.PROJECTS, subject: CellSubject.RESERVE_PROJECT, from: 'from p where p.year = :year', cols: projectCols },
  { cell: ReserveTrackerCell.NEW_IN_CENTRAL_RESERVE, subject: CellSubject.RESERVE_PROJECT, cols: projectCols,
    from: `from p where p.stage in ${IN_RESERVE} and p.entered_central_reserve_on between make_date(:year, 1, 1) and least(make_date(:year, 12, 31), :asOf::date)` },
  { cell: ReserveTrackerCell.BY_STAGE, subject: CellSubject.RESERVE_PROJECT, parts: Object.values(ReserveStage), from: 'from p where p.year = :year',
    cols: { ...projectCols, part: 'p.stage' } },
];
export const reserveTrackerCellDef = (cell: ReserveTrackerCell) => RESERVE_TRACKER_CELLS.find((d) => d.cell === cell)!;

/**
 * The county project-reserve tracker as of a date (RULES.md §7): per county, that year's entries by their
 * stage AS OF `asOf`, how many projects entered the central reserve during the year and still stand in it
 * as of `asOf` (the one-new-project target), and exact numeric sums (summed in PostgreSQL's numeric,
 * returned as text: never a float). One statement: the cells' counts (RESERVE_TRACKER_CELLS) and the sums.
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
  if (!counties.length) return [];
  const money = (col: string) => `to_char(coalesce(sum(p.${col}), 0), 'FM999999999999990.00')`;
  const [sql, values] = named(
    `with ${SOURCES}, counts as (${countsSql(RESERVE_TRACKER_CELLS)})
     select cell, part, county_code, n::text as v from counts
     union all select 'REQUESTED', null, p.county_code, ${money('central_funds_requested')} from p where p.year = :year group by p.county_code
     union all select 'APPROVED', null, p.county_code, ${money('central_funds_approved')} from p where p.year = :year group by p.county_code`,
    { counties, year, asOf, today },
  );
  const rows = await em.execute<{ cell: string; part: string | null; county_code: string; v: string }[]>(sql, values);
  const counts = new CellCounts(rows.filter((r) => r.cell !== 'REQUESTED' && r.cell !== 'APPROVED').map((r) => ({ ...r, n: r.v })));
  const sum = (cell: string, county: string) => rows.find((r) => r.cell === cell && r.county_code === county)?.v ?? '0.00';
  return [...counties].sort().map((county) => {
    const newIn = counts.get(ReserveTrackerCell.NEW_IN_CENTRAL_RESERVE, county);
    return {
      countyCode: county,
      projects: counts.get(ReserveTrackerCell.PROJECTS, county),
      newInCentralReserve: newIn,
      targetMet: newIn >= 1,
      byStage: Object.values(ReserveStage).map((stage) => ({ stage, count: counts.get(ReserveTrackerCell.BY_STAGE, county, stage) })),
      centralFundsRequested: sum('REQUESTED', county),
      centralFundsApproved: sum('APPROVED', county),
    };
  });
}

/** The projects behind one cell of the tracker (BY_STAGE: of one stage), from the same set as the count. */
export async function reserveTrackerCellRows(
  em: EntityManager, counties: string[], year: number, asOf: string, today: string, cell: ReserveTrackerCell, stage: string | null,
): Promise<CellRow[]> {
  if (!counties.length) return [];
  const def = reserveTrackerCellDef(cell);
  const [sql, values] = named(`with ${SOURCES}\n${rowsSql(def, 'array[:counties]::text[]', def.parts ? ':part' : undefined)}`,
    { counties, year, asOf, today, ...(def.parts ? { part: stage } : {}) });
  return (await em.execute<RawCellRow[]>(sql, values)).map(toCellRow);
}
