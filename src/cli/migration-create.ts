/**
 * `npm run migration:create`: generates the next migration with MikroORM's migrator by diffing the
 * entities against a scratch embedded database that has every existing migration applied.
 * Then add the new class to migrations/index.ts.
 */
import 'reflect-metadata';
import path from 'node:path';
import { startEmbedded } from '../db/embedded';
import { initOrm, migrate } from '../db/orm';
import { PROJECT_ROOT } from '../config';

async function main() {
  const db = await startEmbedded({ dir: path.join(PROJECT_ROOT, '.data/migration-scratch'), port: 54349, fresh: true });
  const orm = await initOrm({ url: db.url });
  try {
    await migrate(orm);
    const initial = process.argv.includes('--initial');
    const result = await orm.getMigrator().createMigration(path.join(PROJECT_ROOT, 'migrations'), false, initial);
    console.log(result.fileName ? `wrote migrations/${result.fileName}` : 'no changes: entities match the migrations');
  } finally {
    await orm.close(true);
    await db.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
