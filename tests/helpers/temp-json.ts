import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A writer of JSON files (an object is serialised, a string written as it is) into a directory of the calling
 * spec's own under the system's temporary directory, removed with everything in it when the spec's tests end.
 * Call it at the top level of a spec file (it registers the afterAll).
 */
export function tempJsonWriter(prefix: string): (content: unknown) => string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `soilshare-${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return (content) => {
    const file = path.join(dir, `${prefix}-${++n}.json`);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
}
