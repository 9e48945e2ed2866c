/**
 * Which build an ignore file belongs to. `<Dockerfile>.dockerignore` serves that one Dockerfile and
 * filters its context; `.dockerignore` filters the context rooted at its folder and serves the
 * Dockerfiles built from there that have no ignore file of their own (BuildKit's rule).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildContext } from '../analysis/context';
import { isDockerfileName } from '../parse/fileKind';
import { fsContext, type Overlay } from './fsContext';

export interface IgnoreSetup {
  /** The context the file filters; its `ignoreFile` is the file itself. */
  context: BuildContext;
  /** Dockerfiles whose builds use the file, with their text (open editors win). */
  dockerfiles: { path: string; text: string }[];
  /** The Dockerfile a `<name>.dockerignore` belongs to. */
  owner: string | undefined;
}

export interface IgnoreSetupOptions {
  /** The build context folder of a Dockerfile (settings, config, or its own folder). */
  contextDirFor(dockerfile: string): string;
  overlay?: Overlay;
  /** Further Dockerfiles that may use the file (open editors elsewhere). */
  candidates?: readonly string[];
  /** The context folder for a `<name>.dockerignore` (CLI --context). */
  contextOverride?: string;
}

const MAX_DOCKERFILE_BYTES = 1024 * 1024;

function read(p: string, overlay: Overlay | undefined): string | undefined {
  const open = overlay?.(p);
  if (open !== undefined) return open;
  try {
    // lstat: a symlinked Dockerfile may point anywhere; we read only files in the folder itself.
    const st = fs.lstatSync(p);
    if (!st.isFile() || st.size > MAX_DOCKERFILE_BYTES) return undefined;
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function exists(p: string, overlay: Overlay | undefined): boolean {
  if (overlay?.(p) !== undefined) return true;
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The Dockerfile `<dir>/<name>` that `<dir>/<name>.dockerignore` belongs to, if it exists. */
export function ignoreOwner(ignorePath: string, overlay?: Overlay): string | undefined {
  const base = path.basename(ignorePath);
  if (base.toLowerCase() === '.dockerignore' || !base.toLowerCase().endsWith('.dockerignore'))
    return undefined;
  const owner = ignorePath.slice(0, -'.dockerignore'.length);
  return exists(owner, overlay) ? owner : undefined;
}

export function ignoreFileSetup(
  ignorePath: string,
  text: string,
  options: IgnoreSetupOptions,
): IgnoreSetup {
  const abs = path.resolve(ignorePath);
  const dir = path.dirname(abs);
  const overlay = options.overlay;
  const owner = ignoreOwner(abs, overlay);
  const root = owner ? (options.contextOverride ?? options.contextDirFor(owner)) : dir;
  const base = fsContext(owner ?? path.join(dir, 'Dockerfile'), root, overlay);
  const context: BuildContext = { ...base, ignoreFile: { path: abs, text } };
  const dockerfiles: IgnoreSetup['dockerfiles'] = [];
  const add = (p: string): void => {
    const t = read(p, overlay);
    if (t !== undefined) dockerfiles.push({ path: p, text: t });
  };
  if (owner) add(owner);
  else {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter(isDockerfileName);
    } catch {
      // An unsaved or deleted folder: only open Dockerfiles can use it.
    }
    const seen = new Set<string>();
    for (const p of [...names.map((n) => path.join(dir, n)), ...(options.candidates ?? [])]) {
      const q = path.resolve(p);
      if (seen.has(q)) continue;
      seen.add(q);
      // Its own ignore file wins; another context root never reads this file.
      if (exists(`${q}.dockerignore`, overlay)) continue;
      if (path.resolve(options.contextDirFor(q)) !== dir) continue;
      add(q);
    }
  }
  return { context, dockerfiles, owner };
}
