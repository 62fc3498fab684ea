import fs from 'node:fs';

/**
 * City rules (RULES.md §9): every number and choice RULES.md marks *configurable*, in one typed object.
 * The law is the same everywhere; how a city turns its action plan into deadlines is not (the Xiaoyi 2025
 * plan and the Jinzhong 2023 plan already disagree). A city states its rules in a JSON file named by
 * SOILSHARE_CITY_RULES, validated at boot like the policy file; omitted keys keep the defaults below.
 * Examples: config/city-rules/xiaoyi.json and jinzhong.json, reasoned in config/city-rules/README.md.
 *
 * Plan citations: "Xiaoyi plan N" = task N of the Lüliang county-level city's 2025 plan
 * (shared/seeds/000_…); "Jinzhong plan N" = task N of 晋中市土壤污染防治2023年行动计划 (shared/seeds/001_…).
 */
export interface CityRules {
  /** For display only (the UI, report headers, logs): whose rules these are. */
  city: {
    /** e.g. "孝义市（吕梁市）", "晋中市". */
    name: string;
    /** The GB/T 2260 code of the division the rules were written for (6 digits), or null for the defaults. */
    divisionCode: string | null;
  };

  /**
   * RULES §2: the land-use codes (GB/T 21010-2017, as in reference data) whose use needs GB 36600-2018
   * first-class (第一类用地) values; every other code needs second-class values.
   * An entry covers every code that begins with it: "07" covers 07, 0701, 0702; "0803" covers 0803 only
   * (and any finer code under it). Entries are 2 or 4 digits.
   * Default ["07", "0803", "0805", "0806"]: 住宅, 教育 (primary and middle schools), 医疗卫生, 社会福利 — the
   * standard's first class. 0810 公园与绿地 is left out: only community and children's parks are first class,
   * and the code does not tell them apart (a city that wants the conservative reading adds "0810").
   * Neither plan changes this list.
   */
  landClass: { firstClassUseCodes: string[] };

  /**
   * RULES §6, INVESTIGATION_BEFORE_USE_CHANGE: whether the duty turns OVERDUE once the plot's supply-plan
   * year has begun (true), or stays DUE (false).
   * Xiaoyi plan 3 makes it a duty: plots "列入年度建设用地供应计划的地块 … 生态环境分局依法开展土壤污染状况调查" → true.
   * Jinzhong plan 5 only encourages it: "鼓励列入年度建设用地供应计划的地块，因地制宜提前开展土壤污染状况调查" → false.
   * Default true: what the platform did before city rules existed.
   */
  investigationBeforeUseChange: { overdueFromSupplyPlanYear: boolean };

  /** RULES §6, HIDDEN_DANGER_CHECK of a newly listed key unit. */
  hiddenDangerCheck: {
    /**
     * ONE_YEAR_AFTER_LISTING: Jinzhong plan 3 "新增土壤污染重点监管单位应在纳入名录一年内开展隐患排查".
     * END_OF_LISTING_YEAR (31 December of the listing year): Xiaoyi plan 1 "新增重点监管单位年内全部开展隐患排查".
     * Default ONE_YEAR_AFTER_LISTING (what the platform did so far).
     */
    deadline: 'ONE_YEAR_AFTER_LISTING' | 'END_OF_LISTING_YEAR';
    /** A new check owed every N years after the last one; null = no repeat cycle (default: neither plan sets one). */
    repeatEveryYears: number | null;
  };

  /**
   * RULES §6, SELF_MONITORING: a unit listed during a year owes that year's soil and groundwater records
   * unless it was listed within the year's last N days. Default 90. Neither plan names a number (Xiaoyi
   * plan 1 and Jinzhong plan 3 ask for 全面、系统的自行监测 by year end).
   */
  selfMonitoring: { exemptIfListedWithinLastDays: number };

  /**
   * RULES §6, ONE_PLANT_ONE_POLICY (一厂一策) after a SURROUNDING_SOIL record with pollution beyond the boundary:
   * days until it is OVERDUE, or null = DUE with no deadline (default: both plans only say 探索开展风险管控,
   * and the first edition's 180 days had no source).
   */
  onePlantOnePolicy: { deadlineDays: number | null };

  /**
   * RULES §11, contaminated-soil transfer manifests (污染土壤转运联单, Jinzhong plan 9 "建立污染土壤转运联单制度"):
   * a leg not received within receiveWithinDays days, or whose received quantity differs from the dispatched
   * one by more than quantityTolerancePercent %, opens Violation SOIL_TRANSFER_DISCREPANCY. Defaults 3 and 5
   * (RULES §11; neither plan gives numbers).
   */
  soilTransfer: { receiveWithinDays: number; quantityTolerancePercent: number };

  /**
   * RULES §11, MONTHLY_INSPECTION of a general industrial solid-waste yard: ON_SITE inspections owed in every
   * calendar month. Default 1: Xiaoyi plan 6 "每月至少对固废堆场全覆盖执法检查一次". 0 = no monthly duty.
   */
  solidWasteYard: { onSiteInspectionsPerMonth: number };

  /**
   * RULES §12, the county indicator of priority-protection farmland (优先保护类耕地): "确保其面积不减少"
   * (Xiaoyi plan 9, Jinzhong plan 1). Jinzhong plan 1 adds "对优先保护类耕地面积减少…的县（区、市），进行预警提醒并
   * 依法采取环评限批".
   */
  farmland: {
    /** Raise the warning (and the 环评限批 flag) when the area decreases. Default true. */
    warnOnDecrease: boolean;
    /** A decrease of at most this many m² against the start of the year is not a decrease (survey noise). Default 0: any decrease warns. */
    decreaseToleranceSquareMetres: number;
  };
}

/** The defaults of RULES.md, in force for every key a city's file leaves out. */
export const DEFAULT_CITY_RULES: CityRules = deepFreeze({
  city: { name: 'RULES.md defaults', divisionCode: null },
  landClass: { firstClassUseCodes: ['07', '0803', '0805', '0806'] },
  investigationBeforeUseChange: { overdueFromSupplyPlanYear: true },
  hiddenDangerCheck: { deadline: 'ONE_YEAR_AFTER_LISTING', repeatEveryYears: null },
  selfMonitoring: { exemptIfListedWithinLastDays: 90 },
  onePlantOnePolicy: { deadlineDays: null },
  soilTransfer: { receiveWithinDays: 3, quantityTolerancePercent: 5 },
  solidWasteYard: { onSiteInspectionsPerMonth: 1 },
  farmland: { warnOnDecrease: true, decreaseToleranceSquareMetres: 0 },
});

function deepFreeze<T>(o: T): T {
  for (const v of Object.values(o as object)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}

/** RULES §2: true when a use with this land-use code needs GB 36600 first-class values. */
export function needsFirstClass(rules: CityRules, useCode: string): boolean {
  return rules.landClass.firstClassUseCodes.some((entry) => useCode.startsWith(entry));
}

// ---- the file and its validation ------------------------------------------------------------------------

/** What a leaf may hold; objects are nested Shapes. */
type Leaf =
  | { type: 'boolean' }
  | { type: 'integer'; min: number; max: number; nullable?: boolean }
  | { type: 'number'; min: number; max: number }
  | { type: 'string'; pattern: RegExp; hint: string; nullable?: boolean }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'codes'; pattern: RegExp; hint: string };
type Shape = { [key: string]: Leaf | Shape };
/** A Shape with exactly CityRules' keys: the compiler keeps the table and the type in step. */
type ShapeOf<T> = { [K in keyof T]-?: T[K] extends object ? (T[K] extends unknown[] ? Leaf : ShapeOf<T[K]>) : Leaf };

const CODE = { pattern: /^\d{2}(\d{2})?$/, hint: 'a land-use code of 2 or 4 digits' };

/** The one table of what a city-rules file may say (keys, types, ranges); mirrors CityRules. */
const SHAPE: ShapeOf<CityRules> = {
  city: {
    name: { type: 'string', pattern: /^\S(.{0,98}\S)?$/su, hint: '1 to 100 characters, not blank at either end' },
    divisionCode: { type: 'string', pattern: /^\d{6}$/, hint: 'a 6-digit division code', nullable: true },
  },
  landClass: { firstClassUseCodes: { type: 'codes', ...CODE } },
  investigationBeforeUseChange: { overdueFromSupplyPlanYear: { type: 'boolean' } },
  hiddenDangerCheck: {
    deadline: { type: 'enum', values: ['ONE_YEAR_AFTER_LISTING', 'END_OF_LISTING_YEAR'] },
    repeatEveryYears: { type: 'integer', min: 1, max: 10, nullable: true },
  },
  selfMonitoring: { exemptIfListedWithinLastDays: { type: 'integer', min: 0, max: 365 } },
  onePlantOnePolicy: { deadlineDays: { type: 'integer', min: 1, max: 3650, nullable: true } },
  soilTransfer: {
    receiveWithinDays: { type: 'integer', min: 1, max: 90 },
    quantityTolerancePercent: { type: 'number', min: 0, max: 50 },
  },
  solidWasteYard: { onSiteInspectionsPerMonth: { type: 'integer', min: 0, max: 31 } },
  farmland: {
    warnOnDecrease: { type: 'boolean' },
    decreaseToleranceSquareMetres: { type: 'number', min: 0, max: 1_000_000 },
  },
};

const isLeaf = (s: Leaf | Shape): s is Leaf => typeof (s as Leaf).type === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Why `value` does not fit `leaf`, or null when it does. */
function leafProblem(leaf: Leaf, value: unknown): string | null {
  if (value === null) return 'nullable' in leaf && leaf.nullable ? null : 'must not be null';
  switch (leaf.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number`;
      if (leaf.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      return value < leaf.min || value > leaf.max ? `must be between ${leaf.min} and ${leaf.max} (is ${value})` : null;
    case 'string':
      if (typeof value !== 'string') return `must be a string (${leaf.hint})`;
      return leaf.pattern.test(value) ? null : `must be ${leaf.hint} (is ${JSON.stringify(value)})`;
    case 'enum':
      return typeof value === 'string' && leaf.values.includes(value) ? null : `must be one of ${leaf.values.join(', ')} (is ${JSON.stringify(value)})`;
    case 'codes': {
      if (!Array.isArray(value)) return `must be a list of codes (${leaf.hint} each)`;
      const bad = value.findIndex((c) => typeof c !== 'string' || !leaf.pattern.test(c));
      if (bad >= 0) return `[${bad}] must be ${leaf.hint} (is ${JSON.stringify(value[bad])})`;
      const twice = value.find((c, i) => value.indexOf(c) !== i);
      return twice === undefined ? null : `lists ${JSON.stringify(twice)} twice`;
    }
  }
}

/** Checks `input` against `shape` and writes its values over `into` (a copy of the defaults); collects every problem. */
function merge(shape: Shape, input: unknown, into: Record<string, unknown>, path: string, problems: string[]): void {
  if (!isObject(input)) {
    problems.push(`${path || '(top level)'} must be an object with keys ${Object.keys(shape).join(', ')}`);
    return;
  }
  for (const [key, value] of Object.entries(input)) {
    const at = path ? `${path}.${key}` : key;
    const spec = shape[key];
    if (!Object.prototype.hasOwnProperty.call(shape, key) || !spec) {
      problems.push(`${at}: unknown key (known${path ? ` under ${path}` : ''}: ${Object.keys(shape).join(', ')})`);
    } else if (isLeaf(spec)) {
      const problem = leafProblem(spec, value);
      if (problem) problems.push(problem.startsWith('[') ? `${at}${problem}` : `${at} ${problem}`);
      else into[key] = Array.isArray(value) ? [...value] : value;
    } else {
      merge(spec, value, into[key] as Record<string, unknown>, at, problems);
    }
  }
}

/**
 * The city rules in force: the defaults, deep-merged with the city's JSON file when one is named (a partial
 * file is fine: omitted keys keep their defaults; a list replaces the default list whole). An unknown key, a
 * wrong type, a number out of range or a malformed code stops the server at boot with a message naming the
 * file and every offending key path.
 */
export function loadCityRules(file?: string): CityRules {
  const rules = JSON.parse(JSON.stringify(DEFAULT_CITY_RULES)) as CityRules;
  if (!file) return rules;
  let input: unknown;
  try {
    input = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`SOILSHARE_CITY_RULES ${file}: cannot read it as JSON (${(e as Error).message})`);
  }
  const problems: string[] = [];
  merge(SHAPE as unknown as Shape, input, rules as unknown as Record<string, unknown>, '', problems);
  if (problems.length) throw new Error(`SOILSHARE_CITY_RULES ${file}: ${problems.join('; ')}`);
  return rules;
}
