import { Agency } from '../modules/client/agency';
import { DivisionLevel } from '../modules/division/division.entity';
import type { ReferenceCache } from '../modules/division/division.cache';

/** Who is asking: an API client (agency system) with its division scope, or the platform itself (boot, seeds, CLIs). */
export interface Principal {
  clientId: number | null;
  clientName: string;
  agency: Agency;
  divisionCode: string;
  level: DivisionLevel;
  /**
   * Row scope, decided here once per principal and applied from it on every path (src/db/scope.ts): the
   * county codes whose rows it may see and every division code at or under its own (a client's refusals
   * with no row behind them belong to its division); `all` only for the platform itself.
   */
  scope: { all: true } | { all: false; counties: readonly string[]; divisions: readonly string[] };
}

export function principalFor(cache: ReferenceCache, c: { id: number | null; name: string; agency: Agency; divisionCode: string }): Principal {
  const div = cache.divisions.get(c.divisionCode);
  if (!div) throw new Error(`division ${c.divisionCode} of client ${c.name} is not in the reference data`);
  return {
    clientId: c.id,
    clientName: c.name,
    agency: c.agency,
    divisionCode: c.divisionCode,
    level: div.level,
    scope: { all: false, counties: cache.countiesUnder(c.divisionCode), divisions: cache.divisionsUnder(c.divisionCode) },
  };
}

/** The platform acting on its own behalf (demo loader, migrations of data): sees every row, writes as `agency`. */
export function systemPrincipal(agency: Agency = Agency.ECO, clientName = 'soilshare'): Principal {
  return { clientId: null, clientName, agency, divisionCode: '000000', level: DivisionLevel.PROVINCE, scope: { all: true } };
}

export function inScope(p: Principal, countyCode: string): boolean {
  return p.scope.all || p.scope.counties.includes(countyCode);
}
