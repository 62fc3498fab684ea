import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import * as input from '../common/input';
import { ReserveCategory, ReserveProject, ReserveStage } from './reserve-project.entity';

export interface ReserveProjectInput { name: string; countyCode: string; category: ReserveCategory; year: number; totalInvestment?: string | null; centralFundsRequested?: string | null; plotIds?: string[] | null; keyUnitIds?: string[] | null }
export interface ReserveProjectUpdate { stage?: ReserveStage | null; submittedOn?: string | null; enteredCentralReserveOn?: string | null; centralFundsApproved?: string | null }

/** Stages at which a project has been taken into the central reserve, so `enteredCentralReserveOn` must be known. */
const IN_RESERVE_OR_LATER = [ReserveStage.IN_CENTRAL_RESERVE, ReserveStage.FUNDED, ReserveStage.IN_PROGRESS, ReserveStage.COMPLETED];

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

/** updateReserveProject (ECO): stage, dates and approved funds of a reserve entry. */
export function updateReserveProject(ctx: Context, idArg: string, raw: ReserveProjectUpdate, expectedVersion: number) {
  return runWrite(ctx, 'updateReserveProject', { id: idArg, input: raw, expectedVersion }, async (tx) => {
    const submittedOn = input.date(raw.submittedOn, 'input.submittedOn', { notAfter: ctx.today });
    const entered = input.date(raw.enteredCentralReserveOn, 'input.enteredCentralReserveOn', { notAfter: ctx.today });
    const approved = input.decimal(raw.centralFundsApproved, 'input.centralFundsApproved');
    const project = await tx.load(ReserveProject, idArg, { what: 'reserve project', expectedVersion });
    tx.updating(project, 'ReserveProject', () => project.county.code);
    if (raw.stage) project.stage = raw.stage;
    if (submittedOn) project.submittedOn = submittedOn;
    if (entered) project.enteredCentralReserveOn = entered;
    if (approved !== undefined) project.centralFundsApproved = approved;
    if (IN_RESERVE_OR_LATER.includes(project.stage) && !project.enteredCentralReserveOn) {
      throw badInput('input.enteredCentralReserveOn', `is required once a project is ${project.stage}`);
    }
    if (project.submittedOn && project.enteredCentralReserveOn && project.enteredCentralReserveOn < project.submittedOn) {
      throw badInput('input.enteredCentralReserveOn', 'must not be before submittedOn');
    }
    return project;
  });
}
