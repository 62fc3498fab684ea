import { ErrorCode } from '../../errors';
import type { Route } from '../../http';
import { importRoute, ImportRouteDeps, refusal } from '../common/import-route';
import { MAX_IMPORT_BYTES } from './manifest-import.service';

const IMPORT = `mutation($csv: String!) { r: importHazardousWasteManifestCounts(csv: $csv) { imported created updated unchanged } }`;

/**
 * POST /imports/hazardous-waste-manifests (text/csv: credit code, month YYYY-MM, count): the monthly manifest counts
 * of the national system, through the same mutation as GraphQL (importHazardousWasteManifestCounts), so permissions,
 * row scope, audit and the all-or-nothing rule are the mutation's. 200 with the counts; 400 with `lines` (line, column,
 * message) when any line is refused (nothing is imported then).
 */
export function importRoutes(deps: ImportRouteDeps): Route[] {
  return [importRoute(deps, {
    path: '/imports/hazardous-waste-manifests',
    // A BOM and a little slack over the mutation's own limit, which answers the exact size.
    maxBytes: MAX_IMPORT_BYTES + 4,
    tooLarge: { code: ErrorCode.BAD_USER_INPUT, message: `the body is larger than ${MAX_IMPORT_BYTES} bytes` },
    contentType: { accepts: (t) => t === 'text/csv' || t === 'text/plain', refused: { code: ErrorCode.BAD_USER_INPUT, message: 'the body must be text/csv' } },
    mutation: IMPORT,
    variables: (csv) => (csv.includes('\uFFFD') ? refusal(400, ErrorCode.BAD_USER_INPUT, 'the body is not valid UTF-8', { field: 'csv' }) : { csv }),
    failure: (message, extensions) => ({ errors: [{ message, extensions }], ...('lines' in extensions ? { lines: extensions.lines } : {}) }),
  })];
}
