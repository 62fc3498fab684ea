import wkx from 'wkx';
import { registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput, DomainError, ErrorCode } from '../../errors';
import { readCsv } from '../../db/csv';
import * as input from '../common/input';
import { appendBulkCreated } from '../changes/change-log';
import { EDIBLE, FarmlandCategory } from './farmland.entity';
import { round2 } from './farmland.sql';
import { CheckedUnit, checkUnit } from './farmland.service';
import { reclamationRefusal, restrictedPlots } from './reclamation';

export enum FarmlandImportFormat { GEOJSON = 'GEOJSON', CSV_WKT = 'CSV_WKT' }
registerEnumType(FarmlandImportFormat, { name: 'FarmlandImportFormat', description: 'GEOJSON: a FeatureCollection; CSV_WKT: CSV with a header row and the boundary as WKT' });

/** The most units one import takes, and the most characters of its content. */
export const MAX_IMPORT_UNITS = 20_000;
export const MAX_IMPORT_CHARS = 32_000_000;
/** The most row errors listed in the answer (all are counted). */
export const MAX_LISTED_ERRORS = 500;

export interface RowError { row: number; field: string; message: string }

/** Column / property names accepted for each field (English as in the API, or the survey's Chinese). */
const ALIASES: Record<string, string[]> = {
  code: ['code', '图斑编号', '编号'],
  name: ['name', '名称'],
  category: ['category', '类别', '耕地类别'],
  basicFarmland: ['basicfarmland', 'basic_farmland', '永久基本农田'],
  areaM2: ['aream2', 'area_m2', 'area', '面积'],
  plotId: ['plotid', 'plot_id'],
  wkt: ['wkt', 'geometry', 'boundary', '边界'],
};
const fieldOf = (name: string) => Object.keys(ALIASES).find((k) => ALIASES[k].includes(name.trim().toLowerCase()));

const CATEGORY_TEXT: Record<string, FarmlandCategory> = {
  PRIORITY_PROTECTION: FarmlandCategory.PRIORITY_PROTECTION, 优先保护类: FarmlandCategory.PRIORITY_PROTECTION, 优先保护: FarmlandCategory.PRIORITY_PROTECTION,
  SAFE_USE: FarmlandCategory.SAFE_USE, 安全利用类: FarmlandCategory.SAFE_USE, 安全利用: FarmlandCategory.SAFE_USE,
  STRICT_CONTROL: FarmlandCategory.STRICT_CONTROL, 严格管控类: FarmlandCategory.STRICT_CONTROL, 严格管控: FarmlandCategory.STRICT_CONTROL,
};
const category = (v: unknown) => (typeof v === 'string' ? CATEGORY_TEXT[v.trim()] ?? CATEGORY_TEXT[v.trim().toUpperCase()] ?? v : v);
function flag(v: unknown, problem: (m: string) => void): boolean {
  if (v == null || v === '' || v === false) return false;
  if (v === true) return true;
  const t = String(v).trim().toLowerCase();
  if (['true', '1', 'y', 'yes', '是'].includes(t)) return true;
  if (['false', '0', 'n', 'no', '否'].includes(t)) return false;
  problem('must be true/false (是/否)');
  return false;
}
function number(v: unknown, problem: (m: string) => void): number | undefined {
  if (v == null || v === '') return undefined;
  const n = typeof v === 'number' ? v : /^\s*-?\d+(\.\d+)?\s*$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isFinite(n)) { problem('must be a number of square metres'); return undefined; }
  return n;
}

/** A raw row of either format: its row number (feature index + 1, or the CSV line) and its values by field. */
interface RawRow { row: number; values: Record<string, unknown>; geometry?: unknown }

function rowsOf(format: FarmlandImportFormat, content: string, errors: RowError[]): RawRow[] {
  if (format === FarmlandImportFormat.GEOJSON) {
    let doc: any;
    try { doc = JSON.parse(content); } catch (e) { throw badInput('content', `not JSON: ${(e as Error).message.slice(0, 100)}`); }
    if (!doc || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) throw badInput('content', 'must be a GeoJSON FeatureCollection with a features array');
    if (doc.features.length > MAX_IMPORT_UNITS) throw badInput('content', `at most ${MAX_IMPORT_UNITS} units per import (got ${doc.features.length})`);
    return doc.features.map((f: any, i: number) => {
      const values: Record<string, unknown> = {};
      if (!f || f.type !== 'Feature') errors.push({ row: i + 1, field: 'feature', message: 'must be a GeoJSON Feature' });
      else if (f.properties != null && (typeof f.properties !== 'object' || Array.isArray(f.properties))) errors.push({ row: i + 1, field: 'properties', message: 'must be an object' });
      for (const [k, v] of Object.entries((f?.properties ?? {}) as Record<string, unknown>)) {
        const field = fieldOf(k);
        if (field && field !== 'wkt') values[field] = v;
      }
      return { row: i + 1, values, geometry: f?.geometry ?? undefined };
    });
  }
  const records = readCsv(content, 'content');
  if (!records.length) throw badInput('content', 'the CSV is empty: a header row is required');
  const header = records[0].cells.map((h) => fieldOf(h));
  const unknown = records[0].cells.filter((_, i) => !header[i]);
  if (unknown.length) throw badInput('content', `unknown column(s) ${unknown.map((u) => JSON.stringify(u.slice(0, 30))).join(', ')}; known: ${Object.values(ALIASES).map((a) => a[0]).join(', ')}`);
  if (!header.includes('code') || !header.includes('category')) throw badInput('content', 'the header must name the columns code and category (and wkt, area_m2, basic_farmland, name, plot_id as needed)');
  if (records.length - 1 > MAX_IMPORT_UNITS) throw badInput('content', `at most ${MAX_IMPORT_UNITS} units per import (got ${records.length - 1})`);
  return records.slice(1).map((r) => {
    const values: Record<string, unknown> = {};
    if (r.cells.length !== header.length) errors.push({ row: r.line, field: 'row', message: `has ${r.cells.length} fields, the header ${header.length}` });
    header.forEach((h, i) => { values[h!] = r.cells[i]; });
    let geometry: unknown;
    const wkt = typeof values.wkt === 'string' ? values.wkt.trim() : '';
    if (wkt) {
      try { geometry = wkx.Geometry.parse(wkt).toGeoJSON(); } catch (e) { errors.push({ row: r.line, field: 'wkt', message: `not WKT: ${(e as Error).message.slice(0, 100)}` }); geometry = null; }
    }
    delete values.wkt;
    return { row: r.line, values, geometry };
  });
}

/**
 * importFarmlandUnits (AGRICULTURE): a county's survey results, thousands of units at once, all or nothing.
 * Every row is checked like registerFarmlandUnit (code, category, area or boundary, the flag, the plot), codes
 * must be new in the county and unique in the file, and the reclamation gate (RULES §12) applies to each; any
 * problem refuses the whole import with BAD_USER_INPUT listing every row's errors (`extensions.errors`:
 * row, field, message; a RESTRICTED_USE row as such) — nothing is loaded. The units go in with one INSERT.
 */
export function importFarmlandUnits(ctx: Context, a: { countyCode: string; format: FarmlandImportFormat; content: string; registeredOn?: string | null }) {
  const summary = { countyCode: a.countyCode, format: a.format, chars: typeof a.content === 'string' ? a.content.length : null, registeredOn: a.registeredOn ?? null };
  return runWrite(ctx, 'importFarmlandUnits', summary, async (tx) => {
    const county = input.countyForWrite(ctx, a.countyCode, 'countyCode');
    if (!Object.values(FarmlandImportFormat).includes(a.format)) throw badInput('format', 'must be GEOJSON or CSV_WKT');
    const registeredOn = input.date(a.registeredOn, 'registeredOn', { notAfter: ctx.today });
    if (typeof a.content !== 'string' || !a.content.trim()) throw badInput('content', 'is required');
    if (a.content.length > MAX_IMPORT_CHARS) throw badInput('content', `must be at most ${MAX_IMPORT_CHARS} characters`);
    // eslint-disable-next-line no-control-regex
    if (/\u0000/.test(a.content)) throw badInput('content', 'must not contain NUL characters');

    const errors: RowError[] = [];
    const raws = rowsOf(a.format, a.content, errors);
    if (!raws.length) throw badInput('content', 'has no units');
    const seen = new Map<string, number>();
    const units: (CheckedUnit & { row: number })[] = [];
    const plotIds = new Set<number>();
    for (const r of raws) {
      const problem = (field: string, message: string) => errors.push({ row: r.row, field, message });
      const basicFarmland = flag(r.values.basicFarmland, (m) => problem('basicFarmland', m));
      const areaM2 = number(r.values.areaM2, (m) => problem('areaM2', m));
      let plotId: number | undefined;
      if (r.values.plotId != null && r.values.plotId !== '') {
        try { plotId = input.id(String(r.values.plotId).trim(), 'plotId'); plotIds.add(plotId); } catch { problem('plotId', 'is not a valid id'); }
      }
      const u = checkUnit({ code: r.values.code, name: r.values.name, category: category(r.values.category), basicFarmland, areaM2, boundary: r.geometry === null ? undefined : r.geometry }, problem);
      if (!u) continue;
      const dup = seen.get(u.code);
      if (dup !== undefined) { problem('code', `${u.code} is also on row ${dup}`); continue; }
      seen.set(u.code, r.row);
      units.push({ ...u, plotId, row: r.row });
    }
    if (seen.size) {
      const codes = [...seen.keys()];
      const taken = await tx.em.execute<{ code: string }[]>(`select code from farmland_unit where county_code = ? and code = any(?::text[])`, [county, pgArray(codes)]);
      for (const t of taken) errors.push({ row: seen.get(t.code)!, field: 'code', message: `${t.code} is already registered in ${county}` });
    }
    if (plotIds.size) {
      const found = new Set((await tx.em.execute<{ id: number }[]>(`select id from plot where county_code = ? and id = any(?::int[])`, [county, `{${[...plotIds].join(',')}}`])).map((r) => r.id));
      for (const u of units) if (u.plotId != null && !found.has(u.plotId)) errors.push({ row: u.row, field: 'plotId', message: `no plot ${u.plotId} in ${county}` });
    }
    const restricted = await restrictedPlots(tx.em, ctx.cache, county);
    let gated = 0;
    if (restricted.length) {
      for (const u of units) {
        const refusal = reclamationRefusal(restricted, u, EDIBLE.includes(u.category));
        if (refusal) { gated++; errors.push({ row: u.row, field: u.plotId != null ? 'plotId' : 'boundary', message: `RESTRICTED_USE: ${refusal.message}` }); }
      }
    }
    if (errors.length) {
      errors.sort((x, y) => x.row - y.row);
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `content: ${errors.length} error(s), nothing imported; first: row ${errors[0].row} ${errors[0].field}: ${errors[0].message}`,
        { field: 'content', errorCount: errors.length, restrictedRows: gated, errors: errors.slice(0, MAX_LISTED_ERRORS) });
    }

    const rows = units.map((u) => ({ code: u.code, name: u.name ?? null, area_m2: u.areaM2, registered_category: u.category, basic_farmland: u.basicFarmland, boundary: u.boundary ?? null, plot_id: u.plotId ?? null }));
    const inserted = await tx.em.execute<{ id: number; code: string }[]>(
      `insert into farmland_unit (county_code, code, name, area_m2, registered_category, basic_farmland, boundary, plot_id, registered_on)
       select ?, r.code, r.name, r.area_m2, r.registered_category, r.basic_farmland, r.boundary, r.plot_id, ?::date
       from jsonb_to_recordset(?::jsonb) as r(code text, name text, area_m2 float8, registered_category text, basic_farmland boolean, boundary jsonb, plot_id int)
       returning id, code`,
      [county, registeredOn ?? null, JSON.stringify(rows)],
    );
    // The change feed: a row per unit (pollers see each new unit); the audit trail: the import's one record, listing them.
    await appendBulkCreated(tx.em, ctx.principal, 'importFarmlandUnits', {
      entity: 'FarmlandUnit', table: 'farmland_unit', ids: inserted.map((r) => r.id), countyCode: county,
      fields: ['code', 'name', 'areaM2', 'category', 'basicFarmland', 'boundary', 'plot', 'registeredOn'],
      audit: { format: a.format, registeredOn: registeredOn ?? null, imported: inserted.length, units: inserted.map((r) => ({ id: r.id, code: r.code })) },
    });
    const area = (c?: FarmlandCategory) => round2(units.filter((u) => !c || u.category === c).reduce((s, u) => s + u.areaM2, 0));
    return {
      countyCode: county, imported: inserted.length, areaM2: area(),
      priorityProtectionAreaM2: area(FarmlandCategory.PRIORITY_PROTECTION), safeUseAreaM2: area(FarmlandCategory.SAFE_USE), strictControlAreaM2: area(FarmlandCategory.STRICT_CONTROL),
    };
  });
}

const pgArray = (items: string[]) => '{' + items.map((f) => '"' + f.replace(/["\\]/g, '\\$&') + '"').join(',') + '}';
