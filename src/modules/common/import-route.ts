import type http from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Context } from '../../context';
import { DomainError, ErrorCode } from '../../errors';
import { readBody, Route, sendError, sendJson } from '../../http';
import { queryStringProblem } from '../../validation/text';

/** What a file-import route needs from the app: the same authentication and the same schema as /graphql. */
export interface ImportRouteDeps {
  /** Authenticates like /graphql (bearer token → context; rate limit). */
  context: (req: http.IncomingMessage) => Promise<Context>;
  /** Runs an operation through the same schema, permission layer and row scope as /graphql. */
  execute: (ctx: Context, query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;
}

/** The HTTP status of an error code, for every file-import route. */
export const IMPORT_STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401, [ErrorCode.FORBIDDEN]: 403, [ErrorCode.BAD_USER_INPUT]: 400, [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409, [ErrorCode.RESTRICTED_USE]: 422, [ErrorCode.RATE_LIMITED]: 429,
};

/** A refusal before the mutation runs: the status and the error's code, message and extensions. */
export interface ImportRefusal { status: number; code: string; message: string; extensions?: Record<string, unknown> }
export const refusal = (status: number, code: string, message: string, extensions: Record<string, unknown> = {}): ImportRefusal => ({ status, code, message, extensions });
const isRefusal = (v: unknown): v is ImportRefusal => !!v && typeof v === 'object' && 'status' in v && 'code' in v && 'message' in v;

export interface ImportRouteSpec {
  path: string;
  /** The largest body taken (413 beyond, with `tooLarge`). */
  maxBytes: number;
  tooLarge: Omit<ImportRefusal, 'status'>;
  /** The content type (lower-cased, parameters dropped) the body must have; otherwise 415 with `refused`. Omitted: any. */
  contentType?: { accepts: (type: string) => boolean; refused: Omit<ImportRefusal, 'status'> };
  /** The URL's query string checked for text PostgreSQL cannot hold (400 on the parameter). */
  checkQuery?: boolean;
  /** The mutation, its result aliased `r`. */
  mutation: string;
  /** The mutation's variables from the body and the URL, or a refusal of them. */
  variables: (body: string, url: URL) => Record<string, unknown> | ImportRefusal;
  /** The answer's body on success (default: the mutation's result). */
  success?: (r: unknown) => unknown;
  /** The answer's body for the mutation's first error (default: `{ errors: [{ message, extensions }] }`). */
  failure?: (message: string, extensions: Record<string, unknown> & { code: string }) => unknown;
}

const answer = (res: http.ServerResponse, r: ImportRefusal) => sendError(res, r.status, r.code, r.message, {}, r.extensions ?? {});

/**
 * A POST route taking a file as its body and running one import mutation with it through the same schema, so tokens,
 * the policy, validation, the transaction, audit and change feed are the mutation's. The one way for every import:
 * authentication (401 with `www-authenticate`, 429 with `retry-after`), the content type (415), the query string
 * (400), the size (413), then the mutation; its first error answered with IMPORT_STATUS, an unexpected failure thrown
 * (the server's 500).
 */
export function importRoute(deps: ImportRouteDeps, spec: ImportRouteSpec): Route {
  return {
    method: 'POST', path: spec.path,
    handler: async (req, res, url) => {
      let ctx: Context;
      try {
        ctx = await deps.context(req);
      } catch (e) {
        if (e instanceof DomainError && e.code === ErrorCode.RATE_LIMITED) {
          const retryAfter = String(e.extensions.retryAfter ?? 60);
          return void sendError(res, 429, e.code, e.message, { 'retry-after': retryAfter }, { retryAfter: Number(retryAfter) });
        }
        if (e instanceof DomainError) return void sendError(res, IMPORT_STATUS[e.code] ?? 400, e.code, e.message, e.code === ErrorCode.UNAUTHENTICATED ? { 'www-authenticate': 'Bearer' } : {});
        throw e;
      }
      if (spec.contentType) {
        const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (!spec.contentType.accepts(type)) return void answer(res, { status: 415, ...spec.contentType.refused });
      }
      if (spec.checkQuery) {
        const bad = queryStringProblem(url.search);
        if (bad) return void answer(res, refusal(400, ErrorCode.BAD_USER_INPUT, `${bad.field}: ${bad.message}`, { field: bad.field }));
      }
      const body = await readBody(req, spec.maxBytes);
      if (body === null) return void answer(res, { status: 413, ...spec.tooLarge });
      const variables = spec.variables(body, url);
      if (isRefusal(variables)) return void answer(res, variables);
      const result = await deps.execute(ctx, spec.mutation, variables);
      const err = result.errors?.[0];
      if (err) {
        const original = err.originalError instanceof DomainError ? err.originalError : null;
        // A DomainError is the mutation's answer; an error before execution (variables not coerced) is bad input;
        // an error with a known code (a permission refusal) is answered with it; anything else is the server's.
        const code = original ? original.code : result.data === undefined ? ErrorCode.BAD_USER_INPUT : String(err.extensions?.code ?? '');
        if (!original && result.data !== undefined && !IMPORT_STATUS[code]) throw err.originalError ?? err;
        const extensions = { ...err.extensions, code };
        return void sendJson(res, IMPORT_STATUS[code] ?? 400, spec.failure ? spec.failure(err.message, extensions) : { errors: [{ message: err.message, extensions }] });
      }
      const r = (result.data as { r: unknown }).r;
      sendJson(res, 200, spec.success ? spec.success(r) : r);
    },
  };
}
