import type { EntityManager } from '@mikro-orm/postgresql';
import { marks } from '../../db/named';
import type { CityRules } from '../../rules/city-rules';
import { DutyObligor, DutyRow, DutySubject, ObligationKind, ObligationState } from './duty.types';
import { keyUnitDutyCtes, keyUnitDutySelects, KeyUnitDutySql } from './keyunit.sql';
import { plotDutyCtes, plotDutySelects, PlotDutyRules } from './plot.sql';
import type { Agency } from '../client/agency';
import {
  legacyWasteDutyCtes, legacyWasteDutySelects, transferPlanDutyCtes, transferPlanDutySelects, WasteDutyRules, yardDutyCtes, yardDutySelects,
} from './waste.sql';

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
  /** SQL selecting candidate solid_waste_yard ids; absent: no yard duties (RULES §11). */
  yards?: string;
  /** SQL selecting candidate legacy_waste_site ids; absent: no DISPOSAL duties (RULES §11). */
  legacyWasteSites?: string;
  /**
   * Key units' INVESTIGATION_BEFORE_USE_CHANGE of their plots (the first edition's; keyunit.sql.ts): kept where
   * only key-unit duties are asked (as before), left out of a question over every subject (the plot has it).
   */
  keyUnitPlotDuty: boolean;
  rules: DutyRules;
}

/** The city rules of every subject, as the SQL definitions take them (dutyRules). */
export interface DutyRules extends PlotDutyRules { keyUnit: KeyUnitDutySql; waste: WasteDutyRules }

/**
 * Columns: subject, key_unit_id, plot_id, county_code, kind, state, due_on (text), detail, obligor, responsible_agency,
 * solid_waste_yard_id, legacy_waste_site_id (the subjects of RULES §11; the first subjects' branches leave them null).
 */
export function dutiesSql(q: DutyQuestion): string {
  const ctes = [`d as (select ${q.date}::date as d)`];
  const selects: string[] = [];
  const wasteSelects: string[] = [];
  if (q.keyUnits != null) {
    ctes.push(keyUnitDutyCtes(q.keyUnits, q.keyUnitPlotDuty, q.rules.keyUnit));
    selects.push(...keyUnitDutySelects(q.keyUnitPlotDuty));
  }
  if (q.plots != null) {
    ctes.push(plotDutyCtes(q.plots, q.rules), transferPlanDutyCtes());
    selects.push(...plotDutySelects());
    wasteSelects.push(...transferPlanDutySelects());
  }
  if (q.yards != null) {
    ctes.push(yardDutyCtes(q.yards, q.rules.waste));
    wasteSelects.push(...yardDutySelects());
  }
  if (q.legacyWasteSites != null) {
    ctes.push(legacyWasteDutyCtes(q.legacyWasteSites));
    wasteSelects.push(...legacyWasteDutySelects());
  }
  if (!selects.length && !wasteSelects.length) throw new Error('dutiesSql: no subject asked');
  // The first subjects' branches in their own columns, then the waste subjects' ids (null for them).
  const branches = [
    ...(selects.length ? [`select x.*, null::int as solid_waste_yard_id, null::int as legacy_waste_site_id from (\n${selects.join('\nunion all ')}) x`] : []),
    ...wasteSelects,
  ];
  return `with ${ctes.join(',\n')}
select subject, key_unit_id, plot_id, county_code, kind, state, due_on::text as due_on, detail, obligor, responsible_agency, solid_waste_yard_id, legacy_waste_site_id from (
${branches.join('\nunion all ')}) duty`;
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
    waste: { onSiteInspectionsPerMonth: intLiteral(rules.solidWasteYard.onSiteInspectionsPerMonth, 'solidWasteYard.onSiteInspectionsPerMonth') },
  };
};

interface RawDuty {
  subject: DutySubject; key_unit_id: number | null; plot_id: number | null; county_code: string; kind: ObligationKind; state: ObligationState;
  due_on: string | null; detail: string | null; obligor: DutyObligor; responsible_agency: Agency;
  solid_waste_yard_id?: number | null; legacy_waste_site_id?: number | null;
}

export const toDuty = (r: RawDuty): DutyRow => ({
  subject: r.subject, keyUnitId: r.key_unit_id, plotId: r.plot_id, solidWasteYardId: r.solid_waste_yard_id ?? null, legacyWasteSiteId: r.legacy_waste_site_id ?? null,
  countyCode: r.county_code, kind: r.kind, state: r.state,
  dueOn: r.due_on, detail: r.detail, obligor: r.obligor, responsibleAgency: r.responsible_agency,
});

const ORDER = Object.values(ObligationKind);
/** Kinds in the enum's order, then by due date (none last), then subject ids: a stable order for every reader. */
export const byKind = (a: DutyRow, b: DutyRow) =>
  ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.dueOn ?? '').localeCompare(b.dueOn ?? '') ||
  (a.keyUnitId ?? 0) - (b.keyUnitId ?? 0) || (a.plotId ?? 0) - (b.plotId ?? 0) || (a.solidWasteYardId ?? 0) - (b.solidWasteYardId ?? 0) ||
  (a.legacyWasteSiteId ?? 0) - (b.legacyWasteSiteId ?? 0) || (a.detail ?? '').localeCompare(b.detail ?? '');

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

/** Duties of the given solid-waste yards at `date` (one statement): SolidWasteYard.obligations. */
export function yardDuties(em: EntityManager, rules: CityRules, yardIds: readonly number[], date: string): Promise<DutyRow[]> {
  if (!yardIds.length) return Promise.resolve([]);
  return run(em, dutiesSql({ date: '?', yards: marks(yardIds.length), keyUnitPlotDuty: false, rules: dutyRules(rules) }), [date, ...yardIds]);
}

/** Duties of the given legacy-waste sites at `date` (one statement): LegacyWasteSite.obligations. */
export function legacyWasteSiteDuties(em: EntityManager, rules: CityRules, siteIds: readonly number[], date: string): Promise<DutyRow[]> {
  if (!siteIds.length) return Promise.resolve([]);
  return run(em, dutiesSql({ date: '?', legacyWasteSites: marks(siteIds.length), keyUnitPlotDuty: false, rules: dutyRules(rules) }), [date, ...siteIds]);
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
  const asked = (s: DutySubject) => !f.subject || f.subject === s;
  const keyUnits = asked(DutySubject.KEY_UNIT);
  const plots = asked(DutySubject.PLOT);
  const yards = asked(DutySubject.SOLID_WASTE_YARD);
  const sites = asked(DutySubject.LEGACY_WASTE_SITE);
  const sql = dutiesSql({
    date: '?', keyUnits: keyUnits ? inCounties('key_unit') : undefined, plots: plots ? inCounties('plot') : undefined,
    yards: yards ? inCounties('solid_waste_yard') : undefined, legacyWasteSites: sites ? inCounties('legacy_waste_site') : undefined,
    keyUnitPlotDuty: false, rules: dutyRules(rules),
  });
  const where: string[] = [];
  const params: unknown[] = [date, ...(keyUnits ? counties : []), ...(plots ? counties : []), ...(yards ? counties : []), ...(sites ? counties : [])];
  if (f.kind) { where.push('kind = ?'); params.push(f.kind); }
  if (f.state) { where.push('state = ?'); params.push(f.state); }
  return run(em, where.length ? `select * from (${sql}) x where ${where.join(' and ')}` : sql, params);
}
