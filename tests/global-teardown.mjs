import fs from 'node:fs';

export default async function globalTeardown() {
  const db = globalThis.__SOILSHARE_TEST_DB__;
  if (!db) return;
  await db.stop();
  fs.rmSync(db.dir, { recursive: true, force: true });
}
