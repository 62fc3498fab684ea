import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';
import { startEmbedded } from '../../src/db/embedded';

/** The benchmark's own embedded PostgreSQL: never the demo data under .data/pg. */
export const BENCH_PG_DIR = path.join(PROJECT_ROOT, '.data', 'bench-pg');
/** BENCH_PG_PORT moves it when another checkout's bench holds the default. */
export const BENCH_PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54359);

export interface BenchDb { url: string; embedded: boolean; stop: () => Promise<void> }

/** `url` when given; otherwise the embedded PostgreSQL under .data/bench-pg (initialised on first use). */
export async function benchDatabase(url: string | undefined, log: (m: string) => void = () => {}): Promise<BenchDb> {
  if (url) return { url, embedded: false, stop: async () => {} };
  fs.mkdirSync(path.dirname(BENCH_PG_DIR), { recursive: true });
  const pgLog = fs.createWriteStream(path.join(PROJECT_ROOT, '.data', 'bench-postgres.log'), { flags: 'a' });
  const db = await startEmbedded({ dir: BENCH_PG_DIR, port: BENCH_PG_PORT, log: (m) => pgLog.write(m.endsWith('\n') ? m : m + '\n') });
  log(`embedded PostgreSQL for the benchmark on port ${db.port}, data in ${path.relative(PROJECT_ROOT, BENCH_PG_DIR)}`);
  return {
    url: db.url,
    embedded: true,
    stop: async () => {
      await db.stop();
      pgLog.end();
    },
  };
}
