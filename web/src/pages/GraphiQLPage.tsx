/**
 * GraphiQL inside the console, offline: the graphiql package and its Monaco editor workers are bundled by the
 * console's Vite build (graphiql/setup-workers/vite: the workers are files of web/dist, nothing comes from a
 * CDN). Queries and mutations go to POST /graphql with the signed-in token, subscriptions over WebSocket to
 * /graphql (graphql-ws, the token in connectionParams: ../graphiql/fetcher.ts); the docs and autocompletion show the schema as this
 * token may use it (GET /graphiql/schema.json, filtered by the policy table on the server); when the server has
 * introspection off (production), the page says so and GraphiQL runs without docs.
 * This module is loaded only when the page is opened (its own chunk, with Monaco).
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { useEffect, useMemo, useState } from 'react';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { buildClientSchema, parse, validate, type IntrospectionQuery } from 'graphql';
import { getJson, rawGraphql, session, signalUnauthenticated } from '../api';
import { useSearchParams } from '../hooks';
import { AGENCY_ZH } from '../labels';
import { useMe } from '../session';
import { examplesFor, lastQuarter, type Agency, type ExampleKind } from '../graphiql/examples';
import { createConsoleFetcher, wsUrlFor } from '../graphiql/fetcher';

const KIND_ZH: Record<ExampleKind, string> = { first: '第一个查询', quarterly: '季度报表', write: '写入', subscription: '订阅' };

/** Today in China (the server's dates are Asia/Shanghai). */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** GraphiQL's tabs and settings in this tab's sessionStorage only, one namespace per agency and division. */
function scopedStorage(ns: string): NonNullable<GraphiQLProps['storage']> {
  const keys = () => Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i)!).filter((k) => k.startsWith(ns));
  return {
    getItem: (k: string) => sessionStorage.getItem(ns + k),
    setItem: (k: string, v: string) => sessionStorage.setItem(ns + k, v),
    removeItem: (k: string) => sessionStorage.removeItem(ns + k),
    clear: () => keys().forEach((k) => sessionStorage.removeItem(k)),
    get length() { return keys().length; },
  } as NonNullable<GraphiQLProps['storage']>;
}

type SchemaState = { kind: 'loading' } | { kind: 'ok'; schema: IntrospectionQuery } | { kind: 'off' } | { kind: 'failed'; message: string };

export function GraphiQLPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [schema, setSchema] = useState<SchemaState>({ kind: 'loading' });
  useEffect(() => {
    getJson<{ data?: IntrospectionQuery; errors?: { message: string; extensions?: { reason?: string } }[] }>('/graphiql/schema.json')
      .then(({ status, body }) => {
        if (status === 200 && body.data) setSchema({ kind: 'ok', schema: body.data });
        else if (body.errors?.[0]?.extensions?.reason === 'INTROSPECTION_DISABLED') setSchema({ kind: 'off' });
        else setSchema({ kind: 'failed', message: body.errors?.[0]?.message ?? `HTTP ${status}` });
      })
      .catch((e: Error) => setSchema({ kind: 'failed', message: e.message }));
  }, []);

  const set = useMemo(() => {
    const all = examplesFor(me.agency as Agency, { divisionCode: me.division.code, quarter: lastQuarter(today()), today: today() });
    if (schema.kind !== 'ok') return all;
    // The examples follow the default policy table; a city's own table (SOILSHARE_POLICY_FILE) may allow less:
    // an example that does not validate against this token's schema is left out, and the page says so.
    const usable = buildClientSchema(schema.schema);
    const fits = (q: string) => { try { return validate(usable, parse(q)).length === 0; } catch { return false; } };
    const examples = all.examples.filter((e) => fits(e.query));
    const dropped = all.examples.filter((e) => !examples.includes(e)).map((e) => ({ kind: e.kind, why: `"${e.title}"超出本市权限表给本部门的范围，未列出。` }));
    return { ...all, examples, missing: [...all.missing, ...dropped] };
  }, [me, schema]);
  // One lazy socket per signed-in token (opened by the first subscription run), closed when the page goes.
  const ws = useMemo(() => createConsoleFetcher({
    url: '/graphql', wsUrl: wsUrlFor(window.location), token: () => session.get(), http: rawGraphql, onUnauthenticated: signalUnauthenticated,
  }), [me]);
  useEffect(() => () => void ws.dispose(), [ws]);
  const storage = useMemo(() => scopedStorage(`graphiql:${me.agency}:${me.division.code}:`), [me]);
  // What the editor opens with: a link's operation (?query=&variables=, e.g. from a plot's detail panel),
  // else an example picked above (?example=), else the tabs kept in this browser tab, else the first example.
  const chosen = set.examples.find((e) => e.kind === params.get('example'));
  const initial = params.get('query') != null
    ? { query: params.get('query')!, variables: params.get('variables') ?? undefined }
    : chosen ? { query: chosen.query, variables: JSON.stringify(chosen.variables, null, 2) } : null;
  const defaultTabs = set.examples.map((e) => ({ query: e.query, variables: JSON.stringify(e.variables, null, 2) }));

  return (
    <section className="page graphiql-page" data-page="graphiql">
      <header className="page-head">
        <h1>GraphiQL</h1>
        <p className="sub">在浏览器中编写和运行 GraphQL 操作：使用当前令牌（{AGENCY_ZH[me.agency] ?? me.agency} · {me.division.name}），不连接任何外部网络。</p>
      </header>
      <div className="graphiql-bar">
        <span className="muted">示例：</span>
        {set.examples.map((e) => (
          <button key={e.kind} type="button" className={`chip${params.get('example') === e.kind ? ' active' : ''}`} data-testid={`example-${e.kind}`}
            title={e.title} onClick={() => setParams({ example: e.kind, query: null, variables: null })}>{KIND_ZH[e.kind]}：{e.title.replace(/^[^：]*：/, '')}</button>
        ))}
        {set.missing.map((m) => <span key={m.kind} className="muted small" data-testid={`example-missing-${m.kind}`}>{KIND_ZH[m.kind]}：{m.why}</span>)}
      </div>
      {schema.kind === 'ok' && (
        <p className="hint" data-testid="schema-note">文档（左侧"文档"按钮）和自动补全只列出本令牌所属部门可以使用的字段和操作；服务器对每个请求仍逐字段检查权限。</p>
      )}
      {schema.kind === 'off' && (
        <p className="error-box" role="status" data-testid="introspection-off">本服务器已关闭内省（生产环境，GRAPHQL_INTROSPECTION）：不提供文档和自动补全，仍可运行查询。</p>
      )}
      {schema.kind === 'failed' && <p className="error-box" role="alert">无法读取 schema：{schema.message}</p>}
      {schema.kind !== 'loading' && (
        <div className="graphiql-host" data-testid="graphiql">
          <GraphiQL
            key={`${params.get('example') ?? ''}|${params.get('query') ?? ''}`}
            fetcher={ws.fetcher as GraphiQLProps['fetcher']}
            schema={schema.kind === 'ok' ? schema.schema : null}
            storage={storage}
            defaultTabs={defaultTabs}
            initialQuery={initial?.query}
            initialVariables={initial?.variables}
            isHeadersEditorEnabled={false}
            defaultEditorToolsVisibility="variables"
            forcedTheme="light"
          />
        </div>
      )}
    </section>
  );
}
