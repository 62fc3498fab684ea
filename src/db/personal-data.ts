/**
 * Personal data: property and argument names whose values never reach the audit trail. The one list —
 * src/db/write.ts snapshot() (a row's before/after), the services' audited arguments and src/auth/permissions.ts
 * (a write the permission layer refuses) all read it. The trail shows that such a value was sent or changed, not the value.
 */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set(['contactPhone']);

/** Arguments as the audit trail keeps them: every {@link PERSONAL_FIELDS} value, at any depth, replaced by '<redacted>' (null and '' kept). */
export function redactArgs<T>(args: T): T {
  if (Array.isArray(args)) return args.map(redactArgs) as T;
  if (!args || typeof args !== 'object') return args;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = PERSONAL_FIELDS.has(k) ? (v ? '<redacted>' : v) : redactArgs(v);
  return out as T;
}
