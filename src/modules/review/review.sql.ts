import type { EntityManager } from '@mikro-orm/postgresql';
import { named } from '../../db/named';
import type { CityRules } from '../../rules/city-rules';
import { dutiesSql, dutyRules } from '../duty/engine';
import { DIRECTORY, INVESTIGATING, PlotStage } from '../plot/plot.enums';
import {
  currentUseSensitiveSql, investigationRequiredSql, lastEventSql, neededClassSql, sensitiveTargetSql, standingTriggerSql, targetUsesSql,
} from '../plot/plot.sql';
import { ViolationKind } from '../violation/violation.entity';

/** The steps of 违规开发利用清零 (Jinzhong plan 12) for a 一住两公 plot: the soil steps in their order, then the land acts. */
export enum ReviewStepKind {
  INVESTIGATION = 'INVESTIGATION', // 土壤污染状况调查
  RISK_ASSESSMENT = 'RISK_ASSESSMENT', // 风险评估
  CONTROL_OR_REMEDIATION = 'CONTROL_OR_REMEDIATION', // 风险管控/修复
  EFFECT_EVALUATION = 'EFFECT_EVALUATION', // 效果评估
  POST_MANAGEMENT = 'POST_MANAGEMENT', // 后期管理
  SUPPLY = 'SUPPLY', // 供地
  CONSTRUCTION_PERMIT = 'CONSTRUCTION_PERMIT', // 施工许可
  CONSTRUCTION_START = 'CONSTRUCTION_START', // 开工
}

/**
 * DONE (with its date); LATE: done after the act it must precede, or not done although that act happened; MISSING:
 * owed now and not done; PENDING: not owed yet (an earlier step decides whether it is needed, or the land act has
 * not happened); NOT_NEEDED: the plot's history makes it unnecessary.
 */
export enum ReviewStepState { DONE = 'DONE', LATE = 'LATE', MISSING = 'MISSING', PENDING = 'PENDING', NOT_NEEDED = 'NOT_NEEDED' }

export interface ReviewStep { step: ReviewStepKind; state: ReviewStepState; date: string | null; detail: string | null }
export interface ReviewPlot { plotId: number; countyCode: string; stage: PlotStage; targetUses: string[]; currentUseSensitive: boolean; steps: ReviewStep[] }

const list = (xs: readonly string[]) => `(${xs.map((x) => `'${x}'`).join(', ')})`;
const eventOn = (where: string) => `(select max(e.effective_on) from stage_event e where e.plot_id = p.id and e.effective_on <= :asOf and ${where})`;
const landOn = (kind: string, agg: 'min' | 'max') => `(select ${agg}(le.decided_on) from land_event le where le.plot_id = p.id and le.kind = '${kind}' and le.decided_on <= :asOf)`;
const violationOn = (kind: ViolationKind) => `(select min(v.detected_on) from violation v where v.plot_id = p.id and v.kind = '${kind}' and v.detected_on <= :asOf)`;

interface Raw {
  plot_id: number; county_code: string; stage: PlotStage; target_uses: string[] | null; current_sensitive: boolean; required: boolean; standing: boolean;
  investigated_on: string | null; ra_on: string | null; ra_entered: boolean; listed: boolean; works_on: string | null; delisted_on: string | null;
  first_act_on: string | null; supply_on: string | null; supply_late_on: string | null; permit_on: string | null; start_on: string | null; start_late_on: string | null;
  pm: { kind: string; state: string; due_on: string | null; detail: string | null }[] | null;
}

/**
 * Every 一住两公 plot of the counties at `asOf` — its planned or supplied use then is 一住两公 (sensitiveTargetSql),
 * or its current use is — with the facts of its steps, in ONE statement, all as of the date from history and through
 * the plot rules' SQL (plot.sql.ts: stage, needed class, investigationRequired, standing triggers), the duty engine
 * (POST_MANAGEMENT duties) and the violations the platform opened (a supply or works before clearance).
 */
export async function zeroViolationReview(em: EntityManager, rules: CityRules, counties: string[], asOf: string): Promise<ReviewPlot[]> {
  if (!counties.length) return [];
  const [sql, values] = named(`with p0 as (
      select p.id from plot p
      where p.county_code = any(array[:counties]::text[])
        and exists (select 1 from stage_event e where e.plot_id = p.id and e.effective_on <= :asOf)
        and (${sensitiveTargetSql('p', ':asOf::date')} or ${currentUseSensitiveSql('p')})),
    pm as (${dutiesSql({ date: ':asOf', plots: 'select id from p0', keyUnitPlotDuty: false, rules: dutyRules(rules) })})
    select p.id as plot_id, p.county_code, ev.to_stage as stage, ${targetUsesSql('p', ':asOf::date')} as target_uses,
      ${currentUseSensitiveSql('p')} as current_sensitive,
      coalesce(${investigationRequiredSql('p', ':asOf::date', 'ev', neededClassSql('p', ':asOf::date'))}, false) as required,
      ${standingTriggerSql('p', ':asOf::date')} as standing,
      -- the investigation's conclusion: the latest move out of the investigating stages
      ${eventOn(`e.from_stage in ${list(INVESTIGATING)} and e.to_stage not in ${list(INVESTIGATING)}`)}::text as investigated_on,
      ${eventOn(`e.from_stage = 'UNDER_RISK_ASSESSMENT'`)}::text as ra_on,
      exists (select 1 from stage_event e where e.plot_id = p.id and e.effective_on <= :asOf and e.to_stage = 'UNDER_RISK_ASSESSMENT') as ra_entered,
      exists (select 1 from stage_event e where e.plot_id = p.id and e.effective_on <= :asOf and e.to_stage = 'LISTED') as listed,
      ${eventOn(`e.to_stage = 'EFFECT_EVALUATION'`)}::text as works_on,
      ${eventOn(`e.to_stage = 'DELISTED'`)}::text as delisted_on,
      -- the first act on the land the soil steps must precede: a supply or the start of works
      (select min(le.decided_on) from land_event le where le.plot_id = p.id and le.kind in ('SUPPLY', 'CONSTRUCTION_STARTED') and le.decided_on <= :asOf)::text as first_act_on,
      ${landOn('SUPPLY', 'max')}::text as supply_on, ${violationOn(ViolationKind.SUPPLY_WITHOUT_INVESTIGATION)}::text as supply_late_on,
      ${landOn('CONSTRUCTION_PERMIT', 'max')}::text as permit_on,
      ${landOn('CONSTRUCTION_STARTED', 'min')}::text as start_on, ${violationOn(ViolationKind.CONSTRUCTION_BEFORE_CLEARANCE)}::text as start_late_on,
      (select json_agg(json_build_object('kind', d.kind, 'state', d.state, 'due_on', d.due_on, 'detail', d.detail) order by d.due_on)
         from pm d where d.plot_id = p.id and d.kind = 'POST_MANAGEMENT') as pm
    from plot p join p0 on p0.id = p.id
    cross join lateral (${lastEventSql('p', ':asOf::date')}) ev
    order by p.county_code, p.plot_code, p.id`, { counties, asOf });
  const rows = await em.execute<Raw[]>(sql, values);
  return rows.map((r) => ({
    plotId: r.plot_id, countyCode: r.county_code, stage: r.stage, targetUses: r.target_uses ?? [], currentUseSensitive: r.current_sensitive, steps: steps(r),
  }));
}

const step = (s: ReviewStepKind, state: ReviewStepState, date: string | null = null, detail: string | null = null): ReviewStep => ({ step: s, state, date, detail });

/** The checklist from one plot's facts: each soil step owed, done, late or not needed; each land act done, late or not yet. */
function steps(r: Raw): ReviewStep[] {
  const { DONE, LATE, MISSING, PENDING, NOT_NEEDED } = ReviewStepState;
  const investigating = INVESTIGATING.includes(r.stage);
  const out: ReviewStep[] = [];
  // 调查: required and not done (late once the land was supplied or works began); done — late when after that act
  if (r.required) out.push(step(ReviewStepKind.INVESTIGATION, r.first_act_on ? LATE : MISSING, null,
    investigating ? 'investigation required and not concluded' : 'not cleared for the land class its use needs, or contamination found since'));
  else if (investigating) out.push(step(ReviewStepKind.INVESTIGATION, NOT_NEEDED, null, r.standing ? null : 'no standing trigger'));
  else out.push(step(ReviewStepKind.INVESTIGATION, r.first_act_on && r.investigated_on && r.investigated_on > r.first_act_on ? LATE : DONE, r.investigated_on));
  const undecided = investigating || r.required;
  // 风险评估: owed once the investigation found the screening values exceeded
  out.push(r.stage === PlotStage.UNDER_RISK_ASSESSMENT ? step(ReviewStepKind.RISK_ASSESSMENT, MISSING, null, 'risk assessment under way')
    : r.ra_entered ? step(ReviewStepKind.RISK_ASSESSMENT, DONE, r.ra_on)
      : step(ReviewStepKind.RISK_ASSESSMENT, undecided ? PENDING : NOT_NEEDED));
  // 管控/修复 and 效果评估: owed once listed
  const openDirectory = DIRECTORY.includes(r.stage);
  const beforeListing = undecided || r.stage === PlotStage.UNDER_RISK_ASSESSMENT;
  if (r.listed) {
    const worksDone = openDirectory && r.stage !== PlotStage.EFFECT_EVALUATION ? null : r.works_on;
    out.push(worksDone ? step(ReviewStepKind.CONTROL_OR_REMEDIATION, DONE, worksDone) : step(ReviewStepKind.CONTROL_OR_REMEDIATION, MISSING, null, `on the directory (${r.stage})`));
    out.push(openDirectory ? step(ReviewStepKind.EFFECT_EVALUATION, MISSING, null, `on the directory (${r.stage})`) : step(ReviewStepKind.EFFECT_EVALUATION, DONE, r.delisted_on));
  } else {
    out.push(step(ReviewStepKind.CONTROL_OR_REMEDIATION, beforeListing ? PENDING : NOT_NEEDED));
    out.push(step(ReviewStepKind.EFFECT_EVALUATION, beforeListing ? PENDING : NOT_NEEDED));
  }
  // 后期管理: the duty engine's POST_MANAGEMENT duties at the date
  const pm = r.pm ?? [];
  const overdue = pm.filter((d) => d.state === 'OVERDUE');
  const noPlan = pm.find((d) => d.due_on == null && d.state !== 'MET');
  if (!pm.length) out.push(step(ReviewStepKind.POST_MANAGEMENT, r.listed && openDirectory ? PENDING : NOT_NEEDED));
  else if (overdue.length) out.push(step(ReviewStepKind.POST_MANAGEMENT, LATE, overdue[0].due_on, overdue.map((d) => d.detail).filter(Boolean).join('; ') || null));
  else if (noPlan) out.push(step(ReviewStepKind.POST_MANAGEMENT, MISSING, null, noPlan.detail));
  else out.push(step(ReviewStepKind.POST_MANAGEMENT, DONE, pm.filter((d) => d.state === 'MET').map((d) => d.due_on).filter(Boolean).pop() ?? null));
  // the land acts: late when the platform flagged them (a violation), else done, else not yet
  out.push(r.supply_late_on ? step(ReviewStepKind.SUPPLY, LATE, r.supply_on, 'supplied before the plot was cleared for its use (SUPPLY_WITHOUT_INVESTIGATION)')
    : step(ReviewStepKind.SUPPLY, r.supply_on ? DONE : PENDING, r.supply_on));
  out.push(step(ReviewStepKind.CONSTRUCTION_PERMIT, r.permit_on ? DONE : PENDING, r.permit_on));
  out.push(r.start_late_on ? step(ReviewStepKind.CONSTRUCTION_START, LATE, r.start_on, 'works started before clearance (CONSTRUCTION_BEFORE_CLEARANCE)')
    : step(ReviewStepKind.CONSTRUCTION_START, r.start_on ? DONE : PENDING, r.start_on));
  return out;
}

