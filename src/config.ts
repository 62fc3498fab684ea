import path from 'node:path';
import fs from 'node:fs';

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
  maxPageSize: number;
  logLevel: string;
  /** Requests per token per minute, counted across instances in PostgreSQL; 0 turns the limit off. */
  ratePerMinute: number;
  /** Only operations a client registered (client_operation) may run: the production allow-list option. */
  operationAllowList: boolean;
  /**
   * The compiled read path (src/compiler/, docs/compiler.md): queries it handles are answered by one SQL
   * statement; SOILSHARE_COMPILER=off sends every request through the resolvers (for comparison).
   */
  compiler: boolean;
  /** Query limits (QUERY_TOO_COMPLEX). */
  limits: { maxDepth: number; maxAliases: number; maxDirectives: number; maxTokens: number; maxCost: number };
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
    maxPageSize: Number(env.MAX_PAGE_SIZE ?? 1000),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    ratePerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 6000),
    operationAllowList: bool(env.OPERATION_ALLOWLIST, false),
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
