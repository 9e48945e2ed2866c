import * as path from 'node:path';
import { MAX_READ_BYTES, type BuildContext } from '../analysis/context';
import { DiskFacts } from './diskFacts';

/** Text of files open in an editor, which wins over the disk. */
export type Overlay = (fsPath: string) => string | undefined;

function readText(p: string, overlay: Overlay | undefined, disk: DiskFacts): string | undefined {
  const open = overlay?.(p);
  if (open !== undefined) return open;
  return disk.readSmallFile(p, 1024 * 1024);
}

/**
 * The ignore file BuildKit uses: `<Dockerfile-name>.dockerignore` next to the Dockerfile wins over
 * the context's `.dockerignore`.
 */
export function findIgnoreFile(
  dockerfilePath: string,
  root: string,
  overlay?: Overlay,
  disk: DiskFacts = new DiskFacts(),
): { path: string; text: string } | undefined {
  const candidates = [`${dockerfilePath}.dockerignore`, path.join(root, '.dockerignore')];
  for (const p of candidates) {
    const text = readText(p, overlay, disk);
    if (text !== undefined) return { path: p, text };
  }
  return undefined;
}

/**
 * Where a context-relative path lands on disk, with symlinked folders on the way resolved as
 * BuildKit resolves them: inside the context (an absolute target starts at the context root, `..`
 * stops there), so no link leads out of it. Only link texts are read; the last component is not
 * followed (Docker sends a link as a link). Undefined when a folder on the way is missing or
 * after 40 links (a loop).
 */
export function contextPath(
  absRoot: string,
  rel: string,
  disk: DiskFacts = new DiskFacts(),
): string | undefined {
  const split = (p: string) =>
    p.split(path.sep === '\\' ? /[\\/]/ : '/').filter((x) => x && x !== '.');
  let todo = split(rel);
  const done: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    if (todo.length === 0) {
      done.push(part);
      break;
    }
    const here = path.join(absRoot, ...done, part);
    const st = disk.lstat(here);
    if (!st) return undefined;
    if (!st.isSymbolicLink()) {
      done.push(part);
      continue;
    }
    if (++links > 40) return undefined;
    const target = disk.readlink(here);
    if (target === undefined) return undefined;
    if (path.isAbsolute(target)) done.length = 0;
    todo = [...split(target), ...todo];
  }
  return path.join(absRoot, ...done);
}

/**
 * A build context on disk. Reads nothing outside `root` and follows no symlinks out of it. What
 * the disk says comes from `disk`: by default asked afresh for this context; an editor passes one
 * it keeps across keystrokes. Open editors' text (`overlay`) is always asked live.
 */
export function fsContext(
  dockerfilePath: string,
  root: string,
  overlay?: Overlay,
  disk: DiskFacts = new DiskFacts(),
): BuildContext {
  const absRoot = path.resolve(root);
  const known = disk.isDirectory(absRoot);
  const cache = new Map<string, boolean>();
  const dirCache = new Map<string, boolean | undefined>();
  const inside = (rel: string): string | undefined => {
    const clean = path.posix.normalize(rel.replace(/^\/+/, ''));
    return !known || clean.startsWith('..') || path.isAbsolute(clean) ? undefined : clean;
  };
  return {
    root: absRoot,
    known,
    ignoreFile: known
      ? findIgnoreFile(path.resolve(dockerfilePath), absRoot, overlay, disk)
      : undefined,
    exists(rel: string): boolean {
      const clean = inside(rel);
      if (clean === undefined) return false;
      let hit = cache.get(clean);
      if (hit === undefined) {
        const p = contextPath(absRoot, clean, disk);
        hit = p !== undefined && disk.lstat(p) !== undefined;
        cache.set(clean, hit);
      }
      return hit;
    },
    isDirectory(rel: string): boolean | undefined {
      const clean = inside(rel);
      if (clean === undefined) return undefined;
      if (!dirCache.has(clean)) {
        // lstat: a symlink to a folder is sent as a link, not as the folder.
        const p = contextPath(absRoot, clean, disk);
        const st = p === undefined ? undefined : disk.lstat(p);
        const dir = st?.isDirectory();
        dirCache.set(clean, dir);
      }
      return dirCache.get(clean);
    },
    readText(rel: string): string | undefined {
      const clean = inside(rel);
      if (clean === undefined) return undefined;
      const p = contextPath(absRoot, clean, disk);
      if (p === undefined) return undefined;
      // An open editor's unsaved text wins; the disk is read only for small regular files.
      return overlay?.(p) ?? disk.readSmallFile(p, MAX_READ_BYTES);
    },
  };
}
