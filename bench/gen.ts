/**
 * Synthetic data for the benchmark: `npm run gen -- --scale 1 [--seed 42] [--database-url URL]`.
 *
 * Without a URL it uses its own embedded PostgreSQL under .data/bench-pg (port 54359), never the demo data.
 * Migrations and reference data are applied through the same calls the server uses (initOrm + migrate,
 * loadReferenceData); then synthetic provinces/cities/counties are added beside the real Shanxi divisions and
 * every family is filled with COPY FROM STDIN in one transaction (indexes and constraints stay in place, so
 * the load is checked by the real schema). Deterministic from the seed: one seeded PRNG, no Math.random, no
 * clock: every date and timestamp is derived from the seed.
 *
 * At scale 1: ~3,000 synthetic counties under ~300 cities under ~30 provinces (codes 500000–799999, away from
 * Shanxi's 14xxxx), 300,000 plots with ~1.5 million stage events walked through the lifecycle table,
 * 30,000 key units with checks and monitoring, 100,000 discharge permits (some ended), 20,000 vacated sites,
 * 30,000 reserve projects with pivot links, 20,000 violations, land events, change-log rows and API clients.
 * County sizes follow a Zipf-like law, so some counties are 10–20× the median.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { initOrm, migrate } from '../src/db/orm';
import { loadReferenceData, upsertDivisions, DivisionRow } from '../seeds/reference';
import { makeCreditCode } from '../src/validation/uscc';
import { parsePermitNo } from '../src/validation/permit-no';
import { TRANSITIONS } from '../src/modules/plot/lifecycle';
import { PlotStage, CLEARED, DIRECTORY } from '../src/modules/plot/plot.enums';
import { benchDatabase } from './lib/db';
import { copyRows, textArray } from './lib/copy';
import { Rng, WeightedIndex, parseArgs, numArg, day, iso, yearOf, addYears, dayOfYear } from './lib/util';

const log = (m: string) => console.log(m);

// ───────────────────────── the calendar ─────────────────────────
const D0 = day('2019-01-01'); // first stage event
const END = day('2025-12-31'); // last stage / land event
const TODAY_CAP = day('2026-11-20'); // rectifications, change log: before the machine's today
const STAGES = Object.values(PlotStage);
const S = PlotStage;
const isCleared = (s: PlotStage) => CLEARED.includes(s);

const KEY_INDUSTRIES = ['有色金属矿采选', '有色金属冶炼', '石油开采', '石油加工', '化工', '焦化', '电镀', '制革', '农药', '危险废物处置'];
const OTHER_INDUSTRIES = ['机械制造', '食品加工', '纺织', '建材', '印刷', '医药制造', '汽车维修', '火力发电', '煤炭开采', '铸造', '造纸', '金属表面处理'];
const NAME_A = ['宏达', '华晋', '金源', '鑫泰', '晋丰', '恒通', '瑞祥', '永安', '隆盛', '兴旺', '中昊', '汾河', '太行', '吕梁', '晋中', '三晋', '新源', '同创', '昌盛', '德丰', '华润', '东方', '正泰', '阳光'];
const NAME_B = ['实业', '化工', '能源', '科技', '集团', '矿业', '冶金', '环保', '材料', '工贸', '制造', '发展'];
const ROADS = ['迎宾路', '建设路', '工业园区', '开发区', '解放路', '人民路', '新华街', '胜利街', '经济技术开发区', '循环经济园区'];
const SENSITIVE_PLAN: [string, number][] = [['0701', 0.5], ['0702', 0.1], ['0803', 0.15], ['0805', 0.1], ['0801', 0.15]];
const OTHER_PLAN: [string, number][] = [['0601', 0.4], ['0604', 0.3], ['0809', 0.15], ['0810', 0.15]];
const CURRENT_USE: [string | null, number][] = [['0601', 0.55], ['0602', 0.12], ['0604', 0.13], [null, 0.1], ['0701', 0.03], ['0801', 0.02], ['0809', 0.03], ['0810', 0.02]];
const SENSITIVE_CODES = new Set(['07', '0701', '0702', '08', '0801', '0802', '0803', '0804', '0805', '0806', '0807', '0808']);

/**
 * The lifecycle walk: for each stage, the chance to move on (else the plot stays there), the weights of the
 * next stages (every one must be a move of TRANSITIONS), and the gap in days to the move.
 */
const WALK: Record<PlotStage, { go: number; next: [PlotStage, number][]; gap: [number, number] }> = {
  [S.SUSPECTED]: { go: 0.95, next: [[S.UNDER_INVESTIGATION, 1]], gap: [15, 200] },
  [S.UNDER_INVESTIGATION]: { go: 0.95, next: [[S.BELOW_SCREENING, 0.33], [S.UNDER_RISK_ASSESSMENT, 0.67]], gap: [40, 200] },
  [S.BELOW_SCREENING]: { go: 0.35, next: [[S.UNDER_INVESTIGATION, 1]], gap: [90, 400] },
  [S.UNDER_RISK_ASSESSMENT]: { go: 0.93, next: [[S.RISK_ACCEPTABLE, 0.3], [S.LISTED, 0.7]], gap: [40, 180] },
  [S.RISK_ACCEPTABLE]: { go: 0.35, next: [[S.UNDER_INVESTIGATION, 1]], gap: [90, 400] },
  [S.LISTED]: { go: 0.95, next: [[S.RISK_CONTROL, 0.4], [S.REMEDIATION, 0.6]], gap: [20, 150] },
  [S.RISK_CONTROL]: { go: 0.9, next: [[S.EFFECT_EVALUATION, 1]], gap: [90, 300] },
  [S.REMEDIATION]: { go: 0.9, next: [[S.EFFECT_EVALUATION, 1]], gap: [90, 300] },
  [S.EFFECT_EVALUATION]: { go: 0.92, next: [[S.DELISTED, 0.55], [S.RISK_CONTROL, 0.18], [S.REMEDIATION, 0.27]], gap: [20, 150] },
  [S.DELISTED]: { go: 0, next: [], gap: [0, 0] },
};
for (const [from, w] of Object.entries(WALK)) {
  for (const [to] of w.next) if (!TRANSITIONS[from as PlotStage][to]) throw new Error(`walk move ${from} → ${to} is not in the lifecycle table`);
}
const needsEvidence = (from: PlotStage, to: PlotStage) => !!TRANSITIONS[from][to]?.evidence;
const REPORT_TITLE: Partial<Record<PlotStage, string>> = {
  [S.BELOW_SCREENING]: '土壤污染状况调查报告', [S.UNDER_RISK_ASSESSMENT]: '土壤污染状况调查报告', [S.RISK_ACCEPTABLE]: '土壤污染风险评估报告',
  [S.LISTED]: '土壤污染风险评估报告', [S.DELISTED]: '风险管控与修复效果评估报告', [S.UNDER_INVESTIGATION]: '补充调查报告',
};

interface County { code: string; name: string; cityCode: string; provinceCode: string; lon: number; lat: number; real: boolean }

interface PlotSpec {
  county: number;
  source: string;
  keyUnit: number; // 0 = none
  industry: string | null;
  formerEnterprise: string | null;
  formerCredit: string | null;
  name: string;
  start: number;
  tiebreak: number;
  /** [stageIndex, day, stageIndex, day, …] */
  ev: number[];
  currentUse: string | null;
  land: { kind: string; day: number; code: string | null; detail: string | null }[];
  plannedUse: string | null;
  supplyPlanYear: number | null;
  landStatus: string;
  constructionPermitNo: string | null;
  constructionPermitOn: number | null;
  constructionStartedOn: number | null;
  violations: { kind: string; day: number }[];
  site: number; // vacated site index + 1, or 0
  id: number;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scale = numArg(args, 'scale', 1);
  const seed = numArg(args, 'seed', 42);
  if (!(scale > 0 && scale <= 4)) throw new Error('--scale must be in (0, 4]');
  const t0 = Date.now();
  const phase = (() => {
    let last = Date.now();
    return (name: string) => {
      const now = Date.now();
      log(`  ${name}: ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    };
  })();
  log(`soilshare benchmark data: scale ${scale}, seed ${seed}`);

  const db = await benchDatabase(typeof args['database-url'] === 'string' ? (args['database-url'] as string) : undefined, log);
  try {
    // ───── schema and reference data, exactly as the server applies them ─────
    const orm = await initOrm({ url: db.url });
    try {
      const applied = await migrate(orm);
      if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
      const em = orm.em.fork();
      em.setFilterParams('scope', { all: true });
      await loadReferenceData(em);
    } finally {
      await orm.close(true);
    }
    phase('migrations and reference data');

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`set synchronous_commit = off`);
      // Bigger buffers for the index maintenance the COPYs do (the trigram GIN indexes merge their pending list less often).
      await client.query(`set maintenance_work_mem = '512MB'`);
      await client.query(`set work_mem = '128MB'`);
      await client.query(`set gin_pending_list_limit = '64MB'`);
      // Empty every data table (a previous run); divisions other than the reference CSV's are removed too.
      const refTables = new Set(['division', 'land_use', 'key_industry', 'gb36600_value', 'mikro_orm_migrations']);
      const tables = (await client.query(`select tablename from pg_tables where schemaname = 'public' order by tablename`)).rows.map((r) => r.tablename as string).filter((t) => !refTables.has(t));
      await client.query(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
      const csvCodes = (await client.query(`select code from division`)).rows.map((r) => r.code as string);
      // The reference CSV's codes are all 14xxxx; anything else is a synthetic division of an earlier run.
      const stale = csvCodes.filter((c) => !c.startsWith('14'));
      if (stale.length) await client.query(`delete from division where code = any($1)`, [stale]);
      phase('truncate');

      const rng = new Rng(seed);
      const data = generate(rng.fork(1), scale, await realDivisions(client));
      phase('divisions planned');

      // Synthetic divisions through the same upsert as the reference data (derives city/province codes).
      const orm2 = await initOrm({ url: db.url });
      try {
        const em = orm2.em.fork();
        em.setFilterParams('scope', { all: true });
        await upsertDivisions(em, data.syntheticDivisions);
      } finally {
        await orm2.close(true);
      }
      phase(`${data.syntheticDivisions.length} synthetic divisions`);

      const counts = await fill(client, rng.fork(2), scale, data.counties, data.weights, phase);

      // VACUUM as well as ANALYZE: a bulk-loaded table has no visibility map and no hint bits yet, which autovacuum
      // would set later; without it the first benchmark reads would pay for that (and index-only scans could not work).
      await client.query('vacuum (analyze)');
      phase('vacuum, analyze');
      const seqs = (await client.query(`
        select c.table_name as t, c.column_name as col, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) as seq
        from information_schema.columns c
        where c.table_schema = 'public' and c.column_default like 'nextval(%'`)).rows;
      for (const s of seqs) {
        await client.query(`select setval($1, coalesce((select max("${s.col}") from "${s.t}"), 0) + 1, false)`, [s.seq]);
      }
      phase(`setval on ${seqs.length} sequences`);

      const countQueries: [string, string][] = [
        ['division', 'division'], ['api_client', 'api_client'], ['key_unit', 'key_unit'], ['hidden_danger_check', 'hidden_danger_check'],
        ['monitoring_record', 'monitoring_record'], ['discharge_permit', 'discharge_permit'], ['discharge_permit (ended)', 'discharge_permit where ended_on is not null'],
        ['plot', 'plot'], ['stage_event', 'stage_event'], ['land_event', 'land_event'], ['vacated_site', 'vacated_site'],
        ['vacated_site (with plot)', 'vacated_site where plot_id is not null'], ['reserve_project', 'reserve_project'], ['reserve_project_plot', 'reserve_project_plot'],
        ['reserve_project_key_unit', 'reserve_project_key_unit'], ['violation', 'violation'], ['violation (open)', 'violation where rectified_on is null'], ['change_log', 'change_log'],
        ['key_unit_listing', 'key_unit_listing'], ['investigation_trigger', 'investigation_trigger'], ['reserve_stage_event', 'reserve_stage_event'],
        ['vacated_site (closed)', 'vacated_site where closed_on is not null'],
      ];
      const final: { t: string; n: number }[] = [];
      for (const [t, from] of countQueries) final.push({ t, n: Number((await client.query(`select count(*) as n from ${from}`)).rows[0].n) });
      const size = (await client.query(`select pg_size_pretty(pg_database_size(current_database())) as s`)).rows[0].s;
      const elapsed = (Date.now() - t0) / 1000;
      log('');
      log('rows:');
      for (const r of final) log(`  ${String(r.t).padEnd(28)} ${Number(r.n).toLocaleString('en-US').padStart(12)}`);
      log(`  ${'(divisions: provinces/cities/counties)'.padEnd(28)} ${counts.divisionSummary}`);
      log(`  ${'(plots per county)'.padEnd(28)} ${counts.skew}`);
      log(`database size ${size}; load time ${elapsed.toFixed(1)} s (scale ${scale}, seed ${seed})`);
      log(`database: ${db.embedded ? 'embedded .data/bench-pg' : 'DATABASE URL given'}`);
    } finally {
      await client.end();
    }
  } finally {
    await db.stop();
  }
}

async function realDivisions(client: Client): Promise<{ code: string; name: string; level: string; parent_code: string | null; city_code: string | null; province_code: string }[]> {
  return (await client.query(`select code, name, level, parent_code, city_code, province_code from division order by code`)).rows;
}

/** Plans the synthetic divisions and the county weights. */
function generate(rng: Rng, scale: number, real: Awaited<ReturnType<typeof realDivisions>>) {
  const P = Math.min(30, Math.max(1, Math.round(30 * scale)));
  const C = Math.max(P, Math.round(300 * scale));
  const K = Math.max(C, Math.round(3000 * scale));
  const syntheticDivisions: DivisionRow[] = [];
  const counties: County[] = [];
  // Real Shanxi counties first (they get data too), placed in a fixed box around Jinzhong and Lüliang.
  for (const d of real.filter((r) => r.level === 'COUNTY')) {
    counties.push({ code: d.code, name: d.name, cityCode: d.city_code!, provinceCode: d.province_code, lon: 110.9 + rng.next() * 2.6, lat: 36.6 + rng.next() * 1.9, real: true });
  }
  const citiesPerProvince = Math.ceil(C / P);
  const cityList: { code: string; prov: string; lon: number; lat: number; w: number }[] = [];
  for (let p = 0; p < P; p++) {
    const prov = String(50 + p) + '0000';
    syntheticDivisions.push({ code: prov, name: `合成${50 + p}省`, level: 'PROVINCE', parentCode: null });
    const plon = 98 + (p % 6) * 4;
    const plat = 24 + Math.floor(p / 6) * 4;
    for (let c = 1; c <= citiesPerProvince && cityList.length < C; c++) {
      if (c > 99) throw new Error('too many cities per province');
      const code = String(50 + p) + String(c).padStart(2, '0') + '00';
      syntheticDivisions.push({ code, name: `合成${50 + p}省${c}市`, level: 'CITY', parentCode: prov });
      cityList.push({ code, prov, lon: plon + rng.next() * 3.5, lat: plat + rng.next() * 3.5, w: 0.5 + rng.next() });
    }
  }
  // Every city gets one county, the rest by a random weight per city (5–15 on average 10 at scale 1).
  const perCity = cityList.map(() => 1);
  const cityPick = new WeightedIndex(cityList.map((c) => c.w));
  for (let k = cityList.length; k < K; k++) {
    let i = cityPick.sample(rng);
    for (let tries = 0; perCity[i] >= 99 && tries < 100; tries++) i = cityPick.sample(rng);
    perCity[i]++;
  }
  cityList.forEach((city, i) => {
    for (let n = 1; n <= perCity[i]; n++) {
      const code = city.code.slice(0, 4) + String(n).padStart(2, '0');
      const name = `合成${city.code.slice(0, 2)}-${Number(city.code.slice(2, 4))}-${n}县`;
      syntheticDivisions.push({ code, name, level: 'COUNTY', parentCode: city.code });
      counties.push({ code, name, cityCode: city.code, provinceCode: city.prov, lon: city.lon + rng.next() * 0.8, lat: city.lat + rng.next() * 0.8, real: false });
    }
  });

  // Zipf-like sizes: weight (rank + 10)^-0.6. 孝义市 (the action plan's county) is the biggest county; the other
  // real counties sit among the top few hundred; synthetic counties take the other ranks in random order.
  const realIdx = counties.map((c, i) => (c.real ? i : -1)).filter((i) => i >= 0);
  const synIdx = rng.shuffle(counties.map((c, i) => (c.real ? -1 : i)).filter((i) => i >= 0));
  const xiaoyi = realIdx.find((i) => counties[i].code === '141181');
  const realOrdered = [...(xiaoyi !== undefined ? [xiaoyi] : []), ...rng.shuffle(realIdx.filter((i) => i !== xiaoyi))];
  const rankOf = new Array<number>(counties.length);
  const total = counties.length;
  const realRanks = realOrdered.map((_, j) => Math.min(total - 1, Math.round(2 * Math.pow(j, 1.6) * Math.max(0.2, Math.min(1, total / 3000)))));
  const taken = new Set<number>();
  realOrdered.forEach((ci, j) => {
    let r = realRanks[j];
    while (taken.has(r)) r++;
    taken.add(r);
    rankOf[ci] = r;
  });
  let next = 0;
  for (const ci of synIdx) {
    while (taken.has(next)) next++;
    rankOf[ci] = next;
    taken.add(next);
  }
  const weights = counties.map((_, i) => Math.pow(rankOf[i] + 10, -0.6));
  return { syntheticDivisions, counties, weights };
}

async function fill(client: Client, root: Rng, scale: number, counties: County[], weights: number[], phase: (n: string) => void) {
  const N = {
    keyUnits: Math.max(10, Math.round(30_000 * scale)),
    permits: Math.max(30, Math.round(100_000 * scale)),
    vacated: Math.max(5, Math.round(20_000 * scale)),
    plots: Math.max(50, Math.round(300_000 * scale)),
    reserve: Math.max(10, Math.round(30_000 * scale)),
    violations: Math.max(5, Math.round(20_000 * scale)),
    changes: Math.max(50, Math.round(300_000 * scale)),
  };
  const countyPick = new WeightedIndex(weights);
  const rngKu = root.fork(10);
  const rngPermit = root.fork(11);
  const rngPlot = root.fork(12);
  const rngLand = root.fork(13);
  const rngViol = root.fork(14);
  const rngRes = root.fork(15);
  const rngChg = root.fork(16);
  const rngCl = root.fork(17);
  const between = (r: Rng, lo: number, hi: number) => (hi <= lo ? lo : r.range(lo, hi));
  const enterpriseName = (r: Rng, county: County, industry: string) => `${county.name.replace(/[县市区]$/, '')}${r.pick(NAME_A)}${r.pick(NAME_B)}${industry.slice(0, 2)}有限公司`;
  let enterpriseSeq = 0;
  const newCreditCode = (county: County) => makeCreditCode('91' + county.code + String(++enterpriseSeq).padStart(9, '0'));
  const ts = (d: number, hourUtc = 2) => `${iso(d)} ${String(hourUtc).padStart(2, '0')}:00:00+00`;

  // ───── API clients: one per agency for the real province, cities and counties; four per synthetic city ─────
  const AGENCIES = ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS'];
  const AGENCY_ZH: Record<string, string> = { ECO: '生态环境局', NATURAL_RESOURCES: '规划和自然资源局', HOUSING: '住房和城乡建设局', APPROVALS: '行政审批服务管理局' };
  const clientRows: unknown[][] = [];
  const clientFor = new Map<string, { id: number; name: string }>(); // agency|division
  const divisionsForClients = new Set<string>(['140000']);
  for (const c of counties) {
    if (c.real) {
      divisionsForClients.add(c.code);
      divisionsForClients.add(c.cityCode);
    } else divisionsForClients.add(c.cityCode);
  }
  for (const code of [...divisionsForClients].sort()) {
    for (const a of AGENCIES) {
      const id = clientRows.length + 1;
      const name = `${code}${AGENCY_ZH[a]}业务系统`;
      clientRows.push([id, name, a, code, crypto.createHash('sha256').update(`bench-client-${id}`).digest('hex'), ts(day('2024-12-01') + rngCl.int(300))]);
      clientFor.set(`${a}|${code}`, { id, name });
    }
  }
  const clientOf = (agency: string, c: County) => clientFor.get(`${agency}|${c.code}`) ?? clientFor.get(`${agency}|${c.cityCode}`) ?? null;

  // ───── key units ─────
  /** `listed`/`delisted`: the first listing period; `relisted`: a second, open period (listed again after delisting). */
  interface Ku { county: number; credit: string; name: string; industry: string; listed: number; delisted: number | null; relisted: number | null }
  const kus: Ku[] = [null as unknown as Ku];
  const kusByCounty: number[][] = counties.map(() => []);
  for (let i = 1; i <= N.keyUnits; i++) {
    const ci = countyPick.sample(rngKu);
    const industry = rngKu.chance(0.7) ? rngKu.pick(KEY_INDUSTRIES) : rngKu.pick(OTHER_INDUSTRIES);
    const listed = rngKu.chance(0.6) ? between(rngKu, day('2017-01-01'), day('2021-12-31')) : between(rngKu, day('2022-01-01'), day('2025-06-30'));
    const delisted = rngKu.chance(0.05) ? Math.min(END, listed + rngKu.range(365, 1100)) : null;
    const del = delisted && delisted > listed ? delisted : null;
    // A few delisted units are listed again (a later batch document puts them back on the directory).
    const relisted = del !== null && rngKu.chance(0.3) ? del + rngKu.range(90, 700) : null;
    kus.push({ county: ci, credit: newCreditCode(counties[ci]), name: enterpriseName(rngKu, counties[ci], industry), industry, listed, delisted: del, relisted: relisted !== null && relisted <= END ? relisted : null });
    kusByCounty[ci].push(i);
  }

  // ───── discharge permits (key units' first, then other enterprises), ids in issue-date order ─────
  interface Permit { county: number; credit: string; holder: string; industry: string; serial: number; keyUnit: number; issued: number; validUntil: number; status: string; ended: number | null; category: string; reason: string | null }
  const permitsTmp: Permit[] = [];
  const category = (r: Rng) => r.weighted([['KEY', 0.3], ['SIMPLIFIED', 0.5], ['REGISTRATION', 0.2]] as const);
  const issueDate = (r: Rng, forKeyUnit: boolean) =>
    forKeyUnit && r.chance(0.85) ? between(r, day('2021-01-01'), day('2025-06-30')) : between(r, day('2017-01-01'), day('2025-09-30'));
  for (let i = 1; i < kus.length; i++) {
    const n = rngPermit.weighted([[0, 0.05], [1, 0.7], [2, 0.25]] as const);
    for (let s = 1; s <= n; s++) {
      const issued = Math.max(kus[i].listed - 400, issueDate(rngPermit, true));
      permitsTmp.push({ county: kus[i].county, credit: kus[i].credit, holder: kus[i].name, industry: kus[i].industry, serial: s, keyUnit: i, issued, validUntil: addYears(issued, 5) - 1, status: 'VALID', ended: null, category: category(rngPermit), reason: null });
    }
  }
  while (permitsTmp.length < N.permits) {
    const ci = countyPick.sample(rngPermit);
    const industry = rngPermit.chance(0.35) ? rngPermit.pick(KEY_INDUSTRIES) : rngPermit.pick(OTHER_INDUSTRIES);
    const credit = newCreditCode(counties[ci]);
    const holder = enterpriseName(rngPermit, counties[ci], industry);
    const n = rngPermit.chance(0.15) ? 2 : 1;
    for (let s = 1; s <= n && permitsTmp.length < N.permits; s++) {
      const issued = issueDate(rngPermit, false);
      permitsTmp.push({ county: ci, credit, holder, industry, serial: s, keyUnit: 0, issued, validUntil: addYears(issued, 5) - 1, status: 'VALID', ended: null, category: category(rngPermit), reason: null });
    }
  }
  // Some permits end (注销 / 撤销) between their issue date (and 2019) and their expiry or 2025.
  for (const p of permitsTmp) {
    if (!rngPermit.chance(p.keyUnit ? 0.12 : 0.27)) continue;
    const lo = Math.max(p.issued + 30, D0);
    const hi = Math.min(p.validUntil, END);
    if (hi <= lo) continue;
    p.ended = between(rngPermit, lo, hi);
    p.status = rngPermit.chance(0.7) ? 'CANCELLED' : 'REVOKED';
    // Why it ended (RULES §5): mostly closure or relocation; some holders moved to 排污登记 (a cancellation).
    p.reason = p.status === 'CANCELLED' && rngPermit.chance(0.15) ? 'TO_REGISTRATION' : 'CLOSURE_RELOCATION';
  }
  const permits = [null as unknown as Permit, ...permitsTmp.map((p, i) => ({ p, k: i })).sort((a, b) => a.p.issued - b.p.issued || a.k - b.k).map((x) => x.p)];
  for (let i = 1; i < permits.length; i++) {
    const no = permits[i].credit + String(permits[i].serial).padStart(3, '0') + 'P';
    if (i <= 5 && !parsePermitNo(no)) throw new Error(`generated permit number ${no} is not HJ 608`);
  }

  // ───── vacated sites: from permits ended by closure or relocation (only those leave land behind, RULES §5);
  // a plot when the holder is a key unit or in a key industry ─────
  interface Site { permit: number; hasPlot: boolean; demolition: boolean; reservedOn: number | null; plot: number; closedOn: number | null }
  const endedIds = rngPermit.shuffle(permits.map((p, i) => (i && p.ended !== null && p.reason === 'CLOSURE_RELOCATION' ? i : 0)).filter((i) => i > 0));
  const sites: Site[] = [];
  for (const pid of endedIds.slice(0, N.vacated).sort((a, b) => permits[a].ended! - permits[b].ended! || a - b)) {
    const p = permits[pid];
    const hasPlot = p.keyUnit > 0 || KEY_INDUSTRIES.includes(p.industry);
    // ECO closes some plotless sites after its site check (RULES §5): they leave vacatedSitesOpen from that day.
    const closedOn = !hasPlot && rngPermit.chance(0.3) ? Math.min(END, p.ended! + rngPermit.range(60, 600)) : null;
    sites.push({ permit: pid, hasPlot, demolition: rngPermit.chance(0.6), reservedOn: rngPermit.chance(0.25) ? Math.min(TODAY_CAP, p.ended! + rngPermit.range(30, 500)) : null, plot: 0, closedOn });
  }
  phase(`planned ${kus.length - 1} key units, ${permits.length - 1} permits, ${sites.length} vacated sites`);

  // ───── plots: vacated-site plots, key units' land, then the surveys; each walks the lifecycle ─────
  const specs: PlotSpec[] = [];
  const newSpec = (county: number, source: string, start: number, extra: Partial<PlotSpec> = {}): PlotSpec => ({
    county, source, keyUnit: 0, industry: null, formerEnterprise: null, formerCredit: null, name: '', start, tiebreak: rngPlot.next(), ev: [],
    currentUse: rngPlot.weighted(CURRENT_USE), land: [], plannedUse: null, supplyPlanYear: null, landStatus: 'NONE',
    constructionPermitNo: null, constructionPermitOn: null, constructionStartedOn: null, violations: [], site: 0, id: 0, ...extra,
  });
  sites.forEach((s, i) => {
    if (!s.hasPlot) return;
    const p = permits[s.permit];
    specs.push(newSpec(p.county, 'VACATED_SITE', p.ended!, { keyUnit: p.keyUnit, industry: p.industry, formerEnterprise: p.holder, formerCredit: p.credit, name: `${p.holder}腾退地块`, site: i + 1 }));
  });
  const kuPlotCounts: [number, number][] = [[0, 0.15], [1, 0.25], [2, 0.25], [3, 0.15], [4, 0.1], [6, 0.06], [10, 0.04]];
  for (let i = 1; i < kus.length && specs.length < N.plots * 0.45; i++) {
    const k = rngPlot.weighted(kuPlotCounts);
    for (let j = 0; j < k; j++) {
      const start = between(rngPlot, Math.max(kus[i].listed, D0), END - 30);
      specs.push(newSpec(kus[i].county, 'KEY_UNIT_LAND', start, { keyUnit: i, industry: kus[i].industry, formerEnterprise: kus[i].name, formerCredit: kus[i].credit, name: `${kus[i].name}${j ? `${j + 1}号` : ''}生产经营用地` }));
    }
  }
  const SOURCES: [string, number][] = [['KEY_INDUSTRY_SURVEY', 0.55], ['LAND_USE_CHANGE', 0.25], ['DISCOVERED', 0.08], ['OTHER', 0.12]];
  while (specs.length < N.plots) {
    const ci = countyPick.sample(rngPlot);
    const source = rngPlot.weighted(SOURCES);
    const industry = source === 'KEY_INDUSTRY_SURVEY' ? rngPlot.pick(KEY_INDUSTRIES) : rngPlot.chance(0.5) ? rngPlot.pick(OTHER_INDUSTRIES) : null;
    const former = industry ? enterpriseName(rngPlot, counties[ci], industry) : null;
    const start = D0 + Math.floor(Math.pow(rngPlot.next(), 2.2) * (END - D0 - 30));
    specs.push(newSpec(ci, source, start, {
      industry, formerEnterprise: former, formerCredit: former && rngPlot.chance(0.6) ? newCreditCode(counties[ci]) : null,
      name: former ? `原${former}地块` : `${counties[ci].name}${rngPlot.pick(ROADS)}${rngPlot.range(1, 300)}号地块`,
    }));
  }
  // The walk.
  for (const sp of specs) {
    let st: PlotStage = S.SUSPECTED;
    let d = sp.start;
    sp.ev.push(0, d);
    for (let step = 0; step < 16; step++) {
      const w: (typeof WALK)[PlotStage] = WALK[st];
      if (!rngPlot.chance(w.go)) break;
      const nd = d + rngPlot.range(w.gap[0], w.gap[1]);
      if (nd > END) break;
      st = rngPlot.weighted<PlotStage>(w.next);
      d = nd;
      sp.ev.push(STAGES.indexOf(st), d);
    }
  }
  phase(`walked ${specs.length} plots`);

  // ───── land: plans, reserves, supplies, construction; consistent with the stages (gates 1 and 2) ─────
  /** The first window in which the plot is SUSPECTED or UNDER_INVESTIGATION (never in the directory, never cleared). */
  const openWindow = (sp: PlotSpec): [number, number] => {
    for (let i = 2; i < sp.ev.length; i += 2) {
      const s = STAGES[sp.ev[i]];
      if (s !== S.SUSPECTED && s !== S.UNDER_INVESTIGATION) return [sp.start, sp.ev[i + 1] - 1];
    }
    return [sp.start, END];
  };
  const lastStage = (sp: PlotSpec) => STAGES[sp.ev[sp.ev.length - 2]];
  const lastDay = (sp: PlotSpec) => sp.ev[sp.ev.length - 1];
  const firstDayOf = (sp: PlotSpec, stage: PlotStage) => {
    for (let i = 0; i < sp.ev.length; i += 2) if (STAGES[sp.ev[i]] === stage) return sp.ev[i + 1];
    return null;
  };
  const sensitive = (code: string | null) => !!code && SENSITIVE_CODES.has(code);
  const eligible = { SUWI: [] as number[], SUOLP: [] as number[], CBC: [] as number[] };
  specs.forEach((sp, idx) => {
    const [w0, w1] = openWindow(sp);
    const plan = sp.source === 'LAND_USE_CHANGE' || rngLand.chance(0.3);
    let planDay: number | null = null;
    if (plan && w1 >= w0) {
      const code = rngLand.chance(sp.source === 'LAND_USE_CHANGE' ? 0.75 : 0.5) ? rngLand.weighted(SENSITIVE_PLAN) : rngLand.weighted(OTHER_PLAN);
      planDay = between(rngLand, w0, Math.min(w1, w0 + 240));
      sp.land.push({ kind: 'PLAN_USE', day: planDay, code, detail: null });
      sp.plannedUse = code;
      if (rngLand.chance(0.5)) sp.supplyPlanYear = Math.min(2027, yearOf(planDay) + rngLand.range(0, 2));
    }
    if (rngLand.chance(0.1) && w1 > (planDay ?? w0)) sp.land.push({ kind: 'RESERVE', day: between(rngLand, planDay ?? w0, w1), code: sp.plannedUse, detail: null });
    const sens = sensitive(sp.plannedUse);
    if (sp.plannedUse && isCleared(lastStage(sp)) && rngLand.chance(0.55)) {
      const supply = lastDay(sp) + rngLand.range(30, 400);
      if (supply <= END) {
        sp.land.push({ kind: 'SUPPLY', day: supply, code: sp.plannedUse, detail: null });
        if (rngLand.chance(0.02)) sp.land.push({ kind: 'RECOVER', day: Math.min(END, supply + rngLand.range(100, 500)), code: sp.plannedUse, detail: null });
        else if (rngLand.chance(0.5)) {
          const permitDay = supply + rngLand.range(60, 300);
          if (permitDay <= END) {
            sp.constructionPermitNo = `${counties[sp.county].code}${yearOf(permitDay)}JZ${String(rngLand.range(1, 9999)).padStart(4, '0')}`;
            sp.constructionPermitOn = permitDay;
            sp.land.push({ kind: 'CONSTRUCTION_PERMIT', day: permitDay, code: null, detail: `REGULAR ${sp.constructionPermitNo}` });
            const started = permitDay + rngLand.range(30, 200);
            if (rngLand.chance(0.7) && started <= END) {
              sp.constructionStartedOn = started;
              sp.land.push({ kind: 'CONSTRUCTION_STARTED', day: started, code: null, detail: null });
            }
          }
        }
      }
    } else if (sp.plannedUse && !sens && planDay !== null && rngLand.chance(0.15) && w1 > planDay) {
      sp.land.push({ kind: 'SUPPLY', day: between(rngLand, planDay + 1, w1), code: sp.plannedUse, detail: null });
    } else if (planDay !== null && sens && w1 > planDay + 1) {
      // Candidates for the two supply violations (supplied for 一住两公 before the investigation closed).
      if (firstDayOf(sp, S.LISTED) !== null) eligible.SUOLP.push(idx);
      else if (!sensitive(sp.currentUse)) eligible.SUWI.push(idx);
    }
    // Works started while SUSPECTED / UNDER_INVESTIGATION break gate 4 unless the land already is 一住两公.
    if (!sp.constructionStartedOn && w1 > w0 + 1 && !sensitive(sp.currentUse) && !sp.land.some((l) => l.kind === 'SUPPLY')) eligible.CBC.push(idx);
  });

  // ───── violations: exactly the quota of each kind, on plots whose history really shows it ─────
  const quota = { SUWI: Math.round(N.violations * 0.3), SUOLP: Math.round(N.violations * 0.2), CBC: 0 };
  quota.CBC = N.violations - quota.SUWI - quota.SUOLP;
  const used = new Set<number>();
  for (const idx of rngViol.shuffle(eligible.SUWI).slice(0, quota.SUWI)) {
    const sp = specs[idx];
    const planDay = sp.land.find((l) => l.kind === 'PLAN_USE')!.day;
    const supply = between(rngViol, planDay + 1, openWindow(sp)[1]);
    sp.land.push({ kind: 'SUPPLY', day: supply, code: sp.plannedUse, detail: 'import' });
    sp.violations.push({ kind: 'SUPPLY_WITHOUT_INVESTIGATION', day: supply });
    used.add(idx);
  }
  for (const idx of rngViol.shuffle(eligible.SUOLP).slice(0, quota.SUOLP)) {
    const sp = specs[idx];
    // Gate 2 lets a plot whose current use is already 一住两公 be supplied; listing it afterwards is flagged.
    sp.currentUse = '0701';
    const planDay = sp.land.find((l) => l.kind === 'PLAN_USE')!.day;
    const supply = between(rngViol, planDay + 1, openWindow(sp)[1]);
    sp.land.push({ kind: 'SUPPLY', day: supply, code: sp.plannedUse, detail: null });
    sp.violations.push({ kind: 'SENSITIVE_USE_OF_LISTED_PLOT', day: firstDayOf(sp, S.LISTED)! });
    used.add(idx);
  }
  let cbc = 0;
  for (const idx of rngViol.shuffle(eligible.CBC)) {
    if (cbc >= quota.CBC) break;
    if (used.has(idx)) continue;
    const sp = specs[idx];
    const [w0, w1] = openWindow(sp);
    const started = between(rngViol, w0 + 1, w1);
    sp.constructionStartedOn = started;
    sp.land.push({ kind: 'CONSTRUCTION_STARTED', day: started, code: null, detail: null });
    sp.violations.push({ kind: 'CONSTRUCTION_BEFORE_CLEARANCE', day: started });
    cbc++;
  }
  // Land status and planned use by replaying the land events (planLandUse / recordLandAction rules).
  for (const sp of specs) {
    sp.land.sort((a, b) => a.day - b.day);
    let status = 'NONE';
    for (const l of sp.land) {
      if (l.kind === 'PLAN_USE') {
        if (sp.supplyPlanYear !== null && (status === 'NONE' || status === 'RESERVED')) status = 'IN_SUPPLY_PLAN';
      } else if (l.kind === 'RESERVE' || l.kind === 'ACQUIRE') status = 'RESERVED';
      else if (l.kind === 'SUPPLY') status = 'SUPPLIED';
      else if (l.kind === 'RECOVER') status = 'RECOVERED';
    }
    sp.landStatus = status;
  }
  // Ids in order of identification (as the platform would have handed them out).
  specs.sort((a, b) => a.start - b.start || a.tiebreak - b.tiebreak);
  const plotsByCounty: number[][] = counties.map(() => []);
  specs.forEach((sp, i) => {
    sp.id = i + 1;
    plotsByCounty[sp.county].push(sp.id);
    if (sp.site) sites[sp.site - 1].plot = sp.id;
  });
  phase(`land events and ${N.violations} violations planned`);

  // ───── write everything in one transaction ─────
  await client.query('begin');
  const counts: Record<string, number> = {};
  /**
   * COPY into `table`. A child table (`child`: its parent and foreign key) carries its parent's county, which its
   * BEFORE INSERT trigger (soilshare_child_county, Migration20261128234000) sets row by row with a dynamic
   * statement: ~110 µs a row more (measured at scale 0.01 on a busy machine: inserting the 14,757 stage events
   * took 1.9–2.3 s with it, 0.3–0.4 s without; ~3 min of 1.5 million rows at scale 1). The
   * generator knows every parent's county, so the rows carry it as their last column and the trigger is
   * disabled for the COPY only, inside this transaction (no other session ever sees it off); afterwards one
   * statement checks every row's county against its parent's, as the trigger would have set it.
   */
  const copy = async (table: string, cols: string[], rows: Iterable<unknown[]>, child?: { parent: string; fk: string }) => {
    if (child) await client.query(`alter table "${table}" disable trigger "${table}_county"`);
    counts[table] = await copyRows(client, table, child ? [...cols, 'county_code'] : cols, rows);
    if (child) {
      await client.query(`alter table "${table}" enable trigger "${table}_county"`);
      const bad = Number((await client.query(`select count(*) as n from "${table}" c join "${child.parent}" p on p.id = c."${child.fk}" where c.county_code is distinct from p.county_code`)).rows[0].n);
      if (bad) throw new Error(`${table}: ${bad} rows whose county_code is not their ${child.parent}'s`);
    }
    phase(`copy ${table} (${counts[table].toLocaleString('en-US')})`);
  };
  await copy('api_client', ['id', 'name', 'agency', 'division_code', 'token_hash', 'created_at'], clientRows);
  await copy('key_unit', ['id', 'credit_code', 'name', 'county_code', 'industry', 'address', 'listed_on', 'delisted_on', 'status', 'contact_phone', 'version', 'created_at', 'updated_at'], (function* () {
    for (let i = 1; i < kus.length; i++) {
      const k = kus[i];
      const c = counties[k.county];
      // The row carries the current (latest) listing period; key_unit_listing keeps every period.
      const curListed = k.relisted ?? k.listed;
      const curDelisted = k.relisted !== null ? null : k.delisted;
      yield [i, k.credit, k.name, c.code, k.industry, `${c.name}${rngKu.pick(ROADS)}${rngKu.range(1, 200)}号`, iso(curListed), curDelisted ? iso(curDelisted) : null,
        curDelisted ? 'DELISTED' : 'LISTED', `0${rngKu.range(350, 359)}-${rngKu.range(2000000, 8999999)}`, k.relisted !== null ? 3 : k.delisted ? 2 : 1, ts(k.listed), ts(k.relisted ?? k.delisted ?? k.listed)];
    }
  })());
  // Listing periods (RULES §6): one per unit from its listing dates, a second for a unit listed again; each with
  // its batch document (重点监管单位名录, the province's yearly batch). county_code is set by the table's trigger.
  const batchDoc = (c: County, d: number, verb: string) => `${c.name.slice(0, 2)}环${verb}〔${yearOf(d)}〕${1 + ((d * 7) % 40)}号`;
  await copy('key_unit_listing', ['id', 'key_unit_id', 'listed_on', 'listing_document', 'delisted_on', 'delisting_document', 'recorded_at', 'agency', 'client_id'], (function* () {
    let id = 0;
    for (let i = 1; i < kus.length; i++) {
      const k = kus[i];
      const c = counties[k.county];
      const cl = clientOf('ECO', c)?.id ?? null;
      yield [++id, i, iso(k.listed), batchDoc(c, k.listed, '土名'), k.delisted ? iso(k.delisted) : null, k.delisted ? batchDoc(c, k.delisted, '土移') : null, ts(k.delisted ?? k.listed), 'ECO', cl, c.code];
      if (k.relisted !== null) yield [++id, i, iso(k.relisted), batchDoc(c, k.relisted, '土名'), null, null, ts(k.relisted), 'ECO', cl, c.code];
    }
  })(), { parent: 'key_unit', fk: 'key_unit_id' });
  await copy('hidden_danger_check', ['id', 'key_unit_id', 'completed_on', 'findings', 'rectified', 'version', 'created_at'], (function* () {
    let id = 0;
    for (let i = 1; i < kus.length; i++) {
      const k = kus[i];
      const n = rngKu.weighted([[0, 0.15], [1, 0.45], [2, 0.25], [3, 0.15]] as const);
      let d = k.listed + (rngKu.chance(0.75) ? rngKu.range(30, 360) : rngKu.range(366, 700));
      for (let j = 0; j < n && d <= END; j++) {
        yield [++id, i, iso(d), rngKu.chance(0.6) ? `发现${rngKu.range(1, 9)}处隐患：防渗、储罐、管线` : null, rngKu.chance(0.8), 1, ts(d), counties[k.county].code];
        d += rngKu.range(300, 500);
      }
    }
  })(), { parent: 'key_unit', fk: 'key_unit_id' });
  await copy('monitoring_record', ['id', 'key_unit_id', 'kind', 'year', 'sampled_on', 'exceeds_screening', 'beyond_boundary', 'version', 'created_at'], (function* () {
    let id = 0;
    for (let i = 1; i < kus.length; i++) {
      const k = kus[i];
      const last = k.delisted && k.relisted === null ? yearOf(k.delisted) : 2025;
      for (let y = yearOf(k.listed); y <= last; y++) {
        for (const [kind, p] of [['SELF_SOIL', 0.88], ['SELF_GROUNDWATER', 0.85], ['SURROUNDING_SOIL', 0.08]] as const) {
          if (!rngKu.chance(p)) continue;
          const sampled = Math.min(END, Math.max(k.listed, dayOfYear(y, 4, 1) + rngKu.range(0, 230)));
          if (yearOf(sampled) !== y) continue;
          yield [++id, i, kind, y, iso(sampled), rngKu.chance(0.1), kind === 'SURROUNDING_SOIL' && rngKu.chance(0.25), 1, ts(sampled), counties[k.county].code];
        }
      }
    }
  })(), { parent: 'key_unit', fk: 'key_unit_id' });
  await copy('discharge_permit', ['id', 'permit_no', 'holder_name', 'credit_code', 'county_code', 'industry', 'category', 'issued_on', 'valid_until', 'stored_status', 'ended_on', 'end_reason', 'end_reason_category', 'key_unit_id', 'version', 'created_at', 'updated_at'], (function* () {
    for (let i = 1; i < permits.length; i++) {
      const p = permits[i];
      yield [i, p.credit + String(p.serial).padStart(3, '0') + 'P', p.holder, p.credit, counties[p.county].code, p.industry, p.category, iso(p.issued), iso(p.validUntil), p.status,
        p.ended ? iso(p.ended) : null, p.ended ? (p.status === 'REVOKED' ? '违法排污被依法撤销' : p.reason === 'TO_REGISTRATION' ? '转为排污登记管理，申请注销' : '企业关闭搬迁，申请注销') : null, p.reason, p.keyUnit || null, p.ended ? 2 : 1, ts(p.issued), ts(p.ended ?? p.issued)];
    }
  })());
  await copy('plot', ['id', 'plot_code', 'name', 'county_code', 'address', 'area_m2', 'centroid_lon', 'centroid_lat', 'boundary', 'industry', 'former_enterprise', 'former_credit_code', 'key_unit_id', 'source', 'stage',
    'current_use_code', 'planned_use_code', 'land_status', 'supply_plan_year', 'construction_permit_no', 'construction_permit_issued_on', 'construction_started_on', 'version', 'created_at', 'updated_at'], (function* () {
    for (const sp of specs) {
      const c = counties[sp.county];
      const lon = Math.round((c.lon + (rngPlot.next() - 0.5) * 0.3) * 1e6) / 1e6;
      const lat = Math.round((c.lat + (rngPlot.next() - 0.5) * 0.3) * 1e6) / 1e6;
      const area = Math.round(Math.exp(7.5 + rngPlot.next() * 4.5) * 100) / 100;
      let boundary: unknown = null;
      if (rngPlot.chance(0.15)) {
        const h = Math.sqrt(area) / 111_000 / 2;
        const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
        boundary = { type: 'Polygon', coordinates: [[[r6(lon - h), r6(lat - h)], [r6(lon + h), r6(lat - h)], [r6(lon + h), r6(lat + h)], [r6(lon - h), r6(lat + h)], [r6(lon - h), r6(lat - h)]]] };
      }
      const updated = Math.max(lastDay(sp), sp.land.length ? sp.land[sp.land.length - 1].day : 0);
      yield [sp.id, `${c.code}-${yearOf(sp.start)}-${String(sp.id).padStart(6, '0')}`, sp.name, c.code, `${c.name}${rngPlot.pick(ROADS)}${rngPlot.range(1, 300)}号`, area, lon, lat, boundary,
        sp.industry, sp.formerEnterprise, sp.formerCredit, sp.keyUnit || null, sp.source, lastStage(sp), sp.currentUse, sp.plannedUse, sp.landStatus, sp.supplyPlanYear,
        sp.constructionPermitNo, sp.constructionPermitOn !== null ? iso(sp.constructionPermitOn) : null, sp.constructionStartedOn !== null ? iso(sp.constructionStartedOn) : null,
        1 + sp.ev.length / 2 - 1 + sp.land.length, ts(sp.start), ts(updated)];
    }
  })());

  // Stage events in the order they reached the platform (recorded_at), not grouped by plot.
  let nEvents = 0;
  for (const sp of specs) nEvents += sp.ev.length / 2;
  const evPlot = new Int32Array(nEvents);
  const evIdx = new Int32Array(nEvents);
  const evRec = new Int32Array(nEvents);
  {
    let k = 0;
    for (const sp of specs) {
      for (let i = 0; i < sp.ev.length; i += 2) {
        evPlot[k] = sp.id - 1;
        evIdx[k] = i;
        evRec[k] = sp.ev[i + 1] + (i === 0 ? rngPlot.range(0, 10) : rngPlot.range(0, 20));
        k++;
      }
    }
  }
  const order = new Int32Array(nEvents).map((_, i) => i).sort((a, b) => evRec[a] - evRec[b] || evPlot[a] - evPlot[b] || evIdx[a] - evIdx[b]);
  const rngEv = root.fork(20);
  // The GB 36600 class each clearance was judged against (RULES §2), one per plot: FIRST for a plot planned (and
  // so supplied) for a use that needs first-class values, SECOND otherwise; a few plots planned for housing but
  // never supplied were cleared against second-class values only (not cleared for their use: investigation
  // required again). The classes the uses need are the reference table's, as boot wrote them.
  const firstClass = new Set<string>((await client.query(`select code from land_use where land_class = 'FIRST'`)).rows.map((r) => r.code as string));
  const rngClass = root.fork(21);
  const plotClass = specs.map((sp) => {
    if (!sp.plannedUse || !firstClass.has(sp.plannedUse)) return 'SECOND';
    return !sp.land.some((l) => l.kind === 'SUPPLY') && rngClass.chance(0.05) ? 'SECOND' : 'FIRST';
  });
  await copy('stage_event', ['id', 'plot_id', 'from_stage', 'to_stage', 'effective_on', 'recorded_at', 'agency', 'client_id', 'evidence', 'land_class'], (function* () {
    for (let n = 0; n < nEvents; n++) {
      const k = order[n];
      const sp = specs[evPlot[k]];
      const i = evIdx[k];
      const to = STAGES[sp.ev[i]];
      const from = i === 0 ? null : STAGES[sp.ev[i - 2]];
      const eff = sp.ev[i + 1];
      const c = counties[sp.county];
      let evidence: unknown = null;
      if (from && needsEvidence(from, to)) {
        const issued = eff - rngEv.range(0, 30);
        evidence = {
          documentNo: `${c.name.slice(0, 2)}环土〔${yearOf(issued)}〕${rngEv.range(1, 399)}号`,
          title: `${sp.name}${REPORT_TITLE[to] ?? '评审意见'}`,
          issuedBy: rngEv.chance(0.5) ? `${c.name}生态环境局组织专家评审` : `${rngEv.pick(NAME_A)}环境科技有限公司`,
          issuedOn: iso(issued),
        };
      }
      const client = clientOf('ECO', c);
      const landClass = isCleared(to) ? plotClass[sp.id - 1] : null;
      if (evidence && landClass) (evidence as Record<string, unknown>).landClass = landClass;
      yield [n + 1, sp.id, from, to, iso(eff), ts(evRec[k], 2 + rngEv.int(9)), 'ECO', i === 0 || !client ? null : client.id, evidence, landClass, c.code];
    }
  })(), { parent: 'plot', fk: 'plot_id' });
  // Investigation triggers (RULES §1), as Migration20261128230000 backfills them: the registration source gives the
  // first, dated with the plot's first stage event; a 一住两公 plan or supply of land whose current use is not
  // 一住两公 gives USE_CHANGE from the first such decision (a LAND_USE_CHANGE plot has it already).
  const SOURCE_TRIGGER: Record<string, string> = { KEY_INDUSTRY_SURVEY: 'SURVEY', LAND_USE_CHANGE: 'USE_CHANGE', VACATED_SITE: 'VACATED_SITE', KEY_UNIT_LAND: 'KEY_UNIT_LAND', DISCOVERED: 'DISCOVERED' };
  await copy('investigation_trigger', ['id', 'plot_id', 'kind', 'arose_on', 'detail', 'agency', 'client_id', 'recorded_at'], (function* () {
    let id = 0;
    for (const sp of specs) {
      const c = counties[sp.county];
      yield [++id, sp.id, SOURCE_TRIGGER[sp.source] ?? 'MONITORING', iso(sp.start), `registration source ${sp.source}`, 'ECO', null, ts(sp.start), c.code];
      if (sp.source === 'LAND_USE_CHANGE' || sensitive(sp.currentUse)) continue;
      const first = sp.land.find((l) => (l.kind === 'PLAN_USE' || l.kind === 'SUPPLY') && sensitive(l.code));
      if (first) yield [++id, sp.id, 'USE_CHANGE', iso(first.day), `${first.kind === 'PLAN_USE' ? 'planLandUse' : 'SUPPLY'} ${first.code}`, 'NATURAL_RESOURCES', clientOf('NATURAL_RESOURCES', c)?.id ?? null, ts(first.day + 3, 3), c.code];
    }
  })(), { parent: 'plot', fk: 'plot_id' });
  // PLAN_USE rows carry the supply-plan year decided with them when the schema has the column (duties read it from history).
  const landHasPlanYear = (await client.query(`select 1 from information_schema.columns where table_name = 'land_event' and column_name = 'supply_plan_year'`)).rowCount! > 0;
  // A SUPPLY says what it supplies (RULES §3): the planned use's code, the method (housing 出让, public uses 划拨,
  // others mostly 出让, some 租赁) and its decision document; a construction permit's works are REGULAR.
  const rngSup = root.fork(22);
  await copy('land_event', ['id', 'plot_id', 'kind', 'decided_on', 'planned_use_code', 'detail', 'agency', 'client_id', 'recorded_at', 'supplied_use_codes', 'supply_method', 'decision_no', 'purpose',
    ...(landHasPlanYear ? ['supply_plan_year'] : [])], (function* () {
    const all: { sp: PlotSpec; l: PlotSpec['land'][number] }[] = [];
    for (const sp of specs) for (const l of sp.land) all.push({ sp, l });
    all.sort((a, b) => a.l.day - b.l.day || a.sp.id - b.sp.id);
    let id = 0;
    for (const { sp, l } of all) {
      const agency = l.kind.startsWith('CONSTRUCTION') ? 'HOUSING' : 'NATURAL_RESOURCES';
      const client = clientOf(agency, counties[sp.county]);
      const row: unknown[] = [++id, sp.id, l.kind, iso(l.day), l.code, l.detail, agency, client?.id ?? null, ts(l.day + 3, 3)];
      if (l.kind === 'SUPPLY' && l.code) {
        const method = l.code.startsWith('07') ? 'GRANT' : l.code.startsWith('08') ? 'ALLOCATION' : rngSup.chance(0.8) ? 'GRANT' : 'LEASE';
        const doc = method === 'GRANT' ? '国有建设用地使用权出让合同' : method === 'ALLOCATION' ? '国有建设用地划拨决定书' : '国有建设用地使用权租赁合同';
        row.push(textArray([l.code]), method, `${counties[sp.county].name.slice(0, 2)}${doc}〔${yearOf(l.day)}〕${rngSup.range(1, 299)}号`, null);
      } else row.push(null, null, null, l.kind === 'CONSTRUCTION_PERMIT' ? 'REGULAR' : null);
      if (landHasPlanYear) row.push(l.kind === 'PLAN_USE' ? sp.supplyPlanYear : null);
      yield [...row, counties[sp.county].code];
    }
  })(), { parent: 'plot', fk: 'plot_id' });
  await copy('vacated_site', ['id', 'county_code', 'enterprise_name', 'credit_code', 'industry', 'permit_id', 'vacated_on', 'demolition_report_filed', 'land_reserved_on', 'plot_id', 'status', 'closed_on', 'close_reason', 'version', 'created_at', 'updated_at'], (function* () {
    const byId = new Map(specs.map((s) => [s.id, s]));
    for (let i = 0; i < sites.length; i++) {
      const s = sites[i];
      const p = permits[s.permit];
      const sp = s.plot ? byId.get(s.plot)! : null;
      const stage = sp ? lastStage(sp) : null;
      const status = s.closedOn !== null ? 'CLOSED' : !stage ? 'VACATED' : isCleared(stage) ? 'RELEASED' : stage === S.SUSPECTED ? 'VACATED' : 'UNDER_INVESTIGATION';
      yield [i + 1, counties[p.county].code, p.holder, p.credit, p.industry, s.permit, iso(p.ended!), s.demolition, s.reservedOn !== null ? iso(s.reservedOn) : null, s.plot || null, status,
        s.closedOn !== null ? iso(s.closedOn) : null, s.closedOn !== null ? '现场核查：无土壤污染隐患，原址已无生产设施' : null, s.closedOn !== null ? 2 : 1, ts(p.ended!), ts(s.closedOn ?? p.ended!)];
    }
  })());
  await copy('violation', ['id', 'plot_id', 'county_code', 'kind', 'detected_on', 'rectified_on', 'note', 'version', 'created_at'], (function* () {
    const all: { sp: PlotSpec; v: PlotSpec['violations'][number] }[] = [];
    for (const sp of specs) for (const v of sp.violations) all.push({ sp, v });
    all.sort((a, b) => a.v.day - b.v.day || a.sp.id - b.sp.id);
    let id = 0;
    for (const { sp, v } of all) {
      const rectified = rngViol.chance(0.55) ? Math.min(TODAY_CAP, v.day + rngViol.range(20, 400)) : null;
      yield [++id, sp.id, counties[sp.county].code, v.kind, iso(v.day), rectified !== null ? iso(rectified) : null, rectified !== null ? '已责令停止并完成整改' : '已责令停止', rectified ? 2 : 1, ts(v.day)];
    }
  })());

  // ───── reserve projects and their links ─────
  const seqOf = new Map<string, number>();
  const rpPlots: [number, number][] = [];
  const rpKus: [number, number][] = [];
  const rpCounty: number[] = [0];
  // Each project's moves along RULES §7's table (DRAFT → SUBMITTED → IN_CENTRAL_RESERVE → FUNDED → IN_PROGRESS →
  // COMPLETED; WITHDRAWN before FUNDED), dated in order: [projectId, from, to, day].
  const rpMoves: [number, string, string, number][] = [];
  await copy('reserve_project', ['id', 'project_code', 'name', 'county_code', 'category', 'stage', 'year', 'total_investment', 'central_funds_requested', 'central_funds_approved', 'submitted_on', 'entered_central_reserve_on', 'central_reserve_batch_no', 'version', 'created_at', 'updated_at'], (function* () {
    const YEARS: [number, number][] = [[2019, 0.08], [2020, 0.1], [2021, 0.12], [2022, 0.15], [2023, 0.17], [2024, 0.19], [2025, 0.19]];
    const CATS: [string, number][] = [['SOURCE_PREVENTION', 0.22], ['INVESTIGATION_ASSESSMENT', 0.25], ['RISK_CONTROL_REMEDIATION', 0.25], ['FARMLAND_SAFE_USE', 0.13], ['CAPACITY_BUILDING', 0.1], ['OTHER', 0.05]];
    const STG: [string, number][] = [['DRAFT', 0.12], ['SUBMITTED', 0.2], ['IN_CENTRAL_RESERVE', 0.2], ['FUNDED', 0.15], ['IN_PROGRESS', 0.13], ['COMPLETED', 0.12], ['WITHDRAWN', 0.08]];
    const CAT_ZH: Record<string, string> = { SOURCE_PREVENTION: '土壤污染源头防控', INVESTIGATION_ASSESSMENT: '土壤污染状况调查评估', RISK_CONTROL_REMEDIATION: '污染地块风险管控与修复', FARMLAND_SAFE_USE: '受污染耕地安全利用', CAPACITY_BUILDING: '土壤环境监管能力建设', OTHER: '土壤污染防治' };
    for (let id = 1; id <= N.reserve; id++) {
      const ci = countyPick.sample(rngRes);
      const c = counties[ci];
      const year = rngRes.weighted(YEARS);
      const cat = rngRes.weighted(CATS);
      const stage = rngRes.weighted(STG);
      const key = `${c.code}-${year}`;
      const seq = (seqOf.get(key) ?? 0) + 1;
      seqOf.set(key, seq);
      const total = Math.round(Math.exp(4 + rngRes.next() * 4.5) * 100) / 100;
      const requested = Math.round(total * (0.3 + rngRes.next() * 0.5) * 100) / 100;
      const approved = ['FUNDED', 'IN_PROGRESS', 'COMPLETED'].includes(stage) ? Math.round(requested * (0.5 + rngRes.next() * 0.5) * 100) / 100 : null;
      const submitted = stage === 'DRAFT' ? null : Math.min(END, dayOfYear(year) + rngRes.range(0, 300));
      // A withdrawn project was withdrawn from SUBMITTED or, some of them, after entering the central reserve.
      const withdrawnAfterEntry = stage === 'WITHDRAWN' && rngRes.chance(0.4);
      const entered = (['IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED'].includes(stage) || withdrawnAfterEntry) && submitted !== null ? Math.min(END, submitted + rngRes.range(20, 200)) : null;
      const movesBefore = rpMoves.length;
      {
        const path = stage === 'DRAFT' ? [] : stage === 'WITHDRAWN' ? ['SUBMITTED', ...(entered !== null ? ['IN_CENTRAL_RESERVE'] : []), 'WITHDRAWN']
          : ['SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED'].slice(0, ['SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED'].indexOf(stage) + 1);
        let from = 'DRAFT';
        let d = submitted ?? 0;
        for (const to of path) {
          if (to === 'IN_CENTRAL_RESERVE') d = entered!;
          else if (to !== 'SUBMITTED') d = Math.min(END, d + rngRes.range(30, 240));
          rpMoves.push([id, from, to, d]);
          from = to;
        }
      }
      const batchNo = entered !== null ? `中央生态环境资金项目储备库${yearOf(entered)}年第${1 + ((entered >> 5) % 4)}批` : null;
      rpCounty.push(ci);
      if (cat === 'INVESTIGATION_ASSESSMENT' || cat === 'RISK_CONTROL_REMEDIATION' || rngRes.chance(0.15)) {
        const pool = plotsByCounty[ci];
        const n = Math.min(pool.length, rngRes.range(1, 3));
        const chosen = new Set<number>();
        for (let j = 0; j < n * 3 && chosen.size < n; j++) chosen.add(rngRes.pick(pool));
        for (const p of chosen) rpPlots.push([id, p]);
      }
      if (cat === 'SOURCE_PREVENTION' || rngRes.chance(0.05)) {
        const pool = kusByCounty[ci];
        const n = Math.min(pool.length, rngRes.range(1, 2));
        const chosen = new Set<number>();
        for (let j = 0; j < n * 3 && chosen.size < n; j++) chosen.add(rngRes.pick(pool));
        for (const k of chosen) rpKus.push([id, k]);
      }
      const created = submitted ?? dayOfYear(year) + rngRes.range(0, 200);
      yield [id, `TR-${c.code}-${year}-${String(seq).padStart(4, '0')}`, `${c.name}${year}年${CAT_ZH[cat]}项目${seq}`, c.code, cat, stage, year,
        total.toFixed(2), requested.toFixed(2), approved?.toFixed(2) ?? null, submitted !== null ? iso(submitted) : null, entered !== null ? iso(entered) : null, batchNo,
        1 + rpMoves.length - movesBefore, ts(Math.min(created, END)), ts(rpMoves.length > movesBefore ? rpMoves[rpMoves.length - 1][3] : Math.min(created, END))];
    }
  })());
  const RP = { parent: 'reserve_project', fk: 'reserve_project_id' };
  await copy('reserve_project_plot', ['reserve_project_id', 'plot_id'], rpPlots.map(([r, p]) => [r, p, counties[rpCounty[r]].code]), RP);
  await copy('reserve_project_key_unit', ['reserve_project_id', 'key_unit_id'], rpKus.map(([r, k]) => [r, k, counties[rpCounty[r]].code]), RP);
  await copy('reserve_stage_event', ['id', 'project_id', 'from_stage', 'to_stage', 'effective_on', 'recorded_at', 'agency', 'client_id'],
    rpMoves.map(([r, from, to, d], i) => [i + 1, r, from, to, iso(d), ts(d, 4), 'ECO', clientOf('ECO', counties[rpCounty[r]])?.id ?? null, counties[rpCounty[r]].code]),
    { parent: 'reserve_project', fk: 'project_id' });

  // ───── the change feed: writes of 2025–2026 in commit order ─────
  const kuOfCheck: number[] = (await client.query(`select key_unit_id from hidden_danger_check order by id`)).rows.map((r) => r.key_unit_id);
  const kuOfMon: number[] = (await client.query(`select key_unit_id from monitoring_record order by id`)).rows.map((r) => r.key_unit_id);
  const violCounty: string[] = (await client.query(`select county_code from violation order by id`)).rows.map((r) => r.county_code);
  const countyByCode = new Map(counties.map((c) => [c.code, c]));
  const F = {
    plotCreated: ['plotCode', 'name', 'county', 'address', 'areaM2', 'centroid', 'industry', 'formerEnterprise', 'keyUnit', 'source', 'stage', 'landStatus'],
    plotStage: ['stage', 'stageHistory'],
    plotLand: [['plannedUse', 'supplyPlanYear', 'landStatus'], ['plannedUse'], ['landStatus'], ['constructionPermitNo'], ['constructionStartedOn']],
    ku: [['creditCode', 'name', 'county', 'industry', 'address', 'listedOn', 'status', 'contactPhone'], ['name', 'address'], ['contactPhone'], ['status', 'delistedOn']],
    check: ['keyUnit', 'completedOn', 'findings', 'rectified'],
    mon: ['keyUnit', 'kind', 'year', 'sampledOn', 'exceedsScreening', 'beyondBoundary'],
    permit: [['permitNo', 'holderName', 'creditCode', 'county', 'industry', 'category', 'issuedOn', 'validUntil', 'status', 'keyUnit'], ['status', 'endedOn', 'endReason']],
    site: [['county', 'enterpriseName', 'creditCode', 'industry', 'permit', 'vacatedOn', 'status', 'plot'], ['status'], ['landReservedOn']],
    reserve: [['projectCode', 'name', 'county', 'category', 'stage', 'year', 'totalInvestment', 'centralFundsRequested'], ['stage', 'submittedOn'], ['stage', 'enteredCentralReserveOn'], ['centralFundsApproved', 'stage']],
    violation: [['plot', 'county', 'kind', 'detectedOn', 'note'], ['rectifiedOn', 'note']],
  };
  await copy('change_log', ['id', 'at', 'agency', 'client_id', 'client_name', 'entity', 'entity_id', 'action', 'fields', 'county_code'], (function* () {
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    const span = Date.parse('2026-11-20T00:00:00Z') - t0;
    const ENT: [string, number][] = [['Plot', 0.5], ['KeyUnit', 0.08], ['HiddenDangerCheck', 0.08], ['MonitoringRecord', 0.1], ['DischargePermit', 0.12], ['VacatedSite', 0.04], ['ReserveProject', 0.05], ['Violation', 0.03]];
    for (let i = 1; i <= N.changes; i++) {
      const at = new Date(t0 + Math.floor((span * (i - 1 + rngChg.next())) / N.changes)).toISOString();
      const entity = rngChg.weighted(ENT);
      let id: number;
      let county: County;
      let agency = 'ECO';
      let action = 'CREATED';
      let fields: string[];
      switch (entity) {
        case 'Plot': {
          const sp = specs[rngChg.int(specs.length)];
          id = sp.id;
          county = counties[sp.county];
          const k = rngChg.next();
          if (k < 0.15) fields = F.plotCreated;
          else if (k < 0.75) {
            action = 'STAGE_CHANGED';
            fields = F.plotStage;
          } else {
            action = 'UPDATED';
            fields = rngChg.pick(F.plotLand);
            agency = fields[0].startsWith('construction') ? 'HOUSING' : 'NATURAL_RESOURCES';
          }
          break;
        }
        case 'KeyUnit': {
          id = 1 + rngChg.int(kus.length - 1);
          county = counties[kus[id].county];
          fields = rngChg.pick(F.ku);
          if (fields.length < 8) action = 'UPDATED';
          break;
        }
        case 'HiddenDangerCheck':
        case 'MonitoringRecord': {
          const list = entity === 'HiddenDangerCheck' ? kuOfCheck : kuOfMon;
          if (!list.length) continue;
          id = 1 + rngChg.int(list.length);
          county = counties[kus[list[id - 1]].county];
          fields = entity === 'HiddenDangerCheck' ? F.check : F.mon;
          break;
        }
        case 'DischargePermit': {
          id = 1 + rngChg.int(permits.length - 1);
          county = counties[permits[id].county];
          agency = rngChg.chance(0.7) ? 'APPROVALS' : 'ECO';
          fields = rngChg.pick(F.permit);
          if (fields.length < 5) action = 'UPDATED';
          break;
        }
        case 'VacatedSite': {
          if (!sites.length) continue;
          id = 1 + rngChg.int(sites.length);
          county = counties[permits[sites[id - 1].permit].county];
          fields = rngChg.pick(F.site);
          if (fields.length < 5) action = 'UPDATED';
          if (fields[0] === 'landReservedOn') agency = 'NATURAL_RESOURCES';
          break;
        }
        case 'ReserveProject': {
          id = 1 + rngChg.int(N.reserve);
          county = counties[rpCounty[id]];
          fields = rngChg.pick(F.reserve);
          if (fields.length < 5) action = 'UPDATED';
          break;
        }
        default: {
          if (!violCounty.length) continue;
          id = 1 + rngChg.int(violCounty.length);
          county = countyByCode.get(violCounty[id - 1])!;
          fields = rngChg.pick(F.violation);
          if (fields.length < 5) action = 'UPDATED';
        }
      }
      const cl = clientOf(agency, county);
      yield [i, at, agency, cl?.id ?? null, cl?.name ?? 'soilshare', entity, String(id), action, textArray(fields), county.code];
    }
  })());
  await client.query('commit');

  // A summary of the skew: plots per county (max, median, min) and the real province's share.
  const perCounty = plotsByCounty.map((l) => l.length).sort((a, b) => b - a);
  const realPlots = plotsByCounty.reduce((s, l, i) => s + (counties[i].real ? l.length : 0), 0);
  const provinces = new Set(counties.map((c) => c.provinceCode)).size;
  const cities = new Set(counties.map((c) => c.cityCode)).size;
  return {
    counts,
    divisionSummary: `${provinces}/${cities}/${counties.length} with data (${counties.filter((c) => c.real).length} real Shanxi counties)`,
    skew: `max ${perCounty[0]}, median ${perCounty[Math.floor(perCounty.length / 2)]}, min ${perCounty[perCounty.length - 1]}; Shanxi 140000: ${realPlots} (largest 141181 孝义市: ${plotsByCounty[counties.findIndex((c) => c.code === '141181')]?.length ?? 0})`,
  };
}

void DIRECTORY;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
