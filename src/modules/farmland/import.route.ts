import type http from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Context } from '../../context';
import { DomainError, ErrorCode } from '../../errors';
import { Route, sendError, sendJson } from '../../http';
import { queryStringProblem } from '../../validation/text';

/** The largest survey file POST /imports/farmland-units takes (the GraphQL endpoint's body limit is 1 MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401, [ErrorCode.FORBIDDEN]: 403, [ErrorCode.BAD_USER_INPUT]: 400, [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429, [ErrorCode.CONFLICT]: 409, [ErrorCode.RESTRICTED_USE]: 422,
};

const IMPORT = `mutation($countyCode: ID!, $format: FarmlandImportFormat!, $content: String!, $registeredOn: Date) {
  r: importFarmlandUnits(countyCode: $countyCode, format: $format, content: $content, registeredOn: $registeredOn) {
    countyCode imported areaM2 priorityProtectionAreaM2 safeUseAreaM2 strictControlAreaM2 } }`;

function readRaw(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_IMPORT_BYTES) { req.removeAllListeners('data'); req.resume(); resolve(null); } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * POST /imports/farmland-units?countyCode=140702&format=GEOJSON|CSV_WKT[&registeredOn=YYYY-MM-DD], the file as the
 * body (up to 32 MB): the same mutation as `importFarmlandUnits`, run through the same schema, permissions and
 * row scope with the same bearer token; the answer is its JSON (`{ data }` or `{ errors }` with the per-row list).
 */
export function farmlandImportRoute(deps: {
  context: (req: http.IncomingMessage) => Promise<Context>;
  execute: (ctx: Context, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;
}): Route {
  return {
    method: 'POST', path: '/imports/farmland-units',
    handler: async (req, res, url) => {
      let ctx: Context;
      try {
        ctx = await deps.context(req);
      } catch (e) {
        if (e instanceof DomainError) return void sendError(res, STATUS[e.code] ?? 400, e.code, e.message);
        throw e;
      }
      const bad = queryStringProblem(url.search);
      if (bad) return void sendError(res, 400, ErrorCode.BAD_USER_INPUT, `${bad.field}: ${bad.message}`, {}, { field: bad.field });
      const body = await readRaw(req);
      if (body === null) return void sendError(res, 413, ErrorCode.BAD_USER_INPUT, `the file is larger than ${MAX_IMPORT_BYTES} bytes`, {}, { field: 'content' });
      const p = url.searchParams;
      const result = await deps.execute(ctx, IMPORT, {
        countyCode: p.get('countyCode') ?? '', format: p.get('format') ?? '', content: body, registeredOn: p.get('registeredOn') ?? undefined,
      });
      const err = result.errors?.[0];
      if (err) {
        const code = err.originalError instanceof DomainError ? err.originalError.code : result.data === undefined ? ErrorCode.BAD_USER_INPUT : (err.extensions?.code as string);
        if (!(err.originalError instanceof DomainError) && result.data !== undefined && !STATUS[code]) throw err.originalError ?? err;
        return void sendJson(res, STATUS[code] ?? 400, { errors: [{ message: err.message, extensions: { ...err.extensions, code } }] });
      }
      sendJson(res, 200, { data: { importFarmlandUnits: (result.data as { r: unknown }).r } });
    },
  };
}
