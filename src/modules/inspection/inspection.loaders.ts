import type { Context } from '../../context';
import { byIdLoader, groupedLoader, perRequest } from '../common/request-loaders';
import { Inspection } from './inspection.entity';

/** The request's loaders of inspections by subject (one statement per level). */
export const inspectionLoaders = (ctx: Context) => ({
  ofPlot: perRequest(ctx, 'inspectionsOfPlot', () => groupedLoader(ctx, Inspection, 'plot', (r) => r.plot?.id, { inspectedOn: 'asc', id: 'asc' })),
  ofKeyUnit: perRequest(ctx, 'inspectionsOfKeyUnit', () => groupedLoader(ctx, Inspection, 'keyUnit', (r) => r.keyUnit?.id, { inspectedOn: 'asc', id: 'asc' })),
  ofSolidWasteYard: perRequest(ctx, 'inspectionsOfSolidWasteYard', () => groupedLoader(ctx, Inspection, 'solidWasteYard', (r) => r.solidWasteYard?.id, { inspectedOn: 'asc', id: 'asc' })),
  byId: perRequest(ctx, 'inspectionById', () => byIdLoader(ctx, Inspection)),
});
