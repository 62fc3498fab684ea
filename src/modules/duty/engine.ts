import type { EntityManager } from '@mikro-orm/postgresql';
import { marks } from '../../db/named';
import type { CityRules } from '../../rules/city-rules';
import { DutyObligor, DutyRow, DutySubject, ObligationKind, ObligationState } from './duty.types';
import { keyUnitDutyCtes, keyUnitDutySelects, KeyUnitDutySql } from './keyunit.sql';
import { plotDutyCtes, plotDutySelects, PlotDutyRules } from './plot.sql';
import type { Agency } from '../client/agency';

/**
 * THE duty engine (RULES.md §6): one SQL definition per subject (keyunit.sql.ts, plot.sql.ts), unioned into
 * ONE statement per question, everything as of one date read from history. KeyUnit.obligations and
 * Plot.obligations (a batch of subjects, today), the `obligations` and `duties` queries (every subject of some
 * counties, any date) and the quarterly report (embedded in its statement, the quarter's last day) all run
 * this, so they cannot disagree.
 */
export interface DutyQuestion {
  /** SQL of the date, in the caller's placeholder style (`?`, `:last`); it comes before any placeholder of the subject sets. */
  date: string;
  /** SQL selecting candidate key_unit ids; absent: no key-unit duties. */
  keyUnits?: string;
  /** SQL selecting candidate plot ids; absent: no plot duties. */
  plots?: string;
  /**
   * Key units' INVESTIGATION_BEFORE_USE_CHANGE of their plots (the first edition's; keyunit.sql.ts): kept where
   * only key-unit duties are asked (as before), left out of a question over every subject (the plot has it).
   */
  keyUnitPlotDuty: boolean;
  rules: DutyRules;
}

/** The city rules of every subject, as the SQL definitions take them (dutyRules). */
export interface DutyRules extends PlotDutyRules { keyUnit: KeyUnitDutySql }

/** Columns: subject, key_unit_id, plot_id, county_code, kind, state, due_on (text), detail, obligor, responsible_agency. */
export function dutiesSql(q: DutyQuestion): string {
  const ctes = [`d as (select ${q.date}::date as d)`];
  const selects: string[] = [];
  if (q.keyUnits != null) {
    ctes.push(keyUnitDutyCtes(q.keyUnits, q.keyUnitPlotDuty, q.rules.keyUnit));
    selects.push(...keyUnitDutySelects(q.keyUnitPlotDuty));
  }
  if (q.plots != null) {
    ctes.push(plotDutyCtes(q.plots, q.rules));
    selects.push(...plotDutySelects());
  }
  if (!selects.length) throw new Error('dutiesSql: no subject asked');
  return `with ${ctes.join(',\n')}
select subject, key_unit_id, plot_id, county_code, kind, state, due_on::text as due_on, detail, obligor, responsible_agency from (
${selects.join('\nunion all ')}) duty`;
}

/** An integer of the city rules as an SQL literal: validated at boot (src/rules/city-rules.ts), checked again here. */
function intLiteral(n: number, what: string): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`city rule ${what} is not a whole number: ${n}`);
  return String(n);
}

/**
 * The city rules the engine reads, from the context's (ctx.rules, src/rules/city-rules.ts): the one place they
 * become SQL (literals of validated values, so the statements' placeholders stay the callers').
 */
export const dutyRules = (rules: CityRules): DutyRules => {
  const hdc = rules.hiddenDangerCheck;
  const checkDue = hdc.deadline === 'END_OF_LISTING_YEAR'
    ? (listedOn: string) => `make_date(extract(year from ${listedOn})::int, 12, 31)`
    : hdc.deadline === 'ONE_YEAR_AFTER_LISTING'
      ? (listedOn: string) => `(${listedOn} + interval '1 year')::date`
      : (() => { throw new Error(`city rule hiddenDangerCheck.deadline: ${String(hdc.deadline)}`); })();
  return {
    overdueFromSupplyPlanYear: rules.investigationBeforeUseChange.overdueFromSupplyPlanYear,
    keyUnit: {
      checkDue,
      checkEveryYears: hdc.repeatEveryYears == null ? null : intLiteral(hdc.repeatEveryYears, 'hiddenDangerCheck.repeatEveryYears'),
      selfMonitoringExemptDays: intLiteral(rules.selfMonitoring.exemptIfListedWithinLastDays, 'selfMonitoring.exemptIfListedWithinLastDays'),
      policyDeadlineDays: rules.onePlantOnePolicy.deadlineDays == null ? null : intLiteral(rules.onePlantOnePolicy.deadlineDays, 'onePlantOnePolicy.deadlineDays'),
    },
  };
};

interface RawDuty {
  subject: DutySubject; key_unit_id: number | null; plot_id: number | null; county_code: string; kind: ObligationKind; state: ObligationState;
  due_on: string | null; detail: string | null; obligor: DutyObligor; responsible_agency: Agency;
}

export const toDuty = (r: RawDuty): DutyRow => ({
  subject: r.subject, keyUnitId: r.key_unit_id, plotId: r.plot_id, countyCode: r.county_code, kind: r.kind, state: r.state,
  dueOn: r.due_on, detail: r.detail, obligor: r.obligor, responsibleAgency: r.responsible_agency,
});

const ORDER = Object.values(ObligationKind);
/** Kinds in the enum's order, then by due date (none last), then subject ids: a stable order for every reader. */
export const byKind = (a: DutyRow, b: DutyRow) =>
  ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.dueOn ?? '').localeCompare(b.dueOn ?? '') ||
  (a.keyUnitId ?? 0) - (b.keyUnitId ?? 0) || (a.plotId ?? 0) - (b.plotId ?? 0) || (a.detail ?? '').localeCompare(b.detail ?? '');

async function run(em: EntityManager, sql: string, params: unknown[]): Promise<DutyRow[]> {
  const rows = await em.execute<RawDuty[]>(sql, params);
  return rows.map(toDuty).sort(byKind);
}

/** Duties of the given key units at `date` (one statement), as KeyUnit.obligations has always listed them. */
export function keyUnitDuties(em: EntityManager, rules: CityRules, unitIds: readonly number[], date: string): Promise<DutyRow[]> {
  if (!unitIds.length) return Promise.resolve([]);
  return run(em, dutiesSql({ date: '?', keyUnits: marks(unitIds.length), keyUnitPlotDuty: true, rules: dutyRules(rules) }), [date, ...unitIds]);
}

/** Duties of the given plots at `date` (one statement). */
export function plotDuties(em: EntityManager, rules: CityRules, plotIds: readonly number[], date: string): Promise<DutyRow[]> {
  if (!plotIds.length) return Promise.resolve([]);
  return run(em, dutiesSql({ date: '?', plots: marks(plotIds.length), keyUnitPlotDuty: false, rules: dutyRules(rules) }), [date, ...plotIds]);
}

/** Duties of every key unit in the counties at `date` (one statement): the `obligations` query. */
export function keyUnitDutiesInCounties(em: EntityManager, rules: CityRules, counties: string[], date: string): Promise<DutyRow[]> {
  if (!counties.length) return Promise.resolve([]);
  return run(em, dutiesSql({ date: '?', keyUnits: `select id from key_unit where county_code in (${marks(counties.length)})`, keyUnitPlotDuty: true, rules: dutyRules(rules) }),
    [date, ...counties]);
}

/**
 * Duties of every subject in the counties at `date`, filtered (one statement): the `duties` query. Each subject
 * once: a key unit's INVESTIGATION_BEFORE_USE_CHANGE is its plot's duty here (DutyQuestion.keyUnitPlotDuty).
 */
export function dutiesInCounties(
  em: EntityManager, rules: CityRules, counties: string[], date: string,
  f: { subject?: DutySubject; kind?: ObligationKind; state?: ObligationState } = {},
): Promise<DutyRow[]> {
  if (!counties.length) return Promise.resolve([]);
  const inCounties = (table: string) => `select id from ${table} where county_code in (${marks(counties.length)})`;
  const keyUnits = f.subject !== DutySubject.PLOT;
  const plots = f.subject !== DutySubject.KEY_UNIT;
  const sql = dutiesSql({
    date: '?', keyUnits: keyUnits ? inCounties('key_unit') : undefined, plots: plots ? inCounties('plot') : undefined, keyUnitPlotDuty: false, rules: dutyRules(rules),
  });
  const where: string[] = [];
  const params: unknown[] = [date, ...(keyUnits ? counties : []), ...(plots ? counties : [])];
  if (f.kind) { where.push('kind = ?'); params.push(f.kind); }
  if (f.state) { where.push('state = ?'); params.push(f.state); }
  return run(em, where.length ? `select * from (${sql}) x where ${where.join(' and ')}` : sql, params);
}
