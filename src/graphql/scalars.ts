import { GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { isValidDate } from '../validation/dates';
import { decimalProblem, normalizeDecimal } from '../validation/money';

/** The contract's custom scalars. Dates stay strings end to end: a calendar date has no time zone to lose. */
function stringScalar(name: string, description: string, check: (s: string) => string | null, normalize: (s: string) => string = (s) => s) {
  const parse = (v: unknown) => {
    if (typeof v !== 'string') throw new TypeError(`${name} must be a string`);
    const problem = check(v);
    if (problem) throw new TypeError(`${name} ${problem}`);
    return normalize(v);
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new TypeError(`${name} must be a string`);
      return parse(ast.value);
    },
  });
}

export const DateScalar = stringScalar('Date', 'A calendar date in Asia/Shanghai, "2025-09-30"', (s) =>
  isValidDate(s) ? null : `"${String(s).slice(0, 40)}" is not a calendar date YYYY-MM-DD`,
);

/** Renders instants as ISO-8601 with the +08:00 offset agencies read (contract: "2025-09-30T16:00:00+08:00"). */
export function toShanghaiIso(d: Date | string): string {
  const t = typeof d === 'string' ? new Date(d) : d;
  const shifted = new Date(t.getTime() + 8 * 3600_000).toISOString(); // 2025-09-30T08:00:00.000Z
  return shifted.slice(0, 19) + '+08:00';
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 with offset, "2025-09-30T16:00:00+08:00"',
  serialize: (v) => toShanghaiIso(v as Date | string),
  parseValue: (v) => {
    const d = new Date(String(v));
    if (typeof v !== 'string' || Number.isNaN(d.getTime()) || !/[zZ]|[+-]\d\d:\d\d$/.test(v)) throw new TypeError('DateTime must be ISO-8601 with an offset');
    return d;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be a string');
    const d = new Date(ast.value);
    if (Number.isNaN(d.getTime())) throw new TypeError('DateTime must be ISO-8601 with an offset');
    return d;
  },
});

export const DecimalScalar = stringScalar('Decimal', 'An exact decimal as a string, "1250.50" (万元)', (s) => decimalProblem(s), normalizeDecimal);

export const JSONScalar = GraphQLJSON;
