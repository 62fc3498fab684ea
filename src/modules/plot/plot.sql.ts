/**
 * The plot rules of RULES.md §1–§2 as SQL expressions, for the set-based readers (duties, reports): a plot's
 * stage, clearance class, target uses and standing triggers as of a date, all read from history so that a
 * past quarter never changes. The same rules for one plot now are in gates.ts (TypeScript), and the gate
 * tests compare the two on every story. Each function takes the plot's alias and the SQL of the date.
 */

import { FINDINGS } from './gates';
import { CLEARED, DIRECTORY, INVESTIGATING as INVESTIGATING_STAGES, PlotStage } from './plot.enums';

/** A list of stages as an SQL list literal (enum values: no input). */
const stageList = (stages: readonly string[]) => `(${stages.map((s) => `'${s}'`).join(', ')})`;
/** The stage groups of plot.enums.ts, for `in` tests in SQL. */
export const CLEARED_STAGES = stageList(CLEARED);
const INVESTIGATING = stageList(INVESTIGATING_STAGES);

/** The latest stage event effective by `d` (a lateral subquery's body; columns to_stage, land_class, effective_on). */
export const lastEventSql = (p: string, d: string) =>
  `select e.to_stage, e.land_class, e.effective_on from stage_event e where e.plot_id = ${p}.id and e.effective_on <= ${d} order by e.effective_on desc, e.id desc limit 1`;

/**
 * The use codes a plot is destined for at `d`: its planned use then and the codes it was supplied for then
 * (RULES.md §3: mixed use; a supply without codes supplied the planned use). A text[] expression.
 */
export const targetUsesSql = (p: string, d: string) => `array_remove(
  (select le.planned_use_code from land_event le where le.plot_id = ${p}.id and le.kind = 'PLAN_USE' and le.planned_use_code is not null and le.decided_on <= ${d} order by le.decided_on desc, le.id desc limit 1)
  || coalesce((select le.supplied_use_codes from land_event le where le.plot_id = ${p}.id and le.kind = 'SUPPLY' and le.decided_on <= ${d} order by le.decided_on desc, le.id desc limit 1), '{}'::text[]), null)`;

/** The GB 36600 class the target uses need at `d`: 'FIRST' if any needs it, 'SECOND' otherwise, null with no target. */
export const neededClassSql = (p: string, d: string) =>
  `(select case when count(*) = 0 then null when bool_or(u.land_class = 'FIRST') then 'FIRST' else 'SECOND' end from land_use u where u.code = any(${targetUsesSql(p, d)}))`;

/** True when a target use at `d` is 一住两公. */
export const sensitiveTargetSql = (p: string, d: string) =>
  `exists (select 1 from land_use u where u.code = any(${targetUsesSql(p, d)}) and u.sensitive)`;

/** True when the plot's current use is 一住两公 (the plans' exemption, which cancels only USE_CHANGE). */
export const currentUseSensitiveSql = (p: string) =>
  `coalesce((select u.sensitive from land_use u where u.code = ${p}.current_use_code), false)`;

/** True when a trigger stood at `d` (USE_CHANGE not on land already in 一住两公 use). `kinds`: only these. */
export const standingTriggerSql = (p: string, d: string, kinds?: string[]) =>
  `exists (select 1 from investigation_trigger t where t.plot_id = ${p}.id and t.arose_on <= ${d}
    ${kinds ? `and t.kind in (${kinds.map((k) => `'${k}'`).join(', ')})` : ''}
    and (t.kind <> 'USE_CHANGE' or not ${currentUseSensitiveSql(p)}))`;

/**
 * Given `ev` (the alias of lastEventSql's row) and the needed class: cleared for the use at that date —
 * stage cleared, and its class (null = SECOND) covers what the target uses need (RULES.md §2).
 */
export const clearedForUseSql = (ev: string, needed: string) =>
  `(${ev}.to_stage in ${CLEARED_STAGES} and (${needed} is distinct from 'FIRST' or coalesce(${ev}.land_class, 'SECOND') = 'FIRST'))`;

/**
 * `investigationRequired` at a date (RULES.md §1; gates.ts), from `ev` (lastEventSql) and the needed class:
 * investigating with a standing trigger, cleared but not for the use's class, or a new finding (gates.ts
 * FINDINGS) after the clearance.
 */
export const investigationRequiredSql = (p: string, d: string, ev: string, needed: string) =>
  `((${ev}.to_stage in ${INVESTIGATING} and ${standingTriggerSql(p, d)})
    or (${ev}.to_stage in ${CLEARED_STAGES} and not ${clearedForUseSql(ev, needed)})
    or (${ev}.to_stage in ${CLEARED_STAGES} and exists (select 1 from investigation_trigger t where t.plot_id = ${p}.id
          and t.kind in (${FINDINGS.map((k) => `'${k}'`).join(', ')}) and t.arose_on > ${ev}.effective_on and t.arose_on <= ${d})))`;

const DIRECTORY_STAGES = stageList(DIRECTORY);

/**
 * Gate 4 at a date (RULES.md §4; gates.ts `gates.construction(…, 'REGULAR')`): a REGULAR construction permit,
 * and so regular works, would be refused — the plot is on the directory (TARGETS_NOT_MET), under risk
 * assessment, or its investigation is required (INVESTIGATION_NOT_COMPLETED). From `ev` (lastEventSql at `d`)
 * and the needed class (neededClassSql at `d`). The remote-sensing import reads plots with it.
 */
export const regularWorksRefusedSql = (p: string, d: string, ev: string, needed: string) =>
  `(${ev}.to_stage in ${DIRECTORY_STAGES} or ${ev}.to_stage = '${PlotStage.UNDER_RISK_ASSESSMENT}' or ${investigationRequiredSql(p, d, ev, needed)})`;
