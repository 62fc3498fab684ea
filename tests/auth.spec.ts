import { startTestApp, TestApp } from './helpers/app';
import { revokeToken, issueToken } from '../src/auth/tokens';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.stop(); });

describe('tokens', () => {
  it('answers `me` for a valid token', async () => {
    const token = await t.token('ECO', '141181', '孝义市生态环境分局');
    const r = await t.gql(token, '{ me { clientName agency division { code name level parent { code } } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.me).toEqual({ clientName: '孝义市生态环境分局', agency: 'ECO', division: { code: '141181', name: '孝义市', level: 'COUNTY', parent: { code: '141100' } } });
  });

  it.each([
    ['no header', null, {}],
    ['a bad token', 'ss_not-a-token', {}],
    ['a malformed header', null, { authorization: 'Basic abc' }],
  ])('refuses %s with UNAUTHENTICATED (HTTP 401)', async (_name, token, headers) => {
    const r = await t.gql(token, '{ me { agency } }', undefined, headers as Record<string, string>);
    expect(r.status).toBe(401);
    expect(r.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(r.data).toBeUndefined();
  });

  it('refuses a revoked token', async () => {
    const { id, token } = await issueToken(t.app.orm.em.fork(), { agency: 'HOUSING', divisionCode: '140702', name: 'x' });
    expect((await t.gql(token, '{ me { agency } }')).data.me.agency).toBe('HOUSING');
    await revokeToken(t.app.orm.em.fork(), id);
    expect((await t.gql(token, '{ me { agency } }')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const { token } = await issueToken(t.app.orm.em.fork(), { agency: 'ECO', divisionCode: '140702', name: 'x', expiresAt: new Date(Date.now() - 1000) });
    expect((await t.gql(token, '{ me { agency } }')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('stores only the hash of a token', async () => {
    const { token } = await issueToken(t.app.orm.em.fork(), { agency: 'ECO', divisionCode: '140702', name: 'hash check' });
    const rows = await t.app.orm.em.fork().getConnection().execute(`select token_hash from api_client where name = 'hash check'`);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(token);
  });
});

describe('reference data', () => {
  it('serves divisions and land uses', async () => {
    const token = await t.token('APPROVALS', '140700');
    const r = await t.gql(token, '{ top: divisions { code } jz: divisions(parentCode: "140700") { code name level } landUses { code sensitive } }');
    expect(r.data.top).toEqual([{ code: '140000' }]);
    expect(r.data.jz).toHaveLength(11);
    expect(r.data.jz[1]).toEqual({ code: '140703', name: '太谷区', level: 'COUNTY' });
    const lu = Object.fromEntries(r.data.landUses.map((l: any) => [l.code, l.sensitive]));
    expect(lu).toMatchObject({ '0701': true, '0803': true, '0601': false, '0809': false, '0810': false });
  });
});
