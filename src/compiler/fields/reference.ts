import { columns, one, TypeFields } from './types';

/** Division and LandUse: reference rows (not county-bound); the resolvers read them from the boot cache of the same tables. */
export const DIVISION: TypeFields = {
  ...columns('code', 'name', 'level'),
  parent: one('division', (row, t) => `${t}.code = ${row.col('parent_code')}`),
};

export const LAND_USE: TypeFields = columns('code', 'name', 'sensitive', 'landClass');

/** PageInfo is built by the connection (compile.ts), not from a row. */
