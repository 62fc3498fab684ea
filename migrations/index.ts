import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123161637 } from './Migration20261123161637';
import { Migration20261123163907 } from './Migration20261123163907';
import { Migration20261123165254 } from './Migration20261123165254';
import { Migration20261123181333 } from './Migration20261123181333';
import { Migration20261128221000 } from './Migration20261128221000';
import { Migration20261128223000 } from './Migration20261128223000';
import { Migration20261128224500 } from './Migration20261128224500';
import { Migration20261128230000 } from './Migration20261128230000';
import { Migration20261128234000 } from './Migration20261128234000';
import { Migration20261128233000 } from './Migration20261128233000';
import { Migration20261128233500 } from './Migration20261128233500';
import { Migration20261128235000 } from './Migration20261128235000';
import { Migration20261128235500 } from './Migration20261128235500';
import { Migration20261129000000 } from './Migration20261129000000';
import { Migration20261129010000 } from './Migration20261129010000';
import { Migration20261129011000 } from './Migration20261129011000';
import { Migration20261129020000 } from './Migration20261129020000';
import { Migration20261129021000 } from './Migration20261129021000';
import { Migration20261129030000 } from './Migration20261129030000';
import { Migration20261129040000 } from './Migration20261129040000';
import { Migration20261129050000 } from './Migration20261129050000';
import { Migration20261129051000 } from './Migration20261129051000';
import { Migration20261129060000 } from './Migration20261129060000';

// Every migration, in order. A migration that has been applied anywhere is never edited: add a new one
// with `npm run migration:create` and list it here.
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123161637', class: Migration20261123161637 },
  { name: 'Migration20261123163907', class: Migration20261123163907 },
  { name: 'Migration20261123165254', class: Migration20261123165254 },
  { name: 'Migration20261123181333', class: Migration20261123181333 },
  { name: 'Migration20261128221000', class: Migration20261128221000 },
  { name: 'Migration20261128223000', class: Migration20261128223000 },
  { name: 'Migration20261128230000', class: Migration20261128230000 },
  { name: 'Migration20261128224500', class: Migration20261128224500 },
  { name: 'Migration20261128234000', class: Migration20261128234000 },
  { name: 'Migration20261128233000', class: Migration20261128233000 },
  { name: 'Migration20261128233500', class: Migration20261128233500 },
  { name: 'Migration20261128235000', class: Migration20261128235000 },
  { name: 'Migration20261128235500', class: Migration20261128235500 },
  { name: 'Migration20261129000000', class: Migration20261129000000 },
  { name: 'Migration20261129010000', class: Migration20261129010000 },
  { name: 'Migration20261129011000', class: Migration20261129011000 },
  { name: 'Migration20261129020000', class: Migration20261129020000 },
  { name: 'Migration20261129021000', class: Migration20261129021000 },
  { name: 'Migration20261129030000', class: Migration20261129030000 },
  { name: 'Migration20261129040000', class: Migration20261129040000 },
  { name: 'Migration20261129050000', class: Migration20261129050000 },
  { name: 'Migration20261129051000', class: Migration20261129051000 },
  { name: 'Migration20261129060000', class: Migration20261129060000 },
];
