import { useCallback, useEffect, useRef, useState } from 'react';
import { gql, GqlResult, Unauthenticated } from './api';

export interface QueryState<T> {
  loading: boolean;
  /** The last answer (data and per-path errors), kept while the next one loads. */
  result: GqlResult<T> | null;
  /** A failure of the request itself (network, server down), not a GraphQL error. */
  failure: string | null;
  reload: () => void;
}

/**
 * Runs a query whenever the variables change (compared as JSON). Answers to superseded requests are
 * dropped, so fast filter changes never show stale numbers. `skip` holds the request back.
 */
export function useQuery<T>(query: string, variables: Record<string, unknown>, skip = false): QueryState<T> {
  const key = JSON.stringify([query, variables]);
  // `key` is what the answer on screen was asked with: a render with other variables is loading at once.
  const [state, setState] = useState<{ key: string | null; result: GqlResult<T> | null; failure: string | null }>({ key: null, result: null, failure: null });
  const seq = useRef(0);
  const [tick, setTick] = useState(0);
  const [reloading, setReloading] = useState(false);
  useEffect(() => {
    if (skip) return;
    const mine = ++seq.current;
    const [, vars] = JSON.parse(key) as [string, Record<string, unknown>];
    gql<T>(query, vars)
      .then((result) => { if (mine === seq.current) setState({ key, result, failure: null }); })
      .catch((e: Error) => {
        if (mine !== seq.current) return;
        setState({ key, result: null, failure: e instanceof Unauthenticated ? null : e.message || '网络错误' });
      })
      .finally(() => { if (mine === seq.current) setReloading(false); });
  }, [query, key, skip, tick]);
  const reload = useCallback(() => { setReloading(true); setTick((t) => t + 1); }, []);
  return { loading: !skip && (state.key !== key || reloading), result: state.result, failure: state.failure, reload };
}

/** The URL's search parameters as page state: filters survive a reload and can be shared as a link. */
export function useSearchParams(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const on = () => setSearch(window.location.search);
    window.addEventListener('popstate', on);
    window.addEventListener('soilshare:navigate', on);
    return () => {
      window.removeEventListener('popstate', on);
      window.removeEventListener('soilshare:navigate', on);
    };
  }, []);
  const set = useCallback((changes: Record<string, string | null>) => {
    const p = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') p.delete(k);
      else p.set(k, v);
    }
    const qs = p.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${qs ? `?${qs}` : ''}`);
    setSearch(window.location.search);
  }, []);
  return [new URLSearchParams(search), set];
}
