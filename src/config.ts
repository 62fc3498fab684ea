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
  maxPageSize: number;
  logLevel: string;
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
    maxPageSize: Number(env.MAX_PAGE_SIZE ?? 1000),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
  };
}
