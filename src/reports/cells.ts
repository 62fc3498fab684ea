import { registerEnumType } from 'type-graphql';

/**
 * Report cells defined ONCE as sets (issue 15 part 4; RULES.md §10 "every number of the quarterly report drills
 * down to the rows behind it"). A cell is a SQL set over its report's shared CTEs — one row per thing counted
 * (a plot, a key unit, a violation, a duty, a permit, a vacated site, a project), with its county — and:
 * - the report's number is `count(*)` of that set per county (countsSql: every cell of a report in one grouped
 *   pass, inside the report's one statement);
 * - the drill-down is the set's rows (rowsSql), run over the same CTEs at the same dates.
 * Count and list come from the same text, so they cannot disagree. A new cell is one entry in its report's
 * list of CellDef (joint-dispatch.ts JOINT_DISPATCH_CELLS, reserve-tracker.ts RESERVE_TRACKER_CELLS).
 */

/** What a row behind a report cell is. */
export enum CellSubject {
  PLOT = 'PLOT', KEY_UNIT = 'KEY_UNIT', VIOLATION = 'VIOLATION', DUTY = 'DUTY', PERMIT = 'PERMIT', VACATED_SITE = 'VACATED_SITE', RESERVE_PROJECT = 'RESERVE_PROJECT',
  SOLID_WASTE_YARD = 'SOLID_WASTE_YARD',
  /** An inventory line (waste code) of a legacy hazardous-waste site, with the tonnes left. */
  LEGACY_WASTE = 'LEGACY_WASTE',
}
registerEnumType(CellSubject, { name: 'CellSubject', description: 'What a row behind a report cell is.' });

/** The columns of a row behind a cell, as SQL expressions over the cell's `from`; an absent one is null. */
export interface CellColumns {
  county: string;
  plot?: string;
  keyUnit?: string;
  violation?: string;
  permit?: string;
  vacatedSite?: string;
  project?: string;
  solidWasteYard?: string;
  legacyWasteSite?: string;
  /**
   * An exact decimal the row carries (tonnes): for a cell whose value is a sum (legacy waste remaining), the report
   * also sums it per county from the same set, so the number and the sum of its list cannot disagree either.
   */
  quantity?: string;
  /** A duty's or violation's kind, a plot's or project's stage. */
  kind?: string;
  /** A duty's state. */
  state?: string;
  /** The date the row is about (event, due, detection, entry), as text YYYY-MM-DD. */
  on?: string;
  detail?: string;
  /** A duty's obligor and supervising bureau. */
  obligor?: string;
  agency?: string;
  /** The sub-cell of a split cell (the stage of plotsByStage); required when `parts` is given. */
  part?: string;
}

export interface CellDef<C extends string = string> {
  cell: C;
  subject: CellSubject;
  /** `from … [where …] [group by …]` over the statement's CTEs: exactly one row per thing the cell counts. */
  from: string;
  cols: CellColumns;
  /** The values `part` takes, for a split cell (a count per part). */
  parts?: readonly string[];
}

/** One row behind a cell, as rowsSql returns it. */
export interface CellRow {
  subject: CellSubject;
  countyCode: string;
  plotId: number | null;
  keyUnitId: number | null;
  violationId: number | null;
  permitId: number | null;
  vacatedSiteId: number | null;
  projectId: number | null;
  solidWasteYardId: number | null;
  legacyWasteSiteId: number | null;
  quantity: string | null;
  kind: string | null;
  state: string | null;
  on: string | null;
  detail: string | null;
  obligor: string | null;
  agency: string | null;
  part: string | null;
}

const ID_COLS: [keyof CellColumns, string][] = [
  ['plot', 'plot_id'], ['keyUnit', 'key_unit_id'], ['violation', 'violation_id'], ['permit', 'permit_id'], ['vacatedSite', 'vacated_site_id'], ['project', 'project_id'],
  ['solidWasteYard', 'solid_waste_yard_id'], ['legacyWasteSite', 'legacy_waste_site_id'],
];
const TEXT_COLS: [keyof CellColumns, string][] = [
  ['kind', 'kind'], ['state', 'state'], ['on', 'on_date'], ['detail', 'detail'], ['obligor', 'obligor'], ['agency', 'agency'], ['part', 'part'],
];

/** The rows of one cell, in the counties `countiesSql` (an SQL array expression), part `partSql` if split. */
export function rowsSql(def: CellDef, countiesSql: string, partSql?: string): string {
  const c = def.cols;
  const cols = [
    `'${def.subject}'::text as subject`, `(${c.county})::text as county_code`,
    ...ID_COLS.map(([k, name]) => `${c[k] ? `(${c[k]})::int` : 'null::int'} as ${name}`),
    ...TEXT_COLS.map(([k, name]) => `${c[k] ? `(${c[k]})::text` : 'null::text'} as ${name}`),
    `${c.quantity ? `(${c.quantity})::numeric(14,3)::text` : 'null::text'} as quantity`,
  ];
  const where = [`county_code = any(${countiesSql})`, ...(def.parts && partSql ? [`part = ${partSql}`] : [])];
  return `select * from (select ${cols.join(', ')} ${def.from}) cell_rows where ${where.join(' and ')}
order by county_code, part, kind, on_date, plot_id, key_unit_id, violation_id, permit_id, vacated_site_id, project_id, solid_waste_yard_id, legacy_waste_site_id, detail`;
}

/** Every cell's count (and the sum of its quantity) per county and part in one grouped pass: columns cell, part, county_code, n, q. */
export function countsSql(defs: readonly CellDef[]): string {
  const arms = defs.map((d) => `select '${d.cell}'::text as cell, ${d.parts ? `(${d.cols.part})::text` : 'null::text'} as part, (${d.cols.county})::text as county_code, `
    + `${d.cols.quantity ? `(${d.cols.quantity})::numeric(14,3)` : 'null::numeric'} as quantity ${d.from}`);
  return `select cell, part, county_code, count(*)::int as n, sum(quantity)::numeric(14,3)::text as q from (\n${arms.join('\nunion all ')}) cells group by 1, 2, 3`;
}

export interface RawCellRow {
  subject: CellSubject; county_code: string; plot_id: number | null; key_unit_id: number | null; violation_id: number | null; permit_id: number | null;
  vacated_site_id: number | null; project_id: number | null; solid_waste_yard_id: number | null; legacy_waste_site_id: number | null; quantity: string | null; kind: string | null; state: string | null; on_date: string | null; detail: string | null;
  obligor: string | null; agency: string | null; part: string | null;
}

export const toCellRow = (r: RawCellRow): CellRow => ({
  subject: r.subject, countyCode: r.county_code, plotId: r.plot_id, keyUnitId: r.key_unit_id, violationId: r.violation_id, permitId: r.permit_id,
  vacatedSiteId: r.vacated_site_id, projectId: r.project_id, solidWasteYardId: r.solid_waste_yard_id, legacyWasteSiteId: r.legacy_waste_site_id,
  quantity: r.quantity, kind: r.kind, state: r.state, on: r.on_date, detail: r.detail, obligor: r.obligor,
  agency: r.agency, part: r.part,
});

/** Counts keyed `cell|part|county` from countsSql's rows. */
export class CellCounts {
  private readonly map = new Map<string, number>();
  private readonly sums = new Map<string, string>();
  constructor(rows: { cell: string; part: string | null; county_code: string; n: number | string; q?: string | null }[]) {
    for (const r of rows) {
      this.map.set(`${r.cell}|${r.part ?? ''}|${r.county_code}`, Number(r.n));
      if (r.q != null) this.sums.set(`${r.cell}|${r.part ?? ''}|${r.county_code}`, r.q);
    }
  }
  get(cell: string, county: string, part?: string | null): number {
    return this.map.get(`${cell}|${part ?? ''}|${county}`) ?? 0;
  }
  /** The sum of the cell's quantity column (text, exact), "0.000" when the set is empty. */
  sum(cell: string, county: string, part?: string | null): string {
    return this.sums.get(`${cell}|${part ?? ''}|${county}`) ?? '0.000';
  }
}
