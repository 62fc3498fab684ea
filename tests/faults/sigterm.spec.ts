import { startTestApp, TestApp } from '../helpers/app';
import { buildIfStale, exitOf, startServer } from './server-process';

/**
 * SIGTERM on an idle server drains and exits 0 at once. (It used to end through the 15 s forced exit with
 * code 1: Apollo's own signal handler had stopped Apollo first, and the server's second stop() never returned.)
 * Run as in production (NODE_ENV=production), where Apollo installs that handler.
 */
let t: TestApp;
const port = 45000 + (process.pid % 2000);
beforeAll(async () => {
  buildIfStale();
  t = await startTestApp();
}, 120_000);
afterAll(async () => { await t.stop(); });

it.each(['SIGTERM', 'SIGINT'] as const)('an idle server stops on %s: exit code 0 within 2 s', async (signal) => {
  const child = await startServer(t.dbUrl, port);
  // A kept-alive connection that is idle must not hold the shutdown up either.
  await fetch(`http://127.0.0.1:${port}/healthz`);
  const started = Date.now();
  child.kill(signal);
  const exit = await exitOf(child);
  const ms = Date.now() - started;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(ms).toBeLessThan(2_000);
}, 60_000);
