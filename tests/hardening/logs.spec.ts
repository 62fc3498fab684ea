import pino from 'pino';
import { createApp, App } from '../../src/app';
import { startTestApp, TestApp } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';

/** Structured request logs: who, what, how long, which result — never a token or a phone number. */
let t: TestApp;
let app: App;
const lines: any[] = [];
beforeAll(async () => {
  t = await startTestApp();
  const stream = { write: (s: string) => { lines.push(JSON.parse(s)); } };
  app = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false }, logger: pino({ level: 'info' }, stream) });
});
afterAll(async () => { await app.stop(); await t.stop(); });

it('logs one line per request with request id, agency, client, operation, duration and result code', async () => {
  const token = await t.token('ECO', '141181', '孝义市生态环境分局');
  const phone = '13912345678';
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'req-42' },
    body: JSON.stringify({ query: `mutation Register($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id contactPhone } }`, variables: { i: { creditCode: makeCreditCode('91141181MA0LGG001'), name: '示例单位', countyCode: '141181', industry: '化工', listedOn: '2024-01-01', contactPhone: phone } } }),
  });
  expect(res.headers.get('x-request-id')).toBe('req-42');
  expect((await res.json()).data.upsertKeyUnit.contactPhone).toBe(phone);
  const refused = await fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ plot(id: "1") { id } jointDispatchReport(quarter: "2025Q9", divisionCode: "141181") { asOf } }' }) });
  expect(refused.status).toBe(200);
  await new Promise((r) => setTimeout(r, 50));

  const req = lines.find((l) => l.requestId === 'req-42');
  expect(req).toMatchObject({ msg: 'request', status: 200, agency: 'ECO', client: '孝义市生态环境分局', operation: 'Register', result: 'OK' });
  expect(typeof req.durationMs).toBe('number');
  expect(lines.some((l) => l.msg === 'request' && l.result === 'BAD_USER_INPUT')).toBe(true);
  const all = JSON.stringify(lines);
  expect(all).not.toContain(token);
  expect(all).not.toContain(phone);
});
