import type http from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Context } from '../../context';
import { DomainError, ErrorCode } from '../../errors';
import { readBody, Route, sendError, sendJson } from '../../http';
import { jsonProblem, queryStringProblem } from '../../validation/text';

/** The largest import body: a batch of MAX_BATCH_FEATURES polygons of a few dozen positions each. */
export const MAX_IMPORT_BYTES = 64_000_000;

export interface ImportRouteDeps {
  /** Authenticates like /graphql (bearer token → context; rate limit). */
  context: (req: http.IncomingMessage) => Promise<Context>;
  /** Runs an operation through the same schema, permission layer and row scope as /graphql. */
  execute: (ctx: Context, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;
}

const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401, [ErrorCode.FORBIDDEN]: 403, [ErrorCode.BAD_USER_INPUT]: 400, [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409, [ErrorCode.RATE_LIMITED]: 429,
};

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
  return [{
    method: 'POST', path: '/imports/remote-sensing',
    handler: async (req, res, url) => {
      let ctx: Context;
      try {
        ctx = await deps.context(req);
      } catch (e) {
        if (e instanceof DomainError && e.code === ErrorCode.RATE_LIMITED) {
          const retryAfter = String(e.extensions.retryAfter ?? 60);
          return void sendError(res, 429, e.code, e.message, { 'retry-after': retryAfter }, { retryAfter: Number(retryAfter) });
        }
        if (e instanceof DomainError) return void sendError(res, STATUS[e.code] ?? 400, e.code, e.message, e.code === ErrorCode.UNAUTHENTICATED ? { 'www-authenticate': 'Bearer' } : {});
        throw e;
      }
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/(geo\+)?json\b/i.test(type)) return void sendError(res, 415, 'BAD_REQUEST', 'send the FeatureCollection as Content-Type: application/geo+json or application/json');
      const badQuery = queryStringProblem(url.search);
      if (badQuery) return void sendError(res, 400, ErrorCode.BAD_USER_INPUT, `${badQuery.field}: ${badQuery.message}`, {}, { field: badQuery.field });
      const text = await readBody(req, MAX_IMPORT_BYTES);
      if (text === null) return void sendError(res, 413, 'BAD_REQUEST', `the body is larger than ${MAX_IMPORT_BYTES} bytes: split the delivery into batches`);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return void sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'the body is not valid JSON', {}, { field: 'featureCollection' });
      }
      const bad = jsonProblem(body, 'featureCollection');
      if (bad) return void sendError(res, 400, ErrorCode.BAD_USER_INPUT, `${bad.field}: ${bad.message}`, {}, { field: bad.field });
      const members = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
      const param = (name: 'batchNo' | 'acquiredOn'): unknown => {
        const q = url.searchParams.get(name);
        const m = members[name];
        if (q !== null && m !== undefined && m !== q) throw new DomainError(ErrorCode.BAD_USER_INPUT, `${name}: the query parameter and the FeatureCollection's member differ`, { field: name });
        return q ?? m;
      };
      let batchNo: unknown, acquiredOn: unknown;
      try {
        batchNo = param('batchNo');
        acquiredOn = param('acquiredOn');
      } catch (e) {
        const err = e as DomainError;
        return void sendError(res, 400, err.code, err.message, {}, { field: err.extensions.field });
      }
      if (typeof batchNo !== 'string') return void sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'batchNo: is required (query parameter or FeatureCollection member)', {}, { field: 'batchNo' });
      if (typeof acquiredOn !== 'string') return void sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'acquiredOn: is required (query parameter or FeatureCollection member, YYYY-MM-DD)', {}, { field: 'acquiredOn' });
      const receivedOn = url.searchParams.get('receivedOn') ?? undefined;
      const result = await deps.execute(ctx, IMPORT, { input: { batchNo, acquiredOn, receivedOn, featureCollection: body } });
      const err = result.errors?.[0];
      if (err) {
        const original = err.originalError;
        if (!(original instanceof DomainError) && result.data !== undefined) throw original ?? err;
        const code = original instanceof DomainError ? original.code : ErrorCode.BAD_USER_INPUT;
        // The route's body is the mutation's input.featureCollection: fields are named from the body (featureCollection.features[3]…).
        const field = original instanceof DomainError && typeof original.extensions.field === 'string' ? original.extensions.field.replace(/^input\./, '') : undefined;
        return void sendError(res, STATUS[code] ?? 400, code, err.message, {}, field ? { field } : {});
      }
      sendJson(res, 200, (result.data as { r: unknown }).r);
    },
  }];
}
