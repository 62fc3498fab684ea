/**
 * Small helpers shared by the benchmark generator and driver: a seeded PRNG (no Math.random anywhere, so a
 * seed gives the same data set every time), argument parsing, calendar days as integers, percentiles.
 */

/** sfc32 seeded through splitmix32: fast, 128-bit state, good enough statistics for synthetic data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi] (both included). */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight from [value, weight] pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.next() * total;
    for (const [v, w] of pairs) {
      if (x < w) return v;
      x -= w;
    }
    return pairs[pairs.length - 1][0];
  }

  /** An independent stream derived from this one (so adding draws in one part does not shift another). */
  fork(salt: number): Rng {
    return new Rng((this.int(0x7fffffff) ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

/** Weighted sampling in O(log n) from a fixed list of weights (cumulative sums + binary search). */
export class WeightedIndex {
  private readonly cum: Float64Array;
  constructor(weights: readonly number[]) {
    this.cum = new Float64Array(weights.length);
    let s = 0;
    for (let i = 0; i < weights.length; i++) {
      s += weights[i];
      this.cum[i] = s;
    }
  }
  sample(rng: Rng): number {
    const x = rng.next() * this.cum[this.cum.length - 1];
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** `--name value`, `--name=value` and bare `--flag` arguments. */
export function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) {
      out[a.slice(2, eq)] = a.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      out[a.slice(2)] = argv[++i];
    } else {
      out[a.slice(2)] = true;
    }
  }
  return out;
}

export function numArg(args: Record<string, string | true>, name: string, dflt: number): number {
  const v = args[name];
  if (v === undefined || v === true) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
  return n;
}

/** Calendar days as integers (days since 1970-01-01, UTC): cheap arithmetic, formatted once per value. */
export const day = (iso: string) => Math.floor(Date.parse(iso + 'T00:00:00Z') / 86_400_000);
const ISO_CACHE = new Map<number, string>();
export function iso(d: number): string {
  let s = ISO_CACHE.get(d);
  if (s === undefined) {
    s = new Date(d * 86_400_000).toISOString().slice(0, 10);
    ISO_CACHE.set(d, s);
  }
  return s;
}
export const yearOf = (d: number) => Number(iso(d).slice(0, 4));
export const dayOfYear = (y: number, m = 1, dd = 1) => day(`${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
/** The same calendar day n years later (29 Feb → 28 Feb). */
export function addYears(d: number, n: number): number {
  const s = iso(d);
  const y = Number(s.slice(0, 4)) + n;
  const md = s.slice(5) === '02-29' ? '02-28' : s.slice(5);
  return day(`${y}-${md}`);
}

/** Nearest-rank percentile of an unsorted list (sorted in place). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  values.sort((a, b) => a - b);
  const idx = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1));
  return values[idx];
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}
