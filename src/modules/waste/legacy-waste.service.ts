import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import { ChangeAction } from '../changes/change-log.entity';
import * as input from '../common/input';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { fromMilli, quantity, toMilli } from './common';
import { LegacyWasteDisposal, LegacyWasteItem, LegacyWasteSite } from './waste.entity';

/**
 * Legacy hazardous waste of closed plants (遗留危废, Xiaoyi plan 8; RULES §11), ECO's (part hazardousWaste): the site
 * (one per credit code), its inventory by waste code, and each disposal to a licensed receiver. DISPOSAL is MET when
 * an inventory line's tonnes are all disposed; more than is left is refused.
 */

const WASTE_CODE = /^HW(0[1-9]|[1-4]\d|50)$/;
const countyOf = (s: { county: Division }) => () => s.county.code;

/** registerLegacyWasteSite (ECO): a closed plant holding legacy hazardous waste; optionally the key unit it was. */
export function registerLegacyWasteSite(ctx: Context, a: { input: { countyCode: string; name: string; creditCode: string; keyUnitId?: string | null; closedOn?: string | null } }) {
  return runWrite(ctx, 'registerLegacyWasteSite', a, async (tx) => {
    const i = a.input ?? ({} as typeof a.input);
    const keyUnitId = i.keyUnitId == null ? undefined : input.id(i.keyUnitId, 'input.keyUnitId');
    const name = input.text(i.name, 'input.name', { required: true })!;
    const closedOn = input.date(i.closedOn, 'input.closedOn', { notAfter: ctx.today });
    const creditCode = input.creditCode(i.creditCode, 'input.creditCode');
    const county = input.countyForWrite(ctx, i.countyCode, 'input.countyCode');
    let keyUnit: KeyUnit | undefined;
    if (keyUnitId) {
      keyUnit = (await tx.em.findOne(KeyUnit, { id: keyUnitId })) ?? undefined;
      if (!keyUnit) throw badInput('input.keyUnitId', 'no such key unit');
    }
    const site = tx.em.create(LegacyWasteSite, { county: tx.em.getReference(Division, county), name, creditCode, keyUnit, closedOn } as LegacyWasteSite);
    tx.created(site, 'LegacyWasteSite', countyOf(site));
    return site;
  });
}

/** recordLegacyWaste (ECO): one inventory line of a site — waste code, what it is, tonnes, inventoried on, dispose by. */
export function recordLegacyWaste(ctx: Context, a: {
  siteId: string; wasteCode: string; description: string; tonnes: string; inventoriedOn: string; disposeBy?: string | null;
}) {
  return runWrite(ctx, 'recordLegacyWaste', a, async (tx) => {
    input.id(a.siteId, 'siteId');
    const wasteCode = String(a.wasteCode ?? '').trim().toUpperCase();
    if (!WASTE_CODE.test(wasteCode)) throw badInput('wasteCode', `"${wasteCode.slice(0, 10)}" is not a waste category of the 国家危险废物名录 (HW01–HW50)`);
    const description = input.text(a.description, 'description', { required: true })!;
    const tonnes = quantity(a.tonnes, 'tonnes', { required: true, positive: true })!;
    const inventoriedOn = input.date(a.inventoriedOn, 'inventoriedOn', { required: true, notAfter: ctx.today })!;
    const disposeBy = input.date(a.disposeBy, 'disposeBy', { notBefore: inventoriedOn });
    const site = await tx.load(LegacyWasteSite, a.siteId, { what: 'legacy waste site', field: 'siteId' });
    const item = tx.em.create(LegacyWasteItem, {
      site, county: site.county, wasteCode, description, tonnes, inventoriedOn, disposeBy, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as LegacyWasteItem);
    tx.created(item, 'LegacyWasteItem', countyOf(site));
    tx.updating(site, 'LegacyWasteSite', countyOf(site), ChangeAction.UPDATED, ['inventory']);
    return item;
  });
}

/**
 * recordLegacyWasteDisposal (ECO): tonnes of an inventory line handed to a licensed receiver (credit code and
 * 危险废物经营许可证 number), with the national system's manifest number when given. The line is locked, so two
 * disposals cannot together exceed what is left.
 */
export function recordLegacyWasteDisposal(ctx: Context, a: {
  itemId: string; disposedOn: string; tonnes: string; receiverName: string; receiverCreditCode: string; receiverLicenceNo: string; manifestNo?: string | null;
}) {
  return runWrite(ctx, 'recordLegacyWasteDisposal', a, async (tx) => {
    input.id(a.itemId, 'itemId');
    const disposedOn = input.date(a.disposedOn, 'disposedOn', { required: true, notAfter: ctx.today })!;
    const tonnes = quantity(a.tonnes, 'tonnes', { required: true, positive: true })!;
    const receiverName = input.text(a.receiverName, 'receiverName', { required: true })!;
    const receiverCreditCode = input.creditCode(a.receiverCreditCode, 'receiverCreditCode');
    const receiverLicenceNo = input.text(a.receiverLicenceNo, 'receiverLicenceNo', { required: true })!;
    const manifestNo = input.text(a.manifestNo, 'manifestNo');
    const item = await tx.load(LegacyWasteItem, a.itemId, { what: 'legacy waste item', field: 'itemId' });
    if (disposedOn < item.inventoriedOn) throw badInput('disposedOn', `must not be before the waste was inventoried (${item.inventoriedOn})`);
    const done = await tx.em.find(LegacyWasteDisposal, { item });
    const left = toMilli(item.tonnes) - done.reduce((s, d) => s + toMilli(d.tonnes), 0n);
    if (toMilli(tonnes) > left) throw badInput('tonnes', `more than is left of this waste (${fromMilli(left)} t of ${item.tonnes})`);
    const rec = tx.em.create(LegacyWasteDisposal, {
      item, county: item.county, disposedOn, tonnes, receiverName, receiverCreditCode, receiverLicenceNo, manifestNo,
      agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as LegacyWasteDisposal);
    tx.created(rec, 'LegacyWasteDisposal', countyOf(item));
    return rec;
  });
}
