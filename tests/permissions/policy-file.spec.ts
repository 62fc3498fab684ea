import { createApp, App } from '../../src/app';
import { loadPolicy } from '../../src/auth/policy';
import { startTestApp, TestApp } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';
import { guardingParts } from '../../src/auth/permissions';
import { buildAppSchema } from '../../src/graphql/schema';
import { tempJsonWriter } from '../helpers/temp-json';

/** A city's own policy file: validated at boot, and in force once loaded (e.g. permits kept with ECO only). */
const write = tempJsonWriter('policy');

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

describe('fields checked once on the way in (src/auth/permissions.ts guardingParts)', () => {
  it('guards a type only when every way to it checks the same part for reading', () => {
    const guard = guardingParts(buildAppSchema());
    expect(guard.get('StageEvent')).toBe('plot.environment'); // only under Plot.stageHistory
    expect(guard.get('ReserveTrackerRow')).toBe('reserve');
    expect(guard.get('Plot')).toBeNull(); // reached under several parts, and as mutation answers
    expect(guard.get('DischargePermit')).toBeNull(); // a mutation's answer: write does not imply read
    expect(guard.has('Query')).toBe(false);
  });

  let t: TestApp;
  let app: App;
  beforeAll(async () => {
    t = await startTestApp();
    app = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false, policyFile: write({ 'plot.environment': { HOUSING: 'none' } }) } });
  });
  afterAll(async () => { await app.stop(); await t.stop(); });

  it('a part taken from an agency is refused where the way in checks it, so the unchecked fields below are never reached', async () => {
    const eco = await t.token('ECO', '141181');
    const housing = await t.token('HOUSING', '141181');
    const ask = (token: string, query: string) => fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then((r) => r.json());
    const made = await ask(eco, `mutation { registerPlot(input: { name: "历史检查地块", countyCode: "141181", source: OTHER }) { id } }`);
    expect(made.errors).toBeUndefined();
    const refused = await ask(housing, `{ plots { nodes { name stageHistory { to effectiveOn } } } }`);
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.errors[0].path).toEqual(['plots', 'nodes', 0, 'stageHistory']);
    const names = await ask(housing, `{ plots { nodes { name } } }`);
    expect(names.data.plots.nodes).toEqual([{ name: '历史检查地块' }]);
    const history = await ask(eco, `{ plots { nodes { stageHistory { to } } } }`);
    expect(history.data.plots.nodes).toEqual([{ stageHistory: [{ to: 'SUSPECTED' }] }]);
  });
});
