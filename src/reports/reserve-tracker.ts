import type { EntityManager } from '@mikro-orm/postgresql';
import { ReserveStage } from '../modules/reserve/reserve-project.entity';
import { marks } from '../db/named';

export interface ReserveTrackerCounts {
  countyCode: string;
  projects: number;
  newInCentralReserve: number;
  targetMet: boolean;
  byStage: { stage: ReserveStage; count: number }[];
  centralFundsRequested: string;
  centralFundsApproved: string;
}

/**
 * The county project-reserve tracker: per county, that year's entries by stage, how many projects entered
 * the central reserve during the year (the one-new-project target), and exact numeric sums (summed in
 * PostgreSQL's numeric, returned as text: never a float). One statement.
 */
export async function reserveTrackerCounts(em: EntityManager, counties: string[], year: number): Promise<ReserveTrackerCounts[]> {
  const n = counties.length;
  const rows = await em.execute<any[]>(
    `with c(county_code) as (select unnest(array[${marks(n)}]::text[]))
     select c.county_code,
       (select count(*) from reserve_project r where r.county_code = c.county_code and r.year = ?) as projects,
       (select count(*) from reserve_project r where r.county_code = c.county_code
          and r.entered_central_reserve_on between make_date(?, 1, 1) and make_date(?, 12, 31)) as new_in_central_reserve,
       (select coalesce(jsonb_object_agg(stage, n), '{}'::jsonb) from (
          select r.stage, count(*) as n from reserve_project r where r.county_code = c.county_code and r.year = ? group by r.stage) s) as by_stage,
       (select to_char(coalesce(sum(r.central_funds_requested), 0), 'FM999999999999990.00') from reserve_project r where r.county_code = c.county_code and r.year = ?) as requested,
       (select to_char(coalesce(sum(r.central_funds_approved), 0), 'FM999999999999990.00') from reserve_project r where r.county_code = c.county_code and r.year = ?) as approved
     from c order by c.county_code`,
    [...counties, year, year, year, year, year, year],
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
