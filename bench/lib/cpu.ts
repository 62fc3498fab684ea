import fs from 'node:fs';
import path from 'node:path';

/**
 * CPU time spent by this process (the server under test, or the floor's pg client) and by PostgreSQL
 * (the postmaster, its live backends, and backends that have exited), in milliseconds. The ratio of two
 * latencies says how much slower; the CPU per request says where the time goes: on a 2-core machine the
 * floor has both cores for PostgreSQL while the server's JavaScript runs on one.
 */
export interface CpuSample { nodeMs: number; pgMs: number | null }

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procTimes(pid: number): { self: number; children: number; ppid: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // f[1] ppid, f[11] utime, f[12] stime, f[13] cutime, f[14] cstime (man 5 proc, minus pid and comm)
    return { ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
  } catch {
    return null;
  }
}

/** CPU of the PostgreSQL whose data directory is `dataDir` (null when it is not on this machine). */
export function postgresCpuMs(dataDir: string | null): number | null {
  if (!dataDir) return null;
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  const main = procTimes(postmaster);
  if (!main) return null;
  let total = main.self + main.children;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = procTimes(Number(entry));
    if (t && t.ppid === postmaster) total += t.self;
  }
  return total;
}

export function cpuSample(pgDataDir: string | null): CpuSample {
  const u = process.cpuUsage();
  return { nodeMs: (u.user + u.system) / 1000, pgMs: postgresCpuMs(pgDataDir) };
}

/** CPU per request between two samples. */
export function cpuPerRequest(a: CpuSample, b: CpuSample, requests: number): { nodeMs: number; pgMs: number | null } {
  const n = Math.max(1, requests);
  return { nodeMs: (b.nodeMs - a.nodeMs) / n, pgMs: a.pgMs == null || b.pgMs == null ? null : (b.pgMs - a.pgMs) / n };
}

/** The pids of `root` and every process under it. */
function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = procTimes(Number(entry));
    if (t) parent.set(Number(entry), t.ppid);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
}

/** CPU of a process and its live descendants (a cluster's primary and workers), in ms. */
export function processTreeCpuMs(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + (procTimes(pid)?.self ?? 0), 0);
}

/** Resident memory of a process and its live descendants, in bytes. */
export function processTreeRssBytes(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch { /* gone */ }
  }
  return total;
}
