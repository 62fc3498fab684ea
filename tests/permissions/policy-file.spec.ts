import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, App } from '../../src/app';
import { loadPolicy } from '../../src/auth/policy';
import { startTestApp, TestApp } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';

/** A city's own policy file: validated at boot, and in force once loaded (e.g. permits kept with ECO only). */
const write = (content: unknown) => {
  const file = path.join(os.tmpdir(), `policy-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

describe('validation at boot', () => {
  it.each([
    ['an unknown part', { permits: { ECO: 'write' } }, /unknown part "permits"/],
    ['an unknown agency', { permit: { POLICE: 'read' } }, /unknown agency "POLICE"/],
    ['an unknown access', { permit: { ECO: 'admin' } }, /must be none, read or write/],
    ['not JSON', '{ permit: ', /cannot read it as JSON/],
  ])('stops on %s with a message naming it', (_name, content, message) => {
    expect(() => loadPolicy(write(content))).toThrow(message);
  });

  it('refuses to start the server with a bad file', async () => {
    await expect(createApp({ config: { databaseUrl: 'postgres://unused@127.0.0.1:1/x', port: 0, policyFile: write({ nope: {} }) } })).rejects.toThrow(/unknown part "nope"/);
  });
});

describe('an override in force', () => {
  let t: TestApp;
  let app: App;
  beforeAll(async () => {
    t = await startTestApp();
    app = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, policyFile: write({ permit: { APPROVALS: 'read' } }) } });
  });
  afterAll(async () => { await app.stop(); await t.stop(); });

  it('keeps permits with ECO: APPROVALS may read but no longer issue them', async () => {
    const approvals = await t.token('APPROVALS', '141181');
    const code = makeCreditCode('91141181MA0P0L001');
    const ask = (query: string, variables?: unknown) => fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${approvals}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());
    const issue = await ask(`mutation($i: PermitInput!) { issuePermit(input: $i) { id } }`, { i: { permitNo: `${code}001P`, holderName: '示例', creditCode: code, countyCode: '141181', industry: '化工', category: 'KEY', issuedOn: '2025-01-01', validUntil: '2029-12-31' } });
    expect(issue.errors[0].extensions.code).toBe('FORBIDDEN');
    const read = await ask('{ dischargePermits { totalCount } }');
    expect(read.errors).toBeUndefined();
    // The default table still applies on the server started without the file.
    const before = await t.gql(approvals, `mutation($i: PermitInput!) { issuePermit(input: $i) { id } }`, { i: { permitNo: `${code}001P`, holderName: '示例', creditCode: code, countyCode: '141181', industry: '化工', category: 'KEY', issuedOn: '2025-01-01', validUntil: '2029-12-31' } });
    expect(before.errors).toBeUndefined();
  });
});
