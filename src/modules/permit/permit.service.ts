import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import { addYears } from '../../validation/dates';
import { parsePermitNo } from '../../validation/permit-no';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import * as input from '../common/input';
import { createPlot } from '../plot/plot.service';
import { PlotSource } from '../plot/plot.enums';
import { VacatedSite, VacatedSiteStatus } from '../vacated/vacated-site.entity';
import { DischargePermit, PermitCategory, PermitEnd, PermitEndReason, PermitStatus } from './permit.entity';

export interface PermitInput { permitNo: string; holderName: string; creditCode: string; countyCode: string; industry: string; category: PermitCategory; issuedOn: string; validUntil: string }

/** issuePermit (APPROVALS, ECO): a discharge permit, HJ 608 number checked against its holder's credit code. */
export function issuePermit(ctx: Context, raw: PermitInput) {
  return runWrite(ctx, 'issuePermit', { input: raw }, async (tx) => {
    const em = tx.em;
    const creditCode = input.creditCode(raw.creditCode, 'input.creditCode');
    const permitNo = (raw.permitNo ?? '').trim();
    const parsed = parsePermitNo(permitNo);
    if (!parsed) throw badInput('input.permitNo', 'is not an HJ 608-2017 permit number (credit code + 3 digits + 1 letter)');
    if (parsed.creditCode !== creditCode) throw badInput('input.permitNo', `does not belong to credit code ${creditCode}`);
    const issuedOn = input.date(raw.issuedOn, 'input.issuedOn', { required: true, notAfter: ctx.today })!;
    const validUntil = input.date(raw.validUntil, 'input.validUntil', { required: true })!;
    if (validUntil <= issuedOn) throw badInput('input.validUntil', 'must be after issuedOn');
    // 排污许可管理条例 Art. 14: a permit is valid for five years.
    if (validUntil > addYears(issuedOn, 5)) throw badInput('input.validUntil', 'a discharge permit is valid for at most five years');
    const data = {
      holderName: input.text(raw.holderName, 'input.holderName', { required: true })!,
      countyCode: input.countyForWrite(ctx, raw.countyCode, 'input.countyCode'),
      industry: input.text(raw.industry, 'input.industry', { required: true })!,
    };
    // A permit number is unique nationwide, and the enterprise's key unit is linked wherever it is registered:
    // neither may depend on the writer's scope.
    const keyUnit = await tx.acrossScope(async (all) => {
      if (await all.count(DischargePermit, { permitNo }, { filters: { scope: false } })) throw badInput('input.permitNo', 'is already registered');
      return all.findOne(KeyUnit, { creditCode }, { filters: { scope: false } });
    });
    const permit = em.create(DischargePermit, {
      permitNo, holderName: data.holderName, creditCode, county: em.getReference(Division, data.countyCode), industry: data.industry,
      category: raw.category, issuedOn, validUntil, storedStatus: PermitStatus.VALID, keyUnit: keyUnit ?? undefined,
    } as DischargePermit);
    tx.created(permit, 'DischargePermit', () => permit.county.code);
    return permit;
  });
}

/**
 * endPermit (CANCEL 注销 / REVOKE 撤销): the permit goes on the ended list with why it ended (RULES.md §5). Only
 * CLOSURE_RELOCATION (关闭搬迁; also when no category is given) leaves land behind: a vacated site opens, and when
 * the holder is a key unit or in a key industry (matched by the reference's codes and synonyms), a SUSPECTED plot
 * (source VACATED_SITE) is registered for it too. Any other category (转登记, 换证, a new holder, a halt…) opens
 * nothing. One transaction: the permit, the site and the plot are written together or not at all.
 */
export function endPermit(ctx: Context, a: { id: string; how: PermitEnd; endedOn: string; reason: string; reasonCategory?: PermitEndReason | null; expectedVersion: number }) {
  return runWrite(ctx, 'endPermit', a, async (tx) => {
    const em = tx.em;
    const endedOn = input.date(a.endedOn, 'endedOn', { required: true, notAfter: ctx.today })!;
    // A text column: this is the only bound on its size.
    const reason = input.text(a.reason, 'reason', { required: true, max: 1000 })!;
    const category = a.reasonCategory ?? PermitEndReason.CLOSURE_RELOCATION;
    const permit = await tx.load(DischargePermit, a.id, { what: 'discharge permit', expectedVersion: a.expectedVersion });
    if (permit.storedStatus !== PermitStatus.VALID) throw badInput('id', `the permit is already ${permit.storedStatus}`);
    if (endedOn < permit.issuedOn) throw badInput('endedOn', `must not be before the issue date ${permit.issuedOn}`);

    tx.updating(permit, 'DischargePermit', () => permit.county.code);
    permit.storedStatus = a.how === PermitEnd.REVOKE ? PermitStatus.REVOKED : PermitStatus.CANCELLED;
    permit.endedOn = endedOn;
    permit.endReason = reason;
    permit.endReasonCategory = category;
    if (category !== PermitEndReason.CLOSURE_RELOCATION) return permit;

    // Loaded (permit.keyUnit is only a reference): the plot takes the unit's address.
    const keyUnit = (await tx.acrossScope((all) => all.findOne(KeyUnit, permit.keyUnit ? { id: permit.keyUnit.id } : { creditCode: permit.creditCode }, { filters: { scope: false } }))) ?? undefined;
    const site = em.create(VacatedSite, {
      county: permit.county, enterpriseName: permit.holderName, creditCode: permit.creditCode, industry: permit.industry,
      permit, vacatedOn: endedOn, status: VacatedSiteStatus.VACATED,
    } as VacatedSite);
    if (keyUnit || ctx.cache.keyIndustryOf(permit.industry) !== null) {
      site.plot = await createPlot(tx, {
        name: `${permit.holderName}腾退地块`, countyCode: permit.county.code, source: PlotSource.VACATED_SITE,
        address: keyUnit?.address, areaM2: undefined, centroid: undefined, boundary: undefined, industry: permit.industry,
        formerEnterprise: permit.holderName, formerCreditCode: permit.creditCode, keyUnit, currentUseCode: undefined, identifiedOn: endedOn,
      });
    }
    tx.created(site, 'VacatedSite', () => site.county.code);
    return permit;
  });
}
