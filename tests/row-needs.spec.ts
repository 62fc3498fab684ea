import { startTestApp, TestApp } from './helpers/app';
import { loadDemo } from '../seeds/demo/load';
import { setColumnPruning } from '../src/db/row-needs';

/**
 * Reads take only the columns the selection needs (src/db/row-needs.ts). A resolver that reads a property
 * its table entry does not name would answer wrongly only when asked alone, so: every field of every type
 * read through a page or a narrowed loader is asked ALONE, by every agency (refusals included), and the
 * answer must equal the one with every column read.
 */
jest.setTimeout(180_000);
let t: TestApp;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  // The resolver path's reads (the compiled read path, which has its own differential test, is off here).
  t = await startTestApp({ config: { compiler: false } });
  await loadDemo(t.app);
  for (const agency of ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS']) tokens[agency] = await t.token(agency, '140000', `字段-${agency}`);
});
afterAll(async () => {
  setColumnPruning(true);
  await t.stop();
});

interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
interface FieldInfo { name: string; args: { type: TypeRef }[]; type: TypeRef }
const named = (r: TypeRef): TypeRef => (r.ofType ? named(r.ofType) : r);
const types = new Map<string, { kind: string; fields: FieldInfo[] | null }>();

async function loadTypes() {
  const r = await t.gql(tokens.ECO, `{ __schema { types { name kind fields { name args { type { kind name ofType { kind name ofType { kind name } } } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`);
  for (const ty of r.data.__schema.types) types.set(ty.name, ty);
}

/** `field` alone, with the smallest selection below it when it is an object. */
function alone(f: FieldInfo): string | null {
  if (f.args.some((a) => a.type.kind === 'NON_NULL')) return null;
  const target = named(f.type);
  if (target.kind === 'SCALAR' || target.kind === 'ENUM') return f.name;
  const sub = types.get(target.name!)?.fields?.find((x) => named(x.type).kind === 'SCALAR' && !x.args.length);
  return `${f.name} { ${sub ? sub.name : '__typename'} }`;
}

async function both(query: string) {
  const out: Record<string, unknown[]> = { narrowed: [], full: [] };
  for (const agency of Object.keys(tokens)) {
    setColumnPruning(true);
    const a = await t.gql(tokens[agency], query);
    setColumnPruning(false);
    const b = await t.gql(tokens[agency], query);
    setColumnPruning(true);
    out.narrowed.push({ agency, data: a.data, errors: a.errors?.map((e) => [e.path?.join('.'), e.extensions.code]) });
    out.full.push({ agency, data: b.data, errors: b.errors?.map((e) => [e.path?.join('.'), e.extensions.code]) });
  }
  return out;
}

/** Where a type's rows are read narrowed: `wrap(selection)` makes the query. */
const ways: { type: string; way: string; wrap: (sel: string) => string }[] = [
  { type: 'Plot', way: 'plots', wrap: (s) => `{ plots(first: 200) { nodes { id ${s} } } }` },
  { type: 'KeyUnit', way: 'keyUnits', wrap: (s) => `{ keyUnits(first: 200) { nodes { id ${s} } } }` },
  { type: 'DischargePermit', way: 'dischargePermits', wrap: (s) => `{ dischargePermits(first: 200) { nodes { id ${s} } } }` },
  { type: 'VacatedSite', way: 'vacatedSites', wrap: (s) => `{ vacatedSites(first: 200) { nodes { id ${s} } } }` },
  { type: 'Violation', way: 'violations', wrap: (s) => `{ violations(first: 200) { nodes { id ${s} } } }` },
  { type: 'ReserveProject', way: 'reserveProjects', wrap: (s) => `{ reserveProjects(first: 200) { nodes { id ${s} } } }` },
  { type: 'KeyUnit', way: 'Plot.keyUnit', wrap: (s) => `{ plots(first: 200) { nodes { id keyUnit { id ${s} } } } }` },
  { type: 'StageEvent', way: 'Plot.stageHistory', wrap: (s) => `{ plots(first: 200) { nodes { id stageHistory { ${s} } } } }` },
  { type: 'DischargePermit', way: 'KeyUnit.permits', wrap: (s) => `{ keyUnits(first: 200) { nodes { id permits { id ${s} } } } }` },
  { type: 'Plot', way: 'KeyUnit.plots', wrap: (s) => `{ keyUnits(first: 200) { nodes { id plots { id ${s} } } } }` },
  { type: 'KeyUnit', way: 'DischargePermit.keyUnit', wrap: (s) => `{ dischargePermits(first: 200) { nodes { id keyUnit { id ${s} } } } }` },
  { type: 'Plot', way: 'Violation.plot', wrap: (s) => `{ violations(first: 200) { nodes { id plot { id ${s} } } } }` },
  { type: 'DischargePermit', way: 'VacatedSite.permit', wrap: (s) => `{ vacatedSites(first: 200) { nodes { id permit { id ${s} } } } }` },
  { type: 'Plot', way: 'VacatedSite.plot', wrap: (s) => `{ vacatedSites(first: 200) { nodes { id plot { id ${s} } } } }` },
  { type: 'KeyUnit', way: 'obligations.keyUnit', wrap: (s) => `{ obligations { kind keyUnit { id ${s} } } }` },
];

it('the demo has rows on every way in (else the comparison below would compare nothing)', async () => {
  await loadTypes();
  const r = await t.gql(tokens.ECO, `{ plots(first: 200) { nodes { keyUnit { id } stageHistory { to } } } keyUnits(first: 200) { nodes { permits { id } plots { id } obligations { kind } } }
    dischargePermits(first: 200) { nodes { keyUnit { id } } } vacatedSites(first: 200) { nodes { permit { id } plot { id } } } violations(first: 200) { nodes { plot { id } } } reserveProjects(first: 200) { nodes { id } } }`);
  expect(r.errors).toBeUndefined();
  const d = r.data;
  expect(d.plots.nodes.filter((p: any) => p.keyUnit).length).toBeGreaterThan(0);
  expect(d.plots.nodes.flatMap((p: any) => p.stageHistory).length).toBeGreaterThan(0);
  expect(d.keyUnits.nodes.flatMap((k: any) => k.permits).length).toBeGreaterThan(0);
  expect(d.keyUnits.nodes.flatMap((k: any) => k.plots).length).toBeGreaterThan(0);
  expect(d.keyUnits.nodes.flatMap((k: any) => k.obligations).length).toBeGreaterThan(0);
  expect(d.dischargePermits.nodes.filter((p: any) => p.keyUnit).length).toBeGreaterThan(0);
  expect(d.vacatedSites.nodes.filter((s: any) => s.permit || s.plot).length).toBeGreaterThan(0);
  expect(d.violations.nodes.length).toBeGreaterThan(0);
  expect(d.reserveProjects.nodes.length).toBeGreaterThan(0);
  expect((await t.gql(tokens.ECO, `{ obligations { keyUnit { id } } }`)).data.obligations.length).toBeGreaterThan(0);
});

describe.each(ways)('$way: every $type field asked alone answers as with every column', ({ type, wrap }) => {
  it('compares', async () => {
    if (!types.size) await loadTypes();
    const fields = types.get(type)!.fields!;
    expect(fields.length).toBeGreaterThan(3);
    for (const f of fields) {
      const sel = alone(f);
      if (!sel) continue;
      const r = await both(wrap(sel));
      expect([f.name, r.narrowed]).toEqual([f.name, r.full]);
    }
  });
});

it('a fragment merged with other selections in one place and alone in another reads what each place needs', async () => {
  // The same field node (inside F) alone under plots, and merged with `industry` under a unit's plots.
  const query = `fragment F on Plot { keyUnit { name } }
    query { plots(first: 50) { nodes { id ...F } } keyUnits(first: 50) { nodes { id plots { id ...F keyUnit { industry } } } } }`;
  const r = await both(query);
  expect(r.narrowed).toEqual(r.full);
  const units = (r.full[0] as any).data.keyUnits.nodes.flatMap((u: any) => u.plots).filter((p: any) => p.keyUnit);
  expect(units.length).toBeGreaterThan(0);
  expect(units.every((p: any) => typeof p.keyUnit.industry === 'string')).toBe(true);
  // And in the other order, the merged place first.
  const reversed = `fragment F on Plot { keyUnit { name } }
    query { keyUnits(first: 50) { nodes { id plots { id ...F keyUnit { industry } } } } plots(first: 50) { nodes { id ...F } } }`;
  const r2 = await both(reversed);
  expect(r2.narrowed).toEqual(r2.full);
});

it('reads fewer columns for a narrow selection, the rules\' columns for the clearance, and every column when a field needs the whole row', async () => {
  const narrow = await t.countStatements(() => t.gql(tokens.ECO, `{ plots(first: 5) { nodes { id name } } }`));
  const page = narrow.sql.find((s) => s.includes('from "plot"'))!;
  expect(page).toContain('"name"');
  expect(page).not.toContain('"boundary"');
  // The rules (RULES second edition) read the row's stage, uses, industry and key unit, the rest from the
  // plot's history by its id: Plot.clearance no longer takes the whole row (it did in the first edition).
  const rules = await t.countStatements(() => t.gql(tokens.ECO, `{ plots(first: 5) { nodes { id clearance { reasons } } } }`));
  const rulesPage = rules.sql.find((s) => s.includes('from "plot"'))!;
  for (const col of ['"stage"', '"planned_use_code"', '"current_use_code"', '"industry"', '"key_unit_id"']) expect(rulesPage).toContain(col);
  expect(rulesPage).not.toContain('"boundary"');
  // A computed field the table does not list (ReserveProject.stageHistory) reads every column.
  const whole = await t.countStatements(() => t.gql(tokens.ECO, `{ reserveProjects(first: 5) { nodes { id stageHistory { to } } } }`));
  const wholePage = whole.sql.find((s) => s.includes('from "reserve_project"'))!;
  for (const col of ['"name"', '"total_investment"']) expect(wholePage).toContain(col);
});
