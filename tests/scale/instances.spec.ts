import { createApp, App } from '../../src/app';
import { startTestApp, TestApp } from '../helpers/app';

/**
 * Two server instances on one database: a change-feed cursor from one is valid on the other, polling
 * across both while both take writes never misses or repeats a change, and both give the same answers.
 */
let t: TestApp;
let a: App;
let b: App;
let eco: string;
beforeAll(async () => {
  t = await startTestApp();
  a = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, ratePerMinute: 0 } });
  b = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, ratePerMinute: 0 } });
  eco = await t.token('ECO', '141100');
});
afterAll(async () => { await a.stop(); await b.stop(); await t.stop(); });

const gql = async (app: App, query: string, variables?: Record<string, unknown>) =>
  (await fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${eco}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json();

it('polls the change feed across instances under concurrent writes without missing or repeating a change', async () => {
  const written: string[] = [];
  const writer = async (app: App, w: number) => {
    for (let i = 0; i < 25; i++) {
      const r = await gql(app, `mutation($n: String!) { registerPlot(input: { name: $n, countyCode: "141181", source: OTHER }) { id } }`, { n: `实例${w}-${i}` });
      written.push(r.data.registerPlot.id);
    }
  };
  const seen: string[] = [];
  let cursor: string | null = null;
  let polling = true;
  // A safety net against a poller that never ends, by time: a cap on rounds ended the poll before the
  // writers did once reads got fast enough, and the test then reported a missed change that was not.
  const deadline = Date.now() + 50_000;
  const poller = (async () => {
    for (let round = 0; ; round++) {
      // Whether every write had committed before this poll began: only such a poll coming back empty
      // proves the feed is drained. A poll already in flight when the writers finish may hold a snapshot
      // from before the last commit, and its empty answer says nothing (that race once failed CI).
      const afterWriters = !polling;
      const app = round % 2 ? a : b; // alternate instances with the same cursor
      const r = await gql(app, `query($after: String) { changes(after: $after, first: 7) { nodes { entity entityId action } pageInfo { endCursor } } }`, { after: cursor });
      for (const n of r.data.changes.nodes) if (n.entity === 'Plot') seen.push(n.entityId);
      cursor = r.data.changes.pageInfo.endCursor ?? cursor;
      if (afterWriters && r.data.changes.nodes.length === 0) break;
      if (Date.now() > deadline) break;
      // Like a real poller, wait a moment when there is nothing new.
      if (r.data.changes.nodes.length === 0) await new Promise((res) => setTimeout(res, 5));
    }
  })();
  await Promise.all([writer(a, 1), writer(b, 2), writer(a, 3), writer(b, 4)]);
  polling = false;
  await poller;
  expect(seen.length).toBe(100);
  expect(new Set(seen).size).toBe(100);
  expect([...seen].sort()).toEqual([...written].sort());
}, 60_000);

it('gives the same answers from both instances', async () => {
  const q = `{ plots(first: 1000) { totalCount nodes { id version } } changes(first: 1000) { nodes { cursor entityId } } }`;
  expect(await gql(a, q)).toEqual(await gql(b, q));
});
