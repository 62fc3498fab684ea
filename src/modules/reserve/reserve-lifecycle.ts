import { DomainError, ErrorCode } from '../../errors';
import { ReserveStage as S } from './reserve-project.entity';

/**
 * The reserve project's stages (RULES.md §7) as one literal table: from-stage → the stages it may move to.
 * DRAFT → SUBMITTED → IN_CENTRAL_RESERVE → FUNDED → IN_PROGRESS → COMPLETED; WITHDRAWN from any stage before
 * FUNDED; nothing back (a WITHDRAWN project is not re-opened: a new entry is created). Anything not written
 * here is ILLEGAL_TRANSITION. The same stage again is not a move (see {@link assertReserveTransition}).
 */
export const RESERVE_TRANSITIONS: Readonly<Record<S, readonly S[]>> = {
  [S.DRAFT]: [S.SUBMITTED, S.WITHDRAWN],
  [S.SUBMITTED]: [S.IN_CENTRAL_RESERVE, S.WITHDRAWN],
  [S.IN_CENTRAL_RESERVE]: [S.FUNDED, S.WITHDRAWN],
  [S.FUNDED]: [S.IN_PROGRESS],
  [S.IN_PROGRESS]: [S.COMPLETED],
  [S.COMPLETED]: [],
  [S.WITHDRAWN]: [],
};

/** Stages at which a project has been taken into the central reserve: `enteredCentralReserveOn` and its batch belong only here. */
export const IN_RESERVE_OR_LATER: readonly S[] = [S.IN_CENTRAL_RESERVE, S.FUNDED, S.IN_PROGRESS, S.COMPLETED];

/**
 * Checks one move against the table; throws ILLEGAL_TRANSITION (extensions from, to) for a move it does not
 * have. `from === to` is no move and passes: an update that repeats the current stage changes only the other
 * fields it carries, and records no stage event.
 */
export function assertReserveTransition(from: S, to: S): void {
  if (from === to) return;
  if (!RESERVE_TRANSITIONS[from].includes(to)) {
    const allowed = RESERVE_TRANSITIONS[from];
    throw new DomainError(ErrorCode.ILLEGAL_TRANSITION, `a reserve project cannot move from ${from} to ${to}` + (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (no further moves)'), { from, to });
  }
}
