import 'reflect-metadata';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import { execute, GraphQLSchema, parse } from 'graphql';
import { Config, loadConfig } from './config';
import { Context, createContext } from './context';
import { startEmbedded, EmbeddedDb } from './db/embedded';
import { initOrm, migrate } from './db/orm';
import { inRequestScope, SCOPED_ROLE } from './db/scope';
import { RateLimiter } from './limits/rate-limit';
import { formatError } from './errors';
import { createHttpHandler, Route, sendJson } from './http';
import { authenticate } from './auth/tokens';
import { PrincipalCache } from './auth/principal-cache';
import { principalFor, systemPrincipal } from './auth/principal';
import { loadPolicy, Policy } from './auth/policy';
import { loadCityRules } from './rules/city-rules';
import { applyLandClasses } from './rules/land-classes';
import { ReferenceCache } from './modules/division/division.cache';
import { buildAppSchema } from './graphql/schema';
import { withPermissions } from './auth/permissions';
import { todayInShanghai } from './validation/dates';
import { loadReferenceData } from '../seeds/reference';
import { exportRoutes } from './reports/export.routes';
import { farmlandImportRoute } from './modules/farmland/import.route';
import { consoleRoutes } from './console-routes';
import { loadCountyBoundaries } from './geo/counties';
import { ogcRoutes } from './ogc/ogc.routes';
import { importRoutes } from './modules/waste/import.routes';
import { remoteSensingRoutes } from './modules/remote-sensing/remote-sensing.routes';
import { costPlugin, limitRules } from './limits/query-limits';
import { allowListPlugin } from './limits/allow-list';
import { operationNamePlugin } from './http';
import { purgeOldKeys } from './limits/idempotency';
import { VERSION } from './version';
import { Compiler } from './compiler/compile';
import { PlanCache } from './compiler/plan-cache';
import { answerCompiled } from './compiler/run';
import { createLogger, Logger, safeError } from './log';
import { startSubscriptions, Subscriptions } from './subscriptions';
import { PgListener } from './db/listen';

export interface AppOptions {
  config?: Partial<Config>;
  /** The clock; tests move it to walk duties through their dates. */
  now?: () => Date;
  /** Structured logger; the default follows config.logLevel (silent under tests). */
  logger?: Logger;
  /** Wraps the executable schema; the default is the permission layer (benchmarks measure without it). */
  schema?: (s: GraphQLSchema, policy: Policy) => GraphQLSchema;
  /** Extra HTTP routes (exports, health). */
  routes?: (app: Omit<App, 'url' | 'stop' | 'subscriptions'>) => Route[];
}

export interface App {
  logger: Logger;
  server: http.Server;
  /** The owner's connections: the platform's own work (not under row-level security). */
  orm: MikroORM;
  /** The requests' connections (role SCOPED_ROLE, under row-level security). */
  requestOrm: MikroORM;
  config: Config;
  cache: ReferenceCache;
  policy: Policy;
  url: string;
  embedded?: EmbeddedDb;
  /** A context as the platform itself (seeds, CLIs) or as a principal. */
  systemContext: () => Context;
  /** The compiled read path's plans (src/compiler/); tests clear it after changing a field's SQL. */
  plans: PlanCache;
  /** A context for a principal; `readOnly` ones may be served by a read replica. */
  contextFor: (principal: Context['principal'], readOnly?: boolean) => Context;
  /** Tokens' clients kept for a few seconds, dropped on every instance when a client changes (src/auth/principal-cache.ts). */
  principals: PrincipalCache;
  /** The instance's one LISTEN connection (src/db/listen.ts), shared by the principal cache and the subscriptions. */
  listener: PgListener;
  /** GraphQL subscriptions over WebSocket on /graphql (src/subscriptions.ts). */
  subscriptions: Subscriptions;
  stop: () => Promise<void>;
}

/**
 * The composition root, shared by the server and the tests: database (embedded or DATABASE_URL),
 * migrations, reference data, the schema, and an HTTP server listening on `config.port` (0 = any).
 */
export async function createApp(opts: AppOptions = {}): Promise<App> {
  const config = { ...loadConfig(), ...opts.config };
  const logger = opts.logger ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  const policy = loadPolicy(config.policyFile);
  const rules = loadCityRules(config.cityRulesFile);
  const boundaries = loadCountyBoundaries(config.countyBoundariesFile);

  let embedded: EmbeddedDb | undefined;
  let url = config.databaseUrl;
  if (!url) {
    // PostgreSQL's own output goes to a file beside its data, not into the server's log.
    fs.mkdirSync(config.dataDir, { recursive: true });
    const pgLog = fs.createWriteStream(path.join(config.dataDir, 'postgres.log'), { flags: 'a' });
    embedded = await startEmbedded({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPort, log: (m) => pgLog.write(m.endsWith('\n') ? m : m + '\n') });
    url = embedded.url;
    logger.info({ port: embedded.port, dataDir: path.join(config.dataDir, 'pg') }, 'embedded PostgreSQL started');
  }
  // The platform's own connections (migrations, reference data, seeds, housekeeping): the owner's role.
  const orm = await initOrm({ url });
  let requestOrm: MikroORM | undefined;
  let readOrms: MikroORM[] = [];
  // The instance's one LISTEN connection, shared by the principal cache and the subscriptions (src/db/listen.ts).
  const listener = new PgListener({ url, logger });
  const principals = new PrincipalCache(config.principalCacheSeconds * 1000, listener);
  let subscriptions: Subscriptions | undefined;
  try {
    const applied = await migrate(orm);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    // Requests' connections: the scoped role, under row-level security (src/db/scope.ts). Opened after the
    // migrations, which create the role.
    requestOrm = await initOrm({ url, role: SCOPED_ROLE });
    /**
     * Read replicas (DATABASE_REPLICA_URLS): our own ORM per replica, not MikroORM's `replicas` option, which
     * would route only entity reads. Read-only requests (queries, exports) run entirely on a replica —
     * entity reads and the reports' raw SQL alike — while mutations, and the reads that resolve a mutation's
     * answer, stay on the primary (read your own write).
     */
    readOrms = await Promise.all(config.replicaUrls.map((u) => initOrm({ url: u, role: SCOPED_ROLE })));
    const em = orm.em.fork();
    em.setFilterParams('scope', { all: true });
    await loadReferenceData(em);
    const reclassed = await applyLandClasses(em, rules);
    if (reclassed.length) logger.info({ codes: reclassed }, 'land classes set by the city rules');
    const cache = await ReferenceCache.load(em);

    const base = () => ({ orm, cache, config, policy, rules, today: todayInShanghai(now()) });
    let next = 0;
    const scopedOrm = requestOrm;
    // A principal with a county scope works on the scoped connections; the platform itself (scope `all`) on the owner's.
    const contextFor = (p: Context['principal'], readOnly = false) =>
      createContext({ ...base(), orm: p.scope.all ? orm : readOnly && readOrms.length ? readOrms[next++ % readOrms.length] : scopedOrm }, p);
    const systemContext = () => contextFor(systemPrincipal());

    const schema = (opts.schema ?? withPermissions)(buildAppSchema(), policy);
    const apollo = new ApolloServer<Context>({
      schema,
      introspection: config.introspection,
      includeStacktraceInErrorResponses: false,
      hideSchemaDetailsFromClientErrors: !config.introspection,
      formatError: formatError((e) => logger.error({ err: safeError(e) }, 'unexpected error')),
      validationRules: limitRules(config.limits),
      parseOptions: { maxTokens: config.limits.maxTokens },
      allowBatchedHttpRequests: false,
      // Shutdown is ours (src/server.ts): Apollo's own SIGTERM handler stopped it first, and our App.stop then
      // waited for an Apollo stop that never completes a second time.
      stopOnTerminationSignals: false,
      plugins: [
        // Cache-control and tracing hints instrument every field resolver; nothing here uses them.
        ApolloServerPluginCacheControlDisabled(),
        ApolloServerPluginInlineTraceDisabled(),
        operationNamePlugin(),
        costPlugin(config.limits, config.maxPageSize),
        // Apollo's landing page would load its IDE from a CDN: the console's own GraphiQL (/console/graphiql, bundled)
        // takes its place, and a browser opening /graphql is sent there (src/http.ts wantsIde).
        ApolloServerPluginLandingPageDisabled(),
        ...(config.operationAllowList ? [allowListPlugin()] : []),
      ],
    });
    await apollo.start();
    // LISTEN before the first request: until it is in force nothing is served from the cache.
    await listener.start();

    // The compiled read path (src/compiler/): plans over the same schema, policy and limits as Apollo's.
    const plans = new PlanCache(new Compiler(schema, policy, rules, config.limits), config.limits.maxTokens);
    const partial = { server: undefined as unknown as http.Server, logger, orm, requestOrm: scopedOrm, config, cache, policy, embedded, systemContext, contextFor, principals, listener, plans };
    const limiter = config.ratePerMinute > 0 ? new RateLimiter(config.ratePerMinute) : null;
    const contextFromRequest = async (req: http.IncomingMessage, readOnly = false) => {
      // The token lookup and the rate claim are raw statements on the platform's pool: no EntityManager of their
      // own (the request's comes with its context, made on first use).
      const em = orm.em;
      const client = await authenticate(em, req.headers.authorization, principals);
      if (limiter) await limiter.take(em, client.id);
      return contextFor(principalFor(cache, { id: client.id, name: client.name, agency: client.agency, divisionCode: client.divisionCode }), readOnly);
    };
    const importThroughSchema = {
      context: (req: http.IncomingMessage) => contextFromRequest(req),
      execute: async (ctx: Context, query: string, variables?: Record<string, unknown>) =>
        inRequestScope(ctx, async () => execute({ schema, document: parse(query), contextValue: ctx, variableValues: variables })),
    };
    const handler = createHttpHandler({
      apollo,
      compiled: (req, body, ctx) => answerCompiled({ cache: plans, schema, config, logger }, req, body, ctx),
      context: contextFromRequest,
      routes: [
        { method: 'GET', path: '/healthz', handler: async (_req, res) => sendJson(res, 200, { status: 'ok', version: VERSION }) },
        {
          method: 'GET', path: '/readyz',
          handler: async (_req, res) => {
            try {
              const pending = await orm.getMigrator().getPendingMigrations();
              if (pending.length) return sendJson(res, 503, { status: 'migrations pending', pending: pending.map((m) => m.name) });
              await orm.em.fork().getConnection().execute('select 1');
              sendJson(res, 200, { status: 'ready', version: VERSION });
            } catch {
              sendJson(res, 503, { status: 'database unavailable' });
            }
          },
        },
        ...exportRoutes({
          context: (req) => contextFromRequest(req, true),
          execute: async (ctx, query, variables) => inRequestScope(ctx, async () => execute({ schema, document: parse(query), contextValue: ctx, variableValues: variables })),
        }),
        ...consoleRoutes({ context: (req) => contextFromRequest(req, true), schema, policy, introspection: config.introspection, boundaries }),
        ...ogcRoutes({ context: (req) => contextFromRequest(req, true) }),
        // File imports (farmland survey, hazardous-waste manifest counts, remote-sensing batches): each runs its
        // family's mutation through the schema, so the policy, scope, audit and change feed are the API's own.
        farmlandImportRoute(importThroughSchema),
        ...importRoutes(importThroughSchema),
        ...remoteSensingRoutes(importThroughSchema),
        ...(opts.routes?.(partial) ?? []),
      ],
      logger,
    });
    const server = http.createServer(handler);
    // Old rate-limit windows and idempotency keys are pruned by every instance now and then (idempotent deletes).
    const housekeeping = setInterval(() => {
      const em = orm.em.fork();
      void em.getConnection().execute(`delete from rate_limit where window_start < now() - interval '10 minutes'`).catch(() => undefined);
      void purgeOldKeys(em).catch(() => undefined);
    }, 60_000);
    housekeeping.unref();
    // Keep-alive longer than typical load balancers' idle timeout, so they close first.
    server.keepAliveTimeout = 65_000;
    subscriptions = await startSubscriptions({
      server, schema, listener, orm, contextFor: (p) => contextFor(p), principalOf: (c) => principalFor(cache, c),
      config, limiter, logger,
    });
    const subs = subscriptions;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    partial.server = server;
    return {
      ...partial,
      server,
      subscriptions: subs,
      url: `http://localhost:${port}/graphql`,
      stop: async () => {
        clearInterval(housekeeping);
        // Subscription sockets are upgraded connections the HTTP server no longer tracks: closed first (1001).
        await subs.close();
        // Stop accepting and let in-flight requests finish. Keep-alive sockets become idle one by one as their
        // last response goes out, so idle ones are closed until none is left (after 10 s, all of them).
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
        server.closeIdleConnections();
        await closed;
        clearInterval(sweep);
        clearTimeout(deadline);
        await apollo.stop();
        await principals.stop();
        await listener.stop();
        await scopedOrm.close(true);
        await orm.close(true);
        await Promise.all(readOrms.map((r) => r.close(true)));
        if (embedded) await embedded.stop();
      },
    };
  } catch (e) {
    await principals.stop().catch(() => undefined);
    await subscriptions?.close().catch(() => undefined);
    await listener.stop().catch(() => undefined);
    await requestOrm?.close(true).catch(() => undefined);
    await orm.close(true).catch(() => undefined);
    await Promise.all(readOrms.map((r) => r.close(true).catch(() => undefined)));
    if (embedded) await embedded.stop().catch(() => undefined);
    throw e;
  }
}
