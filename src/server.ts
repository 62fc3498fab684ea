import 'reflect-metadata';
import { createApp } from './app';
import { loadConfig } from './config';
import { demoLoaded, loadDemo } from '../seeds/demo/load';
import { demoTokens } from './demo-tokens';
import { VERSION } from './version';
import { createLogger } from './log';

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

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests and closing the database`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  console.error('[soilshare] failed to start:', e?.message ?? e);
  process.exit(1);
});
