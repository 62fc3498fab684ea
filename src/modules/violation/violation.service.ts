import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import * as input from '../common/input';
import { Violation } from './violation.entity';

/** rectifyViolation (ECO): closes a violation; the goal is zero open (动态清零). */
export function rectifyViolation(ctx: Context, a: { id: string; rectifiedOn: string; note: string }) {
  return runWrite(ctx, 'rectifyViolation', a, async (tx) => {
    const on = input.date(a.rectifiedOn, 'rectifiedOn', { required: true, notAfter: ctx.today })!;
    // A text column: this is the only bound on its size.
    const note = input.text(a.note, 'note', { required: true, max: 4000 })!;
    const v = await tx.load(Violation, a.id, { what: 'violation' });
    if (v.rectifiedOn) throw badInput('id', `the violation was already rectified on ${v.rectifiedOn}`);
    if (on < v.detectedOn) throw badInput('rectifiedOn', `must not be before the violation was detected (${v.detectedOn})`);
    tx.updating(v, 'Violation', () => v.county.code);
    v.rectifiedOn = on;
    v.note = v.note ? `${v.note}\n${note}` : note;
    return v;
  });
}
