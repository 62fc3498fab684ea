import type { Context } from '../../context';
import { runWrite, WriteTx } from '../../db/write';
import { badInput } from '../../errors';
import { addDays } from '../../validation/dates';
import type { CityRules } from '../../rules/city-rules';
import { ChangeAction } from '../changes/change-log.entity';
import * as input from '../common/input';
import { Plot } from '../plot/plot.entity';
import { Violation, ViolationKind } from '../violation/violation.entity';
import { fromMilli, quantity, toMilli } from './common';
import { SoilTransferLeg, SoilTransferPlan } from './waste.entity';

/**
 * Contaminated-soil transfer (污染土壤转运联单, Jinzhong plan 9; 法41; RULES §11), ECO's (part soilTransfer): the plan
 * filed before the first load, each manifest leg dispatched and received, and the reconciliation by the city rules
 * (soilTransfer.receiveWithinDays, quantityTolerancePercent) that opens SOIL_TRANSFER_DISCREPANCY on the plot the
 * soil left — one violation per leg, rectified like any other (rectifyViolation).
 */

const countyOf = (r: { county: { code: string } }) => () => r.county.code;

export interface TransferPlanInput {
  plotId: string; documentNo: string; filedOn: string; volumeCubicMetres: string; receiverName: string; receiverCreditCode: string;
  receiverAddress?: string | null; route: string; startsOn: string; endsOn: string;
}

/** fileSoilTransferPlan (ECO): the plot's transfer plan as filed (法41: 提前报所在地和接收地生态环境主管部门). Meets TRANSFER_PLAN_FILED. */
export function fileSoilTransferPlan(ctx: Context, a: { input: TransferPlanInput }) {
  return runWrite(ctx, 'fileSoilTransferPlan', a, async (tx) => {
    const i = a.input ?? ({} as TransferPlanInput);
    const plotId = input.id(i.plotId, 'input.plotId');
    const documentNo = input.text(i.documentNo, 'input.documentNo', { required: true })!;
    const filedOn = input.date(i.filedOn, 'input.filedOn', { required: true, notAfter: ctx.today })!;
    const volumeCubicMetres = quantity(i.volumeCubicMetres, 'input.volumeCubicMetres', { required: true, positive: true })!;
    const receiverName = input.text(i.receiverName, 'input.receiverName', { required: true })!;
    const receiverCreditCode = input.creditCode(i.receiverCreditCode, 'input.receiverCreditCode');
    const receiverAddress = input.text(i.receiverAddress, 'input.receiverAddress');
    const route = input.text(i.route, 'input.route', { required: true, max: 1000 })!;
    const startsOn = input.date(i.startsOn, 'input.startsOn', { required: true })!;
    const endsOn = input.date(i.endsOn, 'input.endsOn', { required: true, notBefore: startsOn })!;
    const plot = await tx.load(Plot, plotId, { what: 'plot', field: 'input.plotId' });
    const plan = tx.em.create(SoilTransferPlan, {
      plot, county: plot.county, documentNo, filedOn, volumeCubicMetres, receiverName, receiverCreditCode, receiverAddress, route, startsOn, endsOn,
      agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as SoilTransferPlan);
    tx.created(plan, 'SoilTransferPlan', countyOf(plot));
    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.UPDATED, ['soilTransfers']);
    return plan;
  });
}

/**
 * recordSoilTransferDispatch (ECO): a load leaves the plot under a manifest (联单号, unique). A load dispatched before
 * the plan's filing date is kept as it happened: TRANSFER_PLAN_FILED shows it (filed after the first load).
 */
export function recordSoilTransferDispatch(ctx: Context, a: { planId: string; manifestNo: string; dispatchedOn: string; dispatchedTonnes: string; vehicleNo?: string | null }) {
  return runWrite(ctx, 'recordSoilTransferDispatch', a, async (tx) => {
    const manifestNo = input.text(a.manifestNo, 'manifestNo', { required: true })!;
    const dispatchedOn = input.date(a.dispatchedOn, 'dispatchedOn', { required: true, notAfter: ctx.today })!;
    const dispatchedTonnes = quantity(a.dispatchedTonnes, 'dispatchedTonnes', { required: true, positive: true })!;
    const vehicleNo = input.text(a.vehicleNo, 'vehicleNo');
    const plan = await tx.load(SoilTransferPlan, a.planId, { what: 'soil transfer plan', field: 'planId' });
    const leg = tx.em.create(SoilTransferLeg, {
      plan, county: plan.county, manifestNo, vehicleNo, dispatchedOn, dispatchedTonnes, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as SoilTransferLeg);
    tx.created(leg, 'SoilTransferLeg', countyOf(plan));
    return leg;
  });
}

/** Why a leg is a discrepancy under the city rules, as of `on` (null: none). Exact arithmetic in thousandths. */
export function discrepancy(rules: CityRules, leg: { dispatchedOn: string; dispatchedTonnes: string; receivedOn?: string | null; receivedTonnes?: string | null }, on: string):
  { detectedOn: string; note: string } | null {
  const n = rules.soilTransfer.receiveWithinDays;
  const deadline = addDays(leg.dispatchedOn, n);
  const reasons: string[] = [];
  let detectedOn: string | null = null;
  const received = leg.receivedOn && leg.receivedOn <= on ? leg.receivedOn : null;
  if ((received ?? on) > deadline) {
    detectedOn = addDays(deadline, 1);
    reasons.push(received ? `received on ${received}, more than ${n} days after dispatch on ${leg.dispatchedOn}` : `not received within ${n} days of dispatch on ${leg.dispatchedOn}`);
  }
  if (received && leg.receivedTonnes != null) {
    const sent = toMilli(leg.dispatchedTonnes);
    const got = toMilli(leg.receivedTonnes);
    const diff = got > sent ? got - sent : sent - got;
    const tol = BigInt(Math.round(rules.soilTransfer.quantityTolerancePercent * 1000));
    if (diff * 100_000n > tol * sent) {
      detectedOn = detectedOn && detectedOn < received ? detectedOn : received;
      reasons.push(`received ${leg.receivedTonnes} t of ${leg.dispatchedTonnes} t dispatched (${got < sent ? 'short' : 'over'} by ${fromMilli(diff)} t, tolerance ${rules.soilTransfer.quantityTolerancePercent}%)`);
    }
  }
  return detectedOn ? { detectedOn, note: `污染土壤转运联单差异：${reasons.join('; ')}` } : null;
}

async function openDiscrepancy(tx: WriteTx, leg: SoilTransferLeg, found: { detectedOn: string; note: string }): Promise<Violation | null> {
  const existing = await tx.em.findOne(Violation, { soilTransferLeg: leg });
  if (existing) return null;
  const plan = await tx.em.findOneOrFail(SoilTransferPlan, { id: leg.plan.id });
  const plot = await tx.em.findOneOrFail(Plot, { id: plan.plot.id });
  const v = tx.em.create(Violation, {
    plot, county: plot.county, kind: ViolationKind.SOIL_TRANSFER_DISCREPANCY, detectedOn: found.detectedOn, note: `联单${leg.manifestNo}：${found.note}`, soilTransferLeg: leg,
  } as Violation);
  tx.created(v, 'Violation', () => plot.county.code);
  return v;
}

/**
 * recordSoilTransferReceipt (ECO): the receiver's receipt of a leg (date and tonnes). Received later than
 * receiveWithinDays after dispatch, or a quantity off by more than quantityTolerancePercent, opens
 * SOIL_TRANSFER_DISCREPANCY (if the leg has none yet).
 */
export function recordSoilTransferReceipt(ctx: Context, a: { legId: string; receivedOn: string; receivedTonnes: string; expectedVersion?: number | null }) {
  return runWrite(ctx, 'recordSoilTransferReceipt', a, async (tx) => {
    const receivedOn = input.date(a.receivedOn, 'receivedOn', { required: true, notAfter: ctx.today })!;
    const receivedTonnes = quantity(a.receivedTonnes, 'receivedTonnes', { required: true })!;
    const leg = await tx.load(SoilTransferLeg, a.legId, { what: 'soil transfer leg', field: 'legId', expectedVersion: a.expectedVersion });
    if (leg.receivedOn) throw badInput('legId', `the leg was already received on ${leg.receivedOn}`);
    if (receivedOn < leg.dispatchedOn) throw badInput('receivedOn', `must not be before the load was dispatched (${leg.dispatchedOn})`);
    tx.updating(leg, 'SoilTransferLeg', countyOf(leg));
    leg.receivedOn = receivedOn;
    leg.receivedTonnes = receivedTonnes;
    const found = discrepancy(ctx.rules, leg, ctx.today);
    if (found) await openDiscrepancy(tx, leg, found);
    return leg;
  });
}

/**
 * reconcileSoilTransfers (ECO): every leg in the division (default: the token's counties) still not received more than
 * receiveWithinDays after dispatch, as of today, gets its SOIL_TRANSFER_DISCREPANCY (detected the day after the
 * deadline). Returns the legs flagged now. Run daily or at will; running it twice flags nothing new.
 */
export function reconcileSoilTransfers(ctx: Context, a: { divisionCode?: string | null }) {
  return runWrite(ctx, 'reconcileSoilTransfers', a, async (tx) => {
    const counties = input.countiesAsked(ctx, a.divisionCode, 'divisionCode');
    if (!counties.length) return [];
    const deadline = addDays(ctx.today, -ctx.rules.soilTransfer.receiveWithinDays);
    const legs = await tx.em.find(SoilTransferLeg, {
      county: { $in: counties }, receivedOn: null, dispatchedOn: { $lt: deadline },
    }, { populate: ['plan'], orderBy: { id: 'asc' } });
    const flagged: SoilTransferLeg[] = [];
    for (const leg of legs) {
      const found = discrepancy(ctx.rules, leg, ctx.today);
      if (found && await openDiscrepancy(tx, leg, found)) flagged.push(leg);
    }
    return flagged;
  });
}
