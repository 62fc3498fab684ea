/** The console's only way to the server: POST /graphql and GET /exports/…, both with the bearer token. */

const TOKEN_KEY = 'soilshare.token';

/** The token lives in sessionStorage only: it is gone when the tab closes, and never sent anywhere but our API. */
export const session = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (t: string) => sessionStorage.setItem(TOKEN_KEY, t),
  /** Signing out also drops what GraphiQL kept in this tab (its tabs and operations, see pages/GraphiQLPage.tsx). */
  clear: () => {
    sessionStorage.removeItem(TOKEN_KEY);
    for (const k of Object.keys(sessionStorage)) if (k.startsWith('graphiql:')) sessionStorage.removeItem(k);
  },
};

export type Path = (string | number)[];
export interface GqlError { message: string; path?: Path; extensions?: { code?: string; [k: string]: unknown } }
export interface GqlResult<T> { data: T | null; errors: GqlError[] }

/** The token was refused (HTTP 401): the app goes back to the sign-in page. */
export class Unauthenticated extends Error {}

const listeners = new Set<() => void>();
/** Subscribes to "the server refused our token"; returns the unsubscribe function. */
export function onUnauthenticated(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Tells the app the server refused our token (also a socket closed with 4401/4403: graphiql/fetcher.ts). */
export function signalUnauthenticated() {
  listeners.forEach((l) => l());
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, token = session.get()): Promise<GqlResult<T>> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  if (res.status === 401) {
    listeners.forEach((l) => l());
    throw new Unauthenticated('令牌无效、已过期或已被撤销');
  }
  let body: { data?: T | null; errors?: GqlError[] };
  try {
    body = await res.json();
  } catch {
    throw new Error(`服务器返回了无法识别的响应（HTTP ${res.status}）`);
  }
  if (res.status === 429) throw new Error('请求过于频繁，请稍后再试');
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

const startsWith = (p: Path | undefined, prefix: Path) => !!p && prefix.every((k, i) => p[i] === k);

/** True when the server refused (FORBIDDEN) the field at `path` or something under it. */
export function forbidden(r: GqlResult<unknown> | undefined | null, path: Path): boolean {
  return !!r?.errors.some((e) => e.extensions?.code === 'FORBIDDEN' && startsWith(e.path, path));
}

/** The value at `path` in an answer's data (undefined when a step is missing). */
export function valueAt(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string | number, unknown>)[k]), data);
}

/**
 * True when the server refused the field at `path` so that it has no value: the field itself was refused, or
 * a non-null field under it was and the null travelled up. A refused phone number inside a list leaves the
 * list readable, and only that cell says 无权限.
 */
export function refused(r: GqlResult<unknown> | undefined | null, path: Path): boolean {
  return forbidden(r, path) && valueAt(r?.data, path) == null;
}

/** Errors other than FORBIDDEN under `path` (or anywhere when no path is given), for an error box. */
export function otherErrors(r: GqlResult<unknown> | undefined | null, path: Path = []): GqlError[] {
  return (r?.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN' && (!e.path || startsWith(e.path, path)));
}

/** The file name the server gave (Content-Disposition filename*=UTF-8''…), else the fallback. */
function fileName(header: string | null, fallback: string): string {
  const star = header?.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1]);
  const plain = header?.match(/filename="([^"]+)"/i);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads an export. A plain link cannot carry the Authorization header, so the file is fetched and
 * handed to the browser as a Blob. Resolves to the file name, or throws with a message to show.
 */
export async function download(url: string, fallbackName: string): Promise<string> {
  const token = session.get();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status === 401) {
    listeners.forEach((l) => l());
    throw new Unauthenticated('令牌无效、已过期或已被撤销');
  }
  if (!res.ok) {
    let code = '';
    try {
      code = ((await res.json()) as { errors?: GqlError[] }).errors?.[0]?.extensions?.code ?? '';
    } catch { /* not JSON */ }
    throw new Error(code === 'FORBIDDEN' ? '无权限' : `下载失败（HTTP ${res.status}${code ? `，${code}` : ''}）`);
  }
  const blob = await res.blob();
  const name = fileName(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}

/**
 * A GET of one of the console's JSON routes (/graphiql/schema.json, /geo/counties.geojson) with the token:
 * the body and the status (a 401 signs out, as everywhere).
 */
export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const token = session.get();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status === 401) {
    listeners.forEach((l) => l());
    throw new Unauthenticated('令牌无效、已过期或已被撤销');
  }
  return { status: res.status, body: (await res.json()) as T };
}

/** GraphiQL's fetcher: the operation as GraphiQL built it, to /graphql, with the signed-in token. */
export async function rawGraphql(params: unknown): Promise<unknown> {
  const token = session.get();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(params),
  });
  if (res.status === 401) listeners.forEach((l) => l());
  try {
    return await res.json();
  } catch {
    return { errors: [{ message: `服务器返回了无法识别的响应（HTTP ${res.status}）` }] };
  }
}
