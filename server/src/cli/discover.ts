import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIP_DIRS = new Set(['.git', 'node_modules']);

export function isIgnoreFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.dockerignore');
}

/** Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile (and Containerfile.*). */
export function isDockerfileName(name: string): boolean {
  if (isIgnoreFileName(name)) return false;
  const lower = name.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.endsWith('.dockerfile') ||
    lower === 'containerfile' ||
    lower.startsWith('containerfile.')
  );
}

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
