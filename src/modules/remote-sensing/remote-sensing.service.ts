import type { Geometry } from 'geojson';
import type { Context } from '../../context';
import { countyCondition } from '../../db/scope';
import { runWrite } from '../../db/write';
import { DomainError, ErrorCode } from '../../errors';
import * as input from '../common/input';
import { Division } from '../division/division.entity';
import { Lead, LeadSource } from '../lead/lead.entity';
import { Plot } from '../plot/plot.entity';
import { DIRECTORY } from '../plot/plot.enums';
import { lastEventSql, neededClassSql, regularWorksRefusedSql } from '../plot/plot.sql';
import { changePolygons, intersections, type PlotShape } from './remote-sensing.geometry';
import { RemoteSensingBatch, RemoteSensingPolygon } from './remote-sensing.entity';

export interface ImportArgs { batchNo: string; acquiredOn: string; receivedOn?: string | null; featureCollection?: unknown }

/** The import's answer: the batch (with its counts) and the leads it created. */
export interface ImportResult { batch: RemoteSensingBatch; polygons: number; leadsCreated: number; untouched: number; leads: Lead[] }

interface RefusedPlot { id: number; plot_code: string; name: string; county_code: string; boundary: Geometry | null; lon: number | null; lat: number | null; reason: string }

/**
 * The plots in the token's scope where regular works would be refused at `date` (gate 4 as of that date,
 * plot.sql.ts regularWorksRefusedSql): the plots a change polygon must be checked against. A plot that did not
 * exist yet at the date (no stage event by then) is not one. Without a boundary, its centroid stands for it.
 */
async function refusedPlots(ctx: Context, em: Context['em'], date: string): Promise<RefusedPlot[]> {
  const scope = countyCondition(ctx.principal.scope, 'p.county_code');
  const directory = DIRECTORY.map((s) => `'${s}'`).join(', ');
  return em.execute<RefusedPlot[]>(
    `select p.id, p.plot_code, p.name, p.county_code, p.boundary, p.centroid_lon as lon, p.centroid_lat as lat,
            case when ev.to_stage in (${directory}) then 'TARGETS_NOT_MET' else 'INVESTIGATION_NOT_COMPLETED' end as reason
       from (select ?::date as d) dd
       cross join plot p
       cross join lateral (${lastEventSql('p', 'dd.d')}) ev
      where (p.boundary is not null or p.centroid_lat is not null) and ${scope.sql}
        and ${regularWorksRefusedSql('p', 'dd.d', 'ev', neededClassSql('p', 'dd.d'))}
      order by p.id`,
    [date, ...scope.params],
  );
}

const REASON_ZH: Record<string, string> = {
  TARGETS_NOT_MET: '地块在风险管控和修复名录内，未达到风险管控、修复目标',
  INVESTIGATION_NOT_COMPLETED: '地块未完成土壤污染状况调查或风险评估',
};

/**
 * importRemoteSensing (卫星遥感非现场检查, RULES §10): a batch of change polygons with its acquisition date.
 * Every polygon that intersects a plot where regular works would be refused at that date (gate 4) becomes a
 * lead (source REMOTE_SENSING, state NEW) with the plot and the polygon linked — one per polygon and plot;
 * polygons that touch no such plot are kept with the batch and counted. One transaction (nothing half-loaded):
 * the batch, its polygons in one statement, the leads, their audit and change-feed rows. A batch number already
 * imported is CONFLICT.
 */
export function importRemoteSensing(ctx: Context, a: ImportArgs): Promise<ImportResult> {
  // The refusal's audit record names the batch, not its thousands of coordinates.
  const summary = { batchNo: a.batchNo, acquiredOn: a.acquiredOn, features: Array.isArray((a.featureCollection as { features?: unknown })?.features) ? (a.featureCollection as { features: unknown[] }).features.length : null };
  return runWrite(ctx, 'importRemoteSensing', summary, async (tx) => {
    const batchNo = input.text(a.batchNo, 'input.batchNo', { required: true, max: 100 })!;
    const acquiredOn = input.date(a.acquiredOn, 'input.acquiredOn', { required: true, notAfter: ctx.today })!;
    const receivedOn = input.date(a.receivedOn, 'input.receivedOn', { notAfter: ctx.today, notBefore: acquiredOn }) ?? ctx.today;
    const polygons = changePolygons(a.featureCollection, 'input.featureCollection');
    if (await tx.find(RemoteSensingBatch, { batchNo }, { what: 'remote-sensing batch' })) {
      throw new DomainError(ErrorCode.CONFLICT, `remote-sensing batch ${batchNo} was already imported`, { field: 'input.batchNo' });
    }

    const plots = await refusedPlots(ctx, tx.em, acquiredOn);
    const shapes: PlotShape[] = plots.map((p) => ({ id: p.id, geometry: p.boundary ?? { type: 'Point', coordinates: [p.lon!, p.lat!] } }));
    const matches = intersections(polygons, shapes);
    const leadCount = matches.reduce((n, m) => n + m.length, 0);
    const untouched = matches.filter((m) => !m.length).length;

    const batch = tx.em.create(RemoteSensingBatch, {
      batchNo, acquiredOn, polygonCount: polygons.length, leadCount, untouchedCount: untouched,
      divisionCode: ctx.principal.divisionCode, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as RemoteSensingBatch);
    tx.created(batch, 'RemoteSensingBatch', () => null);
    await tx.em.flush();

    // Every polygon in one statement (a batch of thousands is one round trip), matched or not.
    const rows = await tx.em.execute<{ id: number; feature_index: number }[]>(
      `insert into remote_sensing_polygon (batch_id, feature_index, geometry, matched_plots)
       select ?, (x->>0)::int, x->1, (x->>2)::int from jsonb_array_elements(?::jsonb) x returning id, feature_index`,
      [batch.id, JSON.stringify(polygons.map((g, i) => [i, g, matches[i].length]))],
    );
    const polygonId = new Map(rows.map((r) => [r.feature_index, r.id]));

    const byId = new Map(plots.map((p) => [p.id, p]));
    const leads: Lead[] = [];
    matches.forEach((ids, i) => {
      for (const id of ids) {
        const p = byId.get(id)!;
        const lead = tx.em.create(Lead, {
          county: tx.em.getReference(Division, p.county_code),
          source: LeadSource.REMOTE_SENSING,
          receivedOn,
          description: `卫星遥感变化图斑（批次 ${batchNo}，成像 ${acquiredOn}，第 ${i + 1} 个图斑）与地块 ${p.plot_code}「${p.name}」相交；${REASON_ZH[p.reason]}，不得开工建设。`,
          plot: tx.em.getReference(Plot, id),
          polygon: tx.em.getReference(RemoteSensingPolygon, polygonId.get(i)!),
          agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
        } as Lead);
        tx.created(lead, 'Lead', () => p.county_code);
        leads.push(lead);
      }
    });
    return { batch, polygons: polygons.length, leadsCreated: leadCount, untouched, leads };
  });
}
