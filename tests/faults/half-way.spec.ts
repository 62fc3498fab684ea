import { startTestApp, TestApp } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';

/** A transaction that fails half-way (a consequence write throws) leaves nothing behind. */
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.stop(); });

const sql = (q: string, p: unknown[] = []) => t.app.orm.em.fork().getConnection().execute(q, p);

it('endPermit whose vacated-site write fails leaves the permit, plots and feeds untouched', async () => {
  const approvals = await t.token('APPROVALS', '141181');
  const code = makeCreditCode('91141181MA0HALF01');
  const issued = await t.gql(approvals, `mutation($i: PermitInput!) { issuePermit(input: $i) { id version } }`, {
    i: { permitNo: `${code}001P`, holderName: '示例焦化厂', creditCode: code, countyCode: '141181', industry: '焦化', category: 'KEY', issuedOn: '2022-01-01', validUntil: '2026-12-31' },
  });
  const { id, version } = issued.data.issuePermit;
  const counts = async () => (await sql(`select (select count(*) from plot)::int as plots, (select count(*) from vacated_site)::int as sites,
    (select count(*) from change_log)::int as feed, (select count(*) from audit_log where outcome = 'OK')::int as audit`))[0];
  const before = await counts();

  // Fault injection in the database: the third write of the transaction (the vacated site) throws.
  await sql(`create function fail_site() returns trigger language plpgsql as $$ begin raise exception 'injected fault'; end $$`);
  await sql(`create trigger fail_site before insert on vacated_site for each row execute function fail_site()`);
  const end = `mutation($id: ID!, $v: Int!) { endPermit(id: $id, how: REVOKE, endedOn: "2024-05-01", reason: "违法排污", expectedVersion: $v) { status } }`;
  const failed = await t.gql(approvals, end, { id, v: version });
  expect(failed.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
  expect(JSON.stringify(failed)).not.toMatch(/injected fault|vacated_site|insert/);

  const permit = await t.gql(approvals, `query($id: ID) { dischargePermit(id: $id) { status endedOn version vacatedSite { id } } }`, { id });
  expect(permit.data.dischargePermit).toEqual({ status: 'VALID', endedOn: null, version, vacatedSite: null });
  expect(await counts()).toEqual(before);

  // The same write succeeds once the fault is gone: all consequences together.
  await sql(`drop trigger fail_site on vacated_site`);
  const ok = await t.gql(approvals, end, { id, v: version });
  expect(ok.data.endPermit.status).toBe('REVOKED');
  const after = await counts();
  expect(after.sites).toBe(before.sites + 1);
  expect(after.plots).toBe(before.plots + 1);
});
