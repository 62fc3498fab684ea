import { Filter } from '@mikro-orm/core';

/** Parameters of the `scope` filter: the county codes a principal may see, or every row for the platform itself. */
export type ScopeParams = { all: true } | { all?: false; counties: string[] };

/**
 * Row scope by division (BRIEF.md "Who may do what"). Enabled by default on every entity that belongs to a
 * county, so a query from an EntityManager without scope parameters throws instead of leaking: fail closed.
 * The request context sets the principal's counties; boot, seeds and CLIs set { all: true } explicitly.
 */
export const CountyScope = (countyPath = 'county') =>
  Filter({
    name: 'scope',
    default: true,
    cond: (args: ScopeParams) => (args.all ? {} : { [countyPath]: { $in: args.counties } }),
  });
