import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../config';

export interface EmbeddedDb { url: string; adminUrl: string; port: number; stop: () => Promise<void> }

// A real dynamic import: TypeScript would compile `import()` to `require()`, which cannot load ESM.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

/** Starts (initialising on first use) the embedded PostgreSQL whose data lives under `dir`. */
export async function startEmbedded(opts: { dir: string; port: number; database?: string; fresh?: boolean; log?: (m: string) => void }): Promise<EmbeddedDb> {
  const mod = await importEsm(pathToFileURL(path.join(PROJECT_ROOT, 'src/db/embedded-pg.mjs')).href);
  return mod.startEmbeddedPostgres({ database: 'soilshare', ...opts });
}
