/**
 * The project room's file system, confined to one workspace root: links are resolved by reading
 * the link texts only, and nothing a link leads to outside the root is stat-ed, listed or read —
 * a link that leaves the root resolves to where it points, so callers see a path outside and drop
 * it, but the disk there is never touched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeProjectFs, type ProjectFs } from './fs';
import { isInside } from './paths';

const MAX_LINKS = 40;

/** Where `p` lands with every link resolved, reading only links inside `root`; undefined: missing or a loop. */
function resolveInside(root: string, p: string): string | undefined {
  const abs = path.resolve(p);
  if (!isInside(root, abs)) return abs;
  let todo = path.relative(root, abs).split(path.sep).filter(Boolean);
  let at = root;
  let links = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    const next = part === '..' ? path.dirname(at) : path.join(at, part);
    if (!isInside(root, next)) return path.join(next, ...todo);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(next);
    } catch {
      return undefined;
    }
    if (!st.isSymbolicLink()) {
      at = next;
      continue;
    }
    if (++links > MAX_LINKS) return undefined;
    let target: string;
    try {
      target = fs.readlinkSync(next);
    } catch {
      return undefined;
    }
    const landed = path.resolve(at, target);
    if (!isInside(root, landed)) return path.join(landed, ...todo);
    at = root;
    todo = [...path.relative(root, landed).split(path.sep).filter(Boolean), ...todo];
  }
  return at;
}

export function confinedProjectFs(root: string): ProjectFs {
  const real = path.resolve(root);
  const inside = (p: string): string | undefined => {
    const landed = resolveInside(real, p);
    return landed !== undefined && isInside(real, landed) ? landed : undefined;
  };
  return {
    readFile: (p) => {
      const landed = inside(p);
      return landed === undefined ? undefined : nodeProjectFs.readFile(landed);
    },
    readdir: (p) => {
      const landed = inside(p);
      return landed === undefined ? undefined : nodeProjectFs.readdir(landed);
    },
    stat: (p) => {
      const landed = inside(p);
      return landed === undefined ? undefined : nodeProjectFs.stat(landed);
    },
    realpath: (p) => resolveInside(real, p),
  };
}
