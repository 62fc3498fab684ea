import DataLoader from 'dataloader';
import type { EntityName } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from './context';
import { KeyUnit, HiddenDangerCheck, MonitoringRecord } from './modules/keyunit/keyunit.entity';
import { DischargePermit } from './modules/permit/permit.entity';
import { Plot } from './modules/plot/plot.entity';
import { StageEvent } from './modules/plot/stage-event.entity';
import { InvestigationTrigger } from './modules/plot/trigger.entity';
import { LandEvent, LandEventKind } from './modules/plot/land-event.entity';
import { historyFacts, PlotHistoryFacts } from './modules/plot/plot.facts';
import { VacatedSite } from './modules/vacated/vacated-site.entity';
import { Violation } from './modules/violation/violation.entity';
import { ReserveProject } from './modules/reserve/reserve-project.entity';
import { reserveStageHistoryLoader } from './modules/reserve/reserve-stage-event.sql';
import { listingsOf } from './modules/keyunit/keyunit.service';
import type { KeyUnitListing } from './modules/keyunit/keyunit.entity';
import { keyUnitDuties, plotDuties } from './modules/duty/engine';
import type { DutyRow } from './modules/duty/duty.types';
import { RealEstateFiling } from './modules/plot/real-estate-filing.entity';
import { PostManagementPlan, PostManagementRecord } from './modules/plot/post-management.entity';
import { findPlain, findPlainIn, metaOf } from './db/plain';
import { marks } from './db/named';
import { selectedProps } from './db/row-needs';

/** A stage event's fields as the history's JSON carries them (columns from the entity's metadata). */
const HISTORY_FIELDS = ['id', 'from', 'to', 'effectiveOn', 'recordedAt', 'agency', 'evidence', 'landClass'];

/**
 * Per-request DataLoaders behind every nested field: one SQL statement per field per level, whatever the
 * number of parent rows. They read plain rows (src/db/plain.ts: no entities, nothing here is changed)
 * through the request's EntityManager, so row scope applies to them too (a key unit in another county
 * comes back as null, not as a leak).
 *
 * A resolver that has its field's `info` asks for the `…For(info)` loader: the same question, reading only
 * the columns the selection needs (src/db/row-needs.ts), one DataLoader per column set in the request. The
 * plain ones read every column, for code that uses the whole row.
 */
export class Loaders {
  constructor(private readonly ctx: Context) {}

  private readonly narrowedLoaders = new Map<string, DataLoader<number, unknown>>();

  /** The loader `make(props)` for the columns `info`'s selection needs; `full` when it needs every column. */
  private narrowed<L extends DataLoader<number, any>>(name: string, entity: EntityName<any>, info: GraphQLResolveInfo, full: L, make: (props: string[]) => L): L {
    const props = selectedProps(metaOf(this.ctx.em, entity), info);
    if (!props) return full;
    const key = `${name}:${props.join(',')}`;
    let loader = this.narrowedLoaders.get(key) as L | undefined;
    if (!loader) this.narrowedLoaders.set(key, (loader = make(props)));
    return loader;
  }

  keyUnitFor(info: GraphQLResolveInfo) { return this.narrowed('keyUnit', KeyUnit, info, this.keyUnit, (p) => this.byId(KeyUnit, p)); }
  permitFor(info: GraphQLResolveInfo) { return this.narrowed('permit', DischargePermit, info, this.permit, (p) => this.byId(DischargePermit, p)); }
  plotFor(info: GraphQLResolveInfo) { return this.narrowed('plot', Plot, info, this.plot, (p) => this.byId(Plot, p)); }
  permitsOfKeyUnitFor(info: GraphQLResolveInfo) { return this.narrowed('permitsOfKeyUnit', DischargePermit, info, this.permitsOfKeyUnit, (p) => this.permitsOfKeyUnitWith(p)); }
  plotsOfKeyUnitFor(info: GraphQLResolveInfo) { return this.narrowed('plotsOfKeyUnit', Plot, info, this.plotsOfKeyUnit, (p) => this.plotsOfKeyUnitWith(p)); }
  stageHistoryFor(info: GraphQLResolveInfo) { return this.narrowed('stageHistory', StageEvent, info, this.stageHistory, (p) => this.history(p)); }

  private byId<T extends { id: number }>(entity: EntityName<T>, props?: string[]) {
    return new DataLoader<number, T | null>(async (ids) => {
      const rows = await findPlainIn(this.ctx.em, entity, 'id', ids, undefined, props);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    });
  }

  /** Children grouped by a foreign key, ordered by `orderBy`. */
  private manyBy<T extends object>(entity: EntityName<T>, fk: string, fkOf: (row: T) => number, orderBy: [string, 'asc' | 'desc'][] = [['id', 'asc']], props?: string[]) {
    return new DataLoader<number, T[]>(async (ids) => {
      const rows = await findPlainIn(this.ctx.em, entity, fk, ids, orderBy, props);
      const groups = new Map<number, T[]>();
      for (const r of rows) {
        const k = fkOf(r);
        const list = groups.get(k);
        if (list) list.push(r);
        else groups.set(k, [r]);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
  }

  readonly keyUnit = this.byId(KeyUnit);
  readonly permit = this.byId(DischargePermit);
  readonly plot = this.byId(Plot);
  /** By id, for the rows behind a report cell (src/reports/drilldown.resolver.ts). */
  readonly violation = this.byId(Violation);
  readonly vacatedSite = this.byId(VacatedSite);
  readonly reserveProject = this.byId(ReserveProject);

  /** `KeyUnit.obligations` at the request's today: one statement (the duty engine's) for every unit of the response. */
  readonly obligationsOfKeyUnit = new DataLoader<number, DutyRow[]>(async (ids) =>
    groupBy(ids, await keyUnitDuties(this.ctx.em, this.ctx.rules, ids, this.ctx.today), (r) => r.keyUnitId!));

  /** `Plot.obligations` at the request's today: one statement for every plot of the response. */
  readonly obligationsOfPlot = new DataLoader<number, DutyRow[]>(async (ids) =>
    groupBy(ids, await plotDuties(this.ctx.em, this.ctx.rules, ids, this.ctx.today), (r) => r.plotId!));

  /** The records that meet plot duties: filings (法67), post-management plans and their monitorings and reviews (法35). */
  readonly realEstateFilingsOfPlot = this.manyBy(RealEstateFiling, 'plot', (r) => r.plot.id, [['ecoFiledOn', 'asc'], ['id', 'asc']]);
  readonly postManagementPlansOfPlot = this.manyBy(PostManagementPlan, 'plot', (r) => r.plot.id, [['startsOn', 'asc'], ['id', 'asc']]);
  readonly postManagementRecordsOfPlot = this.manyBy(PostManagementRecord, 'plot', (r) => r.plot.id, [['doneOn', 'asc'], ['id', 'asc']]);

  private permitsOfKeyUnitWith(props?: string[]) { return this.manyBy(DischargePermit, 'keyUnit', (p) => p.keyUnit!.id, undefined, props); }
  private plotsOfKeyUnitWith(props?: string[]) { return this.manyBy(Plot, 'keyUnit', (p) => p.keyUnit!.id, undefined, props); }
  readonly permitsOfKeyUnit = this.permitsOfKeyUnitWith();
  readonly checksOfKeyUnit = this.manyBy(HiddenDangerCheck, 'keyUnit', (c) => c.keyUnit.id, [['completedOn', 'asc'], ['id', 'asc']]);
  readonly monitoringOfKeyUnit = this.manyBy(MonitoringRecord, 'keyUnit', (m) => m.keyUnit.id, [['year', 'asc'], ['sampledOn', 'asc'], ['id', 'asc']]);
  readonly plotsOfKeyUnit = this.plotsOfKeyUnitWith();
  /**
   * A plot's history, the largest nested list (several events per plot): its own statement, the events
   * grouped per plot as JSON by PostgreSQL (one value per plot instead of eight per event for pg to decode),
   * mapped here without the ORM. It is only asked for plots the request could already see; row-level
   * security (an event is visible with its plot) holds it to the scope all the same.
   */
  readonly stageHistory = this.history();

  /** The history with the events' fields in `props` (all of them by default). */
  private history(props?: string[]) {
    const meta = metaOf(this.ctx.em, StageEvent);
    const event = HISTORY_FIELDS.filter((k) => !props || props.includes(k)).map((k) => `'${k}', "${meta.properties[k].fieldNames[0]}"`).join(', ');
    return new DataLoader<number, StageEvent[]>(async (ids) => {
      const rows = await this.ctx.em.execute<{ plot_id: number; events: any[] }[]>(
        `select plot_id, json_agg(json_build_object(${event}) order by effective_on, id) as events
         from stage_event where plot_id in (${marks(ids.length)}) group by plot_id`,
        [...ids],
      );
      const groups = new Map<number, StageEvent[]>();
      for (const r of rows) {
        for (const e of r.events) {
          e.plot = { id: r.plot_id };
          e.from ??= undefined;
          e.evidence ??= undefined;
        }
        groups.set(r.plot_id, r.events as StageEvent[]);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
  }
  readonly violationsOfPlot = this.manyBy(Violation, 'plot', (v) => v.plot.id, [['detectedOn', 'asc'], ['id', 'asc']]);
  readonly triggersOfPlot = this.manyBy(InvestigationTrigger, 'plot', (t) => t.plot.id, [['aroseOn', 'asc'], ['id', 'asc']]);
  /** What the plot rules read besides the row (triggers, clearance class, supply): one statement per level. */
  readonly plotFacts = new DataLoader<number, PlotHistoryFacts>(async (ids) => {
    const facts = await historyFacts(this.ctx.em, ids);
    return ids.map((id) => facts.get(id) ?? { everListed: false, triggers: [], lastClass: null, lastOn: null, supplied: [], permitPurpose: null });
  });
  /** The latest SUPPLY of each plot. */
  readonly supplyOfPlot = new DataLoader<number, LandEvent | null>(async (ids) => {
    const rows = await findPlain(this.ctx.em, LandEvent, { plot: { $in: [...ids] }, kind: LandEventKind.SUPPLY }, { orderBy: { decidedOn: 'asc', id: 'asc' } });
    const last = new Map<number, LandEvent>();
    for (const r of rows) last.set(r.plot.id, r);
    return ids.map((id) => last.get(id) ?? null);
  });
  readonly vacatedSiteOfPermit = this.manyBy(VacatedSite, 'permit', (s) => s.permit!.id);

  /** Many-to-many through the pivot tables: one statement each way. */
  readonly reserveProjectsOfPlot = this.pivot(ReserveProject, 'reserve_project_plot', 'plot_id', 'reserve_project_id');
  readonly plotsOfReserveProject = this.pivot(Plot, 'reserve_project_plot', 'reserve_project_id', 'plot_id');
  readonly keyUnitsOfReserveProject = this.pivot(KeyUnit, 'reserve_project_key_unit', 'reserve_project_id', 'key_unit_id');
  /** ReserveProject.stageHistory: the projects' stage events, one statement per level (RULES.md §7). */
  readonly reserveStageHistory = reserveStageHistoryLoader(() => this.ctx.em);
  /** A key unit's listing periods on the directory, oldest first (KeyUnit.listings). */
  readonly listingsOfKeyUnit = new DataLoader<number, KeyUnitListing[]>((ids) => listingsOf(this.ctx, ids));

  private pivot<T extends { id: number }>(entity: EntityName<T>, table: string, from: string, to: string) {
    return new DataLoader<number, T[]>(async (ids) => {
      const list = marks(ids.length);
      const rows = await findPlain(this.ctx.em, entity, { id: { $in: this.ctx.em.getKnex().raw(`select ${to} from ${table} where ${from} in (${list})`, [...ids]) } } as never);
      // The pivot rows again, to group the targets by source (cheap: the pivot is indexed by its primary key).
      const links = await this.ctx.em.execute<{ f: number; t: number }[]>(`select ${from} as f, ${to} as t from ${table} where ${from} in (${list})`, [...ids]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const groups = new Map<number, T[]>();
      for (const l of links) {
        const target = byId.get(l.t);
        if (!target) continue; // out of scope
        const list = groups.get(l.f) ?? [];
        list.push(target);
        groups.set(l.f, list);
      }
      return ids.map((id) => (groups.get(id) ?? []).sort((a, b) => a.id - b.id));
    });
  }
}

/** Rows grouped by their subject's id, in the order of `ids` (a DataLoader's answer). */
function groupBy<T>(ids: readonly number[], rows: T[], key: (r: T) => number): T[][] {
  const groups = new Map<number, T[]>();
  for (const r of rows) {
    const list = groups.get(key(r));
    if (list) list.push(r);
    else groups.set(key(r), [r]);
  }
  return ids.map((id) => groups.get(id) ?? []);
}
