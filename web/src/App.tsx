import { lazy, Suspense, useCallback, useEffect, useState, type FormEvent, type MouseEvent } from 'react';
import { gql, onUnauthenticated, session, Unauthenticated } from './api';
import { AGENCY_ZH, LEVEL_ZH } from './labels';
import { MeContext, type Me } from './session';
import { DispatchPage } from './pages/Dispatch';
import { ReservePage } from './pages/Reserve';
import { PlotsPage } from './pages/Plots';
import { TodoPage } from './pages/Todo';
import { FarmlandPage } from './pages/Farmland';

// GraphiQL (with its Monaco editor and workers) is a chunk of its own, loaded when the page is opened.
const LazyGraphiQL = lazy(() => import('./pages/GraphiQLPage').then((m) => ({ default: m.GraphiQLPage })));
function GraphiQLRoute() {
  return <Suspense fallback={<div className="loading">正在加载 GraphiQL…</div>}><LazyGraphiQL /></Suspense>;
}
import { ProblemsPage } from './pages/Problems';
import { ReviewPage } from './pages/Review';

const BASE = import.meta.env.BASE_URL; // "/console/"
const PAGES = [
  { key: 'dispatch', label: '季度调度', Page: DispatchPage },
  { key: 'reserve', label: '项目储备', Page: ReservePage },
  { key: 'plots', label: '地块', Page: PlotsPage },
  { key: 'todo', label: '待办', Page: TodoPage },
  { key: 'farmland', label: '耕地', Page: FarmlandPage },
  { key: 'graphiql', label: 'GraphiQL', Page: GraphiQLRoute },
  { key: 'problems', label: '问题清单', Page: ProblemsPage },
  { key: 'review', label: '清零核查', Page: ReviewPage },
] as const;

const ME = `query Me { me { clientName agency division { code name level } } }`;

/** Client-side routes under /console/ (the server answers index.html for each of them). */
function currentPage(): string {
  const rest = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '';
  const key = rest.split('/')[0];
  return PAGES.some((p) => p.key === key) ? key : 'dispatch';
}
export function navigate(href: string) {
  window.history.pushState(null, '', href);
  window.dispatchEvent(new Event('soilshare:navigate'));
}

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => !!session.get());
  const [notice, setNotice] = useState<string | null>(null);
  const [page, setPage] = useState(currentPage);

  const signOut = useCallback((why?: string) => {
    session.clear();
    setMe(null);
    setNotice(why ?? null);
  }, []);

  useEffect(() => onUnauthenticated(() => signOut('令牌无效、已过期或已被撤销，请重新登录。')), [signOut]);
  useEffect(() => {
    const on = () => setPage(currentPage());
    window.addEventListener('popstate', on);
    window.addEventListener('soilshare:navigate', on);
    return () => {
      window.removeEventListener('popstate', on);
      window.removeEventListener('soilshare:navigate', on);
    };
  }, []);
  // A token from an earlier visit in this tab: check it once.
  useEffect(() => {
    if (!session.get()) return;
    gql<{ me: Me }>(ME)
      .then((r) => (r.data ? setMe(r.data.me) : signOut(r.errors[0]?.message)))
      .catch((e: Error) => { if (!(e instanceof Unauthenticated)) setNotice(`无法连接服务器：${e.message}`); })
      .finally(() => setChecking(false));
  }, [signOut]);

  // In-app links (<a data-nav>) change the route without reloading the page.
  const onClick = (e: MouseEvent) => {
    const a = (e.target as HTMLElement).closest('a[data-nav]') as HTMLAnchorElement | null;
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(a.getAttribute('href')!);
  };

  if (checking) return <div className="loading full">正在验证令牌…</div>;
  if (!me) return <SignIn notice={notice} onSignedIn={(m) => { setNotice(null); setMe(m); }} />;
  const Current = PAGES.find((p) => p.key === page)!.Page;
  return (
    <MeContext.Provider value={me}>
      <div className="app" onClick={onClick}>
        <header className="topbar">
          <div className="brand">
            <span className="logo" aria-hidden>壤</span>
            <span>建设用地土壤污染联合监管<small>soilshare 控制台</small></span>
          </div>
          <nav>
            {PAGES.map((p) => (
              <a key={p.key} href={`${BASE}${p.key}`} data-nav className={p.key === page ? 'active' : undefined} aria-current={p.key === page ? 'page' : undefined}>{p.label}</a>
            ))}
          </nav>
          <div className="who" data-testid="who">
            <span className="client">{me.clientName}</span>
            <span className="muted">{AGENCY_ZH[me.agency] ?? me.agency} · {me.division.name}（{LEVEL_ZH[me.division.level]}）</span>
            <button type="button" className="link" onClick={() => signOut()} data-testid="sign-out">退出</button>
          </div>
        </header>
        <main key={`${page}-${me.division.code}-${me.agency}`}>
          <Current />
        </main>
      </div>
    </MeContext.Provider>
  );
}

function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (me: Me) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = token.trim().replace(/^Bearer\s+/i, '');
    if (!t) return setErr('请输入令牌');
    setBusy(true);
    setErr(null);
    try {
      const r = await gql<{ me: Me }>(ME, {}, t);
      if (!r.data) throw new Error(r.errors[0]?.message ?? '登录失败');
      session.set(t);
      onSignedIn(r.data.me);
    } catch (e) {
      setErr(e instanceof Unauthenticated ? '令牌无效、已过期或已被撤销。' : `登录失败：${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="signin">
      <form onSubmit={submit} className="card">
        <div className="brand big">
          <span className="logo" aria-hidden>壤</span>
          <span>建设用地土壤污染联合监管<small>生态环境 · 自然资源 · 住房城乡建设 · 行政审批 信息共享</small></span>
        </div>
        <label className="field block">
          <span>访问令牌</span>
          <input type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)}
            placeholder="ss_…" data-testid="token" autoFocus />
        </label>
        {(err || notice) && <p className="error-box" role="alert">{err ?? notice}</p>}
        <button type="submit" disabled={busy} data-testid="sign-in">{busy ? '正在登录…' : '登录'}</button>
        <p className="hint">令牌由本单位系统管理员签发（npm run token），只保存在本浏览器标签页中，关闭标签页即清除。
          各部门只能看到其职责范围内的数据。</p>
      </form>
    </div>
  );
}
