import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges } from 'graphql';
import { buildAppSchema, printAppSchema } from '../src/graphql/schema';
import { uncoveredFields } from '../src/auth/permissions';
import { PROJECT_ROOT } from '../src/config';

describe('the schema', () => {
  it('matches the committed schema/schema.graphql (run `npm run schema` after changing the API)', () => {
    const committed = fs.readFileSync(path.join(PROJECT_ROOT, 'schema/schema.graphql'), 'utf8');
    expect(printAppSchema()).toBe(committed);
  });

  it('serves every name of the inter-agency contract as written (0 breaking changes)', () => {
    // schema/contract.graphql is the agencies' copy of the contract (version 1), kept in the repository.
    const contractFile = path.join(PROJECT_ROOT, 'schema', 'contract.graphql');
    const breaks = findBreakingChanges(buildSchema(fs.readFileSync(contractFile, 'utf8')), buildSchema(printAppSchema()));
    expect(breaks.map((b) => b.description)).toEqual([]);
  });

  it('has a policy part for every operation and every object field (fail closed)', () => {
    expect(uncoveredFields(buildAppSchema())).toEqual([]);
  });
});
