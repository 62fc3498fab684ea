import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';
import { DEFAULT_CITY_RULES, needsFirstClass } from '../../src/rules/city-rules';
import { startTestApp, TestApp } from '../helpers/app';
import { ok } from '../helpers/assert';

/**
 * The class a land use needs (RULES.md §2) is a city rule; the reference table holds GB 36600's default and
 * the city's rule is written into it at boot (src/rules/land-classes.ts), so SQL and the cache read one value.
 */
it('the rule\'s default says what the reference table says, code by code', () => {
  const lines = fs.readFileSync(path.join(PROJECT_ROOT, 'seeds/reference/landuse_gbt21010.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const codeAt = head.indexOf('code');
  const classAt = head.indexOf('land_class');
  const schemeAt = head.indexOf('scheme');
  expect(classAt).toBeGreaterThan(0);
  const rows = lines.slice(1)
    .map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')))
    // The rows of the 2023 guide (MNR-2023-guide) are kept for reference and carry no class.
    .filter((c) => c[schemeAt] === 'GB/T 21010-2017');
  expect(rows.length).toBe(85);
  const disagree = rows
    .filter((c) => (needsFirstClass(DEFAULT_CITY_RULES, c[codeAt]) ? 'FIRST' : 'SECOND') !== c[classAt])
    .map((c) => c[codeAt]);
  expect(disagree).toEqual([]);
});

describe('a city that adds parks (0810) to the first-class uses', () => {
  let t: TestApp;
  beforeAll(async () => {
    const file = path.join(os.tmpdir(), `land-classes-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify({ landClass: { firstClassUseCodes: ['07', '0803', '0805', '0806', '0810'] } }));
    t = await startTestApp({ config: { cityRulesFile: file } });
  });
  afterAll(async () => { await t?.stop(); });

  it('serves 0810 as FIRST, and a plot cleared against second-class values is not cleared for a park', async () => {
    const token = await t.token('NATURAL_RESOURCES', '141181');
    const uses = ok(await t.gql(token, '{ landUses { code landClass } }')).landUses as { code: string; landClass: string }[];
    expect(uses.find((u) => u.code === '0810')?.landClass).toBe('FIRST');
    expect(uses.find((u) => u.code === '0809')?.landClass).toBe('SECOND');
    const [{ land_class }] = await t.app.orm.em.fork().execute(`select land_class from land_use where code = '0810'`);
    expect(land_class).toBe('FIRST');
  });
});
