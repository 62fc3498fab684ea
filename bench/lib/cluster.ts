import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';

export interface ClusterServer { url: string; pid: number; stop: () => Promise<void> }

const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = net.createServer();
  srv.once('error', reject);
  srv.listen(0, '127.0.0.1', () => {
    const port = (srv.address() as net.AddressInfo).port;
    srv.close(() => resolve(port));
  });
});

/**
 * The built server (dist/src/server.js) as its own process with SOILSHARE_WORKERS=`workers`, as deployed
 * (NODE_ENV=production, request logs on, to `log`), the rate limiter counting with a ceiling never reached.
 * Resolves once every worker has booted (the primary's log line).
 */
export async function startCluster(opts: { databaseUrl: string; workers: number; log: string }): Promise<ClusterServer> {
  const port = await freePort();
  const out = fs.openSync(opts.log, 'a');
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/server.js')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: opts.databaseUrl, PORT: String(port), SOILSHARE_DEMO: 'false', SOILSHARE_WORKERS: String(opts.workers), RATE_LIMIT_PER_MINUTE: '1000000000', NODE_ENV: 'production', LOG_LEVEL: 'info' },
    stdio: ['ignore', out, out],
  });
  const started = Date.now();
  const ready = () => fs.readFileSync(opts.log, 'utf8').includes(`${opts.workers} workers serving GraphQL on port ${port}`);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} (see ${opts.log})`);
    if (Date.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error('server did not start in 2 minutes');
    }
    const up = opts.workers > 1 ? ready() : await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.closeSync(out);
    },
  };
}
