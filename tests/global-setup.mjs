// Starts a fresh embedded PostgreSQL for this test run (unless DATABASE_URL names another server).
// Each spec file then creates its own database on it (tests/helpers/app.ts), so specs never share rows.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../src/db/embedded-pg.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = path.join(root, '.data', `test-pg-${process.pid}`);
  // A port of its own per run, so parallel runs (developers, CI, helpers) do not race for one.
  const db = await startEmbeddedPostgres({ dir, port: 55000 + (process.pid % 4000), database: 'soilshare_test', fresh: true });
  process.env.TEST_ADMIN_URL = db.url;
  globalThis.__SOILSHARE_TEST_DB__ = { ...db, dir };
}
