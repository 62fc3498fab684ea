import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import * as input from '../common/input';
import { VacatedSite, VacatedSiteStatus } from './vacated-site.entity';

/** recordVacatedSiteReserve (NATURAL_RESOURCES): the land of a vacated site taken into the government reserve (收储). */
export function recordVacatedSiteReserve(ctx: Context, a: { id: string; landReservedOn: string; expectedVersion: number }) {
  return runWrite(ctx, 'recordVacatedSiteReserve', a, async (tx) => {
    const on = input.date(a.landReservedOn, 'landReservedOn', { required: true, notAfter: ctx.today })!;
    const site = await tx.load(VacatedSite, a.id, { what: 'vacated site', expectedVersion: a.expectedVersion });
    if (on < site.vacatedOn) throw badInput('landReservedOn', `must not be before the site was vacated (${site.vacatedOn})`);
    tx.updating(site, 'VacatedSite', () => site.county.code);
    site.landReservedOn = on;
    return site;
  });
}

/**
 * closeVacatedSite (ECO): a site that has no plot is closed with its reason (RULES.md §5) — e.g. checked and
 * found to need no investigation. A site with a plot closes by its plot's investigation (RELEASED) instead.
 * From `closedOn` it no longer counts as open (vacatedSitesOpen, RULES.md §8).
 */
export function closeVacatedSite(ctx: Context, a: { id: string; closedOn: string; reason: string; expectedVersion: number }) {
  return runWrite(ctx, 'closeVacatedSite', a, async (tx) => {
    const on = input.date(a.closedOn, 'closedOn', { required: true, notAfter: ctx.today })!;
    // A text column: this is the only bound on its size.
    const reason = input.text(a.reason, 'reason', { required: true, max: 1000 })!;
    const site = await tx.load(VacatedSite, a.id, { what: 'vacated site', expectedVersion: a.expectedVersion });
    if (site.plot) throw badInput('id', 'the site has a plot: it closes by its plot\'s investigation (RELEASED), not by closeVacatedSite');
    if (site.status === VacatedSiteStatus.CLOSED) throw badInput('id', `the site is already closed (${site.closedOn})`);
    if (on < site.vacatedOn) throw badInput('closedOn', `must not be before the site was vacated (${site.vacatedOn})`);
    tx.updating(site, 'VacatedSite', () => site.county.code);
    site.status = VacatedSiteStatus.CLOSED;
    site.closedOn = on;
    site.closeReason = reason;
    return site;
  });
}

/**
 * recordDemolitionReport (ECO): the demolition summary report (拆除活动总结报告, Jinzhong plan 3) filed for the
 * site, with its date and document number; demolitionReportFiled becomes true. Recorded once (a site marked
 * filed before the date was kept may get its date and number).
 */
export function recordDemolitionReport(ctx: Context, a: { id: string; filedOn: string; documentNo: string; expectedVersion: number }) {
  return runWrite(ctx, 'recordDemolitionReport', a, async (tx) => {
    const on = input.date(a.filedOn, 'filedOn', { required: true, notAfter: ctx.today })!;
    const documentNo = input.text(a.documentNo, 'documentNo', { required: true, max: 100 })!;
    const site = await tx.load(VacatedSite, a.id, { what: 'vacated site', expectedVersion: a.expectedVersion });
    if (site.demolitionReportFiledOn) throw badInput('id', `the demolition report is already recorded (${site.demolitionReportNo}, ${site.demolitionReportFiledOn})`);
    if (on < site.vacatedOn) throw badInput('filedOn', `must not be before the site was vacated (${site.vacatedOn})`);
    tx.updating(site, 'VacatedSite', () => site.county.code);
    site.demolitionReportFiled = true;
    site.demolitionReportFiledOn = on;
    site.demolitionReportNo = documentNo;
    return site;
  });
}
