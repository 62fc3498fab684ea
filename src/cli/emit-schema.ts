/** `npm run schema`: writes schema/schema.graphql from the code (tests fail while the committed file is stale). */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { printAppSchema } from '../graphql/schema';

const file = path.join(PROJECT_ROOT, 'schema/schema.graphql');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, printAppSchema());
console.log(`wrote ${path.relative(PROJECT_ROOT, file)}`);
