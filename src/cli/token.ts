/**
 * `npm run token -- --agency ECO --division 141181 --name "孝义市生态环境分局" [--expires 2027-12-31]`
 * prints a new token as the last line; `npm run token -- --revoke <id>` revokes one;
 * `npm run token -- --allow <id> --file op.graphql [--name N]` registers an operation for the allow-list option.
 * Uses DATABASE_URL, or the embedded database under .data/ (start nothing else meanwhile on it).
 */
import 'reflect-metadata';
import path from 'node:path';
import { loadConfig } from '../config';
import { startEmbedded, EmbeddedDb } from '../db/embedded';
import { initOrm, migrate } from '../db/orm';
import { issueToken, revokeToken } from '../auth/tokens';
import { loadReferenceData } from '../../seeds/reference';
import fs from 'node:fs';
import { operationId } from '../limits/allow-list';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const config = loadConfig();
  let db: EmbeddedDb | undefined;
  let url = config.databaseUrl;
  if (!url) {
    db = await startEmbedded({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPort });
    url = db.url;
  }
  const orm = await initOrm({ url });
  try {
    await migrate(orm);
    const em = orm.em.fork();
    em.setFilterParams('scope', { all: true });
    await loadReferenceData(em);
    const revoke = arg('revoke');
    if (revoke) {
      const ok = await revokeToken(em, Number(revoke));
      console.log(ok ? `revoked client ${revoke}` : `no active client ${revoke}`);
      if (!ok) process.exitCode = 1;
      return;
    }
    const allow = arg('allow');
    if (allow) {
      const file = arg('file');
      if (!file) throw new Error('usage: npm run token -- --allow <clientId> --file op.graphql [--name name]');
      const document = fs.readFileSync(file, 'utf8');
      const id = operationId(document);
      await em.getConnection().execute(
        `insert into client_operation (client_id, sha256, name, document) values (?, ?, ?, ?) on conflict (client_id, sha256) do update set name = excluded.name`,
        [Number(allow), id, arg('name') ?? null, document],
      );
      console.log(`client ${allow} may run operation ${id}`);
      return;
    }
    const agency = arg('agency');
    const division = arg('division');
    const name = arg('name');
    if (!agency || !division || !name) throw new Error('usage: npm run token -- --agency ECO|NATURAL_RESOURCES|HOUSING|APPROVALS|AGRICULTURE|PUBLIC_SECURITY|EMERGENCY --division <code> --name "<client name>" [--expires YYYY-MM-DD]');
    const expires = arg('expires');
    const expiresAt = expires ? new Date(`${expires}T23:59:59+08:00`) : undefined;
    if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new Error('--expires must be a date YYYY-MM-DD');
    const { id, token } = await issueToken(em, { agency, divisionCode: division, name, expiresAt });
    console.log(`client ${id}: ${agency} ${division} "${name}"${expiresAt ? `, expires ${expires}` : ''}`);
    console.log(token);
  } finally {
    await orm.close(true);
    if (db) await db.stop();
  }
}
main().catch((e) => {
  console.error(`token: ${e.message ?? e}`);
  process.exit(1);
});
