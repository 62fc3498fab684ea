import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput, DomainError, ErrorCode, notFound } from '../../errors';
import { boundaryAreaM2, boundaryProblem } from '../../validation/geo';
import * as input from '../common/input';
import { Division } from '../division/division.entity';
import { Plot } from '../plot/plot.entity';
import { CategoryChangeReason, EDIBLE, FarmlandCategory, FarmlandCategoryChange, FarmlandUnit } from './farmland.entity';
import { round2 } from './farmland.sql';
import { reclamationRefusal, restrictedPlots } from './reclamation';

/** The largest area a unit may have (100 km²): a survey's unit is a field, not a county. */
export const MAX_UNIT_AREA_M2 = 100_000_000;
/** 图斑编号: letters, digits, CJK, and - _ . / ; 1–40 characters. */
const CODE = /^[0-9A-Za-z\u3400-\u9fff\-_./]{1,40}$/;

export interface FarmlandUnitInput {
  countyCode: string; code: string; name?: string | null; category: FarmlandCategory; basicFarmland?: boolean | null;
  areaM2?: number | null; boundary?: unknown; plotId?: string | null; registeredOn?: string | null;
}

/** A unit's own fields checked (each problem with the field it is in); `problems` empty means valid. */
export interface CheckedUnit { code: string; name?: string; category: FarmlandCategory; basicFarmland: boolean; areaM2: number; boundary?: unknown; plotId?: number }

export function codeProblem(code: unknown): string | null {
  if (typeof code !== 'string' || !code.trim()) return 'is required';
  return CODE.test(code.trim()) ? null : 'must be 1–40 letters, digits, CJK characters or - _ . /';
}

export function areaProblem(area: unknown): string | null {
  if (typeof area !== 'number' || !Number.isFinite(area)) return 'must be a number of square metres';
  if (area <= 0) return 'must be greater than 0';
  if (area > MAX_UNIT_AREA_M2) return `must be at most ${MAX_UNIT_AREA_M2} m² (100 km²)`;
  return null;
}

/**
 * A unit's fields, the same checks for registerFarmlandUnit and each row of an import: problems are collected
 * (field → message), not thrown, so an import lists every row's. The area is the given one, else the boundary's.
 */
export function checkUnit(raw: { code: unknown; name?: unknown; category: unknown; basicFarmland?: unknown; areaM2?: unknown; boundary?: unknown },
  problem: (field: string, message: string) => void): CheckedUnit | null {
  let ok = true;
  const fail = (f: string, m: string) => { ok = false; problem(f, m); };
  const cp = codeProblem(raw.code);
  if (cp) fail('code', cp);
  let name: string | undefined;
  if (raw.name != null && raw.name !== '') {
    try { name = input.text(String(raw.name), 'name', { max: 100 }); } catch (e) { fail('name', (e as Error).message.replace(/^name: /, '')); }
  }
  const category = raw.category as FarmlandCategory;
  if (!Object.values(FarmlandCategory).includes(category)) fail('category', `must be one of ${Object.values(FarmlandCategory).join(', ')} (优先保护类, 安全利用类, 严格管控类)`);
  if (raw.boundary != null) {
    const bp = boundaryProblem(raw.boundary);
    if (bp) fail('boundary', bp);
  }
  let areaM2 = raw.areaM2 as number | undefined;
  if (areaM2 != null) {
    const ap = areaProblem(areaM2);
    if (ap) fail('areaM2', ap);
  } else if (raw.boundary == null) {
    fail('areaM2', 'give the area or a boundary to measure it from');
  } else if (ok) {
    areaM2 = round2(boundaryAreaM2(raw.boundary));
    const ap = areaProblem(areaM2);
    if (ap) fail('boundary', `its area ${ap}`);
  }
  if (!ok) return null;
  return { code: String(raw.code).trim(), name, category, basicFarmland: raw.basicFarmland === true, areaM2: areaM2!, boundary: raw.boundary ?? undefined };
}

/** The category of a unit now (its last approved change, else the registration's). */
async function categoryNow(em: EntityManager, unit: FarmlandUnit): Promise<FarmlandCategory> {
  const latest = await em.execute<{ to_category: FarmlandCategory }[]>(
    `select to_category from farmland_category_change where unit_id = ? and approved_on is not null order by approved_on desc, id desc limit 1`, [unit.id]);
  return latest[0]?.to_category ?? unit.registeredCategory;
}

/** The gate for a unit that would grow edible crops (RULES §12): its plot, or restricted plots under its boundary. */
export async function gateUnit(ctx: Context, em: EntityManager, countyCode: string, unit: { boundary?: unknown; plotId?: number | null }, category: FarmlandCategory) {
  if (!EDIBLE.includes(category)) return;
  if (unit.plotId == null && unit.boundary == null) return;
  const refusal = reclamationRefusal(await restrictedPlots(em, ctx.cache, countyCode), unit, true);
  if (refusal) throw refusal;
}

/**
 * registerFarmlandUnit (AGRICULTURE): a unit of the county's survey, or land reclaimed as farmland (naming the
 * plot it was, `plotId`). Land that was a key unit's, a vacated site or a key-industry plot — named, or under the
 * boundary — may not be registered in an edible category (RESTRICTED_USE, RULES §12); 严格管控类 may.
 */
export function registerFarmlandUnit(ctx: Context, raw: FarmlandUnitInput) {
  return runWrite(ctx, 'registerFarmlandUnit', raw, async (tx) => {
    const county = input.countyForWrite(ctx, raw.countyCode, 'input.countyCode');
    const plotId = raw.plotId != null ? input.id(raw.plotId, 'input.plotId') : undefined;
    const registeredOn = input.date(raw.registeredOn, 'input.registeredOn', { notAfter: ctx.today });
    if (raw.basicFarmland != null && typeof raw.basicFarmland !== 'boolean') throw badInput('input.basicFarmland', 'must be true or false');
    let first: DomainError | null = null;
    const unit = checkUnit({ ...raw, areaM2: raw.areaM2 ?? undefined, boundary: raw.boundary ?? undefined }, (f, m) => { first ??= badInput(`input.${f}`, m); });
    if (!unit) throw first!;
    if (plotId != null) {
      const plot = await tx.em.findOne(Plot, { id: plotId });
      if (!plot) throw notFound('plot');
      if (plot.county.code !== county) throw badInput('input.plotId', `the plot is in ${plot.county.code}, not in ${county}`);
    }
    await gateUnit(ctx, tx.em, county, { boundary: unit.boundary, plotId }, unit.category);
    const taken = await tx.em.count(FarmlandUnit, { county: county, code: unit.code });
    if (taken) throw new DomainError(ErrorCode.CONFLICT, `farmland unit ${unit.code} is already registered in ${county}`);
    const row = tx.em.create(FarmlandUnit, {
      county: tx.em.getReference(Division, county), code: unit.code, name: unit.name, areaM2: unit.areaM2, registeredCategory: unit.category,
      basicFarmland: unit.basicFarmland, boundary: unit.boundary, plot: plotId != null ? tx.em.getReference(Plot, plotId) : undefined, registeredOn,
    } as never);
    tx.created(row, 'FarmlandUnit', () => county);
    return row;
  });
}

export interface CategoryChangeInput {
  unitId: string; to: FarmlandCategory; reason: CategoryChangeReason; proposedOn: string;
  approvedOn?: string | null; approvalDocument?: string | null; reportedToProvinceOn?: string | null;
}

/** The checks of an approval: in date order with the unit's history, and the gate for an edible category. */
async function approve(ctx: Context, em: EntityManager, unit: FarmlandUnit, change: FarmlandCategoryChange, approvedOn: string, field: string) {
  if (approvedOn < change.proposedOn) throw badInput(field, `must not be before the change was proposed (${change.proposedOn})`);
  if (unit.registeredOn && approvedOn < unit.registeredOn) throw badInput(field, `must not be before the unit was registered (${unit.registeredOn})`);
  const later = await em.execute<{ approved_on: string }[]>(
    `select to_char(approved_on, 'YYYY-MM-DD') as approved_on from farmland_category_change where unit_id = ? and approved_on > ? order by approved_on desc limit 1`, [unit.id, approvedOn]);
  if (later.length) throw badInput(field, `the unit has a change approved later (${later[0].approved_on}): approvals are recorded in date order, the history is never rewritten`);
  await gateUnit(ctx, em, unit.county.code, { boundary: unit.boundary, plotId: unit.plot?.id ?? null }, change.to);
  change.approvedOn = approvedOn;
}

/**
 * recordFarmlandCategoryChange (AGRICULTURE): a category adjustment (类别动态调整) proposed for a unit, from the
 * category it has now; with `approvedOn` (经市政府审定同意) it is in force from that date, else it waits for
 * approveFarmlandCategoryChange. One change pending per unit. A change to an edible category of a unit on
 * restricted land is refused (RESTRICTED_USE, RULES §12). `expectedVersion`: the unit's.
 */
export function recordFarmlandCategoryChange(ctx: Context, a: CategoryChangeInput & { expectedVersion: number }) {
  return runWrite(ctx, 'recordFarmlandCategoryChange', a, async (tx) => {
    const proposedOn = input.date(a.proposedOn, 'input.proposedOn', { required: true, notAfter: ctx.today })!;
    const approvedOn = input.date(a.approvedOn, 'input.approvedOn', { notAfter: ctx.today });
    const reportedOn = input.date(a.reportedToProvinceOn, 'input.reportedToProvinceOn', { notAfter: ctx.today });
    const document = input.text(a.approvalDocument, 'input.approvalDocument');
    if (!Object.values(FarmlandCategory).includes(a.to)) throw badInput('input.to', 'unknown category');
    if (!Object.values(CategoryChangeReason).includes(a.reason)) throw badInput('input.reason', 'unknown reason');
    if (reportedOn && !approvedOn) throw badInput('input.reportedToProvinceOn', 'a change is reported to the province after the city government approved it');
    if (reportedOn && approvedOn && reportedOn < approvedOn) throw badInput('input.reportedToProvinceOn', `must not be before its approval (${approvedOn})`);
    const unit = await tx.load(FarmlandUnit, a.unitId, { what: 'farmland unit', field: 'input.unitId', expectedVersion: a.expectedVersion });
    if (unit.registeredOn && proposedOn < unit.registeredOn) throw badInput('input.proposedOn', `must not be before the unit was registered (${unit.registeredOn})`);
    const pending = await tx.em.findOne(FarmlandCategoryChange, { unit: unit.id, approvedOn: null });
    if (pending) throw new DomainError(ErrorCode.CONFLICT, `the unit already has a change pending approval (id ${pending.id}, proposed ${pending.proposedOn})`);
    const from = await categoryNow(tx.em, unit);
    if (from === a.to) throw badInput('input.to', `the unit is already ${from}`);
    // The gate refuses early, at the proposal, as well as at the approval.
    await gateUnit(ctx, tx.em, unit.county.code, { boundary: unit.boundary, plotId: unit.plot?.id ?? null }, a.to);
    tx.updating(unit, 'FarmlandUnit', () => unit.county.code, undefined, ['categoryChanges']);
    const change = tx.em.create(FarmlandCategoryChange, {
      unit, county: unit.county, from, to: a.to, reason: a.reason, proposedOn, approvalDocument: document, reportedToProvinceOn: reportedOn,
    } as never);
    if (approvedOn) await approve(ctx, tx.em, unit, change, approvedOn, 'input.approvedOn');
    tx.created(change, 'FarmlandCategoryChange', () => unit.county.code);
    return change;
  });
}

/** approveFarmlandCategoryChange (AGRICULTURE): the city government approved a pending change on `approvedOn`; in force from then. */
export function approveFarmlandCategoryChange(ctx: Context, a: { id: string; approvedOn: string; approvalDocument?: string | null; expectedVersion: number }) {
  return runWrite(ctx, 'approveFarmlandCategoryChange', a, async (tx) => {
    const approvedOn = input.date(a.approvedOn, 'approvedOn', { required: true, notAfter: ctx.today })!;
    const document = input.text(a.approvalDocument, 'approvalDocument');
    const change = await tx.load(FarmlandCategoryChange, a.id, { what: 'farmland category change', expectedVersion: a.expectedVersion });
    if (change.approvedOn) throw badInput('id', `the change was already approved on ${change.approvedOn}`);
    const unit = await tx.load(FarmlandUnit, change.unit.id, { what: 'farmland unit' });
    tx.updating(change, 'FarmlandCategoryChange', () => unit.county.code);
    if (document) change.approvalDocument = document;
    await approve(ctx, tx.em, unit, change, approvedOn, 'approvedOn');
    return change;
  });
}

/** reportFarmlandCategoryChange (AGRICULTURE): an approved change reported to the province (报送省农业农村厅、省生态环境厅). */
export function reportFarmlandCategoryChange(ctx: Context, a: { id: string; reportedOn: string; expectedVersion: number }) {
  return runWrite(ctx, 'reportFarmlandCategoryChange', a, async (tx) => {
    const reportedOn = input.date(a.reportedOn, 'reportedOn', { required: true, notAfter: ctx.today })!;
    const change = await tx.load(FarmlandCategoryChange, a.id, { what: 'farmland category change', expectedVersion: a.expectedVersion });
    if (!change.approvedOn) throw badInput('id', 'the change is not approved yet: it is reported to the province after the city government approves it');
    if (change.reportedToProvinceOn) throw badInput('id', `the change was already reported on ${change.reportedToProvinceOn}`);
    if (reportedOn < change.approvedOn) throw badInput('reportedOn', `must not be before its approval (${change.approvedOn})`);
    tx.updating(change, 'FarmlandCategoryChange', () => change.county.code);
    change.reportedToProvinceOn = reportedOn;
    return change;
  });
}

