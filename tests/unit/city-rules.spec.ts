import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CityRules, DEFAULT_CITY_RULES, loadCityRules, needsFirstClass } from '../../src/rules/city-rules';
import { loadConfig, PROJECT_ROOT } from '../../src/config';
import { tempJsonWriter } from '../helpers/temp-json';

/** City rules (RULES.md §9): defaults, a partial file deep-merged over them, strict validation naming the key path. */
const write = tempJsonWriter('city-rules');
const example = (name: string) => path.join(PROJECT_ROOT, 'config', 'city-rules', `${name}.json`);

describe('defaults (RULES.md)', () => {
  it('are the rules in force without a file', () => {
    expect(loadCityRules()).toEqual({
      city: { name: 'RULES.md defaults', divisionCode: null },
      landClass: { firstClassUseCodes: ['07', '0803', '0805', '0806'] },
      investigationBeforeUseChange: { overdueFromSupplyPlanYear: true },
      hiddenDangerCheck: { deadline: 'ONE_YEAR_AFTER_LISTING', repeatEveryYears: null },
      selfMonitoring: { exemptIfListedWithinLastDays: 90 },
      onePlantOnePolicy: { deadlineDays: null },
      soilTransfer: { receiveWithinDays: 3, quantityTolerancePercent: 5 },
      solidWasteYard: { onSiteInspectionsPerMonth: 1 },
      farmland: { warnOnDecrease: true, decreaseToleranceSquareMetres: 0 },
    } satisfies CityRules);
  });

  it('cannot be changed through a loaded copy', () => {
    const rules = loadCityRules();
    rules.landClass.firstClassUseCodes.push('0810');
    expect(DEFAULT_CITY_RULES.landClass.firstClassUseCodes).toEqual(['07', '0803', '0805', '0806']);
    expect(Object.isFrozen(DEFAULT_CITY_RULES.landClass.firstClassUseCodes)).toBe(true);
  });

  it('first class: an entry covers the codes that begin with it', () => {
    const rules = loadCityRules();
    expect(['07', '0701', '0702', '0803', '0805', '0806'].filter((c) => needsFirstClass(rules, c))).toHaveLength(6);
    expect(['08', '0801', '0804', '0807', '0810', '0601', '06'].some((c) => needsFirstClass(rules, c))).toBe(false);
  });

  it('the file is named by SOILSHARE_CITY_RULES', () => {
    expect(loadConfig({ SOILSHARE_CITY_RULES: '/etc/soilshare/rules.json' }, []).cityRulesFile).toBe('/etc/soilshare/rules.json');
    expect(loadConfig({}, []).cityRulesFile).toBeUndefined();
  });
});

describe('a partial file', () => {
  it('is deep-merged: the keys it names change, every other key keeps its default', () => {
    const rules = loadCityRules(write({ hiddenDangerCheck: { repeatEveryYears: 3 }, soilTransfer: { quantityTolerancePercent: 2.5 } }));
    expect(rules.hiddenDangerCheck).toEqual({ deadline: 'ONE_YEAR_AFTER_LISTING', repeatEveryYears: 3 });
    expect(rules.soilTransfer).toEqual({ receiveWithinDays: 3, quantityTolerancePercent: 2.5 });
    expect({ ...rules, hiddenDangerCheck: undefined, soilTransfer: undefined }).toEqual({ ...DEFAULT_CITY_RULES, hiddenDangerCheck: undefined, soilTransfer: undefined });
  });

  it('replaces a list whole, and may set a nullable rule to null or back to a number', () => {
    expect(loadCityRules(write({ landClass: { firstClassUseCodes: ['07', '0810'] } })).landClass.firstClassUseCodes).toEqual(['07', '0810']);
    expect(loadCityRules(write({ onePlantOnePolicy: { deadlineDays: 180 } })).onePlantOnePolicy.deadlineDays).toBe(180);
    expect(loadCityRules(write({ onePlantOnePolicy: { deadlineDays: null } })).onePlantOnePolicy.deadlineDays).toBeNull();
  });

  it('an empty object is the defaults', () => {
    expect(loadCityRules(write({}))).toEqual(DEFAULT_CITY_RULES);
  });
});

describe('validation at boot: every problem names the file and its key path', () => {
  it.each([
    ['an unknown top-level key', { landclass: {} }, /landclass: unknown key \(known: city, landClass/],
    ['an unknown nested key', { hiddenDangerCheck: { deadlines: 'END_OF_LISTING_YEAR' } }, /hiddenDangerCheck\.deadlines: unknown key \(known under hiddenDangerCheck: deadline, repeatEveryYears\)/],
    ['a "$comment"', { $comment: 'why' }, /\$comment: unknown key/],
    ['a section that is not an object', { soilTransfer: 3 }, /soilTransfer must be an object with keys receiveWithinDays, quantityTolerancePercent/],
    ['a top level that is not an object', [1], /\(top level\) must be an object/],
    ['a boolean as a string', { investigationBeforeUseChange: { overdueFromSupplyPlanYear: 'false' } }, /investigationBeforeUseChange\.overdueFromSupplyPlanYear must be true or false/],
    ['a number as a string', { selfMonitoring: { exemptIfListedWithinLastDays: '90' } }, /selfMonitoring\.exemptIfListedWithinLastDays must be a number/],
    ['a fraction of a day', { soilTransfer: { receiveWithinDays: 2.5 } }, /soilTransfer\.receiveWithinDays must be a whole number/],
    ['a number below its range', { selfMonitoring: { exemptIfListedWithinLastDays: -1 } }, /selfMonitoring\.exemptIfListedWithinLastDays must be between 0 and 365 \(is -1\)/],
    ['a number above its range', { soilTransfer: { quantityTolerancePercent: 80 } }, /soilTransfer\.quantityTolerancePercent must be between 0 and 50 \(is 80\)/],
    ['a zero deadline (null means none)', { onePlantOnePolicy: { deadlineDays: 0 } }, /onePlantOnePolicy\.deadlineDays must be between 1 and 3650/],
    ['a null where null has no meaning', { solidWasteYard: { onSiteInspectionsPerMonth: null } }, /solidWasteYard\.onSiteInspectionsPerMonth must not be null/],
    ['an unknown choice', { hiddenDangerCheck: { deadline: 'END_OF_YEAR' } }, /hiddenDangerCheck\.deadline must be one of ONE_YEAR_AFTER_LISTING, END_OF_LISTING_YEAR \(is "END_OF_YEAR"\)/],
    ['a 3-digit land-use code', { landClass: { firstClassUseCodes: ['07', '080'] } }, /landClass\.firstClassUseCodes\[1\] must be a land-use code of 2 or 4 digits \(is "080"\)/],
    ['a 6-digit land-use code', { landClass: { firstClassUseCodes: ['070101'] } }, /landClass\.firstClassUseCodes\[0\] must be a land-use code of 2 or 4 digits/],
    ['a code as a number', { landClass: { firstClassUseCodes: [7] } }, /landClass\.firstClassUseCodes\[0\] must be a land-use code/],
    ['codes not in a list', { landClass: { firstClassUseCodes: '07' } }, /landClass\.firstClassUseCodes must be a list of codes/],
    ['a code listed twice', { landClass: { firstClassUseCodes: ['07', '07'] } }, /landClass\.firstClassUseCodes lists "07" twice/],
    ['a malformed division code', { city: { divisionCode: '1411' } }, /city\.divisionCode must be a 6-digit division code/],
    ['a blank city name', { city: { name: ' ' } }, /city\.name must be 1 to 100 characters/],
    ['not JSON', '{ "city": ', /cannot read it as JSON/],
  ])('refuses %s', (_name, content, message) => {
    const file = write(content);
    let error: Error | undefined;
    try { loadCityRules(file); } catch (e) { error = e as Error; }
    expect(error?.message).toMatch(message);
    expect(error?.message).toContain(`SOILSHARE_CITY_RULES ${file}: `);
  });

  it('names every problem of a file at once', () => {
    expect(() => loadCityRules(write({ nope: 1, farmland: { warnOnDecrease: 1, decreaseToleranceSquareMetres: -5 } }))).toThrow(
      /nope: unknown key.*; farmland\.warnOnDecrease must be true or false; farmland\.decreaseToleranceSquareMetres must be between 0 and 1000000 \(is -5\)/,
    );
  });

  it('a missing file stops the server too', () => {
    expect(() => loadCityRules(path.join(os.tmpdir(), 'no-such-city-rules.json'))).toThrow(/SOILSHARE_CITY_RULES .*no-such-city-rules\.json: cannot read it/);
  });
});

describe('the examples that ship (config/city-rules/)', () => {
  const xiaoyi = loadCityRules(example('xiaoyi'));
  const jinzhong = loadCityRules(example('jinzhong'));

  it('validate, and each writes out every rule', () => {
    for (const name of ['xiaoyi', 'jinzhong']) {
      const raw = JSON.parse(fs.readFileSync(example(name), 'utf8'));
      for (const [section, rules] of Object.entries(DEFAULT_CITY_RULES)) expect(Object.keys(raw[section]).sort()).toEqual(Object.keys(rules).sort());
    }
    expect(xiaoyi.city).toEqual({ name: '孝义市（吕梁市）', divisionCode: '141181' });
    expect(jinzhong.city).toEqual({ name: '晋中市', divisionCode: '140700' });
  });

  it('differ where the plans differ', () => {
    // Xiaoyi plan 3 makes investigating supply-plan plots a duty; Jinzhong plan 5 only encourages it (鼓励).
    expect(xiaoyi.investigationBeforeUseChange.overdueFromSupplyPlanYear).toBe(true);
    expect(jinzhong.investigationBeforeUseChange.overdueFromSupplyPlanYear).toBe(false);
    // Xiaoyi plan 1 "年内全部开展隐患排查"; Jinzhong plan 3 "纳入名录一年内开展隐患排查".
    expect(xiaoyi.hiddenDangerCheck.deadline).toBe('END_OF_LISTING_YEAR');
    expect(jinzhong.hiddenDangerCheck.deadline).toBe('ONE_YEAR_AFTER_LISTING');
  });

  it('agree where the plans agree or say nothing', () => {
    const rest = (r: CityRules) => ({ ...r, city: undefined, investigationBeforeUseChange: undefined, hiddenDangerCheck: { ...r.hiddenDangerCheck, deadline: undefined } });
    expect(rest(xiaoyi)).toEqual(rest(jinzhong));
    expect(rest(xiaoyi)).toEqual(rest(DEFAULT_CITY_RULES));
  });
});
