import 'reflect-metadata';
import { createApp } from './app';
import { loadConfig } from './config';
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
  const logger = createLogger(config.logLevel);
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
}

main().catch((e) => {
  console.error('[soilshare] failed to start:', e?.message ?? e);
  process.exit(1);
});
