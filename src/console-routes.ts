import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context';
import type { Policy } from './auth/policy';
import { DomainError, ErrorCode } from './errors';
import { Route, sendError } from './http';
import { schemaViews } from './graphiql/schema-view';
import { countiesFor, CountyBoundaries } from './geo/counties';

/**
 * What the console needs beside /graphql, with the same bearer tokens:
 * - GET /graphiql/schema.json: the schema as this token may use it (src/graphiql/schema-view.ts), for GraphiQL's
 *   docs and autocompletion; 403 with `extensions.reason = "INTROSPECTION_DISABLED"` when introspection is off
 *   (NODE_ENV=production unless GRAPHQL_INTROSPECTION=true), as /graphql's own introspection is then.
 * - GET /geo/counties.geojson: the county outlines of the token's scope (src/geo/counties.ts), with the source,
 *   license and datum of the data; no features when the server has no outline file.
 */
export function consoleRoutes(deps: {
  context: (req: http.IncomingMessage) => Promise<Context>;
  schema: GraphQLSchema;
  policy: Policy;
  introspection: boolean;
  boundaries: CountyBoundaries | null;
}): Route[] {
  const views = schemaViews(deps.schema, deps.policy);
  const authenticated = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<Context | null> => {
    try {
      return await deps.context(req);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === ErrorCode.UNAUTHENTICATED) sendError(res, 401, e.code, e.message, { 'www-authenticate': 'Bearer' });
      else if (e.code === ErrorCode.RATE_LIMITED) {
        const retryAfter = String(e.extensions.retryAfter ?? 60);
        sendError(res, 429, e.code, e.message, { 'retry-after': retryAfter }, { retryAfter: Number(retryAfter) });
      } else sendError(res, 400, e.code, e.message);
      return null;
    }
  };
  const json = (res: http.ServerResponse, body: string, contentType = 'application/json; charset=utf-8') => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
  };
  return [
    {
      method: 'GET', path: '/graphiql/schema.json',
      handler: async (req, res) => {
        const ctx = await authenticated(req, res);
        if (!ctx) return;
        if (!deps.introspection) return sendError(res, 403, ErrorCode.FORBIDDEN, 'introspection is turned off on this server (GRAPHQL_INTROSPECTION)', {}, { reason: 'INTROSPECTION_DISABLED' });
        json(res, views(ctx.principal));
      },
    },
    {
      method: 'GET', path: '/geo/counties.geojson',
      handler: async (req, res) => {
        const ctx = await authenticated(req, res);
        if (!ctx) return;
        json(res, JSON.stringify(countiesFor(deps.boundaries, ctx.principal)), 'application/geo+json; charset=utf-8');
      },
    },
  ];
}
