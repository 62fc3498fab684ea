/**
 * The plot lifecycle (BRIEF.md "The plot lifecycle") walked through the API by ECO: every (from, to) pair of
 * PlotStage, evidence on starred moves, the dates a move may carry, stale versions, and the history kept.
 * Every refused write is read back: stage, version and history as they were.
 */
import {
  advance, codeOf, evidence, MOVES, ok, PATH, plotAt, readPlot, refusalsLogged, registerPlot, Stage, STAGES, startWorld, stateOf,
  stepDate, TODAY, walk, World, addDays, START,
} from './helpers';

let w: World;
beforeAll(async () => { w = await startWorld(); });
afterAll(async () => { await w.stop(); });

/** Reads the plot back and checks a refusal left it exactly as it was. */
async function expectUnchanged(before: any) {
  const after = await readPlot(w, before.id);
  expect(stateOf(after)).toEqual(stateOf(before));
}

const PAIRS = STAGES.flatMap((from) => STAGES.map((to) => [from, to] as [Stage, Stage]));
const ALLOWED = PAIRS.filter(([f, t]) => MOVES[f][t] !== undefined);
const ILLEGAL = PAIRS.filter(([f, t]) => MOVES[f][t] === undefined);
const STARRED = ALLOWED.filter(([f, t]) => MOVES[f][t]);

describe('every (from, to) pair of PlotStage', () => {
  // RULES §5 (second edition): the works' moves record their documents (方案备案 法64, 效果评估 法65) and a
  // DELISTED plot may be reopened with evidence — 15 allowed moves, 14 with evidence (the first edition: 14, 7).
  it('covers 100 pairs: 15 allowed (14 starred) and 85 illegal', () => {
    expect(PAIRS).toHaveLength(100);
    expect(ALLOWED).toHaveLength(15);
    expect(STARRED).toHaveLength(14);
    expect(ILLEGAL).toHaveLength(85);
    expect(ALLOWED.filter(([f, t]) => !MOVES[f][t])).toEqual([['SUSPECTED', 'UNDER_INVESTIGATION']]);
    expect(MOVES.DELISTED).toEqual({ UNDER_INVESTIGATION: true });
  });

  it.each(ALLOWED)('%s → %s is allowed', async (from, to) => {
    const p = await plotAt(w, from);
    expect(p.stage).toBe(from);
    const on = stepDate(PATH[from].length);
    const ev = MOVES[from][to] ? evidence(on) : null;
    const moved = ok(await advance(w, p.id, to, on, p.version, ev)).advancePlotStage;
    expect(moved.stage).toBe(to);
    expect(moved.version).toBe(p.version + 1);
    expect(moved.stageHistory).toHaveLength(p.stageHistory.length + 1);
    expect(moved.stageHistory.slice(0, -1)).toEqual(p.stageHistory);
    expect(moved.stageHistory.at(-1)).toMatchObject({ from, to, effectiveOn: on, agency: 'ECO', evidence: ev });
    // Read back: what was answered is what was stored.
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(moved));
  });

  it.each(ILLEGAL)('%s → %s is ILLEGAL_TRANSITION and changes nothing', async (from, to) => {
    const p = await plotAt(w, from);
    const on = stepDate(PATH[from].length);
    // With evidence and a good date, so that the table is the only reason to refuse.
    const r = await advance(w, p.id, to, on, p.version, evidence(on));
    expect(codeOf(r)).toBe('ILLEGAL_TRANSITION');
    expect(r.data).toBeNull();
    await expectUnchanged(p);
  });
});

describe('evidence', () => {
  it.each(STARRED)('%s → %s without evidence is BAD_USER_INPUT on `evidence` and changes nothing', async (from, to) => {
    const p = await plotAt(w, from);
    const r = await advance(w, p.id, to, stepDate(PATH[from].length), p.version, null);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('evidence');
    await expectUnchanged(p);
    const logged = await refusalsLogged(w, 'advancePlotStage', 'BAD_USER_INPUT', p.id);
    expect(logged).toHaveLength(1);
    expect(logged[0].agency).toBe('ECO');
  });

  it('keeps the evidence of a starred move in the history', async () => {
    const p = await plotAt(w, 'UNDER_INVESTIGATION');
    const on = stepDate(1);
    const ev = { documentNo: '晋环评审〔2024〕17号', title: '某焦化厂地块土壤污染状况初步调查报告', issuedBy: '晋中市生态环境局', issuedOn: addDays(on, -3) };
    const moved = ok(await advance(w, p.id, 'BELOW_SCREENING', on, p.version, ev)).advancePlotStage;
    expect(moved.stageHistory.at(-1).evidence).toEqual(ev);
  });

  it('refuses evidence issued after the move it supports (BAD_USER_INPUT on evidence.issuedOn)', async () => {
    const p = await plotAt(w, 'UNDER_INVESTIGATION');
    const on = stepDate(1);
    const r = await advance(w, p.id, 'BELOW_SCREENING', on, p.version, evidence(addDays(on, 1)));
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('evidence.issuedOn');
    await expectUnchanged(p);
  });
});

describe('effectiveOn', () => {
  it('may not be before the last event: BAD_USER_INPUT on effectiveOn, nothing changed', async () => {
    const p = await plotAt(w, 'UNDER_INVESTIGATION'); // last event on stepDate(0)
    const r = await advance(w, p.id, 'UNDER_RISK_ASSESSMENT', addDays(stepDate(0), -1), p.version, evidence(addDays(stepDate(0), -1)));
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('effectiveOn');
    await expectUnchanged(p);
    expect(await refusalsLogged(w, 'advancePlotStage', 'BAD_USER_INPUT', p.id)).toHaveLength(1);
  });

  it('may not be before the plot was identified (its first event)', async () => {
    const p = await registerPlot(w, { identifiedOn: '2024-05-10' });
    const r = await advance(w, p.id, 'UNDER_INVESTIGATION', '2024-05-09', p.version);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('effectiveOn');
    await expectUnchanged(p);
  });

  it('may be the same day as the last event', async () => {
    const p = await plotAt(w, 'UNDER_INVESTIGATION');
    const moved = ok(await advance(w, p.id, 'UNDER_RISK_ASSESSMENT', stepDate(0), p.version, evidence(stepDate(0)))).advancePlotStage;
    expect(moved.stage).toBe('UNDER_RISK_ASSESSMENT');
  });

  it('may not be after today: BAD_USER_INPUT on effectiveOn, nothing changed', async () => {
    const p = await registerPlot(w);
    const r = await advance(w, p.id, 'UNDER_INVESTIGATION', addDays(TODAY, 1), p.version);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('effectiveOn');
    await expectUnchanged(p);
  });

  it('may be today', async () => {
    const p = await registerPlot(w);
    const moved = ok(await advance(w, p.id, 'UNDER_INVESTIGATION', TODAY, p.version)).advancePlotStage;
    expect(moved.stageHistory.at(-1).effectiveOn).toBe(TODAY);
  });

  it('identifiedOn may not be after today either, and defaults to today', async () => {
    const r = await w.gql(w.tok.eco, `mutation { registerPlot(input: { name: "未来地块", countyCode: "140702", source: OTHER, identifiedOn: "${addDays(TODAY, 1)}" }) { id } }`);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('input.identifiedOn');
    const p = ok(await w.gql(w.tok.eco, `mutation { registerPlot(input: { name: "今日地块", countyCode: "140702", source: OTHER }) { stage stageHistory { from to effectiveOn } } }`)).registerPlot;
    expect(p.stage).toBe('SUSPECTED');
    expect(p.stageHistory).toEqual([{ from: null, to: 'SUSPECTED', effectiveOn: TODAY }]);
  });
});

describe('expectedVersion', () => {
  it.each([[-1], [+1]])('a stale version (current %+d) is CONFLICT and changes nothing', async (delta) => {
    const p = await plotAt(w, 'UNDER_INVESTIGATION');
    const on = stepDate(1);
    const r = await advance(w, p.id, 'BELOW_SCREENING', on, p.version + delta, evidence(on));
    expect(codeOf(r)).toBe('CONFLICT');
    await expectUnchanged(p);
    expect(await refusalsLogged(w, 'advancePlotStage', 'CONFLICT', p.id)).toHaveLength(1);
  });

  it('the same move sent twice with the same version: the second is CONFLICT, one event kept', async () => {
    const p = await registerPlot(w);
    ok(await advance(w, p.id, 'UNDER_INVESTIGATION', stepDate(0), p.version));
    const after = await readPlot(w, p.id);
    expect(codeOf(await advance(w, p.id, 'UNDER_INVESTIGATION', stepDate(0), p.version))).toBe('CONFLICT');
    await expectUnchanged(after);
    expect(after.stageHistory).toHaveLength(2);
  });
});

describe('who moves a plot', () => {
  it.each([['nr'], ['housing'], ['approvals']] as const)('%s may not advance a stage (FORBIDDEN), nothing changed', async (who) => {
    const p = await registerPlot(w);
    const r = await advance(w, p.id, 'UNDER_INVESTIGATION', stepDate(0), p.version, null, w.tok[who]);
    expect(codeOf(r)).toBe('FORBIDDEN');
    await expectUnchanged(p);
  });

  it('a plot that does not exist is NOT_FOUND', async () => {
    expect(codeOf(await advance(w, '999999', 'UNDER_INVESTIGATION', stepDate(0), 1))).toBe('NOT_FOUND');
  });

  it('a plot of another county is NOT_FOUND for a county token, and unchanged', async () => {
    const other = await w.t.token('ECO', '140703', '太谷区生态环境分局');
    const p = await registerPlot(w);
    expect(codeOf(await advance(w, p.id, 'UNDER_INVESTIGATION', stepDate(0), p.version, null, other))).toBe('NOT_FOUND');
    await expectUnchanged(p);
  });
});

describe('stageHistory', () => {
  it('is append-only and ordered through a whole life, including targets not met and re-opening', async () => {
    const route: [Stage, boolean][] = [
      ['UNDER_INVESTIGATION', false], ['BELOW_SCREENING', true], ['UNDER_INVESTIGATION', true], // re-opened on new findings
      ['UNDER_RISK_ASSESSMENT', true], ['RISK_ACCEPTABLE', true], ['UNDER_INVESTIGATION', true],
      ['UNDER_RISK_ASSESSMENT', true], ['LISTED', true], ['RISK_CONTROL', true], ['EFFECT_EVALUATION', true],
      ['REMEDIATION', true], // targets not met
      ['EFFECT_EVALUATION', true], ['RISK_CONTROL', true], ['EFFECT_EVALUATION', true], ['DELISTED', true],
      ['UNDER_INVESTIGATION', true], // re-opened after delisting (RULES §5), e.g. on a post-management finding
    ];
    let p = await registerPlot(w, { identifiedOn: '2023-01-01' });
    let seen = p.stageHistory;
    expect(seen).toEqual([expect.objectContaining({ from: null, to: 'SUSPECTED', effectiveOn: '2023-01-01' })]);
    for (const [i, [to, ev]] of route.entries()) {
      // Two moves share a day now and then: the order kept is the order recorded.
      const on = addDays('2023-01-01', Math.floor((i + 1) / 2) * 30);
      p = ok(await advance(w, p.id, to, on, p.version, ev ? evidence(on, String(i)) : null)).advancePlotStage;
      const history = (await readPlot(w, p.id)).stageHistory;
      expect(history).toHaveLength(seen.length + 1);
      expect(history.slice(0, -1)).toEqual(seen); // nothing earlier rewritten, recordedAt included
      expect(history.at(-1)).toMatchObject({ from: seen.at(-1).to, to, effectiveOn: on });
      seen = history;
    }
    expect(p.stage).toBe('UNDER_INVESTIGATION');
    expect(seen.map((e: any) => e.to)).toEqual(['SUSPECTED', ...route.map(([s]) => s)]);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].from).toBe(seen[i - 1].to);
      expect(seen[i].effectiveOn >= seen[i - 1].effectiveOn).toBe(true);
      expect(Date.parse(seen[i].recordedAt) >= Date.parse(seen[i - 1].recordedAt)).toBe(true);
    }
    expect(seen.every((e: any) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(e.recordedAt))).toBe(true);
    // From a re-opened investigation the table holds again: no jump back into the directory or to DELISTED.
    for (const to of ['LISTED', 'DELISTED', 'SUSPECTED'] as Stage[]) {
      expect(codeOf(await advance(w, p.id, to, TODAY, p.version, evidence(TODAY)))).toBe('ILLEGAL_TRANSITION');
    }
    await expectUnchanged(p);
  });

  it('a refused move appends nothing: after a run of refusals the history is as it was', async () => {
    const p = await plotAt(w, 'LISTED');
    const on = stepDate(PATH.LISTED.length);
    const attempts = [
      advance(w, p.id, 'DELISTED', on, p.version, evidence(on)), // ILLEGAL_TRANSITION
      advance(w, p.id, 'RISK_CONTROL', addDays(TODAY, 1), p.version), // future
      advance(w, p.id, 'RISK_CONTROL', START, p.version), // before the last event
      advance(w, p.id, 'RISK_CONTROL', on, p.version + 1), // stale
    ];
    const codes = [];
    for (const a of attempts) codes.push(codeOf(await a));
    expect(codes).toEqual(['ILLEGAL_TRANSITION', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'CONFLICT']);
    await expectUnchanged(p);
  });
});

describe('the class a clearance was judged against (RULES §2)', () => {
  it.each([['BELOW_SCREENING', 'FIRST'], ['RISK_ACCEPTABLE', 'SECOND'], ['DELISTED', 'FIRST'], ['BELOW_SCREENING', undefined]] as const)('a move into %s with landClass %s: Plot.clearedFor says it (absent = SECOND)', async (stage, landClass) => {
    const p = await plotAt(w, stage, { landClass });
    expect(p.clearedFor).toBe(landClass ?? 'SECOND');
    // Not cleared any more once re-opened.
    const on = stepDate(PATH[stage].length);
    const q = ok(await advance(w, p.id, 'UNDER_INVESTIGATION', on, p.version, evidence(on))).advancePlotStage;
    expect(q.clearedFor).toBeNull();
  });

  it.each(['UNDER_RISK_ASSESSMENT', 'LISTED'] as Stage[])('landClass with a move into %s (not a clearance) is BAD_USER_INPUT on evidence.landClass', async (to) => {
    const p = await plotAt(w, to === 'LISTED' ? 'UNDER_RISK_ASSESSMENT' : 'UNDER_INVESTIGATION');
    const on = stepDate(PATH[p.stage as Stage].length);
    const r = await advance(w, p.id, to, on, p.version, { ...evidence(on), landClass: 'FIRST' });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('evidence.landClass');
    await expectUnchanged(p);
  });
});

describe('walk helper sanity', () => {
  it.each(STAGES)('reaches %s by the shortest path', async (s) => {
    const p = await walk(w, await registerPlot(w), PATH[s]);
    expect(p.stage).toBe(s);
    expect(p.version).toBe(1 + PATH[s].length);
  });
});
