import type { GqlResult } from './app';

/** The data of a successful answer; fails the test with the errors otherwise. */
export function ok<T = any>(r: GqlResult<T>, what = 'request'): T {
  if (r.errors?.length) throw new Error(`${what}: unexpected errors ${JSON.stringify(r.errors)}`);
  if (!r.data) throw new Error(`${what}: no data (HTTP ${r.status})`);
  return r.data as T;
}

/** A refused answer: the first error's code, and the input field it names when given. */
export function refused(r: GqlResult, code: string, field?: string) {
  expect(r.errors?.[0]?.extensions?.code).toBe(code);
  if (field !== undefined) expect(r.errors?.[0]?.extensions?.field).toBe(field);
}
