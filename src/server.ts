import 'reflect-metadata';
import cluster, { Worker } from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from './app';
import { Config, loadConfig } from './config';
import { startEmbedded, EmbeddedDb } from './db/embedded';
import { demoLoaded, loadDemo } from '../seeds/demo/load';
import { demoTokens } from './demo-tokens';
import { VERSION } from './version';
import { createLogger, safeError } from './log';

/** `npm start`: listen, load the demo on the embedded default (or with --demo), and shut down cleanly. */
async function main() {
  if (process.argv.includes('--version')) {
    console.log(`soilshare ${VERSION}`);
    return;
  }
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) return primary(config);
  // A worker's log lines say which worker wrote them.
  const logger = cluster.isWorker ? createLogger(config.logLevel).child({ worker: cluster.worker!.id }) : createLogger(config.logLevel);
  const log = (m: string) => logger.info(m);
  const app = await createApp({ config, logger });
  if (config.demo) {
    if (await demoLoaded(app)) log('demo data already loaded');
    else {
      const t = Date.now();
      const n = await loadDemo(app);
      log(`demo data loaded: ${n} steps in ${Date.now() - t} ms`);
    }
    const tokens = await demoTokens(app);
    log('demo tokens (province scope 140000), send as  Authorization: Bearer <token>');
    for (const [agency, token] of Object.entries(tokens)) console.log(`  ${agency.padEnd(18)} ${token}`);
  }
  log(`GraphQL at ${app.url.replace('localhost', 'localhost')}`);

  // The server owns its shutdown order, so its handler is the only one. Apollo (outside NODE_ENV=test) and
  // the embedded PostgreSQL's exit hook install their own: Apollo's stops Apollo and re-raises the signal,
  // after which our apollo.stop() never resolved (Apollo 5 does not release the barrier a second stop()
  // waits on) and every SIGTERM ended by the forced exit below with code 1; the exit hook exits 143 before
  // the requests in flight are answered.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.removeAllListeners(signal);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    log(`${signal}: finishing in-flight requests and closing the database`);
    // Only a shutdown that hangs (a request that never ends) gets here: exit 1, so that it is noticed.
    const force = setTimeout(() => {
      logger.error(`${signal}: shutdown did not finish in 15 s, exiting`);
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await app.stop();
    } catch (e) {
      logger.error({ err: safeError(e) }, `${signal}: shutdown failed`);
      process.exit(1);
    }
    log(`${signal}: stopped in ${Date.now() - started} ms`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Under the cluster: the primary starts the next worker once this one has booted (migrations, demo).
  if (cluster.isWorker) process.send?.({ soilshare: 'ready' });
}

/**
 * SOILSHARE_WORKERS > 1: this process is the cluster's primary. It owns the embedded PostgreSQL (when there
 * is no DATABASE_URL) and the port; the workers are whole servers (src/app.ts) on that database, and node's
 * cluster module hands each new connection to the next worker in turn. Workers boot one after another, so
 * migrations, reference data and the demo are applied once, by the first, before the next connects. A
 * worker that dies is replaced. SIGTERM/SIGINT: each worker finishes its requests in flight and closes (as a
 * single server does), then the primary stops the database and exits 0 (1 if a worker did not stop cleanly).
 * Workers are instances like any other: the change feed, the rate limiter (PostgreSQL) and the principal
 * caches (NOTIFY) work across them as across machines.
 */
async function primary(config: Config) {
  const logger = createLogger(config.logLevel).child({ role: 'primary' });
  let embedded: EmbeddedDb | undefined;
  let url = config.databaseUrl;
  if (!url) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const pgLog = fs.createWriteStream(path.join(config.dataDir, 'postgres.log'), { flags: 'a' });
    embedded = await startEmbedded({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPort, log: (m) => pgLog.write(m.endsWith('\n') ? m : m + '\n') });
    url = embedded.url;
    logger.info({ port: embedded.port }, 'embedded PostgreSQL started');
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.removeAllListeners(signal);
  let stopping = false;
  let failed = false;
  // The first worker loads the demo when this server would (SOILSHARE_DEMO or --demo); the others never.
  cluster.setupPrimary({ args: process.argv.slice(2).filter((a) => a !== '--demo') });
  const env = (first: boolean) => ({ DATABASE_URL: url!, SOILSHARE_DEMO: first && config.demo ? 'true' : 'false' });
  const start = (first: boolean) =>
    new Promise<Worker>((resolve, reject) => {
      const w = cluster.fork(env(first));
      const onExit = (code: number | null) => reject(new Error(`worker exited with ${code} while starting`));
      w.once('exit', onExit);
      w.on('message', (m: { soilshare?: string }) => {
        if (m?.soilshare !== 'ready') return;
        w.removeListener('exit', onExit);
        resolve(w);
      });
    });
  const watch = (w: Worker) =>
    w.once('exit', (code, signal) => {
      if (stopping) {
        if (code !== 0) failed = true;
        return;
      }
      logger.error({ worker: w.id, code, signal }, 'worker died; starting another');
      start(false).then(watch, (e) => logger.error({ err: safeError(e) }, 'could not replace a worker'));
    });
  try {
    for (let i = 0; i < config.workers; i++) watch(await start(i === 0));
  } catch (e) {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
    if (embedded) await embedded.stop().catch(() => undefined);
    throw e;
  }
  logger.info({ workers: config.workers, port: config.port }, `${config.workers} workers serving GraphQL on port ${config.port}`);

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    const force = setTimeout(() => {
      logger.error(`${signal}: workers did not stop in 20 s, exiting`);
      process.exit(1);
    }, 20_000);
    force.unref();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      if (w.isDead()) return resolve();
      w.once('exit', () => resolve());
      w.process.kill('SIGTERM');
    })));
    if (embedded) await embedded.stop().catch((e) => { failed = true; logger.error({ err: safeError(e) }, 'embedded PostgreSQL did not stop'); });
    logger.info(`${signal}: stopped in ${Date.now() - started} ms`);
    process.exit(failed ? 1 : 0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  console.error('[soilshare] failed to start:', e?.message ?? e);
  process.exit(1);
});
