import { dutiesSql, dutyRules } from '../../modules/duty/engine';
import { ObligationKind } from '../../modules/duty/duty.types';
import { permitStatusSql } from '../../modules/permit/permit.status';
import { PermitStatus } from '../../modules/permit/permit.entity';
import { lit } from '../sql';
import { columns, jsonObject, many, one, TypeFields } from './types';

const KIND_ORDER = `array[${Object.values(ObligationKind).map(lit).join(', ')}]::text[]`;

/**
 * KeyUnit's compiled fields (src/modules/keyunit/keyunit.resolver.ts). permits and plots are in the token's
 * scope (the loaders' scope filter), checks and monitoring by the unit's id (row security), obligations from
 * the duty engine's one SQL definition at the request's today, ordered as byKind orders them. `listings` is
 * not compiled.
 */
export const KEY_UNIT: TypeFields = {
  ...columns('id', 'creditCode', 'name', 'industry', 'address', 'listedOn', 'delistedOn', 'status', 'onePlantPolicyOn', 'contactPhone', 'version'),
  county: one('division', (row, t) => `${t}.code = ${row.col('county_code')}`),
  onePlantPolicy: jsonObject('one_plant_policy'),
  inPermitManagement: {
    scalar: (row, q) => {
      const t = q.alias();
      return `exists (select 1 from discharge_permit ${t} where ${t}.key_unit_id = ${row.col('id')} and ${q.county(`${t}.county_code`)} and (${permitStatusSql(t, q.today())}) = '${PermitStatus.VALID}')`;
    },
  },
  permits: many('discharge_permit', (row, t) => `${t}.key_unit_id = ${row.col('id')}`, (t) => `${t}.id`, true),
  hiddenDangerChecks: many('hidden_danger_check', (row, t) => `${t}.key_unit_id = ${row.col('id')}`, (t) => `${t}.completed_on, ${t}.id`),
  monitoringRecords: many('monitoring_record', (row, t) => `${t}.key_unit_id = ${row.col('id')}`, (t) => `${t}.year, ${t}.sampled_on, ${t}.id`),
  plots: many('plot', (row, t) => `${t}.key_unit_id = ${row.col('id')}`, (t) => `${t}.id`, true),
  obligations: {
    object: (row, q, render) => {
      const o = q.alias();
      const duties = dutiesSql({ date: q.today(), keyUnits: `select ${row.col('id')}`, keyUnitPlotDuty: true, rules: dutyRules(q.rules) });
      // byKind (src/modules/duty/engine.ts): the kinds' order, due date (none first), subject ids, detail
      const order = `array_position(${KIND_ORDER}, ${o}.kind), coalesce(${o}.due_on, '') collate "C", coalesce(${o}.key_unit_id, 0), coalesce(${o}.plot_id, 0), coalesce(${o}.detail, '') collate "C"`;
      return `coalesce((select '[' || string_agg(${render({ col: (c) => `${o}.${c}` })}, ',' order by ${order}) || ']' from (${duties}) ${o}), '[]')`;
    },
  },
};

export const OBLIGATION: TypeFields = columns('kind', 'state', 'dueOn', 'detail');

export const HIDDEN_DANGER_CHECK: TypeFields = columns('id', 'completedOn', 'findings', 'hazardsFound', 'rectificationDeadline', 'rectified', 'rectifiedOn');

export const MONITORING_RECORD: TypeFields = columns('id', 'kind', 'year', 'sampledOn', 'exceedsScreening', 'beyondBoundary', 'followUpOn', 'followUpCause', 'followUpMeasures');
