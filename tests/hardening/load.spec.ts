import { runLoad } from '../../bench/load';
import { loadDemo } from '../../seeds/demo/load';
import { startTestApp, TestApp } from '../helpers/app';

/** A short version of `npm run load`: all four agencies reading and writing at once, zero unexpected errors. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { ratePerMinute: 0 } });
  await loadDemo(t.app);
}, 120_000);
afterAll(async () => { await t.stop(); });

it('serves a mixed load with no unexpected error', async () => {
  const tokens: Record<string, string> = {};
  for (const a of ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS']) tokens[a] = await t.token(a, '141100');
  const r = await runLoad({ url: t.url, tokens, seconds: 4, concurrency: 6 });
  console.log(`load: ${r.requests} requests, ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, codes ${JSON.stringify(r.byCode)}`);
  expect(r.unexpected).toEqual([]);
  expect(r.requests).toBeGreaterThan(20);
  expect(Object.keys(r.byOperation).length).toBeGreaterThanOrEqual(8);
}, 60_000);
