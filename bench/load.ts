/**
 * `npm run load [-- --seconds 30 --concurrency 8]`: a mix of reads and writes from all four agencies on
 * loopback for a bounded time, against the demo data (its own embedded database under .data/load-pg).
 * Prints requests, errors by code and latency percentiles. The suite runs a short version (tests/hardening/load.spec.ts).
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import path from 'node:path';
import { makeCreditCode } from '../src/validation/uscc';

export interface LoadOptions { url: string; tokens: Record<string, string>; seconds: number; concurrency: number; maxRequests?: number }
export interface LoadResult { requests: number; byOperation: Record<string, number>; byCode: Record<string, number>; unexpected: { op: string; code: string; message: string }[]; p50: number; p95: number; p99: number; rps: number }

/** Codes an agency system must expect under contention; anything else counts as unexpected. */
const EXPECTED = new Set(['OK', 'CONFLICT', 'ILLEGAL_TRANSITION', 'PLOT_IN_DIRECTORY', 'INVESTIGATION_NOT_COMPLETED', 'TARGETS_NOT_MET', 'RESTRICTED_USE', 'RATE_LIMITED']);

type Op = { name: string; agency: string; run: (gql: Gql) => Promise<string> };
type Gql = (agency: string, query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; code: string; message?: string }>;

let serial = 0;
const rnd = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

const OPS: Op[] = [
  { name: 'plots page', agency: 'NATURAL_RESOURCES', run: async (g) => (await g('NATURAL_RESOURCES', `{ plots(first: 50) { totalCount nodes { plotCode stage keyUnit { name } stageHistory { to effectiveOn } } } }`)).code },
  { name: 'key units', agency: 'ECO', run: async (g) => (await g('ECO', `{ keyUnits(first: 20) { nodes { name contactPhone permits { permitNo status } obligations { kind state } } } }`)).code },
  { name: 'joint dispatch', agency: 'ECO', run: async (g) => (await g('ECO', `{ jointDispatchReport(quarter: "2025Q3", divisionCode: "141100") { total { keyUnits safeUseRate } } }`)).code },
  { name: 'changes', agency: 'HOUSING', run: async (g) => (await g('HOUSING', `{ changes(first: 100) { nodes { entity action fields } } }`)).code },
  { name: 'geojson', agency: 'APPROVALS', run: async (g) => (await g('APPROVALS', `{ plotsGeoJSON(filter: { divisionCode: "141181" }) }`)).code },
  {
    name: 'hidden-danger check', agency: 'ECO', run: async (g) => {
      const units = (await g('ECO', `{ keyUnits(first: 50) { nodes { id } } }`)).data?.keyUnits.nodes ?? [];
      if (!units.length) return 'OK';
      return (await g('ECO', `mutation($k: ID!) { recordHiddenDangerCheck(keyUnitId: $k, completedOn: "2025-06-01", rectified: true) { id } }`, { k: (rnd(units) as { id: string }).id })).code;
    },
  },
  {
    name: 'plan land use', agency: 'NATURAL_RESOURCES', run: async (g) => {
      const plots = (await g('NATURAL_RESOURCES', `{ plots(first: 100) { nodes { id version } } }`)).data?.plots.nodes ?? [];
      if (!plots.length) return 'OK';
      const p = rnd(plots) as { id: string; version: number };
      return (await g('NATURAL_RESOURCES', `mutation($p: ID!, $v: Int!) { planLandUse(plotId: $p, plannedUseCode: "0601", decidedOn: "2025-12-01", expectedVersion: $v) { id } }`, { p: p.id, v: p.version })).code;
    },
  },
  {
    name: 'discovered contamination', agency: 'HOUSING', run: async (g) =>
      (await g('HOUSING', `mutation($n: String!) { reportDiscoveredContamination(input: { name: $n, countyCode: "141181", source: DISCOVERED, identifiedOn: "2025-06-01" }, note: "施工中发现异味") { id } }`, { n: `负载测试地块${++serial}` })).code,
  },
  {
    name: 'issue permit', agency: 'APPROVALS', run: async (g) => {
      const code = makeCreditCode(`91141181${crypto.randomBytes(6).toString('hex').toUpperCase().replace(/[IOSVZ]/g, '0').slice(0, 9)}`);
      return (await g('APPROVALS', `mutation($i: PermitInput!) { issuePermit(input: $i) { id } }`, { i: { permitNo: `${code}001P`, holderName: '负载测试企业', creditCode: code, countyCode: '141181', industry: '化工', category: 'SIMPLIFIED', issuedOn: '2025-01-01', validUntil: '2029-12-31' } })).code;
    },
  },
];

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const gql: Gql = async (agency, query, variables) => {
    try {
      const res = await fetch(o.url, { method: 'POST', headers: { authorization: `Bearer ${o.tokens[agency]}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
      const e = body.errors?.[0];
      return { data: body.data, code: e ? e.extensions?.code ?? `HTTP_${res.status}` : res.status >= 500 ? `HTTP_${res.status}` : 'OK', message: e?.message };
    } catch (err) {
      return { code: 'NETWORK_ERROR', message: (err as Error).message };
    }
  };
  const latencies: number[] = [];
  const result: LoadResult = { requests: 0, byOperation: {}, byCode: {}, unexpected: [], p50: 0, p95: 0, p99: 0, rps: 0 };
  const started = Date.now();
  const deadline = started + o.seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline && (o.maxRequests === undefined || result.requests < o.maxRequests)) {
      const op = rnd(OPS);
      const t0 = performance.now();
      const code = await op.run(gql);
      latencies.push(performance.now() - t0);
      result.requests++;
      result.byOperation[op.name] = (result.byOperation[op.name] ?? 0) + 1;
      result.byCode[code] = (result.byCode[code] ?? 0) + 1;
      if (!EXPECTED.has(code) && result.unexpected.length < 20) result.unexpected.push({ op: op.name, code, message: '' });
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;
  Object.assign(result, { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), rps: Math.round((result.requests / ((Date.now() - started) / 1000)) * 10) / 10 });
  return result;
}

async function main() {
  const arg = (n: string, d: number) => (process.argv.includes(`--${n}`) ? Number(process.argv[process.argv.indexOf(`--${n}`) + 1]) : d);
  const { createApp } = await import('../src/app');
  const { loadDemo, demoLoaded } = await import('../seeds/demo/load');
  const { issueToken } = await import('../src/auth/tokens');
  const { PROJECT_ROOT } = await import('../src/config');
  const app = await createApp({ config: { port: 0, demo: false, ratePerMinute: 0, dataDir: path.join(PROJECT_ROOT, '.data/load'), embeddedPort: 54369 } });
  try {
    if (!(await demoLoaded(app))) await loadDemo(app);
    const tokens: Record<string, string> = {};
    for (const a of ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS']) tokens[a] = (await issueToken(app.orm.em.fork(), { agency: a, divisionCode: '141100', name: `load ${a}` })).token;
    const r = await runLoad({ url: app.url, tokens, seconds: arg('seconds', 30), concurrency: arg('concurrency', 8) });
    console.log(JSON.stringify(r, null, 2));
    if (r.unexpected.length) process.exitCode = 1;
  } finally {
    await app.stop();
  }
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
