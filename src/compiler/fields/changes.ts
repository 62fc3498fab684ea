import { deniedChangeFields } from '../../modules/changes/feed';
import { cursorSql, lit } from '../sql';
import { columns, TypeFields } from './types';

/**
 * Change (src/modules/changes/changes.resolver.ts): `fields` without the names the agency may not read, as
 * deniedChangeFields lists them for the plan's agency (a literal: plans are per agency).
 */
export const CHANGE: TypeFields = {
  ...columns('at', 'agency', 'entity', 'action'),
  cursor: { scalar: (row) => cursorSql(row.col('id')) },
  clientName: { scalar: (row) => row.col('client_name') },
  entityId: { scalar: (row) => row.col('entity_id') },
  fields: {
    raw: (row, q) => `coalesce((select '[' || string_agg(to_json(f)::text, ',' order by i) || ']' from unnest(${row.col('fields')}) with ordinality u(f, i)
      where ${row.col('entity')} || '.' || f <> all(array[${deniedChangeFields(q.policy, q.agency).map(lit).join(', ')}]::text[])), '[]')`,
  },
};
