import type { EntityManager } from '@mikro-orm/postgresql';
import { marks } from '../../db/named';
import type { CityRules } from '../../rules/city-rules';
import { Agency } from '../client/agency';
import { dutiesSql, dutyRules } from '../duty/engine';
import { ObligationState } from '../duty/duty.types';
import { ViolationKind } from '../violation/violation.entity';

/** Where a problem comes from: an OVERDUE duty of the duty engine, or a violation not rectified. */
export enum ProblemSource { DUTY = 'DUTY', VIOLATION = 'VIOLATION' }

/**
 * THE bureau that must see a violation rectified (the one place this is decided; the problem list and its
 * export read it from here):
 * - CONSTRUCTION_BEFORE_CLEARANCE: works started before the plot was cleared → HOUSING (住建, supervises the works);
 * - SUPPLY_WITHOUT_INVESTIGATION: land supplied without the investigation → NATURAL_RESOURCES (supplies the land);
 * - SENSITIVE_USE_OF_LISTED_PLOT: a listed plot planned/used for a 一住两公 use → NATURAL_RESOURCES (plans the use);
 * - SOIL_TRANSFER_DISCREPANCY: a contaminated-soil manifest leg late or short → ECO (receives the transfer plan, 法41);
 * - any kind added later and not listed here: ECO (生态环境, keeps the violation register).
 */
export const VIOLATION_AGENCY: Record<ViolationKind, Agency> = {
  [ViolationKind.CONSTRUCTION_BEFORE_CLEARANCE]: Agency.HOUSING,
  [ViolationKind.SUPPLY_WITHOUT_INVESTIGATION]: Agency.NATURAL_RESOURCES,
  [ViolationKind.SENSITIVE_USE_OF_LISTED_PLOT]: Agency.NATURAL_RESOURCES,
  // A manifest leg short or late: the eco bureau supervises the transfer (法41, Jinzhong plan 9).
  [ViolationKind.SOIL_TRANSFER_DISCREPANCY]: Agency.ECO,
};

/** The mapping above as an SQL `case` over `v.kind` (literals of enum values, no user input). */
const violationAgencySql = (col: string) =>
  `case ${col} ${Object.entries(VIOLATION_AGENCY).map(([k, a]) => `when '${k}' then '${a}'`).join(' ')} else '${Agency.ECO}' end`;

export interface ProblemRow {
  source: ProblemSource;
  kind: string;
  countyCode: string;
  subject: string;
  keyUnitId: number | null;
  plotId: number | null;
  violationId: number | null;
  responsibleAgency: Agency;
  dueOn: string | null;
  detectedOn: string | null;
  state: 'OVERDUE' | 'OPEN';
  detail: string | null;
}

interface Raw {
  source: ProblemSource; kind: string; county_code: string; subject: string; key_unit_id: number | null; plot_id: number | null;
  violation_id: number | null; responsible_agency: Agency; due_on: string | null; detected_on: string | null; state: 'OVERDUE' | 'OPEN'; detail: string | null;
}

/**
 * 问题清单 (RULES.md §10): every duty OVERDUE at `date` (the duty engine's one definition, dutiesSql, over the
 * key units and plots of the counties, each subject once as the `duties` query asks it) and every violation
 * open at `date` (detected by then, not rectified by then), in ONE statement, read from history only so a past
 * date's list never changes. A violation's detail is the first line of its note, the note it was opened with
 * (every openViolation gives one): rectifyViolation appends its own lines later, which a past list must not show.
 * Ordered by county, source (duties first), kind, due/detected date and id.
 */
export async function problemsInCounties(em: EntityManager, rules: CityRules, counties: string[], date: string): Promise<ProblemRow[]> {
  if (!counties.length) return [];
  const inCounties = (table: string) => `select id from ${table} where county_code in (${marks(counties.length)})`;
  const duties = dutiesSql({
    date: '?', keyUnits: inCounties('key_unit'), plots: inCounties('plot'), yards: inCounties('solid_waste_yard'), legacyWasteSites: inCounties('legacy_waste_site'),
    keyUnitPlotDuty: false, rules: dutyRules(rules),
  });
  const sql = `select * from (
  select 'DUTY' as source, x.kind::text as kind, x.county_code, coalesce(ku.name, p.name, y.name, ls.name) as subject, x.key_unit_id, x.plot_id,
         null::int as violation_id, x.responsible_agency::text as responsible_agency, x.due_on, null::text as detected_on, 'OVERDUE' as state, x.detail
    from (${duties}) x
    left join key_unit ku on ku.id = x.key_unit_id
    left join plot p on p.id = x.plot_id
    left join solid_waste_yard y on y.id = x.solid_waste_yard_id
    left join legacy_waste_site ls on ls.id = x.legacy_waste_site_id
   where x.state = '${ObligationState.OVERDUE}'
  union all
  select 'VIOLATION', v.kind::text, v.county_code, p.name, null::int, v.plot_id, v.id, ${violationAgencySql('v.kind')}, null::text,
         v.detected_on::text, 'OPEN', nullif(split_part(v.note, chr(10), 1), '')
    from violation v join plot p on p.id = v.plot_id
   where v.county_code in (${marks(counties.length)}) and v.detected_on <= ?::date and (v.rectified_on is null or v.rectified_on > ?::date)
) problem
order by county_code, source, kind, coalesce(due_on, detected_on), key_unit_id nulls first, plot_id nulls first, violation_id nulls first, detail`;
  const rows = await em.execute<Raw[]>(sql, [date, ...counties, ...counties, ...counties, ...counties, ...counties, date, date]);
  return rows.map((r) => ({
    source: r.source, kind: r.kind, countyCode: r.county_code, subject: r.subject, keyUnitId: r.key_unit_id, plotId: r.plot_id,
    violationId: r.violation_id, responsibleAgency: r.responsible_agency, dueOn: r.due_on, detectedOn: r.detected_on, state: r.state, detail: r.detail,
  }));
}
