import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDockerfileName, isIgnoreFileName } from '../parse/fileKind';

export { isDockerfileName, isIgnoreFileName };

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/**
 * Files to analyse under a folder, sorted, without following symlinks. `skip` prunes files and
 * folders (the config's `ignore` patterns).
 */
export function discover(dir: string, skip?: (entryPath: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !skip?.(p)) walk(p);
      } else if (
        e.isFile() &&
        (isDockerfileName(e.name) || isIgnoreFileName(e.name)) &&
        !skip?.(p)
      ) {
        found.push(p);
      }
    }
  };
  walk(dir);
  return found.sort();
}
