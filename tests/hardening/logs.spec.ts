import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, App } from '../../src/app';
import { createLogger } from '../../src/log';
import { startTestApp, TestApp } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';

/**
 * Structured request logs: who, what, how long, which result — never a token or a phone number. Through the
 * logger the server uses (createLogger: redaction, lines gathered per turn of the event loop), to a file.
 */
let t: TestApp;
let app: App;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soilshare-logs-'));
const logFile = path.join(dir, 'server.log');
const turnEnd = () => new Promise((r) => setImmediate(r));
const lines = () => fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
beforeAll(async () => {
  t = await startTestApp();
  app = await createApp({ config: { databaseUrl: t.dbUrl, port: 0, demo: false }, logger: createLogger('info', logFile) });
});
afterAll(async () => { await app.stop(); await t.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

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
  await turnEnd();

  const req = lines().find((l) => l.requestId === 'req-42');
  expect(req).toMatchObject({ msg: 'request', status: 200, agency: 'ECO', client: '孝义市生态环境分局', operation: 'Register', result: 'OK' });
  expect(typeof req.durationMs).toBe('number');
  expect(lines().some((l) => l.msg === 'request' && l.result === 'BAD_USER_INPUT')).toBe(true);
  const all = fs.readFileSync(logFile, 'utf8');
  expect(all).not.toContain(token);
  expect(all).not.toContain(phone);
});

it('writes the lines of one turn of the event loop together, whole and in order, before the next turn', async () => {
  const file = path.join(dir, 'turn.log');
  const logger = createLogger('info', file);
  for (let i = 0; i < 3; i++) logger.info({ n: i }, 'turn');
  expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').toBe(''); // gathered, not yet written
  await turnEnd();
  const written = fs.readFileSync(file, 'utf8');
  expect(written.endsWith('\n')).toBe(true);
  expect(written.split('\n').filter(Boolean).map((l) => JSON.parse(l).n)).toEqual([0, 1, 2]);
  // pino's logger.flush() writes what is gathered at once (shutdown paths call it).
  logger.info({ n: 3 }, 'turn');
  logger.flush();
  expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
});

it('never writes more than 4,096 bytes at once, and cuts only at line ends (workers share one stdout pipe)', async () => {
  const file = path.join(dir, 'pipe.log');
  const logger = createLogger('info', file);
  const writes: string[] = [];
  const spy = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: string | Buffer) => {
    writes.push(String(data));
    return Buffer.byteLength(data);
  }) as typeof fs.writeSync);
  try {
    for (let i = 0; i < 100; i++) logger.info({ n: i, client: '孝义市生态环境分局'.repeat(10) }, 'request');
    await turnEnd();
  } finally {
    spy.mockRestore();
  }
  expect(writes.length).toBeGreaterThan(1);
  expect(writes.length).toBeLessThan(100);
  for (const w of writes) {
    expect(Buffer.byteLength(w)).toBeLessThanOrEqual(4096);
    expect(w.endsWith('\n')).toBe(true);
  }
  expect(writes.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l).n)).toEqual([...Array(100).keys()]);
});
