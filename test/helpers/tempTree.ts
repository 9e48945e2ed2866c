import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes each file (path relative to `dir` → text), creating the folders it needs. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/**
 * A new folder `<prefix>XXXXXX` in the OS temp folder holding `files`; with `repository`, also an
 * empty `.git` folder (config discovery stops at a repository root). The caller removes it.
 */
export function tempTree(
  prefix: string,
  files: Record<string, string>,
  options: { repository?: boolean } = {},
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (options.repository) fs.mkdirSync(path.join(dir, '.git'));
  writeFiles(dir, files);
  return dir;
}
