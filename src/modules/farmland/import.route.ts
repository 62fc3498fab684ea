import { ErrorCode } from '../../errors';
import type { Route } from '../../http';
import { importRoute, ImportRouteDeps } from '../common/import-route';

/** The largest survey file POST /imports/farmland-units takes (the GraphQL endpoint's body limit is 1 MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

const IMPORT = `mutation($countyCode: ID!, $format: FarmlandImportFormat!, $content: String!, $registeredOn: Date) {
  r: importFarmlandUnits(countyCode: $countyCode, format: $format, content: $content, registeredOn: $registeredOn) {
    countyCode imported areaM2 priorityProtectionAreaM2 safeUseAreaM2 strictControlAreaM2 } }`;

/**
 * POST /imports/farmland-units?countyCode=140702&format=GEOJSON|CSV_WKT[&registeredOn=YYYY-MM-DD], the file as the
 * body (up to 32 MB): the same mutation as `importFarmlandUnits`, run through the same schema, permissions and
 * row scope with the same bearer token; the answer is its JSON (`{ data }` or `{ errors }` with the per-row list).
 */
export function farmlandImportRoute(deps: ImportRouteDeps): Route {
  return importRoute(deps, {
    path: '/imports/farmland-units',
    maxBytes: MAX_IMPORT_BYTES,
    tooLarge: { code: ErrorCode.BAD_USER_INPUT, message: `the file is larger than ${MAX_IMPORT_BYTES} bytes`, extensions: { field: 'content' } },
    checkQuery: true,
    mutation: IMPORT,
    variables: (content, url) => {
      const p = url.searchParams;
      return { countyCode: p.get('countyCode') ?? '', format: p.get('format') ?? '', content, registeredOn: p.get('registeredOn') ?? undefined };
    },
    success: (r) => ({ data: { importFarmlandUnits: r } }),
  });
}
