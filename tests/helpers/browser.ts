/**
 * The browser of the browser tests (tests/e2e/): what playwright-core's `chromium.launch` needs to start it.
 *
 * By default it is the Chromium that the npm package @sparticuz/chromium ships inside the registry package
 * (a devDependency, so `npm install` brings it: no apt-get, no download at install). We use it even where a
 * system chromium is installed: one browser everywhere (same build, same fonts) renders the console the same on
 * every machine and in CI, so the screenshots in docs/screenshots/ only change when the console does.
 * CHROMIUM_PATH=/usr/bin/chromium (or any other Chromium) runs the tests in that browser instead, when asked.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BrowserLaunch {
  executablePath: string;
  args: string[];
  env?: Record<string, string>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** The tests talk to their own server only: no background traffic of the browser's own. */
const QUIET = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * @sparticuz/chromium's flags are made for serverless hosts; these two would turn off the web's security rules,
 * which a test of what users see must keep.
 */
const UNSAFE = new Set(['--disable-web-security', '--allow-running-insecure-content']);

/**
 * @sparticuz/chromium is an ES module, which jest's CommonJS module loader cannot load: a child node asks it.
 * `executablePath()` unpacks the browser into the temporary folder (/tmp/chromium, its libraries and
 * /tmp/fonts) on first use, about 200 MB and 3 s, and returns the unpacked one after that.
 */
function askPackage(): { executablePath: string; args: string[] } {
  const script = "import c from '@sparticuz/chromium'; process.stdout.write(JSON.stringify({ executablePath: await c.executablePath(), args: c.args }));";
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 }));
}

/** Whether the binary starts (an unpacking cut short leaves a file that exists but does not). */
function starts(executablePath: string): boolean {
  try {
    execFileSync(executablePath, ['--version'], { stdio: 'pipe', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export function findChromium(): BrowserLaunch {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (!fs.existsSync(given)) throw new Error(`CHROMIUM_PATH=${given} does not exist`);
    return { executablePath: given, args: ['--no-sandbox', '--disable-gpu', ...QUIET] };
  }
  let found = askPackage();
  if (!starts(found.executablePath)) {
    // The package reuses whatever is at /tmp/chromium: drop a broken one and unpack it again.
    fs.rmSync(found.executablePath, { force: true });
    found = askPackage();
    if (!starts(found.executablePath)) throw new Error(`${found.executablePath} (unpacked by @sparticuz/chromium) does not start`);
  }
  return {
    executablePath: found.executablePath,
    args: [...found.args.filter((a) => !UNSAFE.has(a)), ...QUIET],
    // Only the fonts the package unpacked (Open Sans) and the page's web fonts: the machine's own fonts change
    // nothing on the screenshots. The package's fonts.conf lists the temporary folder's fonts/.
    env: { ...(process.env as Record<string, string>), FONTCONFIG_PATH: path.join(os.tmpdir(), 'fonts') },
  };
}
