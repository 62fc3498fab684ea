import http from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { Context } from './context';
import { DomainError, ErrorCode } from './errors';
import { serveConsole } from './static';

export const MAX_BODY_BYTES = 1_000_000;

export interface Route { method: string; path: string; handler: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> }

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-shaped error response for refusals that happen before GraphQL runs (auth, body size). */
export function sendError(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
}

/** Reads a request body up to MAX_BODY_BYTES; larger bodies are refused with 413 before they are buffered. */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
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
  context: (req: http.IncomingMessage) => Promise<Context>;
  routes: Route[];
  onError: (e: unknown) => void;
}) {
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = opts.routes.find((r) => r.method === req.method && r.path === url.pathname);
      if (route) return await route.handler(req, res, url);
      if (serveConsole(req, res, url)) return;
      if (url.pathname !== '/graphql') return sendError(res, 404, 'NOT_FOUND', 'not found');
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
        ctx = await opts.context(req);
      } catch (e) {
        if (e instanceof DomainError && e.code === ErrorCode.UNAUTHENTICATED) return sendError(res, 401, e.code, e.message, { 'www-authenticate': 'Bearer' });
        throw e;
      }

      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const result = await opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method!, headers, search: url.search, body },
        context: async () => ctx,
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') return res.end(result.body.string);
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (e) {
      opts.onError(e);
      if (!res.headersSent) sendError(res, isDbDown(e) ? 503 : 500, isDbDown(e) ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR, isDbDown(e) ? 'the database is unavailable; retry later' : 'Internal server error');
      else res.end();
    }
  };
}

/** Connection-level failures of PostgreSQL: the service is unavailable, not broken. */
export function isDbDown(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(code ?? '') || /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(String((e as Error)?.message ?? ''));
}
