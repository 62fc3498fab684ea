import { DischargePermit, PermitStatus } from './permit.entity';

/** The status a permit has on `date`: an ended one keeps its end; a valid one past validUntil is EXPIRED. */
export function permitStatus(p: Pick<DischargePermit, 'storedStatus' | 'validUntil'>, date: string): PermitStatus {
  if (p.storedStatus !== PermitStatus.VALID) return p.storedStatus;
  return p.validUntil < date ? PermitStatus.EXPIRED : PermitStatus.VALID;
}

/**
 * permitStatus in SQL (the compiled read path, src/compiler/): the same rule on columns of alias `t` at the
 * date expression `date`. Change both together; tests/compiler/differential.spec.ts compares them.
 */
export const permitStatusSql = (t: string, date: string) =>
  `case when ${t}.stored_status <> '${PermitStatus.VALID}' then ${t}.stored_status when ${t}.valid_until < ${date} then '${PermitStatus.EXPIRED}' else '${PermitStatus.VALID}' end`;
