import { permitStatusSql } from '../../modules/permit/permit.status';
import { columns, one, TypeFields } from './types';

/** DischargePermit (src/modules/permit/permit.resolver.ts); status from permitStatusSql, the SQL twin of permitStatus. vacatedSite is not compiled. */
export const DISCHARGE_PERMIT: TypeFields = {
  ...columns('id', 'permitNo', 'holderName', 'creditCode', 'industry', 'category', 'issuedOn', 'validUntil', 'endedOn', 'endReason', 'endReasonCategory', 'version'),
  county: one('division', (row, t) => `${t}.code = ${row.col('county_code')}`),
  status: {
    scalar: (row, q) => {
      // permitStatusSql reads `<alias>.stored_status`: give it the row's columns under a name it can prefix
      const expr = permitStatusSql('\u0000', q.today());
      return expr.replace(/\u0000\.(\w+)/g, (_, c: string) => row.col(c));
    },
  },
  keyUnit: one('key_unit', (row, t) => `${t}.id = ${row.col('key_unit_id')}`, true),
};
