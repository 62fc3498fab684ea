import path from 'node:path';
import { Client } from 'pg';
import { createApp, App } from '../../src/app';
import { issueToken } from '../../src/auth/tokens';
import { PROJECT_ROOT } from '../../src/config';
import { makeCreditCode } from '../../src/validation/uscc';
import { freePort, PgProcess } from '../helpers/pg-process';

/** Read replicas: a real streaming replica of the primary serves reports; mutations read their own write from the primary. */
let primary: PgProcess;
let replica: PgProcess;
let app: App;
let eco: string;

async function sql(url: string, q: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try { return (await c.query(q)).rows; } finally { await c.end(); }
}

beforeAll(async () => {
  primary = new PgProcess(path.join(PROJECT_ROOT, '.data', `primary-pg-${process.pid}`), await freePort());
  await primary.init();
  await primary.start();
  await sql(primary.url, 'create database soilshare');
  // Migrations and reference data on the primary first; the replica is a copy of it.
  const setup = await createApp({ config: { databaseUrl: primary.urlOf('soilshare'), port: 0, demo: false } });
  eco = (await issueToken(setup.orm.em.fork(), { agency: 'ECO', divisionCode: '141100', name: 'replica test' })).token;
  await setup.stop();
  replica = await primary.replica(path.join(PROJECT_ROOT, '.data', `replica-pg-${process.pid}`), await freePort());
  app = await createApp({ config: { databaseUrl: primary.urlOf('soilshare'), replicaUrls: [replica.urlOf('soilshare')], port: 0, demo: false } });
}, 120_000);
afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await replica?.destroy();
  await primary?.destroy();
});

const gql = async (query: string, variables?: Record<string, unknown>) =>
  (await fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${eco}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json();
const keyUnitsInReport = async () => (await gql(`{ jointDispatchReport(quarter: "2025Q4", divisionCode: "141181") { total { keyUnits } } }`)).data.jointDispatchReport.total.keyUnits;

it('serves the report from the replica, and a mutation its own write from the primary', async () => {
  expect(await sql(replica.urlOf('soilshare'), 'select pg_is_in_recovery() as r')).toEqual([{ r: true }]);
  expect(await keyUnitsInReport()).toBe(0);

  // Hold the replica still, then write on the primary.
  await sql(replica.urlOf('soilshare'), 'select pg_wal_replay_pause()');
  const code = makeCreditCode('91141181MA0REP001');
  const written = await gql(`mutation($c: String!) { upsertKeyUnit(input: { creditCode: $c, name: "副本测试单位", countyCode: "141181", industry: "焦化", listedOn: "2025-01-01" }) { id name county { code } hiddenDangerChecks { id } } }`, { c: code });
  expect(written.data.upsertKeyUnit).toMatchObject({ name: '副本测试单位', county: { code: '141181' }, hiddenDangerChecks: [] });
  expect((await sql(primary.urlOf('soilshare'), `select count(*)::int as n from key_unit`))[0].n).toBe(1);

  // The report is answered by the paused replica: it does not have the new unit yet.
  expect(await keyUnitsInReport()).toBe(0);

  // Replay resumes: the replica catches up and the report shows it.
  await sql(replica.urlOf('soilshare'), 'select pg_wal_replay_resume()');
  let n = 0;
  for (let i = 0; i < 100 && n === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    n = await keyUnitsInReport();
  }
  expect(n).toBe(1);
}, 60_000);
