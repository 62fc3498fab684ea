import { GraphQLScalarType, Kind, ValueNode } from 'graphql';

/**
 * Tonnes (and cubic metres) as exact decimal strings with up to 3 decimals ("12.5", "1250.125"), stored as
 * numeric(14,3); arithmetic in BigInt thousandths (kilograms), never floats.
 */
const TONNES_RE = /^(\d{1,11})(?:\.(\d{1,3}))?$/;

export function tonnesProblem(s: unknown): string | null {
  if (typeof s !== 'string') return 'must be a decimal string';
  return TONNES_RE.test(s) ? null : 'must be a non-negative decimal with at most 11 integer digits and 3 decimal places, e.g. "12.5"';
}

/** Thousandths of the unit (kg for tonnes). */
export function toMilli(s: string): bigint {
  const m = TONNES_RE.exec(String(s).trim());
  if (!m) throw new RangeError(`invalid quantity ${JSON.stringify(s)}`);
  return BigInt(m[1] + (m[2] ?? '').padEnd(3, '0'));
}

export function fromMilli(n: bigint): string {
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(4, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -3)}.${digits.slice(-3)}`;
}

const parse = (v: unknown) => {
  const p = tonnesProblem(v);
  if (p) throw new TypeError(`Quantity ${p}`);
  return fromMilli(toMilli(v as string));
};

export const QuantityScalar = new GraphQLScalarType({
  name: 'Quantity',
  description: 'An exact quantity (tonnes or cubic metres) as a decimal string with up to 3 decimals, "12.500"',
  serialize: (v) => String(v),
  parseValue: parse,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Quantity must be a string');
    return parse(ast.value);
  },
});
