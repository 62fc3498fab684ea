import type { Context } from '../../context';
import { allows, type Part } from '../../auth/policy';
import { runWrite, type WriteTx } from '../../db/write';
import { badInput, forbidden } from '../../errors';
import * as input from '../common/input';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import { SolidWasteYard } from '../waste/waste.entity';
import { Inspection, InspectionMethod, InspectionSubjectKind } from './inspection.entity';

/**
 * Which agencies may inspect a kind of subject is a row of the policy table each (src/auth/policy.ts):
 * `recordInspection` needs write on `inspection`, and write on the subject kind's part.
 */
export const SUBJECT_PART: Record<InspectionSubjectKind, Part> = {
  [InspectionSubjectKind.PLOT]: 'inspection.plot',
  [InspectionSubjectKind.KEY_UNIT]: 'inspection.keyUnit',
  [InspectionSubjectKind.SOLID_WASTE_YARD]: 'inspection.solidWasteYard',
};

/** The problems an inspection lists: each a line of text. */
export const MAX_PROBLEMS = 50;
export const MAX_PROBLEM_LENGTH = 500;
export const MAX_FINDINGS = 4000;

export interface InspectionArgs {
  subjectKind: InspectionSubjectKind; subjectId: string; inspectedOn: string; method: InspectionMethod;
  findings?: string | null; problems?: string[] | null;
}

/** The list of problems, each checked on its own (named `problems[i]`). */
export function problemsOf(list: readonly string[] | null | undefined, field = 'problems'): string[] {
  if (list == null) return [];
  if (list.length > MAX_PROBLEMS) throw badInput(field, `at most ${MAX_PROBLEMS} problems`);
  return list.map((p, i) => input.text(p, `${field}[${i}]`, { required: true, max: MAX_PROBLEM_LENGTH })!);
}

/**
 * recordInspection (检查, RULES §10): an inspection of a plot or a key unit by the token's agency. The row takes
 * its subject's county (so a subject outside the token's scope is NOT_FOUND, as everywhere); the subject is
 * not changed. A REMOTE_SENSING inspection is what a verified satellite lead records.
 */
export function recordInspection(ctx: Context, a: InspectionArgs) {
  return runWrite(ctx, 'recordInspection', a, async (tx) => {
    // Each argument's own form first (the id, then the texts), then the dates and how they fit together.
    input.id(a.subjectId, 'input.subjectId');
    const findings = input.text(a.findings, 'input.findings', { max: MAX_FINDINGS });
    const problems = problemsOf(a.problems, 'input.problems');
    const inspectedOn = input.date(a.inspectedOn, 'input.inspectedOn', { required: true, notAfter: ctx.today })!;
    if (!Object.values(InspectionMethod).includes(a.method)) throw badInput('input.method', 'unknown method');
    const inspection = await newInspection(tx, a.subjectKind, a.subjectId, 'input.subjectId', { inspectedOn, method: a.method, findings, problems });
    return inspection;
  });
}

/** A new inspection of `kind`/`subjectId` by the token's agency (its policy part for the kind checked first); tracked for the feed. */
export async function newInspection(
  tx: WriteTx, kind: InspectionSubjectKind, subjectId: string, field: string,
  facts: { inspectedOn: string; method: InspectionMethod; findings?: string; problems: string[] },
): Promise<Inspection> {
  const ctx = tx.ctx;
  if (!Object.values(InspectionSubjectKind).includes(kind)) throw badInput('input.subjectKind', 'unknown subject kind');
  input.id(subjectId, field);
  if (!allows(ctx.policy, SUBJECT_PART[kind], ctx.principal.agency, 'write')) throw forbidden(`${ctx.principal.agency} may not inspect a ${kind.toLowerCase().replace('_', ' ')} (policy part ${SUBJECT_PART[kind]})`);
  const subject: Plot | KeyUnit | SolidWasteYard = kind === InspectionSubjectKind.PLOT
    ? await tx.load(Plot, subjectId, { what: 'plot', field })
    : kind === InspectionSubjectKind.SOLID_WASTE_YARD
      ? await tx.load(SolidWasteYard, subjectId, { what: 'solid-waste yard', field })
      : await tx.load(KeyUnit, subjectId, { what: 'key unit', field });
  if (kind === InspectionSubjectKind.SOLID_WASTE_YARD) {
    // A yard is inspected while it is under supervision: from its registration to its closure.
    const yard = subject as SolidWasteYard;
    if (facts.inspectedOn < yard.registeredOn) throw badInput('inspectedOn', `must not be before the yard was registered (${yard.registeredOn})`);
    if (yard.closedOn && facts.inspectedOn > yard.closedOn) throw badInput('inspectedOn', `the yard was closed on ${yard.closedOn}`);
  }
  const inspection = tx.em.create(Inspection, {
    county: subject.county,
    plot: kind === InspectionSubjectKind.PLOT ? (subject as Plot) : undefined,
    keyUnit: kind === InspectionSubjectKind.KEY_UNIT ? (subject as KeyUnit) : undefined,
    solidWasteYard: kind === InspectionSubjectKind.SOLID_WASTE_YARD ? (subject as SolidWasteYard) : undefined,
    inspectedOn: facts.inspectedOn, method: facts.method, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    findings: facts.findings, problems: facts.problems,
  } as Inspection);
  tx.created(inspection, 'Inspection', () => inspection.county.code);
  return inspection;
}
