import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput, forbidden, notFound } from '../../errors';
import * as input from '../common/input';
import { Agency } from '../client/agency';
import { DivisionLevel } from '../division/division.entity';
import { EnforcementCase } from '../case/case.entity';
import { Lead } from '../lead/lead.entity';
import { JointMeeting } from './joint-meeting.entity';

export const MAX_DECISIONS = 100;
export const MAX_DECISION_LENGTH = 2000;
export const MAX_ITEMS = 500;

export interface JointMeetingArgs {
  divisionCode: string; heldOn: string; title: string; minutesNo?: string | null; agencies: Agency[];
  leadIds?: string[] | null; caseIds?: string[] | null; decisions?: string[] | null;
}

/** A list of ids, each checked (`field[i]`). */
function idsOf(ids: readonly string[] | null | undefined, field: string): number[] {
  if (ids == null) return [];
  if (ids.length > MAX_ITEMS) throw badInput(field, `at most ${MAX_ITEMS}`);
  return ids.map((id, i) => input.id(id, `${field}[${i}]`));
}

/** The rows of one kind named in a list, each in scope and under the meeting's division. */
async function rowsNamed<T extends { id: number; county: { code: string } }>(em: Context['em'], entity: new () => T, numbers: number[], field: string, counties: Set<string>, what: string): Promise<number[]> {
  const rows = numbers.length ? await em.find(entity as never, { id: { $in: numbers } } as never) as T[] : [];
  const found = new Map(rows.map((r) => [r.id, r]));
  numbers.forEach((n, i) => {
    const r = found.get(n);
    if (!r) throw notFound(`${what} ${n} (${field}[${i}])`);
    if (!counties.has(r.county.code)) throw badInput(`${field}[${i}]`, `${what} ${n} is not in the meeting's division`);
  });
  return [...new Set(numbers)];
}

/**
 * recordJointMeeting (联席会议, ECO convenes): a county's or the city's meeting, its date, the agencies present,
 * the leads reported and cases discussed (rows in the token's scope, in the meeting's division) and the
 * decisions (决定事项). The division must be a county or city in the token's scope.
 */
export function recordJointMeeting(ctx: Context, a: JointMeetingArgs) {
  return runWrite(ctx, 'recordJointMeeting', a, async (tx) => {
    // Each argument's own form first (texts, the ids listed, the decisions), then the division and the rows.
    const title = input.text(a.title, 'input.title', { required: true })!;
    const minutesNo = input.text(a.minutesNo, 'input.minutesNo');
    const leadNumbers = idsOf(a.leadIds, 'input.leadIds');
    const caseNumbers = idsOf(a.caseIds, 'input.caseIds');
    const decisions = a.decisions ?? [];
    if (decisions.length > MAX_DECISIONS) throw badInput('input.decisions', `at most ${MAX_DECISIONS} decisions`);
    const decisionTexts = decisions.map((t, i) => input.text(t, `input.decisions[${i}]`, { required: true, max: MAX_DECISION_LENGTH })!);
    const d = ctx.cache.divisions.get(String(a.divisionCode ?? '').trim());
    if (!d) throw badInput('input.divisionCode', `unknown division code "${String(a.divisionCode).slice(0, 12)}"`);
    if (d.level !== DivisionLevel.COUNTY && d.level !== DivisionLevel.CITY) throw badInput('input.divisionCode', `${d.code} ${d.name} is neither a county nor a city`);
    const heldOn = input.date(a.heldOn, 'input.heldOn', { required: true, notAfter: ctx.today })!;
    if (!Array.isArray(a.agencies) || !a.agencies.length) throw badInput('input.agencies', 'name at least one agency present');
    a.agencies.forEach((x, i) => { if (!Object.values(Agency).includes(x)) throw badInput(`input.agencies[${i}]`, 'unknown agency'); });
    if (!ctx.principal.scope.all && !ctx.principal.scope.divisions.includes(d.code)) throw forbidden(`recording a meeting of ${d.code} ${d.name}, outside this token's scope`);
    const counties = new Set(ctx.cache.countiesUnder(d.code));
    const leadIds = await rowsNamed(tx.em, Lead, leadNumbers, 'input.leadIds', counties, 'lead');
    const caseIds = await rowsNamed(tx.em, EnforcementCase, caseNumbers, 'input.caseIds', counties, 'case');
    const m = tx.em.create(JointMeeting, {
      division: d.code, heldOn, title, minutesNo, agencies: [...new Set(a.agencies)], leadIds, caseIds, decisions: decisionTexts,
      agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as never) as JointMeeting;
    // A county's meeting is that county's in the feed; a city's has no single county.
    tx.created(m, 'JointMeeting', () => (d.level === DivisionLevel.COUNTY ? d.code : null));
    return m;
  });
}
