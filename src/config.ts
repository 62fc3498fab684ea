import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

/** The project root: the folder holding package.json, whether we run from src/ (tests) or dist/src/ (server). */
export const PROJECT_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
})();

export interface Config {
  /** An external PostgreSQL; when absent the server starts the embedded one under dataDir. */
  databaseUrl?: string;
  replicaUrls: string[];
  port: number;
  dataDir: string;
  embeddedPort: number;
  /** Load the demo data set at boot (default on the embedded database, or with --demo). */
  demo: boolean;
  production: boolean;
  introspection: boolean;
  /** JSON file overriding the default policy table (issue: access control). */
  policyFile?: string;
  /** JSON file of the city rules (RULES.md §9, src/rules/city-rules.ts); absent = the defaults. */
  cityRulesFile?: string;
  /**
   * GeoJSON of county outlines (WGS84/CGCS2000, `properties.code` = the county's division code) that the console's
   * map draws under the plots (src/geo/counties.ts); default seeds/boundaries/counties.geojson when it exists.
   */
  countyBoundariesFile?: string;
  maxPageSize: number;
  logLevel: string;
  /** Requests per token per minute, counted across instances in PostgreSQL; 0 turns the limit off. */
  ratePerMinute: number;
  /**
   * Seconds an instance keeps a token's client (SOILSHARE_PRINCIPAL_CACHE_SECONDS, default 5; 0 = read the row
   * on every request). Revocation and any change of the client reach every instance at once (NOTIFY), expiry
   * is checked on every use: src/auth/principal-cache.ts.
   */
  principalCacheSeconds: number;
  /**
   * Server processes behind the one port (SOILSHARE_WORKERS: a number, or `auto` = one per core; default 1):
   * node's cluster module, src/server.ts.
   */
  workers: number;
  /** Only operations a client registered (client_operation) may run: the production allow-list option. */
  operationAllowList: boolean;
  /** Open WebSocket (subscription) connections per token on one instance; one more is closed with 4429. */
  socketsPerToken: number;
  /**
   * The compiled read path (src/compiler/, docs/compiler.md): queries it handles are answered by one SQL
   * statement; SOILSHARE_COMPILER=off sends every request through the resolvers (for comparison).
   */
  compiler: boolean;
  /** Query limits (QUERY_TOO_COMPLEX). */
  limits: { maxDepth: number; maxAliases: number; maxDirectives: number; maxTokens: number; maxCost: number };
}

/** SOILSHARE_WORKERS: absent or empty = 1, `auto` = one per core the process may use, else a whole number ≥ 1. */
export function workersSetting(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return 1;
  if (v.trim().toLowerCase() === 'auto') return Math.max(1, os.availableParallelism());
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`SOILSHARE_WORKERS must be a whole number from 1 to 64, or auto (got "${v}")`);
  return n;
}

/** Reads the environment and argv once; everything else takes a Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL || undefined;
  const flag = (name: string) => argv.includes(`--${name}`);
  const bool = (v: string | undefined, dflt: boolean) => (v === undefined || v === '' ? dflt : /^(1|true|yes|on)$/i.test(v));
  return {
    databaseUrl,
    replicaUrls: (env.DATABASE_REPLICA_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    port: Number(env.PORT ?? 4000),
    dataDir: path.resolve(PROJECT_ROOT, env.SOILSHARE_DATA_DIR ?? '.data'),
    embeddedPort: Number(env.EMBEDDED_PG_PORT ?? 54329),
    demo: flag('demo') || bool(env.SOILSHARE_DEMO, !databaseUrl),
    production,
    introspection: bool(env.GRAPHQL_INTROSPECTION, !production),
    policyFile: env.SOILSHARE_POLICY_FILE || undefined,
    cityRulesFile: env.SOILSHARE_CITY_RULES || undefined,
    countyBoundariesFile: env.SOILSHARE_COUNTY_BOUNDARIES || undefined,
    maxPageSize: Number(env.MAX_PAGE_SIZE ?? 1000),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    ratePerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 6000),
    operationAllowList: bool(env.OPERATION_ALLOWLIST, false),
    principalCacheSeconds: Number(env.SOILSHARE_PRINCIPAL_CACHE_SECONDS ?? 5),
    workers: workersSetting(env.SOILSHARE_WORKERS),
    socketsPerToken: Number(env.SUBSCRIPTION_SOCKETS_PER_TOKEN ?? 5),
    compiler: bool(env.SOILSHARE_COMPILER, true),
    limits: {
      maxDepth: Number(env.QUERY_MAX_DEPTH ?? 12),
      maxAliases: Number(env.QUERY_MAX_ALIASES ?? 30),
      maxDirectives: Number(env.QUERY_MAX_DIRECTIVES ?? 20),
      maxTokens: Number(env.QUERY_MAX_TOKENS ?? 6000),
      maxCost: Number(env.QUERY_MAX_COST ?? 250_000),
    },
  };
}
