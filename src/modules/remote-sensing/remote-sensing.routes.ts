import { ErrorCode } from '../../errors';
import type { Route } from '../../http';
import { jsonProblem } from '../../validation/text';
import { importRoute, ImportRouteDeps, refusal } from '../common/import-route';

/** The largest import body: a batch of MAX_BATCH_FEATURES polygons of a few dozen positions each. */
export const MAX_IMPORT_BYTES = 64_000_000;

export type { ImportRouteDeps };

const IMPORT = `mutation($input: RemoteSensingImportInput!) { r: importRemoteSensing(input: $input) {
  batch { id batchNo acquiredOn polygonCount leadCount untouchedCount importedAt } polygons leadsCreated untouched
  leads { id state receivedOn description plot { id plotCode name } polygon { featureIndex } } } }`;

/**
 * POST /imports/remote-sensing: the body is the FeatureCollection itself (application/json or
 * application/geo+json, up to MAX_IMPORT_BYTES, for deliveries larger than /graphql's body limit); the batch
 * number and acquisition date come as query parameters (`?batchNo=…&acquiredOn=YYYY-MM-DD`, optionally `&receivedOn=`) or as foreign
 * members `batchNo` / `acquiredOn` of the FeatureCollection (both given and different: 400). It runs the
 * mutation importRemoteSensing through the same schema, so tokens, the policy, validation, the transaction,
 * audit and change feed are those of the mutation. Answer: the mutation's result as JSON (200), or its first
 * error with the matching status (400, 401, 403, 409 for a batch already imported, 413, 415, 429).
 */
export function remoteSensingRoutes(deps: ImportRouteDeps): Route[] {
  return [importRoute(deps, {
    path: '/imports/remote-sensing',
    maxBytes: MAX_IMPORT_BYTES,
    tooLarge: { code: 'BAD_REQUEST', message: `the body is larger than ${MAX_IMPORT_BYTES} bytes: split the delivery into batches` },
    contentType: {
      accepts: (t) => /^application\/(geo\+)?json\b/.test(t),
      refused: { code: 'BAD_REQUEST', message: 'send the FeatureCollection as Content-Type: application/geo+json or application/json' },
    },
    checkQuery: true,
    mutation: IMPORT,
    variables: (text, url) => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return refusal(400, ErrorCode.BAD_USER_INPUT, 'the body is not valid JSON', { field: 'featureCollection' });
      }
      const bad = jsonProblem(body, 'featureCollection');
      if (bad) return refusal(400, ErrorCode.BAD_USER_INPUT, `${bad.field}: ${bad.message}`, { field: bad.field });
      const members = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
      const given: Record<'batchNo' | 'acquiredOn', unknown> = { batchNo: undefined, acquiredOn: undefined };
      for (const name of ['batchNo', 'acquiredOn'] as const) {
        const q = url.searchParams.get(name);
        const m = members[name];
        if (q !== null && m !== undefined && m !== q) return refusal(400, ErrorCode.BAD_USER_INPUT, `${name}: the query parameter and the FeatureCollection's member differ`, { field: name });
        given[name] = q ?? m;
      }
      if (typeof given.batchNo !== 'string') return refusal(400, ErrorCode.BAD_USER_INPUT, 'batchNo: is required (query parameter or FeatureCollection member)', { field: 'batchNo' });
      if (typeof given.acquiredOn !== 'string') return refusal(400, ErrorCode.BAD_USER_INPUT, 'acquiredOn: is required (query parameter or FeatureCollection member, YYYY-MM-DD)', { field: 'acquiredOn' });
      const receivedOn = url.searchParams.get('receivedOn') ?? undefined;
      return { input: { batchNo: given.batchNo, acquiredOn: given.acquiredOn, receivedOn, featureCollection: body } };
    },
    // The route's body is the mutation's input.featureCollection: fields are named from the body (featureCollection.features[3]…).
    failure: (message, { code, field }) => ({ errors: [{ message, extensions: { code, ...(typeof field === 'string' ? { field: field.replace(/^input\./, '') } : {}) } }] }),
  })];
}
