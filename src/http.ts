import http from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { Context } from './context';
import { DomainError, ErrorCode, isDbDown } from './errors';
import { serveConsole } from './static';
import { inRequestScope } from './db/scope';
import * as idempotency from './limits/idempotency';
import crypto from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { Logger, safeError } from './log';
import { jsonProblem, queryStringProblem, TextProblem } from './validation/text';

export const MAX_BODY_BYTES = 1_000_000;

/** A plain route; with `prefix`, also every path below `path` (e.g. /ogc/collections/plots/items). */
export interface Route { method: string; path: string; prefix?: boolean; handler: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> }

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * True when the request's operation is a query (a mutation, or anything unparsable, goes to the primary).
 * The answer depends on the document's text and the operation's name only, so it is remembered for the last
 * READ_ONLY_MEMO_SIZE of them: an API client repeats a handful of documents, and parsing one each time cost
 * a tenth of a compiled read's node time.
 */
export function isReadOnly(body: unknown, url: URL): boolean {
  const b = (body ?? {}) as { query?: unknown; operationName?: unknown };
  const query = typeof b.query === 'string' ? b.query : url.searchParams.get('query');
  if (typeof query !== 'string') return false;
  const name = typeof b.operationName === 'string' ? b.operationName : url.searchParams.get('operationName');
  const key = `${name ?? ''}\u0000${query}`;
  if (query.length > READ_ONLY_MEMO_TEXT) return parsedReadOnly(query, name);
  let ro = readOnlyMemo.get(key);
  if (ro === undefined) {
    ro = parsedReadOnly(query, name);
    if (readOnlyMemo.size >= READ_ONLY_MEMO_SIZE) readOnlyMemo.delete(readOnlyMemo.keys().next().value!);
    readOnlyMemo.set(key, ro);
  }
  return ro;
}

// At most 500 documents of at most 8 KB each are kept (4 MB): a longer document is parsed every time.
const READ_ONLY_MEMO_SIZE = 500;
const READ_ONLY_MEMO_TEXT = 8_192;
const readOnlyMemo = new Map<string, boolean>();

function parsedReadOnly(query: string, name: string | null): boolean {
  try {
    const ops = parse(query, { maxTokens: 10_000 }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const op = name ? ops.find((o) => o.name?.value === name) : ops.length === 1 ? ops[0] : undefined;
    return op?.operation === 'query';
  } catch {
    return false;
  }
}

interface RequestInfo { ctx?: Context; result?: string }

/** Puts the operation's name on the context for the request log line. */
export function operationNamePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, operationName, contextValue }) {
          contextValue.meta.operationName = operationName ?? operation?.selectionSet.selections.map((s) => ('name' in s && s.name ? s.name.value : '?')).join(',') ?? undefined;
        },
      };
    },
  };
}

/** True when a GraphQL answer's errors say the database is unavailable. */
const saysDbDown = (body: string) => {
  if (!body.includes('"SERVICE_UNAVAILABLE"')) return false;
  try {
    return (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE) ?? false;
  } catch {
    return false;
  }
};

function send(res: http.ServerResponse, r: { status: number; headers: [string, string][]; body: string }) {
  for (const [k, v] of r.headers) res.setHeader(k, v);
  // A database outage is HTTP 503 everywhere: also when it reached a resolver (Apollo would answer 200).
  res.statusCode = r.status < 500 && saysDbDown(r.body) ? 503 : r.status;
  if (res.statusCode === 503) res.setHeader('retry-after', '1');
  res.end(r.body);
}

/** An answer kept for an Idempotency-Key (or ALREADY_APPLIED), sent to a retry. */
function sendStored(res: http.ServerResponse, info: RequestInfo, r: { status: number; body: string; replayed?: boolean }) {
  info.result = /"errors":\[\{.*?"code":"([A-Z_]+)"/.exec(r.body)?.[1] ?? 'OK';
  send(res, { status: r.status, headers: [['content-type', 'application/json; charset=utf-8'], ...(r.replayed ? [['idempotent-replayed', 'true'] as [string, string]] : [])], body: r.body });
}

/**
 * A GraphQL-shaped error response for refusals that happen before GraphQL runs: path (404), method (405), content
 * type (415), body size (413), unparsable JSON or request parameters (400), auth (401), Idempotency-Key (400, 422),
 * and, from the request's catch, a database outage (503) or any other failure (500); also the exports' refusals (src/reports/export.routes.ts).
 */
export function sendError(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}, extensions: Record<string, unknown> = {}) {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extensions } }] }, headers);
}

/**
 * What in a GraphQL request is the client's mistake before anything runs (HTTP 400, BAD_USER_INPUT): text
 * PostgreSQL cannot hold (NUL, a lone surrogate) or JSON nested too deep, anywhere in the body or the GET
 * parameters (src/validation/text.ts), and a persisted-query hash that is not the SHA-256 of the query
 * sent with it. `field` is the path, variables named from the variable (`input.name`, as in coercion errors).
 */
export function requestInputProblem(method: string | undefined, body: unknown, url: URL): TextProblem | null {
  let request: Record<string, unknown>;
  if (method === 'POST') {
    request = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const problem = jsonProblem(body);
    if (problem) return { ...problem, field: problem.field.replace(/^variables\./, '') };
  } else {
    const raw = queryStringProblem(url.search);
    if (raw) return raw;
    const p = url.searchParams;
    // Unparsable JSON is left to Apollo, which answers 400 for it.
    const json = (name: string) => {
      const text = p.get(name);
      try {
        return text == null ? undefined : JSON.parse(text);
      } catch {
        return undefined;
      }
    };
    request = { query: p.get('query') ?? undefined, operationName: p.get('operationName') ?? undefined, variables: json('variables'), extensions: json('extensions') };
    const problem = jsonProblem(request);
    if (problem) return { ...problem, field: problem.field.replace(/^variables\./, '') };
  }
  const pq = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  if (pq != null) {
    const field = 'extensions.persistedQuery.sha256Hash';
    const hash = typeof pq === 'object' ? pq.sha256Hash : undefined;
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return { field, message: 'must be the SHA-256 of the query as 64 lowercase hex digits' };
    if (typeof request.query === 'string' && crypto.createHash('sha256').update(request.query).digest('hex') !== hash) {
      return { field, message: 'does not match the SHA-256 of the query sent with it' };
    }
  }
  return null;
}

/** A browser navigating to /graphql: GET, HTML preferred to JSON, no operation in the query string. */
export function wantsIde(req: http.IncomingMessage, url: URL): boolean {
  if (req.method !== 'GET' || url.searchParams.has('query') || url.searchParams.has('extensions')) return false;
  const accept = String(req.headers.accept ?? '').toLowerCase();
  return accept.includes('text/html') && !/^\s*application\/(graphql-response\+)?json/.test(accept);
}

/** Reads a request body up to `limit` bytes (MAX_BODY_BYTES); larger bodies are refused (null) before they are buffered. */
export function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The whole HTTP surface: POST/GET /graphql through Apollo, plus plain routes (health, exports). Apollo is
 * driven through executeHTTPGraphQLRequest so that body limits and authentication stay in our hands.
 */
export function createHttpHandler(opts: {
  apollo: ApolloServer<Context>;
  /** Authenticates; `readOnly` requests (queries only) may be served by a read replica. */
  context: (req: http.IncomingMessage, readOnly: boolean) => Promise<Context>;
  routes: Route[];
  logger: Logger;
  /** The compiled read path's answer, or null for Apollo (src/compiler/run.ts answerCompiled). */
  compiled?: (req: http.IncomingMessage, body: unknown, ctx: Context) => Promise<{ status: number; headers: [string, string][]; body: string } | null>;
}) {
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    // One JSON log line per request: id, agency, client, operation, duration, HTTP status and result code.
    const started = process.hrtime.bigint();
    const requestId = (typeof req.headers['x-request-id'] === 'string' && /^[\w.-]{1,100}$/.test(req.headers['x-request-id']) ? req.headers['x-request-id'] : crypto.randomUUID());
    res.setHeader('x-request-id', requestId);
    const info: RequestInfo = {};
    res.on('finish', () => {
      opts.logger.info({
        requestId, method: req.method, path: (req.url ?? '').split('?')[0], status: res.statusCode,
        agency: info.ctx?.principal.agency, client: info.ctx?.principal.clientName, clientId: info.ctx?.principal.clientId,
        operation: info.ctx?.meta.operationName, result: info.result ?? (res.statusCode < 400 ? 'OK' : String(res.statusCode)),
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      }, 'request');
    });
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = opts.routes.find((r) => r.method === req.method && (r.path === url.pathname || (r.prefix && url.pathname.startsWith(`${r.path}/`))));
      if (route) return await route.handler(req, res, url);
      if (serveConsole(req, res, url)) return;
      if (url.pathname !== '/graphql') return sendError(res, 404, 'NOT_FOUND', 'not found');
      // A person's browser opening /graphql (it asks for HTML, with no operation) goes to the console's GraphiQL;
      // API clients (JSON, or any GET carrying a query) are answered as before.
      if (wantsIde(req, url)) {
        res.writeHead(302, { location: '/console/graphiql', vary: 'Accept' });
        return void res.end();
      }
      if (req.method !== 'POST' && req.method !== 'GET') return sendError(res, 405, 'BAD_REQUEST', 'use POST /graphql', { allow: 'GET, POST' });

      let body: unknown = undefined;
      if (req.method === 'POST') {
        const type = String(req.headers['content-type'] ?? '');
        if (!/^application\/(graphql-response\+)?json\b/i.test(type)) return sendError(res, 415, 'BAD_REQUEST', 'send the request as Content-Type: application/json');
        const text = await readBody(req);
        if (text === null) return sendError(res, 413, 'BAD_REQUEST', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
        try {
          body = JSON.parse(text);
        } catch {
          return sendError(res, 400, 'BAD_REQUEST', 'the request body is not valid JSON');
        }
      }

      let ctx: Context;
      try {
        ctx = await opts.context(req, isReadOnly(body, url));
        info.ctx = ctx;
      } catch (e) {
        if (e instanceof DomainError) info.result = e.code;
        if (e instanceof DomainError && e.code === ErrorCode.UNAUTHENTICATED) return sendError(res, 401, e.code, e.message, { 'www-authenticate': 'Bearer' });
        if (e instanceof DomainError && e.code === ErrorCode.RATE_LIMITED) {
          const retryAfter = String(e.extensions.retryAfter ?? 60);
          return sendJson(res, 429, { errors: [{ message: e.message, extensions: { code: e.code, retryAfter: Number(retryAfter) } }] }, { 'retry-after': retryAfter });
        }
        throw e;
      }
      const bad = requestInputProblem(req.method, body, url);
      if (bad) {
        info.result = ErrorCode.BAD_USER_INPUT;
        return sendError(res, 400, ErrorCode.BAD_USER_INPUT, `${bad.field}: ${bad.message}`, {}, { field: bad.field });
      }

      // The compiled read path (src/compiler/): a query it fully handles for this principal is answered by one
      // SQL statement whose JSON text is the body; anything else (null) goes on to Apollo unchanged.
      if (opts.compiled) {
        const answer = await opts.compiled(req, body, ctx);
        if (answer) {
          info.result = 'OK';
          return send(res, answer);
        }
      }

      const run = async (): Promise<{ status: number; headers: [string, string][]; body: string }> => {
        const headers = new HeaderMap();
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        // One transaction in the principal's row scope for the whole operation (src/db/scope.ts); it commits
        // once the answer is built, so code after run() sees the operation's writes committed.
        const { result, text } = await inRequestScope(ctx, async () => {
          const result = await opts.apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest: { method: req.method!, headers, search: url.search, body },
            context: async () => ctx,
          });
          let text = '';
          if (result.body.kind === 'complete') text = result.body.string;
          else for await (const chunk of result.body.asyncIterator) text += chunk;
          return { result, text };
        });
        info.result = /"errors":\[\{.*?"code":"([A-Z_]+)"/.exec(text)?.[1] ?? 'OK';
        return { status: result.status ?? 200, headers: [...result.headers], body: text };
      };

      const key = req.headers['idempotency-key'];
      // A keyed mutation (src/limits/idempotency.ts): one key, one write, one answer. A query needs no key.
      if (req.method === 'POST' && key !== undefined && ctx.principal.clientId != null && !isReadOnly(body, url)) {
        if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) return sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'Idempotency-Key must be 1 to 200 visible ASCII characters');
        const conn = ctx.em.getConnection(); // statements of their own, outside the request's transaction
        ctx.idempotency = idempotency.keyed(ctx.principal.clientId, key, idempotency.requestHash(body));
        const known = await idempotency.before(conn, ctx.idempotency);
        if (known.kind === 'mismatch') return sendError(res, 422, ErrorCode.BAD_USER_INPUT, 'this Idempotency-Key was used for a different request');
        if (known.kind === 'answer') return sendStored(res, info, known.response);
        let response: Awaited<ReturnType<typeof run>> | undefined;
        try {
          response = await run();
        } catch (e) {
          // The run failed (e.g. its commit): if a write of it committed all the same, say so; else rethrow.
          const answer = await idempotency.after(conn, ctx.idempotency, undefined).catch(() => undefined);
          if (!answer) throw e;
          return sendStored(res, info, answer);
        }
        const answer = await idempotency.after(conn, ctx.idempotency, response);
        return answer === response || !answer ? send(res, response) : sendStored(res, info, answer);
      }
      return send(res, await run());
    } catch (e) {
      info.result = isDbDown(e) ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR;
      opts.logger.error({ requestId, err: safeError(e) }, 'request failed');
      if (res.headersSent) res.end();
      else if (isDbDown(e)) sendError(res, 503, ErrorCode.SERVICE_UNAVAILABLE, 'the database is unavailable; retry later', { 'retry-after': '1' });
      else sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
  };
}
