import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, GraphQLSchema, getOperationAST, parse, specifiedRules, validate, DocumentNode, ExecutionResult } from 'graphql';
import { WebSocketServer, WebSocket } from 'ws';
import type { ServerOptions } from 'graphql-ws';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Context } from './context';
import type { Config } from './config';
import type { Principal } from './auth/principal';
import { authenticate } from './auth/tokens';
import { DomainError, ErrorCode, formatError, isDbDown } from './errors';
import { limitRules } from './limits/query-limits';
import type { RateLimiter } from './limits/rate-limit';
import { jsonProblem } from './validation/text';
import { CHANGES_CHANNEL, CLIENT_CHANGED_CHANNEL, type PgListener } from './db/listen';
import { ChangeHub } from './modules/changes/change-hub';
import type { Logger } from './log';
import { safeError } from './log';

/**
 * Close codes of the subscription socket (besides graphql-ws's own: 4400 bad message, 4408 no
 * connection_init in time, 4409 subscription id reused…). A client should not reconnect with the same
 * token after 4401 or 4403.
 */
export const CloseCodes = {
  /** No valid token: missing, malformed or unknown at connection_init, or it expired while the socket was open. */
  UNAUTHORIZED: 4401,
  /** The token was revoked (at connection_init, or while the socket was open: closed at once, on every instance). */
  FORBIDDEN: 4403,
  /** The token already has SUBSCRIPTION_SOCKETS_PER_TOKEN open sockets on this instance. */
  TOO_MANY_SOCKETS: 4429,
  /**
   * The token's agency or division changed while the socket was open: what it may see changed, and a socket
   * keeps the principal it was opened with, so it is closed. Reconnecting with the same token is right: the
   * new socket has the new scope (resume with `changeAdded(after:)` from the last cursor received).
   */
  SCOPE_CHANGED: 4410,
  /** The database is unavailable during connection_init: try again later (RFC 6455 1013). */
  TRY_AGAIN_LATER: 1013,
} as const;

/** graphql-ws's adapter for `ws` (a subpath export, which this project's TypeScript resolution does not read). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { useServer } = require('graphql-ws/use/ws') as {
  useServer: <P extends Record<string, unknown> | undefined, E extends Record<PropertyKey, unknown>>(options: ServerOptions<P, E>, ws: WebSocketServer, keepAlive?: number) => { dispose: () => Promise<void> };
};

/** The longest delay setTimeout takes (about 24.8 days); a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One open, acknowledged socket of a token. */
interface Conn { socket: WebSocket; clientId: number; expiresAt: Date | null; timer: NodeJS.Timeout | null; ctx: Context }

export interface Subscriptions {
  hub: ChangeHub;
  /** Open sockets per client id (tests). */
  sockets: (clientId: number) => number;
  close: () => Promise<void>;
}

/**
 * GraphQL subscriptions over WebSocket on the HTTP server's /graphql (upgrade), protocol graphql-transport-ws
 * (the graphql-ws package). The token is checked at connection_init (`connectionParams.authorization`, or
 * the upgrade request's Authorization header), again when it expires (a timer) and whenever its client changes
 * (revoked, expiry, agency or division: SCOPE_CHANGED) or is deleted (the api_client trigger's NOTIFY on
 * `soilshare_api_client`, heard by every instance's one listener, src/db/listen.ts). Only subscription
 * operations are served here; queries and mutations go to POST /graphql.
 */
export async function startSubscriptions(opts: {
  server: http.Server;
  schema: GraphQLSchema;
  /** The instance's one notification listener (started by the caller, who also stops it). */
  listener: PgListener;
  /** The owner's ORM: token look-ups and the feed's head, outside row scope (as /graphql's authentication). */
  orm: MikroORM;
  contextFor: (p: Principal) => Context;
  principalOf: (client: { id: number; name: string; agency: Principal['agency']; divisionCode: string }) => Principal;
  config: Config;
  limiter: RateLimiter | null;
  logger: Logger;
}): Promise<Subscriptions> {
  const { logger, config } = opts;
  const byClient = new Map<number, Set<Conn>>();
  const format = formatError((e) => logger.error({ err: safeError(e) }, 'unexpected subscription error'));
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((e) => format(e.toJSON(), e));

  const hub = new ChangeHub({
    contextFor: opts.contextFor,
    head: async () => {
      const rows = await opts.orm.em.fork().getConnection().execute<{ id: string }[]>('select coalesce(max(id), 0) as id from change_log');
      return Number(rows[0].id);
    },
    logger,
  });

  const closeConn = (c: Conn, code: number, reason: string) => {
    if (c.timer) clearTimeout(c.timer);
    c.timer = null;
    if (c.socket.readyState === WebSocket.OPEN || c.socket.readyState === WebSocket.CONNECTING) c.socket.close(code, reason);
  };
  const forget = (c: Conn) => {
    if (c.timer) clearTimeout(c.timer);
    const set = byClient.get(c.clientId);
    set?.delete(c);
    if (set && !set.size) byClient.delete(c.clientId);
  };
  /** Closes the socket with 4401 when its token's expiry comes (re-armed past setTimeout's range). */
  const arm = (c: Conn) => {
    if (c.timer) clearTimeout(c.timer);
    c.timer = null;
    if (!c.expiresAt) return;
    const ms = c.expiresAt.getTime() - Date.now();
    if (ms <= 0) return closeConn(c, CloseCodes.UNAUTHORIZED, 'token expired');
    c.timer = setTimeout(() => arm(c), Math.min(ms, MAX_TIMER_MS));
    c.timer.unref();
  };

  /** Re-reads the tokens of these clients and closes, or re-arms, their sockets. */
  const recheck = async (ids: number[]) => {
    const open = ids.filter((id) => byClient.has(id));
    if (!open.length) return;
    const rows = await opts.orm.em.fork().getConnection().execute<{ id: number; revoked_at: Date | null; expires_at: Date | null; agency: string; division_code: string }[]>(
      'select id, revoked_at, expires_at, agency, division_code from api_client where id = any(?::int[])', [`{${open.join(',')}}`]);
    const found = new Map(rows.map((r) => [Number(r.id), r]));
    for (const id of open) {
      const row = found.get(id);
      for (const c of [...(byClient.get(id) ?? [])]) {
        if (!row) closeConn(c, CloseCodes.UNAUTHORIZED, 'unknown token');
        else if (row.revoked_at) closeConn(c, CloseCodes.FORBIDDEN, 'token revoked');
        // The socket's principal (its context's) was made from the agency and division at connection_init.
        else if (row.agency !== c.ctx.principal.agency || row.division_code !== c.ctx.principal.divisionCode) closeConn(c, CloseCodes.SCOPE_CHANGED, 'the token\'s agency or division changed; reconnect');
        else {
          c.expiresAt = row.expires_at ? new Date(row.expires_at) : null;
          arm(c);
        }
      }
    }
  };
  const recheckLogged = (ids: number[]) => void recheck(ids).catch((e) => logger.warn({ err: safeError(e) }, 'subscription sockets: token re-check failed'));

  // The instance's one listener (src/db/listen.ts, shared with the principal cache).
  const release = opts.listener.use({
    onNotify: (channel, payload) => {
      if (channel === CHANGES_CHANNEL) hub.wake();
      // Any change of a client (revoked, expiry, agency, division) or its deletion: its sockets are re-checked.
      else if (channel === CLIENT_CHANGED_CHANNEL && /^\d+$/.test(payload)) recheckLogged([Number(payload)]);
    },
    // After a reconnect, notifications sent meanwhile are lost: read the feed and every open socket's token again.
    onUp: (reconnected) => {
      if (!reconnected) return;
      hub.wake();
      recheckLogged([...byClient.keys()]);
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1_000_000 });
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  opts.server.on('upgrade', onUpgrade);

  interface Extra extends Record<PropertyKey, unknown> { socket: WebSocket; request: http.IncomingMessage; conn?: Conn }
  const disposable = useServer<Record<string, unknown> | undefined, Extra>({
    onConnect: async (ctx) => {
      const { socket, request } = ctx.extra;
      const params = ctx.connectionParams ?? {};
      const fromParams = params.authorization ?? params.Authorization;
      const header = typeof fromParams === 'string' ? fromParams : request.headers.authorization;
      try {
        const em = opts.orm.em.fork();
        const client = await authenticate(em, header);
        if (opts.limiter) await opts.limiter.take(em, client.id);
        const set = byClient.get(client.id) ?? new Set<Conn>();
        if (set.size >= config.socketsPerToken) {
          socket.close(CloseCodes.TOO_MANY_SOCKETS, `too many sockets for this token (at most ${config.socketsPerToken})`);
          return false;
        }
        const appCtx = opts.contextFor(opts.principalOf(client));
        appCtx.changeFeed = hub;
        const conn: Conn = { socket, clientId: client.id, expiresAt: client.expiresAt, timer: null, ctx: appCtx };
        set.add(conn);
        byClient.set(client.id, set);
        ctx.extra.conn = conn;
        // Forgotten when the socket closes, whenever that is (also while this connection_init still runs).
        socket.once('close', () => forget(conn));
        if (socket.readyState !== WebSocket.OPEN) {
          forget(conn);
          return false;
        }
        arm(conn);
        // A revocation committed between the look-up above and this socket's registration was heard before the
        // socket was listed: read the token once more now that it is.
        await recheck([client.id]);
        return socket.readyState === WebSocket.OPEN;
      } catch (e) {
        if (e instanceof DomainError && e.code === ErrorCode.UNAUTHENTICATED) {
          socket.close(e.message === 'token revoked' ? CloseCodes.FORBIDDEN : CloseCodes.UNAUTHORIZED, e.message);
        } else if (e instanceof DomainError && e.code === ErrorCode.RATE_LIMITED) {
          socket.close(CloseCodes.TOO_MANY_SOCKETS, e.message.slice(0, 120));
        } else if (isDbDown(e)) {
          socket.close(CloseCodes.TRY_AGAIN_LATER, 'the database is unavailable; retry later');
        } else {
          logger.error({ err: safeError(e) }, 'subscription connection failed');
          socket.close(4500, 'Internal server error');
        }
        return false;
      }
    },
    onSubscribe: (ctx, _id, payload) => {
      const conn = ctx.extra.conn!;
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: config.limits.maxTokens });
      } catch (e) {
        return [e instanceof GraphQLError ? e : new GraphQLError(String(e))];
      }
      const errors = validate(opts.schema, document, [...specifiedRules, ...limitRules(config.limits)]);
      if (errors.length) return formatAll(errors).map((f) => new GraphQLError(f.message, { extensions: f.extensions }));
      const op = getOperationAST(document, payload.operationName);
      if (!op) return [new GraphQLError('Unable to identify operation', { extensions: { code: 'BAD_REQUEST' } })];
      if (op.operation !== 'subscription') {
        return [new GraphQLError('only subscriptions are served over WebSocket; send queries and mutations to POST /graphql', { extensions: { code: 'BAD_REQUEST' } })];
      }
      const bad = jsonProblem(payload.variables ?? null);
      if (bad) return [new DomainError(ErrorCode.BAD_USER_INPUT, `${bad.field}: ${bad.message}`, { field: bad.field })];
      return { schema: opts.schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue: conn.ctx };
    },
    // Errors leave through the same formatter as /graphql's (no stack, no SQL; domain codes as they are).
    onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) => (result.errors ? { ...result, errors: formatAll(result.errors) } as never : undefined),
    onError: (_ctx, _id, _payload, errors) => formatAll(errors) as never,
  }, wss, 12_000);

  return {
    hub,
    sockets: (clientId) => byClient.get(clientId)?.size ?? 0,
    close: async () => {
      opts.server.off('upgrade', onUpgrade);
      hub.close();
      for (const set of byClient.values()) for (const c of set) if (c.timer) clearTimeout(c.timer);
      await disposable.dispose();
      release();
    },
  };
}
