/**
 * Inspections (检查, RULES §10) with each agency's token: ECO inspects plots and key units, NATURAL_RESOURCES
 * plots only (the policy's inspection.<subject> parts), everyone else is refused; a county token neither sees
 * nor inspects another county's subjects; the write is audited and in the change feed.
 */
import { COUNTY, OTHER_COUNTY, ok, registerPlot, startWorld, upsertKeyUnit, World } from '../workflow/helpers';
import { refused } from '../helpers/assert';

let w: World;
let tok: Record<string, string>;
beforeAll(async () => {
  w = await startWorld();
  tok = {
    ECO: w.tok.eco, NATURAL_RESOURCES: w.tok.nr, HOUSING: w.tok.housing, APPROVALS: w.tok.approvals,
    AGRICULTURE: await w.t.token('AGRICULTURE', COUNTY), PUBLIC_SECURITY: await w.t.token('PUBLIC_SECURITY', COUNTY), EMERGENCY: await w.t.token('EMERGENCY', COUNTY),
    ECO_OTHER: await w.t.token('ECO', OTHER_COUNTY),
  };
});
afterAll(async () => { await w.stop(); });

const RECORD = `mutation($input: InspectionInput!) { recordInspection(input: $input) { id subjectKind inspectedOn method agency findings problems county { code } plot { id } keyUnit { id } } }`;
const inspect = (token: string, subjectKind: string, subjectId: string, extra: Record<string, unknown> = {}) =>
  w.gql(token, RECORD, { input: { subjectKind, subjectId, inspectedOn: '2025-06-01', method: 'ON_SITE', findings: '现场检查：未见异常开挖', problems: ['围挡缺失'], ...extra } });

describe('recordInspection', () => {
  it('ECO inspects a plot and a key unit; the row takes the subject\'s county and the token\'s agency', async () => {
    const plot = await registerPlot(w);
    const unit = await upsertKeyUnit(w, { listedOn: '2024-03-01' });
    const a = ok(await inspect(tok.ECO, 'PLOT', plot.id)).recordInspection;
    expect(a).toMatchObject({ subjectKind: 'PLOT', agency: 'ECO', county: { code: COUNTY }, plot: { id: plot.id }, keyUnit: null, problems: ['围挡缺失'] });
    const b = ok(await inspect(tok.ECO, 'KEY_UNIT', unit.id, { method: 'ONLINE_MONITORING', problems: [] })).recordInspection;
    expect(b).toMatchObject({ subjectKind: 'KEY_UNIT', method: 'ONLINE_MONITORING', keyUnit: { id: unit.id }, plot: null, problems: [] });
    const read = ok(await w.gql(tok.ECO, `query($p: ID!, $k: ID!) { plot(id: $p) { inspections { id method } } keyUnit(id: $k) { inspections { id } } }`, { p: plot.id, k: unit.id }));
    expect(read.plot.inspections.map((i: any) => i.id)).toEqual([a.id]);
    expect(read.keyUnit.inspections.map((i: any) => i.id)).toEqual([b.id]);
    // Audited and in the feed, in the same transaction as the row.
    const feed = ok(await w.gql(tok.ECO, `{ changes(first: 1000) { nodes { entity entityId action fields } } }`)).changes.nodes;
    expect(feed.filter((c: any) => c.entity === 'Inspection').map((c: any) => c.entityId)).toEqual([a.id, b.id]);
    const audit = await w.t.app.orm.em.fork().getConnection().execute(`select count(*)::int as n from audit_log where operation = 'recordInspection' and outcome = 'OK'`);
    expect(audit[0].n).toBe(2);
  });

  it('NATURAL_RESOURCES inspects plots but not key units; the other bureaus inspect nothing', async () => {
    const plot = await registerPlot(w);
    const unit = await upsertKeyUnit(w, { listedOn: '2024-03-01' });
    expect(ok(await inspect(tok.NATURAL_RESOURCES, 'PLOT', plot.id)).recordInspection.agency).toBe('NATURAL_RESOURCES');
    refused(await inspect(tok.NATURAL_RESOURCES, 'KEY_UNIT', unit.id), 'FORBIDDEN');
    for (const a of ['HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY']) {
      refused(await inspect(tok[a], 'PLOT', plot.id), 'FORBIDDEN');
      refused(await inspect(tok[a], 'KEY_UNIT', unit.id), 'FORBIDDEN');
    }
    const n = await w.t.app.orm.em.fork().getConnection().execute(`select count(*)::int as n from inspection where key_unit_id = ?`, [Number(unit.id)]);
    expect(n[0].n).toBe(0);
  });

  it('reads by part: HOUSING, APPROVALS and EMERGENCY read inspections; AGRICULTURE and PUBLIC_SECURITY are refused', async () => {
    const plot = await registerPlot(w);
    ok(await inspect(tok.ECO, 'PLOT', plot.id));
    for (const a of ['HOUSING', 'APPROVALS', 'EMERGENCY', 'NATURAL_RESOURCES']) {
      const r = ok(await w.gql(tok[a], `query($d: ID) { inspections(filter: { divisionCode: $d }, first: 500) { nodes { id subjectKind method } } }`, { d: COUNTY }));
      expect(r.inspections.nodes.length).toBeGreaterThan(0);
    }
    // EMERGENCY reads the inspection, not the plot behind it (plot.basics: none).
    refused(await w.gql(tok.EMERGENCY, `{ inspections(first: 1) { nodes { id plot { id } } } }`), 'FORBIDDEN');
    for (const a of ['AGRICULTURE', 'PUBLIC_SECURITY']) refused(await w.gql(tok[a], `{ inspections { nodes { id } } }`), 'FORBIDDEN');
  });

  it('a county token neither sees nor inspects another county\'s subjects', async () => {
    const plot = await registerPlot(w);
    ok(await inspect(tok.ECO, 'PLOT', plot.id));
    refused(await inspect(tok.ECO_OTHER, 'PLOT', plot.id), 'NOT_FOUND', undefined);
    const r = ok(await w.gql(tok.ECO_OTHER, `{ inspections(first: 500) { nodes { id county { code } } } }`));
    expect(r.inspections.nodes).toEqual([]);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const plot = await registerPlot(w);
    refused(await inspect(tok.ECO, 'PLOT', 'abc'), 'BAD_USER_INPUT', 'input.subjectId');
    refused(await inspect(tok.ECO, 'PLOT', plot.id, { inspectedOn: '2099-01-01' }), 'BAD_USER_INPUT', 'input.inspectedOn');
    refused(await inspect(tok.ECO, 'PLOT', plot.id, { problems: ['  '] }), 'BAD_USER_INPUT', 'input.problems[0]');
    refused(await inspect(tok.ECO, 'PLOT', plot.id, { problems: Array(51).fill('x') }), 'BAD_USER_INPUT', 'input.problems');
    refused(await inspect(tok.ECO, 'PLOT', '999999'), 'NOT_FOUND');
    const n = await w.t.app.orm.em.fork().getConnection().execute(`select count(*)::int as n from inspection where plot_id = ?`, [Number(plot.id)]);
    expect(n[0].n).toBe(0);
  });
});
