import 'reflect-metadata';
import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './src/db/entities';
import { migrationsList } from './migrations';

/**
 * The MikroORM configuration, shared by the server, the CLIs and the tests (src/db/orm.ts adds the
 * connection). Migrations are listed explicitly (migrations/index.ts) so that the same list runs from
 * TypeScript under jest and from dist/ in production.
 */
export default defineConfig({
  entities: ENTITIES,
  extensions: [Migrator],
  migrations: {
    tableName: 'mikro_orm_migrations',
    path: './migrations',
    pathTs: './migrations',
    emit: 'ts',
    migrationsList,
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
  },
  forceUtcTimezone: true,
  // Scope is applied by our own loaders per entity; auto-joining every reference to re-check it would cost a join per relation.
  autoJoinRefsForFilters: false,
  debug: false,
  // Plain DataLoader batching of references and collections; our own per-request loaders do the rest.
  pool: { min: 0, max: 20 },
  discovery: { requireEntitiesArray: true },
});
