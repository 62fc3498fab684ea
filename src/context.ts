import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from './auth/principal';
import type { ReferenceCache } from './modules/division/division.cache';
import { Loaders } from './loaders';
import type { Config } from './config';
import type { Policy } from './auth/policy';
import type { CityRules } from './rules/city-rules';
import type { ChangeHub } from './modules/changes/change-hub';

/** Everything a resolver may use for one request. */
export interface Context {
  em: EntityManager;
  principal: Principal;
  cache: ReferenceCache;
  loaders: Loaders;
  config: Config;
  policy: Policy;
  /** The city rules in force (RULES.md §9; SOILSHARE_CITY_RULES), loaded at boot. */
  rules: CityRules;
  orm: MikroORM;
  /** Today in Asia/Shanghai, fixed for the whole request so every field agrees. */
  today: string;
  /** The request's Idempotency-Key, marked COMMITTED inside each write transaction. */
  idempotency?: { clientId: number; key: string };
  /** Facts about the request gathered while it runs, for the request log (an object: Apollo shallow-copies the context). */
  meta: { operationName?: string };
  /** The change feed's push side, on a WebSocket connection's context only (src/subscriptions.ts). */
  changeFeed?: ChangeHub;
}

/**
 * A fresh EntityManager per request with the row-scope filter set to the principal's counties: every
 * em.find on a county-bound entity, including the loaders behind nested fields, sees only rows in scope.
 * The EntityManager and the loaders are made on first use: a compiled read (src/compiler) answers with
 * neither. Both stay assignable (inRequestScope swaps in the transaction's EntityManager).
 */
export function createContext(base: { orm: MikroORM; cache: ReferenceCache; config: Config; policy: Policy; rules: CityRules; today: string }, principal: Principal): Context {
  const ctx = { ...base, principal, meta: {} } as Context;
  let em: EntityManager | undefined;
  let loaders: Loaders | undefined;
  Object.defineProperties(ctx, {
    em: {
      enumerable: true,
      get: () => {
        if (!em) {
          em = base.orm.em.fork({ useContext: false });
          em.setFilterParams('scope', principal.scope);
        }
        return em;
      },
      set: (v: EntityManager) => {
        em = v;
      },
    },
    loaders: {
      enumerable: true,
      get: () => (loaders ??= new Loaders(ctx)),
      set: (v: Loaders) => {
        loaders = v;
      },
    },
  });
  return ctx;
}
