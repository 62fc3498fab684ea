import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import { boundaryCentroid, boundaryProblem, pointProblem } from '../../validation/geo';
import { ChangeAction } from '../changes/change-log.entity';
import * as input from '../common/input';
import { Division } from '../division/division.entity';
import { documentPair, month, quantity } from './common';
import { MonitoringMedium, SolidWasteLedgerEntry, SolidWasteMonitoring, SolidWasteYard } from './waste.entity';

/**
 * The writes of the solid-waste yards (一般工业固废堆场, Xiaoyi plan 6; RULES §11): ECO registers a yard and records
 * its land and EIA procedures, its monthly ledger and its monitoring; EMERGENCY records its safety procedure
 * (安评); inspections (the enforcement family's recordInspection, subject SOLID_WASTE_YARD) meet MONTHLY_INSPECTION. Every write through runWrite: audit and change feed with it.
 */

const countyOf = (y: SolidWasteYard) => () => y.county.code;

export interface YardInput {
  countyCode: string; name: string; operatorName: string; operatorCreditCode: string; address?: string | null;
  centroid?: { lon: number; lat: number } | null; boundary?: unknown; wasteTypes?: string[] | null; capacityTonnes?: string | null;
  registeredOn: string; landDocumentNo?: string | null; landIssuedOn?: string | null; eiaDocumentNo?: string | null; eiaIssuedOn?: string | null;
}

/** registerSolidWasteYard (ECO: part solidWasteYard). The safety document is EMERGENCY's (recordYardSafetyProcedure). */
export function registerSolidWasteYard(ctx: Context, a: { input: YardInput }) {
  return runWrite(ctx, 'registerSolidWasteYard', a, async (tx) => {
    const i = a.input ?? ({} as YardInput);
    // Each argument's own form, the free-form ones first (name, lists, geometry), the credit code last.
    const name = input.text(i.name, 'input.name', { required: true })!;
    const operatorName = input.text(i.operatorName, 'input.operatorName', { required: true })!;
    const address = input.text(i.address, 'input.address');
    const wasteTypes = (i.wasteTypes ?? []).map((t, k) => input.text(t, `input.wasteTypes[${k}]`, { required: true, max: 50 })!);
    if (wasteTypes.length > 20) throw badInput('input.wasteTypes', 'at most 20 waste types');
    let centroid = i.centroid ?? undefined;
    if (centroid) {
      const p = pointProblem(centroid.lon, centroid.lat);
      if (p) throw badInput('input.centroid', p);
    }
    if (i.boundary != null) {
      const p = boundaryProblem(i.boundary);
      if (p) throw badInput('input.boundary', p);
      centroid ??= boundaryCentroid(i.boundary);
    }
    const registeredOn = input.date(i.registeredOn, 'input.registeredOn', { required: true, notAfter: ctx.today })!;
    const capacityTonnes = quantity(i.capacityTonnes, 'input.capacityTonnes');
    const land = documentPair(i.landDocumentNo, i.landIssuedOn, 'input.land', ctx.today);
    const eia = documentPair(i.eiaDocumentNo, i.eiaIssuedOn, 'input.eia', ctx.today);
    const operatorCreditCode = input.creditCode(i.operatorCreditCode, 'input.operatorCreditCode');
    const county = input.countyForWrite(ctx, i.countyCode, 'input.countyCode');
    const yard = tx.em.create(SolidWasteYard, {
      county: tx.em.getReference(Division, county), name, operatorName, operatorCreditCode, address, registeredOn, capacityTonnes, wasteTypes,
      centroidLon: centroid?.lon, centroidLat: centroid?.lat, boundary: i.boundary ?? undefined,
      landDocumentNo: land.no, landIssuedOn: land.on, eiaDocumentNo: eia.no, eiaIssuedOn: eia.on,
    } as SolidWasteYard);
    tx.created(yard, 'SolidWasteYard', countyOf(yard));
    return yard;
  });
}

export enum YardProcedure { LAND = 'LAND', EIA = 'EIA' }

/** recordYardProcedure (ECO: part solidWasteYard): the yard's land (土地) or EIA (环评) document; meets that PROCEDURES duty. */
export function recordYardProcedure(ctx: Context, a: { yardId: string; procedure: YardProcedure; documentNo: string; issuedOn: string; expectedVersion: number }) {
  return runWrite(ctx, 'recordYardProcedure', a, async (tx) => {
    const documentNo = input.text(a.documentNo, 'documentNo', { required: true })!;
    const issuedOn = input.date(a.issuedOn, 'issuedOn', { required: true, notAfter: ctx.today })!;
    const yard = await tx.load(SolidWasteYard, a.yardId, { what: 'solid-waste yard', field: 'yardId', expectedVersion: a.expectedVersion });
    tx.updating(yard, 'SolidWasteYard', countyOf(yard));
    if (a.procedure === YardProcedure.LAND) { yard.landDocumentNo = documentNo; yard.landIssuedOn = issuedOn; }
    else { yard.eiaDocumentNo = documentNo; yard.eiaIssuedOn = issuedOn; }
    return yard;
  });
}

/** recordYardSafetyProcedure (EMERGENCY: part solidWasteYard.safety): the yard's safety assessment (安评); meets that PROCEDURES duty. */
export function recordYardSafetyProcedure(ctx: Context, a: { yardId: string; documentNo: string; issuedOn: string; expectedVersion: number }) {
  return runWrite(ctx, 'recordYardSafetyProcedure', a, async (tx) => {
    const documentNo = input.text(a.documentNo, 'documentNo', { required: true })!;
    const issuedOn = input.date(a.issuedOn, 'issuedOn', { required: true, notAfter: ctx.today })!;
    const yard = await tx.load(SolidWasteYard, a.yardId, { what: 'solid-waste yard', field: 'yardId', expectedVersion: a.expectedVersion });
    tx.updating(yard, 'SolidWasteYard', countyOf(yard));
    yard.safetyDocumentNo = documentNo;
    yard.safetyIssuedOn = issuedOn;
    return yard;
  });
}

/** closeSolidWasteYard (ECO): closed (闭库) on a date; no inspection owed after that month. */
export function closeSolidWasteYard(ctx: Context, a: { yardId: string; closedOn: string; expectedVersion: number }) {
  return runWrite(ctx, 'closeSolidWasteYard', a, async (tx) => {
    const closedOn = input.date(a.closedOn, 'closedOn', { required: true, notAfter: ctx.today })!;
    const yard = await tx.load(SolidWasteYard, a.yardId, { what: 'solid-waste yard', field: 'yardId', expectedVersion: a.expectedVersion });
    if (yard.closedOn) throw badInput('yardId', `the yard was already closed on ${yard.closedOn}`);
    if (closedOn < yard.registeredOn) throw badInput('closedOn', `must not be before the yard was registered (${yard.registeredOn})`);
    tx.updating(yard, 'SolidWasteYard', countyOf(yard));
    yard.closedOn = closedOn;
    return yard;
  });
}

/** recordYardLedger (ECO): one month's ledger (台账) of the yard; one per month (CONFLICT for a second). */
export function recordYardLedger(ctx: Context, a: {
  yardId: string; month: string; generatedTonnes: string; storedTonnes: string; usedTonnes: string; disposedTonnes: string;
}) {
  return runWrite(ctx, 'recordYardLedger', a, async (tx) => {
    input.id(a.yardId, 'yardId');
    const m = month(a.month, 'month', { notAfter: ctx.today });
    const generatedTonnes = quantity(a.generatedTonnes, 'generatedTonnes', { required: true })!;
    const storedTonnes = quantity(a.storedTonnes, 'storedTonnes', { required: true })!;
    const usedTonnes = quantity(a.usedTonnes, 'usedTonnes', { required: true })!;
    const disposedTonnes = quantity(a.disposedTonnes, 'disposedTonnes', { required: true })!;
    const yard = await tx.load(SolidWasteYard, a.yardId, { what: 'solid-waste yard', field: 'yardId' });
    if (m < yard.registeredOn.slice(0, 7) + '-01') throw badInput('month', `must not be before the yard was registered (${yard.registeredOn})`);
    const entry = tx.em.create(SolidWasteLedgerEntry, {
      yard, county: yard.county, month: m, generatedTonnes, storedTonnes, usedTonnes, disposedTonnes, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as SolidWasteLedgerEntry);
    tx.created(entry, 'SolidWasteLedgerEntry', countyOf(yard));
    tx.updating(yard, 'SolidWasteYard', countyOf(yard), ChangeAction.UPDATED, ['ledger']);
    return entry;
  });
}

/** recordYardMonitoring (ECO): an environmental monitoring of the yard (废水、地下水、大气、土壤). */
export function recordYardMonitoring(ctx: Context, a: { yardId: string; medium: MonitoringMedium; sampledOn: string; exceedsStandard: boolean; note?: string | null }) {
  return runWrite(ctx, 'recordYardMonitoring', a, async (tx) => {
    const sampledOn = input.date(a.sampledOn, 'sampledOn', { required: true, notAfter: ctx.today })!;
    const note = input.text(a.note, 'note', { max: 1000 });
    const yard = await tx.load(SolidWasteYard, a.yardId, { what: 'solid-waste yard', field: 'yardId' });
    const rec = tx.em.create(SolidWasteMonitoring, {
      yard, county: yard.county, medium: a.medium, sampledOn, exceedsStandard: !!a.exceedsStandard, note, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as SolidWasteMonitoring);
    tx.created(rec, 'SolidWasteMonitoring', countyOf(yard));
    tx.updating(yard, 'SolidWasteYard', countyOf(yard), ChangeAction.UPDATED, ['monitoring']);
    return rec;
  });
}
