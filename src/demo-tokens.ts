import fs from 'node:fs';
import path from 'node:path';
import type { App } from './app';
import { authenticate, issueToken } from './auth/tokens';
import { AGENCIES } from './modules/client/agency';

const NAMES: Record<string, string> = {
  ECO: '山西省生态环境厅（示范）',
  NATURAL_RESOURCES: '山西省自然资源厅（示范）',
  HOUSING: '山西省住房和城乡建设厅（示范）',
  APPROVALS: '山西省行政审批服务管理局（示范）',
  AGRICULTURE: '山西省农业农村厅（示范）',
  PUBLIC_SECURITY: '山西省公安厅（示范）',
  EMERGENCY: '山西省应急管理厅（示范）',
};

/**
 * One demo token per agency at province scope (140000), kept in plain text in `.data/demo-tokens.json`
 * so that a restart prints the same ones: a convenience of the local demo only, never used with a real deployment.
 */
export async function demoTokens(app: Pick<App, 'orm' | 'config'>): Promise<Record<string, string>> {
  const file = path.join(app.config.dataDir, 'demo-tokens.json');
  const em = app.orm.em.fork();
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    const ok = await Promise.all(Object.values(saved).map((t) => authenticate(em, `Bearer ${t}`).then(() => true, () => false)));
    if (ok.length === AGENCIES.length && ok.every(Boolean)) return saved;
  }
  const tokens: Record<string, string> = {};
  for (const agency of AGENCIES) tokens[agency] = (await issueToken(em, { agency, divisionCode: '140000', name: NAMES[agency] })).token;
  fs.mkdirSync(app.config.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  return tokens;
}
