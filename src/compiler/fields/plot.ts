import { columns, jsonObject, many, one, Row, TypeFields } from './types';
import { SENTINEL } from '../sql';

/**
 * Plot's compiled fields (src/modules/plot/plot.resolver.ts): its columns, county, key unit (in scope, as the
 * loader's scope filter reads it), the uses, the centroid and the stage history. The rules' fields
 * (investigationRequired, clearance, clearedFor, triggers, supply), violations, reserve projects, duties and
 * filings are not compiled: a selection with any of them runs on the resolvers.
 */
export const PLOT: TypeFields = {
  ...columns('id', 'plotCode', 'name', 'address', 'areaM2', 'industry', 'formerEnterprise', 'formerCreditCode', 'source', 'stage',
    'landStatus', 'supplyPlanYear', 'constructionPermitNo', 'constructionStartedOn', 'version'),
  county: one('division', (row, t) => `${t}.code = ${row.col('county_code')}`),
  keyUnit: one('key_unit', (row, t) => `${t}.id = ${row.col('key_unit_id')}`, true),
  currentUse: one('land_use', (row, t) => `${t}.code = ${row.col('current_use_code')}`),
  plannedUse: one('land_use', (row, t) => `${t}.code = ${row.col('planned_use_code')}`),
  // Point: both coordinates, or null (PlotResolver.centroid)
  centroid: {
    object: (row, _q, render, nonNull) => {
      const point: Row = { col: (c) => row.col(c === 'lon' ? 'centroid_lon' : c === 'lat' ? 'centroid_lat' : `no_such_column_${c}`) };
      return `case when ${row.col('centroid_lon')} is not null and ${row.col('centroid_lat')} is not null then ${render(point)} else ${nonNull ? SENTINEL : `'null'`} end`;
    },
  },
  // Loaders.stageHistory: by plot, effective_on then id (row security keeps it to the plot's scope)
  stageHistory: many('stage_event', (row, t) => `${t}.plot_id = ${row.col('id')}`, (t) => `${t}.effective_on, ${t}.id`),
};

export const POINT: TypeFields = columns('lon', 'lat');

export const STAGE_EVENT: TypeFields = {
  from: { scalar: (row) => row.col('from_stage') },
  to: { scalar: (row) => row.col('to_stage') },
  ...columns('effectiveOn', 'recordedAt', 'agency', 'landClass'),
  evidence: jsonObject('evidence'),
};

/** DocumentRef, from a JSON object's keys; issuedOn is rendered as the string it holds (DateScalar.serialize is String(v)). */
export const DOCUMENT: TypeFields = {
  documentNo: { scalar: (row) => row.col('documentNo') }, title: { scalar: (row) => row.col('title') }, issuedBy: { scalar: (row) => row.col('issuedBy') },
  issuedOn: { scalar: (row) => row.col('issuedOn'), as: 'String' },
};
