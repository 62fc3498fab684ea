import type http from 'node:http';
import type { Context } from '../context';
import { DomainError, ErrorCode, isDbDown } from '../errors';
import type { Route } from '../http';
import { allows } from '../auth/policy';
import { partOf } from '../auth/parts';
import { countyCondition, inRequestScope } from '../db/scope';
import { queryStringProblem } from '../validation/text';
import { COLLECTIONS, OgcCollection } from './collections';
import { CRS84, DayRange, Bbox, MAX_LIMIT, DEFAULT_LIMIT, Parsed, parseBbox, parseCursor, parseDatetime, parseLimit } from './params';

/**
 * OGC API – Features – Part 1: Core (OGC 17-069r4), conformance classes Core and GeoJSON, under /ogc: the
 * landing page, /conformance, /api (an OpenAPI 3.0 description), /collections, /collections/{id},
 * /collections/{id}/items (bbox, datetime, limit, next links) and /collections/{id}/items/{featureId}.
 * The same bearer token as /graphql (401 without), the same policy (the collection's part, and each
 * property's) and the same row scope: every read runs in the request's transaction (inRequestScope, row
 * security on), with the county condition in its SQL too. A feature out of scope does not exist (404).
 */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];
const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';
const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian';

/** The query parameters each resource takes; any other is a 400 (OGC 17-069r4 /req/core/query-param-unknown). */
const ITEMS_PARAMS = new Set(['bbox', 'bbox-crs', 'crs', 'datetime', 'limit', 'cursor', 'f']);
const FEATURE_PARAMS = new Set(['crs', 'f']);
const OTHER_PARAMS = new Set(['f']);
/** Part 2's response header, for clients that read it (only CRS84 is served). */
const CONTENT_CRS = { 'content-crs': `<${CRS84}>` };

export interface OgcDeps {
  /** Authenticates like /graphql (bearer token → context), rate limit included. */
  context: (req: http.IncomingMessage) => Promise<Context>;
}

class OgcError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}
const invalid = (message: string) => new OgcError(400, 'InvalidParameterValue', message);
const notFound = (message = 'not found') => new OgcError(404, 'NotFound', message);
const need = <T>(p: Parsed<T>): T => {
  if ('problem' in p) throw invalid(p.problem);
  return p.value;
};

/** The answer's JSON, with its content type. */
function send(res: http.ServerResponse, status: number, type: string, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The base URL clients reached us by (behind a proxy: X-Forwarded-Proto / -Host). */
function baseOf(req: http.IncomingMessage): string {
  const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0].trim();
  const proto = first(req.headers['x-forwarded-proto']) ?? 'http';
  const host = first(req.headers['x-forwarded-host']) ?? req.headers.host ?? 'localhost';
  return `${/^https?$/.test(proto) ? proto : 'http'}://${/^[\w.:[\]-]+$/.test(host) ? host : 'localhost'}/ogc`;
}

/** What the principal may read of a collection: null when not the collection itself. */
function readable(ctx: Context, c: OgcCollection) {
  const can = (field: string) => {
    const part = partOf(c.type, field);
    return part !== undefined && allows(ctx.policy, part, ctx.principal.agency, 'read');
  };
  if (!can('id') || !can(c.geometry.field)) return null;
  return { properties: c.properties.filter((p) => can(p.field)), temporal: can(c.temporal.field) };
}

/** The WHERE conditions of an items request (row scope, bbox, datetime), with their parameters. */
function conditions(ctx: Context, c: OgcCollection, bbox: Bbox | null, days: DayRange | null) {
  const scope = countyCondition(ctx.principal.scope, 'f.county_code');
  const sql = [scope.sql];
  const params: unknown[] = [...scope.params];
  if (bbox) {
    const cube = `cube(array[?, ?]::float8[], array[?, ?]::float8[])`;
    if (bbox.west <= bbox.east) {
      sql.push(`${c.geometry.box} && ${cube}`);
      params.push(bbox.west, bbox.south, bbox.east, bbox.north);
    } else {
      // Across the antimeridian: two boxes.
      sql.push(`(${c.geometry.box} && ${cube} or ${c.geometry.box} && ${cube})`);
      params.push(bbox.west, bbox.south, 180, bbox.north, -180, bbox.south, bbox.east, bbox.north);
    }
  }
  if (days?.from) { sql.push(`${c.temporal.sql} >= ?::date`); params.push(days.from); }
  if (days?.to) { sql.push(`${c.temporal.sql} <= ?::date`); params.push(days.to); }
  return { sql: sql.join(' and '), params };
}

type Row = Record<string, unknown> & { id: number; geometry: unknown; t: string | null };

function selectList(c: OgcCollection, props: OgcCollection['properties']) {
  return [`f.id`, `${c.geometry.sql} as geometry`, `to_char(${c.temporal.sql}, 'YYYY-MM-DD') as t`, ...props.map((p, i) => `${p.sql} as p${i}`)].join(', ');
}

function feature(ctx: Context, c: OgcCollection, base: string, r: Row, shown: NonNullable<ReturnType<typeof readable>>) {
  const properties: Record<string, unknown> = {};
  shown.properties.forEach((p, i) => { properties[p.name] = p.map ? p.map(r[`p${i}`], ctx) : r[`p${i}`] ?? null; });
  if (shown.temporal) properties[c.temporal.name] = r.t ?? null;
  const id = Number(r.id);
  return {
    type: 'Feature',
    id,
    geometry: r.geometry ?? null,
    properties,
    links: [
      { href: `${base}/collections/${c.id}/items/${id}`, rel: 'self', type: GEOJSON, title: 'this feature' },
      { href: `${base}/collections/${c.id}`, rel: 'collection', type: JSON_TYPE, title: c.title },
    ],
  };
}

/** The collection's description, with its extent in the principal's scope (one statement). */
async function describe(ctx: Context, c: OgcCollection, base: string) {
  const scope = countyCondition(ctx.principal.scope, 'f.county_code');
  const q = c.extent(scope.sql);
  const [e] = await ctx.em.execute<{ w: number | null; s: number | null; e: number | null; n: number | null; t0: string | null; t1: string | null }[]>(
    q.sql, Array.from({ length: q.times }, () => scope.params).flat(),
  );
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: [e.w == null ? [-180, -90, 180, 90] : [e.w, e.s, e.e, e.n]], crs: CRS84 },
      temporal: { interval: [[e.t0 ? `${e.t0}T00:00:00+08:00` : null, e.t1 ? `${e.t1}T23:59:59+08:00` : null]], trs: GREGORIAN },
    },
    links: [
      { href: `${base}/collections/${c.id}`, rel: 'self', type: JSON_TYPE, title: 'this collection' },
      { href: `${base}/collections/${c.id}/items`, rel: 'items', type: GEOJSON, title: `${c.title}: features` },
    ],
  };
}

/** An OpenAPI 3.0 description of these paths (the landing page's service-desc). */
function openApi(base: string) {
  const param = (name: string, schema: object, description: string, style: object = {}) => ({ name, in: 'query', required: false, schema, description, ...style });
  const problem = { description: 'an exception: { code, description }', content: { [JSON_TYPE]: { schema: { type: 'object', properties: { code: { type: 'string' }, description: { type: 'string' } } } } } };
  const json = (description: string) => ({ description, content: { [JSON_TYPE]: { schema: { type: 'object' } } } });
  const geojson = (description: string) => ({ description, content: { [GEOJSON]: { schema: { type: 'object' } } } });
  const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 429: problem, 503: problem };
  const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: COLLECTIONS.map((c) => c.id) } };
  return {
    openapi: '3.0.3',
    info: { title: 'soilshare OGC API – Features', version: '1.0.0', description: 'Plots and vacated sites as GeoJSON; the same bearer token, policy and row scope as /graphql.' },
    servers: [{ url: base }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/': { get: { operationId: 'getLandingPage', summary: 'landing page', responses: { 200: json('links to the API definition, conformance and collections'), ...errors } } },
      '/conformance': { get: { operationId: 'getConformance', summary: 'conformance classes', responses: { 200: json('conformsTo'), ...errors } } },
      '/collections': { get: { operationId: 'getCollections', summary: 'the collections', responses: { 200: json('collections'), ...errors } } },
      '/collections/{collectionId}': { get: { operationId: 'describeCollection', parameters: [collectionId], responses: { 200: json('a collection'), ...errors } } },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'getFeatures',
          parameters: [
            collectionId,
            param('limit', { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }, `features per page (at most ${MAX_LIMIT})`, { style: 'form', explode: false }),
            param('bbox', { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }, 'minLon,minLat,maxLon,maxLat in CRS84', { style: 'form', explode: false }),
            param('datetime', { type: 'string' }, 'a date, date-time or interval (start/end, ".." open): plots by identifiedOn, vacated sites by vacatedOn', { style: 'form', explode: false }),
            param('cursor', { type: 'string' }, 'paging: taken from the next link', { style: 'form', explode: false }),
          ],
          responses: { 200: geojson('a FeatureCollection page'), ...errors },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          operationId: 'getFeature',
          parameters: [collectionId, { name: 'featureId', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: geojson('a Feature'), ...errors },
        },
      },
    },
  };
}

/** The routes under /ogc (one prefix route; the paths below it are matched here). */
export function ogcRoutes(deps: OgcDeps): Route[] {
  const handler: Route['handler'] = async (req, res, url) => {
    try {
      const bad = queryStringProblem(url.search);
      if (bad) throw invalid(`${bad.field}: ${bad.message}`);
      const path = url.pathname.replace(/\/+$/, '').slice('/ogc'.length).split('/').filter(Boolean).map((seg) => {
        try {
          return decodeURIComponent(seg);
        } catch {
          throw notFound();
        }
      });
      const allowed = path[0] === 'collections' && path[2] === 'items' ? (path.length === 3 ? ITEMS_PARAMS : FEATURE_PARAMS) : OTHER_PARAMS;
      for (const name of url.searchParams.keys()) if (!allowed.has(name)) throw invalid(`unknown query parameter "${name}" (this resource takes ${[...allowed].join(', ')})`);
      const f = url.searchParams.get('f');
      if (f !== null && !['json', 'geojson'].includes(f)) throw new OgcError(400, 'InvalidParameterValue', `f must be json (the only encoding served; no HTML)`);
      const crs = url.searchParams.get('bbox-crs');
      if (crs !== null && crs !== CRS84) throw invalid(`bbox-crs: only ${CRS84} is supported`);
      const outCrs = url.searchParams.get('crs');
      if (outCrs !== null && outCrs !== CRS84) throw invalid(`crs: only ${CRS84} is served`);

      let ctx: Context;
      try {
        ctx = await deps.context(req);
      } catch (e) {
        if (e instanceof DomainError && e.code === ErrorCode.UNAUTHENTICATED) throw new OgcError(401, 'Unauthorized', e.message, { 'www-authenticate': 'Bearer realm="soilshare"' });
        if (e instanceof DomainError && e.code === ErrorCode.RATE_LIMITED) {
          const retryAfter = String(e.extensions.retryAfter ?? 60);
          throw new OgcError(429, 'TooManyRequests', e.message, { 'retry-after': retryAfter });
        }
        throw e;
      }
      const base = baseOf(req);
      const collectionOf = (id: string) => {
        const c = COLLECTIONS.find((x) => x.id === id);
        if (!c) throw notFound(`no collection "${id}"`);
        const shown = readable(ctx, c);
        if (!shown) throw new OgcError(403, 'Forbidden', `${ctx.principal.agency} may not read ${c.id}`);
        return { c, shown };
      };

      if (path.length === 0) {
        return send(res, 200, JSON_TYPE, {
          title: 'soilshare — OGC API – Features',
          description: '土壤污染防治建设用地地块 (plots, vacated sites) as GeoJSON, for the agency system of the bearer token.',
          links: [
            { href: `${base}`, rel: 'self', type: JSON_TYPE, title: 'this document' },
            { href: `${base}/api`, rel: 'service-desc', type: OPENAPI, title: 'the API definition (OpenAPI 3.0)' },
            { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
            { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'the collections' },
          ],
        });
      }
      if (path.length === 1 && path[0] === 'conformance') return send(res, 200, JSON_TYPE, { conformsTo: CONFORMANCE });
      if (path.length === 1 && path[0] === 'api') return send(res, 200, OPENAPI, openApi(base));
      if (path[0] !== 'collections' || path.length > 4 || (path.length >= 3 && path[2] !== 'items')) throw notFound();

      return await inRequestScope(ctx, async () => {
        if (path.length === 1) {
          const visible = COLLECTIONS.filter((c) => readable(ctx, c));
          const collections = [];
          for (const c of visible) collections.push(await describe(ctx, c, base));
          return send(res, 200, JSON_TYPE, { links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'the collections' }], collections });
        }
        const { c, shown } = collectionOf(path[1]);
        if (path.length === 2) return send(res, 200, JSON_TYPE, await describe(ctx, c, base));

        if (path.length === 4) {
          if (!/^\d{1,9}$/.test(path[3])) throw notFound(`no feature "${path[3]}" in ${c.id}`);
          const scope = countyCondition(ctx.principal.scope, 'f.county_code');
          const rows = await ctx.em.execute<Row[]>(`select ${selectList(c, shown.properties)} from ${c.from} where f.id = ? and ${scope.sql}`, [Number(path[3]), ...scope.params]);
          if (!rows.length) throw notFound(`no feature "${path[3]}" in ${c.id}`);
          return send(res, 200, GEOJSON, feature(ctx, c, base, rows[0], shown), CONTENT_CRS);
        }

        const p = url.searchParams;
        const limit = need(parseLimit(p.get('limit')));
        const bbox = need(parseBbox(p.get('bbox')));
        const days = need(parseDatetime(p.get('datetime')));
        const after = need(parseCursor(p.get('cursor')));
        if (days && !shown.temporal) throw new OgcError(403, 'Forbidden', `datetime filters on ${c.temporal.name}, which ${ctx.principal.agency} may not read`);
        const where = conditions(ctx, c, bbox, days);
        const rows = await ctx.em.execute<Row[]>(
          `select ${selectList(c, shown.properties)} from ${c.from} where ${where.sql} and f.id > ? order by f.id limit ?`,
          [...where.params, after, limit + 1],
        );
        const [{ n }] = await ctx.em.execute<{ n: string }[]>(`select count(*) as n from ${c.from} where ${where.sql}`, where.params);
        const more = rows.length > limit;
        const page = more ? rows.slice(0, limit) : rows;
        const items = `${base}/collections/${c.id}/items`;
        const query = (cursor?: number) => {
          const q = new URLSearchParams();
          for (const k of ['bbox', 'bbox-crs', 'crs', 'datetime', 'f']) if (p.get(k) !== null) q.set(k, p.get(k)!);
          q.set('limit', String(limit));
          if (cursor) q.set('cursor', String(cursor));
          return `${items}?${q.toString()}`;
        };
        const links = [
          { href: query(after || undefined), rel: 'self', type: GEOJSON, title: 'this page' },
          { href: `${base}/collections/${c.id}`, rel: 'collection', type: JSON_TYPE, title: c.title },
        ];
        if (more) links.push({ href: query(Number(page[page.length - 1].id)), rel: 'next', type: GEOJSON, title: 'the next page' });
        return send(res, 200, GEOJSON, {
          type: 'FeatureCollection',
          timeStamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          numberMatched: Number(n),
          numberReturned: page.length,
          features: page.map((r) => feature(ctx, c, base, r, shown)),
          links,
        }, CONTENT_CRS);
      });
    } catch (e) {
      if (e instanceof OgcError) return send(res, e.status, JSON_TYPE, { code: e.code, description: e.message }, e.headers);
      if (isDbDown(e) || (e instanceof DomainError && e.code === ErrorCode.SERVICE_UNAVAILABLE)) {
        return send(res, 503, JSON_TYPE, { code: 'ServiceUnavailable', description: 'the database is unavailable; retry later' }, { 'retry-after': '1' });
      }
      if (e instanceof DomainError) return send(res, 400, JSON_TYPE, { code: e.code, description: e.message });
      throw e;
    }
  };
  return [{ method: 'GET', path: '/ogc', prefix: true, handler }];
}
