import type { ReactNode } from 'react';
import { GqlResult, otherErrors, Path, refused, valueAt } from '../api';
import type { QueryState } from '../hooks';

/** What a token may not read: the place on the page says so, the rest of the page goes on. */
export function NoAccess({ what, inline }: { what?: string; inline?: boolean }) {
  if (inline) return <span className="no-access" data-testid="no-access">无权限</span>;
  return (
    <div className="no-access-box" data-testid="no-access" role="status">
      <strong>无权限</strong>
      <span>{what ? `当前令牌所属部门无权查看${what}。` : '当前令牌所属部门无权查看此项内容。'}</span>
    </div>
  );
}

export function ErrorBox({ children }: { children: ReactNode }) {
  return <div className="error-box" role="alert">{children}</div>;
}

export function Loading() {
  return <div className="loading">加载中…</div>;
}

/**
 * Renders `children(data)` for a query's answer, or 无权限 when the server refused the field at `path`
 * (refusals deeper down are the children's to show, cell by cell),
 * or the errors, or a loading line on the first load. Later loads keep the old answer on screen, dimmed.
 */
export function Guard<T>({ q, path, what, children }: { q: QueryState<T>; path: Path; what?: string; children: (data: T, r: GqlResult<T>) => ReactNode }) {
  if (q.failure) return <ErrorBox>请求失败：{q.failure}</ErrorBox>;
  if (!q.result) return <Loading />;
  if (refused(q.result, path)) return <NoAccess what={what} />;
  const errs = otherErrors(q.result, path);
  const text = errs.map((e) => `${e.message}${e.extensions?.code ? `（${e.extensions.code}）` : ''}`).join('；');
  if (!q.result.data || valueAt(q.result.data, path) == null) return <ErrorBox>查询出错：{text || '没有数据'}</ErrorBox>;
  return (
    <div className={q.loading ? 'stale' : undefined} aria-busy={q.loading}>
      {errs.length > 0 && <ErrorBox>部分数据查询出错：{text}</ErrorBox>}
      {children(q.result.data, q.result)}
    </div>
  );
}
