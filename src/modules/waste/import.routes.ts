import type http from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Context } from '../../context';
import { DomainError, ErrorCode } from '../../errors';
import { Route, sendError, sendJson } from '../../http';
import { MAX_IMPORT_BYTES } from './manifest-import.service';

export interface ImportDeps {
  /** Authenticates like /graphql (bearer token → context, for a write). */
  context: (req: http.IncomingMessage) => Promise<Context>;
  /** Runs an operation through the same schema, permission layer and row scope as /graphql. */
  execute: (ctx: Context, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;
}

const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401, [ErrorCode.FORBIDDEN]: 403, [ErrorCode.BAD_USER_INPUT]: 400, [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429, [ErrorCode.CONFLICT]: 409,
};

const IMPORT = `mutation($csv: String!) { r: importHazardousWasteManifestCounts(csv: $csv) { imported created updated unchanged } }`;

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { resolve(null); req.resume(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * POST /imports/hazardous-waste-manifests (text/csv: credit code, month YYYY-MM, count): the monthly manifest counts
 * of the national system, through the same mutation as GraphQL (importHazardousWasteManifestCounts), so permissions,
 * row scope, audit and the all-or-nothing rule are the mutation's. 200 with the counts; 400 with `lines` (line, column,
 * message) when any line is refused (nothing is imported then).
 */
export function importRoutes(deps: ImportDeps): Route[] {
  return [{
    method: 'POST', path: '/imports/hazardous-waste-manifests',
    handler: async (req, res) => {
      let ctx: Context;
      try {
        ctx = await deps.context(req);
      } catch (e) {
        if (e instanceof DomainError) return void sendError(res, STATUS[e.code] ?? 400, e.code, e.message);
        throw e;
      }
      const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'text/csv' && type !== 'text/plain') return void sendError(res, 415, ErrorCode.BAD_USER_INPUT, 'the body must be text/csv');
      const body = await readBody(req, MAX_IMPORT_BYTES + 4);
      if (body == null) return void sendError(res, 413, ErrorCode.BAD_USER_INPUT, `the body is larger than ${MAX_IMPORT_BYTES} bytes`);
      if (body.includes('\uFFFD')) return void sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'the body is not valid UTF-8', {}, { field: 'csv' });
      const result = await deps.execute(ctx, IMPORT, { csv: body });
      const err = result.errors?.[0];
      if (err) {
        const original = err.originalError instanceof DomainError ? err.originalError : null;
        if (!original) throw err.originalError ?? err;
        const { code, ...extensions } = original.extensions as Record<string, unknown>;
        return void sendJson(res, STATUS[String(code)] ?? 400, { errors: [{ message: original.message, extensions: { code, ...extensions } }], ...('lines' in extensions ? { lines: extensions.lines } : {}) });
      }
      sendJson(res, 200, (result.data as { r: unknown }).r);
    },
  }];
}
