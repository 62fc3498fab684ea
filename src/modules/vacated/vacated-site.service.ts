import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import * as input from '../common/input';
import { VacatedSite } from './vacated-site.entity';

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
