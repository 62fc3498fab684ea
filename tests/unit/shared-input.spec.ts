/**
 * The pieces several families share: one CSV reader (src/db/csv.ts) and one "quarter | asOf → the day read at"
 * (src/modules/common/input.ts), as the problem list, the zero-violation review and the farmland indicator use them.
 */
import type { Context } from '../../src/context';
import { parseCsv, readCsv } from '../../src/db/csv';
import { dayOfQuarterOrAsOf, quarterArg } from '../../src/modules/common/input';

const ctx = { today: '2026-11-29' } as Context;
const refusal = (f: () => unknown) => {
  try { f(); } catch (e) { return { code: (e as any).code, field: (e as any).extensions?.field }; }
  throw new Error('expected a refusal');
};

it('quarter | asOf: the quarter\'s last day, else the date, else today; both, a bad quarter or a bad date refused on their field', () => {
  expect(dayOfQuarterOrAsOf(ctx, '2025Q1', null)).toBe('2025-03-31');
  expect(dayOfQuarterOrAsOf(ctx, ' 2024Q4 ', undefined)).toBe('2024-12-31');
  expect(dayOfQuarterOrAsOf(ctx, null, '2025-08-01')).toBe('2025-08-01');
  expect(dayOfQuarterOrAsOf(ctx, undefined, undefined)).toBe('2026-11-29');
  expect(refusal(() => dayOfQuarterOrAsOf(ctx, '2025Q1', '2025-08-01'))).toEqual({ code: 'BAD_USER_INPUT', field: 'asOf' });
  expect(refusal(() => dayOfQuarterOrAsOf(ctx, '2025Q5', null))).toEqual({ code: 'BAD_USER_INPUT', field: 'quarter' });
  expect(refusal(() => dayOfQuarterOrAsOf(ctx, null, '2025-02-30'))).toEqual({ code: 'BAD_USER_INPUT', field: 'asOf' });
  expect(quarterArg('2025Q3').firstDay).toBe('2025-07-01');
});

it('CSV: blank lines skipped but counted, CR line ends, a quote mid-field is text; the open quote refused on the given field', () => {
  expect(readCsv('a,b\n\n1,"x\r\ny"\r3,4')).toEqual([
    { line: 1, cells: ['a', 'b'] }, { line: 3, cells: ['1', 'x\r\ny'] }, { line: 5, cells: ['3', '4'] },
  ]);
  expect(readCsv('a,b"c"')).toEqual([{ line: 1, cells: ['a', 'b"c"'] }]);
  expect(refusal(() => readCsv('x\n"open', 'csv'))).toEqual({ code: 'BAD_USER_INPUT', field: 'csv' });
  expect(parseCsv('\ufeff code , name \n 1 ,"a, b"\n')).toEqual([{ code: '1', name: 'a, b' }]);
});
