import { DischargePermit, PermitStatus } from './permit.entity';

/** The status a permit has on `date`: an ended one keeps its end; a valid one past validUntil is EXPIRED. */
export function permitStatus(p: Pick<DischargePermit, 'storedStatus' | 'validUntil'>, date: string): PermitStatus {
  if (p.storedStatus !== PermitStatus.VALID) return p.storedStatus;
  return p.validUntil < date ? PermitStatus.EXPIRED : PermitStatus.VALID;
}
