import DataLoader from 'dataloader';
import type { Context } from '../../context';
import { findPlainIn } from '../../db/plain';
import { Inspection } from './inspection.entity';

/** Children grouped by a foreign key, in the order of `ids` (one statement per level, in the request's scope). */
function groupedBy<T extends object>(ctx: Context, entity: new () => T, fk: string, key: (r: T) => number, orderBy: [string, 'asc' | 'desc'][]) {
  return new DataLoader<number, T[]>(async (ids) => {
    const rows = await findPlainIn(ctx.em, entity, fk, ids, orderBy);
    const groups = new Map<number, T[]>();
    for (const r of rows) {
      const list = groups.get(key(r));
      if (list) list.push(r);
      else groups.set(key(r), [r]);
    }
    return ids.map((id) => groups.get(id) ?? []);
  });
}

const made = new WeakMap<Context, InspectionLoaders>();

/** The request's loaders of inspections by subject (kept beside the family; one set per request context). */
export function inspectionLoaders(ctx: Context): InspectionLoaders {
  let l = made.get(ctx);
  if (!l) made.set(ctx, (l = new InspectionLoaders(ctx)));
  return l;
}

export class InspectionLoaders {
  constructor(private readonly ctx: Context) {}
  readonly ofPlot = groupedBy(this.ctx, Inspection, 'plot', (r) => r.plot!.id, [['inspectedOn', 'asc'], ['id', 'asc']]);
  readonly ofKeyUnit = groupedBy(this.ctx, Inspection, 'keyUnit', (r) => r.keyUnit!.id, [['inspectedOn', 'asc'], ['id', 'asc']]);
  readonly ofSolidWasteYard = groupedBy(this.ctx, Inspection, 'solidWasteYard', (r) => r.solidWasteYard!.id, [['inspectedOn', 'asc'], ['id', 'asc']]);
}

export { groupedBy };
