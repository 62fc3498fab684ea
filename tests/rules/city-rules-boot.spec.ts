import path from 'node:path';
import { createApp } from '../../src/app';
import { PROJECT_ROOT } from '../../src/config';
import { systemPrincipal } from '../../src/auth/principal';
import { DEFAULT_CITY_RULES } from '../../src/rules/city-rules';
import { startTestApp, TestApp } from '../helpers/app';
import { tempJsonWriter } from '../helpers/temp-json';

/** City rules at boot (RULES.md §9), like the policy file: a bad file stops the server, a good one is on every context. */
const write = tempJsonWriter('city-rules-boot');

describe('a bad city-rules file', () => {
  it('stops the server before it touches the database, naming the file and the key path', async () => {
    const file = write({ hiddenDangerCheck: { deadline: 'SOMETIME' } });
    const started = createApp({ config: { databaseUrl: 'postgres://unused@127.0.0.1:1/x', port: 0, cityRulesFile: file } });
    await expect(started).rejects.toThrow(`SOILSHARE_CITY_RULES ${file}: hiddenDangerCheck.deadline must be one of`);
  });

  it('stops it for an unknown key too', async () => {
    await expect(createApp({ config: { databaseUrl: 'postgres://unused@127.0.0.1:1/x', port: 0, cityRulesFile: write({ soilTransfer: { receiveWithin: 3 } }) } }))
      .rejects.toThrow(/soilTransfer\.receiveWithin: unknown key/);
  });
});

describe('a good city-rules file', () => {
  let t: TestApp;
  let plain: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { cityRulesFile: path.join(PROJECT_ROOT, 'config', 'city-rules', 'jinzhong.json') } });
    plain = await startTestApp();
  });
  afterAll(async () => { await t?.stop(); await plain?.stop(); });

  it('starts the server, and every context carries the file\'s values', async () => {
    for (const ctx of [t.app.systemContext(), t.app.contextFor(systemPrincipal(), true)]) {
      expect(ctx.rules.city).toEqual({ name: '晋中市', divisionCode: '140700' });
      expect(ctx.rules.investigationBeforeUseChange.overdueFromSupplyPlanYear).toBe(false);
      expect(ctx.rules.hiddenDangerCheck.deadline).toBe('ONE_YEAR_AFTER_LISTING');
    }
    const answer = await t.gql(await t.token('ECO', '140700'), '{ me { agency } }');
    expect(answer.errors).toBeUndefined();
  });

  it('without a file the defaults are in force', () => {
    expect(plain.app.systemContext().rules).toEqual(DEFAULT_CITY_RULES);
  });
});
