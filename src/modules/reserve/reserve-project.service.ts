import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import * as input from '../common/input';
import { ReserveCategory, ReserveProject, ReserveStage } from './reserve-project.entity';
import { assertReserveTransition, IN_RESERVE_OR_LATER } from './reserve-lifecycle';
import { appendReserveStageEvent, lastReserveEventOn } from './reserve-stage-event.sql';

export interface ReserveProjectInput { name: string; countyCode: string; category: ReserveCategory; year: number; totalInvestment?: string | null; centralFundsRequested?: string | null; plotIds?: string[] | null; keyUnitIds?: string[] | null }
export interface ReserveProjectUpdate {
  stage?: ReserveStage | null; submittedOn?: string | null; enteredCentralReserveOn?: string | null; centralFundsApproved?: string | null;
  centralReserveBatchNo?: string | null; stageChangedOn?: string | null;
}

/** createReserveProject (ECO): a new entry of the county's soil-project reserve, at DRAFT. */
export function createReserveProject(ctx: Context, raw: ReserveProjectInput) {
  return runWrite(ctx, 'createReserveProject', { input: raw }, async (tx) => {
    const em = tx.em;
    const name = input.text(raw.name, 'input.name', { required: true })!;
    const countyCode = input.countyForWrite(ctx, raw.countyCode, 'input.countyCode');
    const year = input.year(raw.year, 'input.year', { required: true })!;
    const totalInvestment = input.decimal(raw.totalInvestment, 'input.totalInvestment');
    const centralFundsRequested = input.decimal(raw.centralFundsRequested, 'input.centralFundsRequested');
    const plotIds = [...new Set((raw.plotIds ?? []).map((i) => input.id(i, 'input.plotIds')))];
    const keyUnitIds = [...new Set((raw.keyUnitIds ?? []).map((i) => input.id(i, 'input.keyUnitIds')))];
    const plots = plotIds.length ? await em.find(Plot, { id: { $in: plotIds } }) : [];
    if (plots.length !== plotIds.length) throw badInput('input.plotIds', 'names a plot that does not exist in your scope');
    const units = keyUnitIds.length ? await em.find(KeyUnit, { id: { $in: keyUnitIds } }) : [];
    if (units.length !== keyUnitIds.length) throw badInput('input.keyUnitIds', 'names a key unit that does not exist in your scope');

    const [{ id }] = await em.execute<{ id: number }[]>(`select nextval('reserve_project_id_seq')::int as id`);
    const project = em.create(ReserveProject, {
      id, projectCode: `TR-${countyCode}-${year}-${String(id).padStart(5, '0')}`, name, county: em.getReference(Division, countyCode),
      category: raw.category, year, stage: ReserveStage.DRAFT, totalInvestment, centralFundsRequested,
    } as ReserveProject);
    project.plots.set(plots);
    project.keyUnits.set(units);
    tx.created(project, 'ReserveProject', () => countyCode, [...(plots.length ? ['plots'] : []), ...(units.length ? ['keyUnits'] : [])]);
    return project;
  });
}

/**
 * updateReserveProject (ECO): stage, dates, batch and approved funds of a reserve entry (RULES.md §7).
 * - A change of stage follows the table (reserve-lifecycle.ts), else ILLEGAL_TRANSITION; it appends a stage
 *   event dated `stageChangedOn`, else the date the move carries (submittedOn for SUBMITTED,
 *   enteredCentralReserveOn for IN_CENTRAL_RESERVE), else today; never before the project's last event.
 * - The current stage again is no move: no event, no error; the other fields of the update apply.
 * - `enteredCentralReserveOn` only with a stage IN_CENTRAL_RESERVE or later, and with the batch document
 *   (`centralReserveBatchNo`, given now or already recorded); entering the central reserve needs both.
 */
export function updateReserveProject(ctx: Context, idArg: string, raw: ReserveProjectUpdate, expectedVersion: number) {
  return runWrite(ctx, 'updateReserveProject', { id: idArg, input: raw, expectedVersion }, async (tx) => {
    const submittedOn = input.date(raw.submittedOn, 'input.submittedOn', { notAfter: ctx.today });
    const entered = input.date(raw.enteredCentralReserveOn, 'input.enteredCentralReserveOn', { notAfter: ctx.today });
    const changedOn = input.date(raw.stageChangedOn, 'input.stageChangedOn', { notAfter: ctx.today });
    const approved = input.decimal(raw.centralFundsApproved, 'input.centralFundsApproved');
    const batchNo = input.text(raw.centralReserveBatchNo, 'input.centralReserveBatchNo');
    const project = await tx.load(ReserveProject, idArg, { what: 'reserve project', expectedVersion });
    const from = project.stage;
    const to = raw.stage ?? from;
    assertReserveTransition(from, to);
    const moves = to !== from;
    if (changedOn && !moves) throw badInput('input.stageChangedOn', 'is given only with a change of stage');

    const inReserve = IN_RESERVE_OR_LATER.includes(to);
    if (entered && !inReserve) throw badInput('input.enteredCentralReserveOn', `is given only with a stage ${IN_RESERVE_OR_LATER.join(', ')} (the project is ${to})`);
    if (batchNo && !inReserve) throw badInput('input.centralReserveBatchNo', `is given only with a stage ${IN_RESERVE_OR_LATER.join(', ')} (the project is ${to})`);
    const enteredAfter = entered ?? project.enteredCentralReserveOn;
    const batchAfter = batchNo ?? project.centralReserveBatchNo;
    if (inReserve && (moves || entered)) {
      if (!enteredAfter) throw badInput('input.enteredCentralReserveOn', `is required once a project is ${to}`);
      if (!batchAfter) throw badInput('input.centralReserveBatchNo', 'the batch document (入库批次文号) is required with enteredCentralReserveOn');
    }
    const submittedAfter = submittedOn ?? project.submittedOn;
    if (submittedAfter && enteredAfter && enteredAfter < submittedAfter) {
      throw badInput(entered ? 'input.enteredCentralReserveOn' : 'input.submittedOn', 'enteredCentralReserveOn must not be before submittedOn');
    }

    let effectiveOn: string | undefined;
    if (moves) {
      // The date the move carries, when it carries one; stageChangedOn must agree with it.
      const carried = to === ReserveStage.SUBMITTED ? submittedOn : to === ReserveStage.IN_CENTRAL_RESERVE ? enteredAfter : undefined;
      if (changedOn && carried && changedOn !== carried) {
        throw badInput('input.stageChangedOn', `must equal ${to === ReserveStage.SUBMITTED ? 'submittedOn' : 'enteredCentralReserveOn'} (${carried}) for a move to ${to}`);
      }
      effectiveOn = changedOn ?? carried ?? ctx.today;
      const last = await lastReserveEventOn(tx.em, project.id);
      if (last && effectiveOn < last) {
        const field = changedOn ? 'input.stageChangedOn' : to === ReserveStage.SUBMITTED ? 'input.submittedOn' : to === ReserveStage.IN_CENTRAL_RESERVE ? 'input.enteredCentralReserveOn' : 'input.stageChangedOn';
        throw badInput(field, `the move to ${to} on ${effectiveOn} must not be before the project's last stage change (${last})`);
      }
    }

    tx.updating(project, 'ReserveProject', () => project.county.code);
    project.stage = to;
    if (submittedOn) project.submittedOn = submittedOn;
    if (entered) project.enteredCentralReserveOn = entered;
    if (batchNo) project.centralReserveBatchNo = batchNo;
    if (approved !== undefined) project.centralFundsApproved = approved;
    if (moves) {
      tx.annotate(project, { stageChangedOn: effectiveOn });
      await appendReserveStageEvent(tx.em, { projectId: project.id, from, to, effectiveOn: effectiveOn!, agency: ctx.principal.agency, clientId: ctx.principal.clientId });
    }
    return project;
  });
}
