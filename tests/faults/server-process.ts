import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';

/** Builds dist/ when a source or migration is newer than the built server (the fault tests run it as a process). */
export function buildIfStale() {
  const out = path.join(PROJECT_ROOT, 'dist/src/server.js');
  const newest = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs), 0);
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < Math.max(newest(path.join(PROJECT_ROOT, 'src')), newest(path.join(PROJECT_ROOT, 'migrations')))) {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  }
}

/** The built server as a process of its own on `port`, against `dbUrl`; resolves once /readyz answers 200. */
export async function startServer(dbUrl: string, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), SOILSHARE_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return child;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

export const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => (child.exitCode !== null || child.signalCode !== null ? r({ code: child.exitCode, signal: child.signalCode }) : child.once('exit', (code, signal) => r({ code, signal }))));

/** A keyed write's definite answer: its id, or the ids ALREADY_APPLIED lists. */
export interface KeyedReply { status: number; code?: string; id?: string; applied?: { id: string }[] }

/**
 * Every answered write against the rows stored: exactly one row per write, and the id the answer gave (or
 * ALREADY_APPLIED listed) is that row's. The mismatches, as lines a failing test prints.
 */
export function answerMismatches(answers: Map<string, KeyedReply>, stored: Map<string, { n: number; id: string }>): string[] {
  const wrong: string[] = [];
  for (const [name, r] of answers) {
    const row = stored.get(name);
    if (!row || row.n !== 1) wrong.push(`${name}: ${row?.n ?? 0} rows`);
    else if ((r.id ?? r.applied?.[0]?.id) !== row.id) wrong.push(`${name}: answered ${JSON.stringify(r)}, row ${row.id}`);
  }
  return wrong;
}
