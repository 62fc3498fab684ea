import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { redactArgs } from '../../db/personal-data';
import { badInput, notFound } from '../../errors';
import { Division } from '../division/division.entity';
import { DischargePermit } from '../permit/permit.entity';
import * as input from '../common/input';
import { HiddenDangerCheck, KeyUnit, KeyUnitStatus, MonitoringKind, MonitoringRecord } from './keyunit.entity';

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
      tx.created(unit, 'KeyUnit', countyOf(unit));
    } else {
      tx.updating(unit, 'KeyUnit', countyOf(unit));
      unit.name = data.name;
      unit.county = em.getReference(Division, data.countyCode);
      unit.industry = data.industry;
      unit.address = data.address ?? undefined;
      unit.listedOn = data.listedOn;
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
export function delistKeyUnit(ctx: Context, id: string, delistedOn: string, expectedVersion: number) {
  return runWrite(ctx, 'delistKeyUnit', { id, delistedOn, expectedVersion }, async (tx) => {
    const on = input.date(delistedOn, 'delistedOn', { required: true, notAfter: ctx.today })!;
    const unit = await tx.load(KeyUnit, id, { what: 'key unit', expectedVersion });
    if (unit.status === KeyUnitStatus.DELISTED) throw badInput('id', 'the key unit is already delisted');
    if (on < unit.listedOn) throw badInput('delistedOn', `must not be before the listing date ${unit.listedOn}`);
    tx.updating(unit, 'KeyUnit', countyOf(unit));
    unit.status = KeyUnitStatus.DELISTED;
    unit.delistedOn = on;
    return unit;
  });
}

export function recordHiddenDangerCheck(ctx: Context, a: { keyUnitId: string; completedOn: string; findings?: string | null; rectified: boolean }) {
  return runWrite(ctx, 'recordHiddenDangerCheck', a, async (tx) => {
    const completedOn = input.date(a.completedOn, 'completedOn', { required: true, notAfter: ctx.today })!;
    // A text column: this is the only bound on its size.
    const findings = input.text(a.findings, 'findings', { max: 4000 });
    const unit = await tx.load(KeyUnit, a.keyUnitId, { what: 'key unit', field: 'keyUnitId' });
    const check = tx.em.create(HiddenDangerCheck, { keyUnit: unit, completedOn, findings, rectified: a.rectified } as HiddenDangerCheck);
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

