/**
 * GraphiQL's fetcher for the console: queries and mutations go to POST /graphql (through `http`, the console's
 * one way there: the token, a 401 signs out), subscriptions over WebSocket to the same /graphql with graphql-ws
 * (protocol graphql-transport-ws), the token in connection_init's `connectionParams.authorization` as
 * `Bearer <token>`. Built on @graphiql/toolkit's createGraphiQLFetcher (its `wsClient` option).
 * The socket is lazy: opened by the first subscription, closed when the last one stops (GraphiQL's stop
 * button), and the token is read when it opens. It does not retry: a refusal (4401 unknown or expired token,
 * 4403 revoked, 4429 too many sockets) is shown as it is. tests/console/graphiql.spec.ts runs the examples
 * through this fetcher in Node (`webSocketImpl` = the ws package there; the browser's WebSocket here).
 */
import { getOperationAST, parse, type DocumentNode } from 'graphql';
import { createGraphiQLFetcher, type Fetcher, type FetcherOpts, type FetcherParams } from '@graphiql/toolkit';
import { createClient, type Client } from 'graphql-ws';

export interface ConsoleFetcherOptions {
  /** The HTTP endpoint, e.g. `/graphql`. */
  url: string;
  /** The WebSocket endpoint, e.g. `ws://host/graphql` (see `wsUrlFor`). */
  wsUrl: string;
  /** The signed-in token, read when a socket opens. */
  token: () => string | null;
  /** Sends a query or mutation over HTTP and gives its JSON answer. */
  http: (params: FetcherParams) => Promise<unknown>;
  /** The server closed the socket because of the token (4401 / 4403): the console signs out as on a 401. */
  onUnauthenticated?: () => void;
  /** A WebSocket implementation where there is no global one (Node: the ws package). */
  webSocketImpl?: unknown;
}

/** ws(s)://<this host>/graphql for a page served over http(s). */
export function wsUrlFor(location: { protocol: string; host: string }, path = '/graphql'): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}

export function createConsoleFetcher(o: ConsoleFetcherOptions): { fetcher: Fetcher; wsClient: Client; dispose: () => Promise<void> } {
  const wsClient = createClient({
    url: o.wsUrl,
    lazy: true,
    retryAttempts: 0,
    connectionParams: () => {
      const token = o.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    ...(o.webSocketImpl ? { webSocketImpl: o.webSocketImpl } : {}),
    on: {
      closed: (e) => {
        const code = (e as { code?: number } | null)?.code;
        if (code === 4401 || code === 4403) o.onUnauthenticated?.();
      },
    },
  });
  // The toolkit's HTTP path posts with `fetch`: given the console's own call, answered as a JSON Response.
  const viaHttp = (async (_input: unknown, init?: { body?: unknown }) =>
    new Response(JSON.stringify(await o.http(JSON.parse(String(init?.body ?? '{}')) as FetcherParams)), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })) as unknown as typeof fetch;
  const inner = createGraphiQLFetcher({ url: o.url, fetch: viaHttp, enableIncrementalDelivery: false, wsClient });
  // The toolkit sends an operation over the socket when the document's operation of that *name* is a
  // subscription: the name is filled in here when GraphiQL leaves it out (a document with one operation).
  const fetcher: Fetcher = (params, opts?: FetcherOpts) => {
    let doc: DocumentNode | undefined = opts?.documentAST;
    if (!doc) {
      try {
        doc = parse(params.query);
      } catch {
        doc = undefined; // the server answers with the syntax error
      }
    }
    const op = doc ? getOperationAST(doc, params.operationName ?? undefined) : null;
    return inner({ ...params, operationName: params.operationName ?? op?.name?.value ?? undefined }, { ...opts, documentAST: doc });
  };
  return { fetcher, wsClient, dispose: () => wsClient.dispose() as Promise<void> };
}
