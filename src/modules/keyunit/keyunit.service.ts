import { marks } from '../../db/named';
import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { redactArgs } from '../../db/personal-data';
import { badInput, notFound } from '../../errors';
import { Division } from '../division/division.entity';
import { DischargePermit } from '../permit/permit.entity';
import * as input from '../common/input';
import type { WriteTx } from '../../db/write';
import { HiddenDangerCheck, KeyUnit, KeyUnitListing, KeyUnitStatus, MonitoringKind, MonitoringRecord } from './keyunit.entity';
import type { DocumentRef } from '../plot/stage-event.entity';

export interface KeyUnitInput { creditCode: string; name: string; countyCode: string; industry: string; address?: string | null; listedOn: string; contactPhone?: string | null }

const countyOf = (k: KeyUnit) => () => k.county.code;

function phone(value: string | null | undefined, field: string): string | undefined {
  // Stricter than its varchar(255) on purpose: no telephone number is longer (the pattern below allows 40).
  const v = input.text(value, field, { max: 40 });
  if (v !== undefined && !/^\+?[0-9][0-9 ()-]{4,38}$/.test(v)) throw badInput(field, 'is not a telephone number');
  return v;
}

/** upsertKeyUnit: register a key-supervised unit, or update the one with the same credit code. */
export function upsertKeyUnit(ctx: Context, raw: KeyUnitInput, expectedVersion?: number | null) {
  return runWrite(ctx, 'upsertKeyUnit', redactArgs({ input: raw, expectedVersion }), async (tx) => {
    const data = {
      creditCode: input.creditCode(raw.creditCode, 'input.creditCode'),
      name: input.text(raw.name, 'input.name', { required: true })!,
      countyCode: input.countyForWrite(ctx, raw.countyCode, 'input.countyCode'),
      industry: input.text(raw.industry, 'input.industry', { required: true })!,
      address: input.text(raw.address, 'input.address') ?? null,
      listedOn: input.date(raw.listedOn, 'input.listedOn', { required: true, notAfter: ctx.today })!,
      contactPhone: phone(raw.contactPhone, 'input.contactPhone'),
    };
    const em = tx.em;
    let unit = await tx.find(KeyUnit, { creditCode: data.creditCode }, { what: 'key unit', expectedVersion });
    if (!unit) {
      if (expectedVersion != null) throw notFound('key unit');
      // A credit code registered in a county the caller cannot see: the unique index refuses the new row with
      // CONFLICT, the same answer as a concurrent registration of the same code, revealing nothing of where.
      unit = em.create(KeyUnit, {
        creditCode: data.creditCode, name: data.name, county: em.getReference(Division, data.countyCode), industry: data.industry,
        address: data.address ?? undefined, listedOn: data.listedOn, status: KeyUnitStatus.LISTED, contactPhone: data.contactPhone,
      } as KeyUnit);
      tx.created(unit, 'KeyUnit', countyOf(unit), ['listings']);
      await tx.em.flush();
      await openPeriod(tx, unit, data.listedOn, null);
    } else {
      tx.updating(unit, 'KeyUnit', countyOf(unit));
      unit.name = data.name;
      unit.county = em.getReference(Division, data.countyCode);
      unit.industry = data.industry;
      unit.address = data.address ?? undefined;
      if (data.listedOn !== unit.listedOn) {
        await moveListingDate(tx, unit, data.listedOn);
        unit.listedOn = data.listedOn;
      }
      if (raw.contactPhone !== undefined) unit.contactPhone = data.contactPhone;
    }
    // Permits of the same enterprise are linked to its key unit (PERMIT_COVERAGE and inPermitManagement read the link).
    // Also its sites in counties outside the writer's scope: the link must not depend on who writes.
    await tx.acrossScope(async (all) => {
      for (const permit of await all.find(DischargePermit, { creditCode: data.creditCode, keyUnit: null }, { filters: { scope: false } })) {
        tx.updating(permit, 'DischargePermit', () => permit.county.code);
        permit.keyUnit = unit;
      }
    });
    return unit;
  });
}

/** delistKeyUnit: the unit leaves the directory (移出名录) on `delistedOn`. */
export function delistKeyUnit(ctx: Context, id: string, delistedOn: string, expectedVersion: number, batchDocument?: string | null) {
  return runWrite(ctx, 'delistKeyUnit', { id, delistedOn, expectedVersion, batchDocument }, async (tx) => {
    const on = input.date(delistedOn, 'delistedOn', { required: true, notAfter: ctx.today })!;
    const doc = input.text(batchDocument, 'batchDocument', { max: 100 }) ?? null; // key_unit_listing.delisting_document varchar(100)
    const unit = await tx.load(KeyUnit, id, { what: 'key unit', expectedVersion });
    if (unit.status === KeyUnitStatus.DELISTED) throw badInput('id', 'the key unit is already delisted');
    if (on < unit.listedOn) throw badInput('delistedOn', `must not be before the listing date ${unit.listedOn}`);
    tx.updating(unit, 'KeyUnit', countyOf(unit));
    unit.status = KeyUnitStatus.DELISTED;
    unit.delistedOn = on;
    await tx.em.execute(`update key_unit_listing set delisted_on = ?, delisting_document = ? where key_unit_id = ? and delisted_on is null`, [on, doc, unit.id]);
    return unit;
  });
}

/**
 * relistKeyUnit: a DELISTED unit is put on the directory again (a new listing period) on `listedOn`, after its
 * last delisting, by the batch document that lists it. Its duties start again from the new period.
 */
export function relistKeyUnit(ctx: Context, a: { id: string; listedOn: string; batchDocument: string; expectedVersion: number }) {
  return runWrite(ctx, 'relistKeyUnit', a, async (tx) => {
    const on = input.date(a.listedOn, 'listedOn', { required: true, notAfter: ctx.today })!;
    const doc = input.text(a.batchDocument, 'batchDocument', { required: true, max: 100 })!; // key_unit_listing.listing_document varchar(100)
    const unit = await tx.load(KeyUnit, a.id, { what: 'key unit', expectedVersion: a.expectedVersion });
    if (unit.status !== KeyUnitStatus.DELISTED) throw badInput('id', 'the key unit is listed: only a delisted unit is listed again');
    if (unit.delistedOn && on <= unit.delistedOn) throw badInput('listedOn', `must be after the last delisting ${unit.delistedOn}`);
    tx.updating(unit, 'KeyUnit', countyOf(unit), undefined, ['listedOn', 'delistedOn', 'status', 'listings']);
    unit.status = KeyUnitStatus.LISTED;
    unit.listedOn = on;
    unit.delistedOn = undefined;
    await openPeriod(tx, unit, on, doc);
    return unit;
  });
}

async function openPeriod(tx: WriteTx, unit: KeyUnit, listedOn: string, document: string | null) {
  await tx.em.execute(`insert into key_unit_listing (key_unit_id, listed_on, listing_document, agency, client_id, county_code) values (?, ?, ?, ?, ?, '')`,
    [unit.id, listedOn, document, tx.ctx.principal.agency, tx.ctx.principal.clientId ?? null]);
}

/** The first day of the quarter `day` falls in. */
export const quarterStart = (day: string) => `${day.slice(0, 4)}-${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;

/**
 * upsertKeyUnit changing the listing date of an existing unit: its current period's date moves. A quarter that
 * has ended never changes (its report is final): the old and the new date must both fall in the current quarter
 * (on or after its first day) — a date in an ended quarter already counted the unit in that quarter's report
 * (or, moved there, would add it). Otherwise BAD_USER_INPUT on input.listedOn: a wrong listing of the past is
 * corrected by delistKeyUnit / relistKeyUnit with their batch documents, which are facts of their own dates.
 * The new date must also stay after the previous period's delisting and before this period's own delisting.
 */
async function moveListingDate(tx: WriteTx, unit: KeyUnit, listedOn: string) {
  const from = quarterStart(tx.ctx.today);
  if (unit.listedOn < from || listedOn < from) {
    throw badInput('input.listedOn', `a listing date in a quarter that has ended is not changed (${unit.listedOn} → ${listedOn}; the current quarter began ${from}): delist or list again with the batch document instead`);
  }
  const [prev] = await tx.em.execute<{ delisted_on: string | null }[]>(
    `select max(delisted_on)::text as delisted_on from key_unit_listing where key_unit_id = ? and listed_on < ? and delisted_on is not null`, [unit.id, unit.listedOn]);
  if (prev?.delisted_on && listedOn <= prev.delisted_on) throw badInput('input.listedOn', `must be after the last delisting ${prev.delisted_on}`);
  if (unit.delistedOn && listedOn > unit.delistedOn) throw badInput('input.listedOn', `must not be after the delisting ${unit.delistedOn}`);
  await tx.em.execute(`update key_unit_listing set listed_on = ? where key_unit_id = ? and listed_on = ?`, [listedOn, unit.id, unit.listedOn]);
}

/** The listing periods of some units, oldest first (KeyUnit.listings). */
export async function listingsOf(ctx: Context, ids: readonly number[]): Promise<KeyUnitListing[][]> {
  const rows = await ctx.em.execute<{ key_unit_id: number; listed_on: string; listing_document: string | null; delisted_on: string | null; delisting_document: string | null }[]>(
    `select key_unit_id, listed_on::text, listing_document, delisted_on::text, delisting_document from key_unit_listing
      where key_unit_id in (${marks(ids.length)}) order by key_unit_id, listed_on, id`, [...ids]);
  const by = new Map<number, KeyUnitListing[]>(ids.map((id) => [id, []]));
  for (const r of rows) {
    by.get(r.key_unit_id)?.push({ listedOn: r.listed_on, listingDocument: r.listing_document, delistedOn: r.delisted_on, delistingDocument: r.delisting_document });
  }
  return ids.map((id) => by.get(id)!);
}

/**
 * recordHiddenDangerCheck. `rectified` keeps its meaning: the hazards found were rectified (at the check).
 * `hazardsFound` (default: findings given and not rectified) with `rectificationDeadline` opens
 * HIDDEN_DANGER_RECTIFICATION: required when hazards were found and not rectified at the check.
 */
export function recordHiddenDangerCheck(ctx: Context, a: {
  keyUnitId: string; completedOn: string; findings?: string | null; rectified: boolean; hazardsFound?: boolean | null; rectificationDeadline?: string | null;
}) {
  return runWrite(ctx, 'recordHiddenDangerCheck', a, async (tx) => {
    const completedOn = input.date(a.completedOn, 'completedOn', { required: true, notAfter: ctx.today })!;
    // A text column: this is the only bound on its size.
    const findings = input.text(a.findings, 'findings', { max: 4000 });
    const hazardsFound = a.hazardsFound ?? false;
    const deadline = input.date(a.rectificationDeadline, 'rectificationDeadline', { notBefore: completedOn });
    if (deadline && !hazardsFound) throw badInput('rectificationDeadline', 'is only given when hazardsFound is true');
    if (hazardsFound && !a.rectified && !deadline) throw badInput('rectificationDeadline', 'is required when hazards were found and not rectified at the check');
    const unit = await tx.load(KeyUnit, a.keyUnitId, { what: 'key unit', field: 'keyUnitId' });
    const check = tx.em.create(HiddenDangerCheck, {
      keyUnit: unit, completedOn, findings, rectified: a.rectified, hazardsFound, rectificationDeadline: deadline,
      rectifiedOn: hazardsFound && a.rectified ? completedOn : undefined,
    } as HiddenDangerCheck);
    tx.created(check, 'HiddenDangerCheck', countyOf(unit));
    return check;
  });
}

export function recordMonitoring(ctx: Context, a: { keyUnitId: string; kind: MonitoringKind; year: number; sampledOn: string; exceedsScreening: boolean; beyondBoundary: boolean }) {
  return runWrite(ctx, 'recordMonitoring', a, async (tx) => {
    const year = input.year(a.year, 'year', { required: true })!;
    const sampledOn = input.date(a.sampledOn, 'sampledOn', { required: true, notAfter: ctx.today })!;
    // The sampling belongs to its monitoring year (a late sample early the next year is accepted).
    const sampledYear = Number(sampledOn.slice(0, 4));
    if (sampledYear !== year && sampledYear !== year + 1) throw badInput('sampledOn', `must fall in ${year} (or early ${year + 1})`);
    const unit = await tx.load(KeyUnit, a.keyUnitId, { what: 'key unit', field: 'keyUnitId' });
    const rec = tx.em.create(MonitoringRecord, {
      keyUnit: unit, kind: a.kind, year, sampledOn, exceedsScreening: a.exceedsScreening, beyondBoundary: a.beyondBoundary,
    } as MonitoringRecord);
    tx.created(rec, 'MonitoringRecord', countyOf(unit));
    return rec;
  });
}


/** recordRectification: the hazards a check found were rectified on `rectifiedOn` (HIDDEN_DANGER_RECTIFICATION MET). */
export function recordRectification(ctx: Context, a: { checkId: string; rectifiedOn: string }) {
  return runWrite(ctx, 'recordRectification', a, async (tx) => {
    const on = input.date(a.rectifiedOn, 'rectifiedOn', { required: true, notAfter: ctx.today })!;
    const check = await tx.load(HiddenDangerCheck, a.checkId, { what: 'hidden-danger check', field: 'checkId' });
    if (!check.hazardsFound) throw badInput('checkId', 'the check found no hazards to rectify');
    if (check.rectifiedOn) throw badInput('checkId', `the hazards were rectified on ${check.rectifiedOn}`);
    if (on < check.completedOn) throw badInput('rectifiedOn', `must not be before the check ${check.completedOn}`);
    const unit = await tx.load(KeyUnit, check.keyUnit.id, { what: 'key unit' });
    tx.updating(check, 'HiddenDangerCheck', countyOf(unit));
    check.rectifiedOn = on;
    check.rectified = true;
    return check;
  });
}

/** recordExceedanceFollowUp: the cause and measures after a self-monitoring record over the screening values. */
export function recordExceedanceFollowUp(ctx: Context, a: { monitoringRecordId: string; recordedOn: string; cause: string; measures: string }) {
  return runWrite(ctx, 'recordExceedanceFollowUp', a, async (tx) => {
    const on = input.date(a.recordedOn, 'recordedOn', { required: true, notAfter: ctx.today })!;
    // Text columns: these are their bounds.
    const cause = input.text(a.cause, 'cause', { required: true, max: 4000 })!;
    const measures = input.text(a.measures, 'measures', { required: true, max: 4000 })!;
    const rec = await tx.load(MonitoringRecord, a.monitoringRecordId, { what: 'monitoring record', field: 'monitoringRecordId' });
    if (!rec.exceedsScreening || rec.kind === MonitoringKind.SURROUNDING_SOIL) throw badInput('monitoringRecordId', 'is not a self-monitoring record over the screening values');
    if (rec.followUpOn) throw badInput('monitoringRecordId', `its follow-up was recorded on ${rec.followUpOn}`);
    if (on < rec.sampledOn) throw badInput('recordedOn', `must not be before the sampling ${rec.sampledOn}`);
    const unit = await tx.load(KeyUnit, rec.keyUnit.id, { what: 'key unit' });
    tx.updating(rec, 'MonitoringRecord', countyOf(unit));
    rec.followUpOn = on;
    rec.followUpCause = cause;
    rec.followUpMeasures = measures;
    return rec;
  });
}

/**
 * recordOnePlantOnePolicy: the unit's 一厂一策 document (ONE_PLANT_ONE_POLICY MET from `recordedOn`). A later
 * document replaces the one kept; the duty stays MET from the earliest date recorded.
 */
export function recordOnePlantOnePolicy(ctx: Context, a: { keyUnitId: string; document: { documentNo: string; title: string; issuedBy: string; issuedOn: string }; recordedOn: string }) {
  return runWrite(ctx, 'recordOnePlantOnePolicy', a, async (tx) => {
    const on = input.date(a.recordedOn, 'recordedOn', { required: true, notAfter: ctx.today })!;
    const e = a.document;
    if (!e) throw badInput('document', 'is required');
    // Kept in a JSON document, no sized column: these are its bounds (as a stage move's evidence).
    const doc: DocumentRef = {
      documentNo: input.text(e.documentNo, 'document.documentNo', { required: true, max: 100 })!,
      title: input.text(e.title, 'document.title', { required: true, max: 300 })!,
      issuedBy: input.text(e.issuedBy, 'document.issuedBy', { required: true, max: 200 })!,
      issuedOn: input.date(e.issuedOn, 'document.issuedOn', { required: true, notAfter: on })!,
    } as DocumentRef;
    const unit = await tx.load(KeyUnit, a.keyUnitId, { what: 'key unit', field: 'keyUnitId' });
    tx.updating(unit, 'KeyUnit', countyOf(unit));
    unit.onePlantPolicy = doc;
    if (!unit.onePlantPolicyOn || on < unit.onePlantPolicyOn) unit.onePlantPolicyOn = on;
    return unit;
  });
}
