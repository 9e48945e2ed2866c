/**
 * Which builds to analyse a Dockerfile as, and where each choice came from:
 * 1. `explicit`: the user's settings (`layerwise.buildContexts`, `.layerwise.json`, `--context` /
 *    `--target`). They win over what they set; with discovered configurations, each one keeps
 *    what the settings do not set (a `--target` still uses each configuration's context).
 * 2. `discovered`: the configurations that build the file (compose, bake, workflows, dev
 *    containers, scripts), shipped builds first, then compose, bake, workflow, script, dev
 *    container, then by file and line. Identical builds are listed once.
 * 3. `inferred`: when nothing names the Dockerfile and its COPY/ADD sources are missing from its
 *    folder but present from an ancestor folder inside the workspace, that ancestor.
 * 4. `default`: the Dockerfile's folder, the last stage.
 */
import * as path from 'node:path';
import { buildModel } from '../parse/model';
import { trimTrailingSlashes, unquote } from '../parse/words';
import type { ProjectFs } from './fs';
import { isInside } from './paths';
import { roleOfTarget } from './role';
import type { BuildConfig, BuildRole } from './types';

export type BuildOrigin = 'explicit' | 'discovered' | 'inferred' | 'default';

export interface ExplicitSettings {
  /** Absolute context folder. */
  context?: string | undefined;
  target?: string | undefined;
}

export interface EffectiveBuild {
  origin: BuildOrigin;
  context: string;
  dockerfile: string;
  target?: string;
  args: Record<string, string>;
  role: BuildRole;
  platforms?: string[];
  additionalContexts?: Record<string, string>;
  /** The discovered configuration this build comes from (also for `explicit` overlays on one). */
  config?: BuildConfig;
  /** For `inferred`: how many COPY/ADD sources were found from the context, of how many. */
  inference?: InferredContext;
}

export interface InferredContext {
  context: string;
  found: number;
  total: number;
}

const KIND_ORDER = ['compose', 'bake', 'workflow', 'script', 'devcontainer'];

/** The discovered configurations in the documented order (see the file comment). */
export function orderConfigs(configs: readonly BuildConfig[]): BuildConfig[] {
  return [...configs].sort(
    (a, b) =>
      Number(a.role === 'development') - Number(b.role === 'development') ||
      KIND_ORDER.indexOf(a.source.kind) - KIND_ORDER.indexOf(b.source.kind) ||
      (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0) ||
      a.source.line - b.source.line,
  );
}

export function effectiveBuilds(
  dockerfile: string,
  explicit: ExplicitSettings,
  discovered: readonly BuildConfig[],
  infer: () => InferredContext | undefined,
): EffectiveBuild[] {
  const hasExplicit = explicit.context !== undefined || explicit.target !== undefined;
  const out: EffectiveBuild[] = [];
  const seen = new Set<string>();
  const add = (b: EffectiveBuild): void => {
    const key = JSON.stringify([b.context, b.target ?? null, b.args, b.role]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(b);
  };
  for (const c of orderConfigs(discovered)) {
    const b: EffectiveBuild = {
      origin: hasExplicit ? 'explicit' : 'discovered',
      context: explicit.context ?? c.context,
      dockerfile: c.dockerfile,
      args: c.args,
      // A target the user chose decides the role, except for a dev container's image.
      role:
        explicit.target !== undefined && c.source.kind !== 'devcontainer'
          ? roleOfTarget(explicit.target)
          : c.role,
      config: c,
    };
    const target = explicit.target ?? c.target;
    if (target !== undefined) b.target = target;
    if (c.platforms) b.platforms = c.platforms;
    if (c.additionalContexts) b.additionalContexts = c.additionalContexts;
    add(b);
  }
  if (out.length > 0) return out;
  const inferred = explicit.context === undefined ? infer() : undefined;
  const b: EffectiveBuild = {
    origin: hasExplicit ? 'explicit' : inferred ? 'inferred' : 'default',
    context: explicit.context ?? inferred?.context ?? path.dirname(dockerfile),
    dockerfile,
    args: {},
    role: roleOfTarget(explicit.target),
  };
  if (explicit.target !== undefined) b.target = explicit.target;
  if (inferred && explicit.context === undefined) b.inference = inferred;
  return [b];
}

/** Local COPY/ADD sources of a Dockerfile, relative to its context: no `--from`, URLs, variables, heredocs or the whole context. */
export function copySources(text: string): string[] {
  const model = buildModel(text);
  const out: string[] = [];
  for (const ins of model.instructions) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.onbuild) continue;
    if (ins.flags.some((f) => f.name === 'from') || ins.raw.heredocs.length > 0) continue;
    const words = ins.json ?? ins.words.map((w) => unquote(w.text));
    for (const src of words.slice(0, -1)) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.startsWith('git@') || src.includes('$'))
        continue;
      const clean = trimTrailingSlashes(src.replace(/^(\.\/|\/)+/, ''));
      if (clean === '' || clean === '.' || clean === '*' || clean === '.*') continue;
      if (!out.includes(clean)) out.push(clean);
    }
  }
  return out;
}

/**
 * The closest folder, from the Dockerfile's parent up to the workspace root, from which every
 * COPY/ADD source exists; failing that, the closest one from which most (more than half, and more
 * than from the Dockerfile's own folder) exist. Undefined when the Dockerfile's folder already
 * has them all, or it names no local source.
 */
export function inferContext(
  dockerfile: string,
  text: string,
  workspaceRoot: string,
  exists: (absPath: string) => boolean,
): InferredContext | undefined {
  // A glob in the first segment (`*.json`) cannot be checked by existence alone: left out.
  const sources = copySources(text).filter((s) => !/[*?[]/.test(s.split('/')[0]!));
  if (sources.length === 0) return undefined;
  const own = path.dirname(dockerfile);
  if (!isInside(workspaceRoot, own)) return undefined;
  const count = (dir: string): number => sources.filter((s) => existsFrom(dir, s, exists)).length;
  const ownCount = count(own);
  if (ownCount === sources.length) return undefined;
  let best: InferredContext | undefined;
  for (let dir = path.dirname(own); isInside(workspaceRoot, dir); dir = path.dirname(dir)) {
    const found = count(dir);
    if (found === sources.length) return { context: dir, found, total: sources.length };
    if (found > ownCount && found * 2 > sources.length && (!best || found > best.found))
      best = { context: dir, found, total: sources.length };
    if (dir === workspaceRoot || dir === path.dirname(dir)) break;
  }
  return best;
}

/** A source exists from `dir`: a plain path, or for a glob its folder part with a matching entry. */
function existsFrom(dir: string, source: string, exists: (p: string) => boolean): boolean {
  if (!/[*?[]/.test(source)) return exists(path.join(dir, source));
  // A glob: the folder before the first wildcard segment must exist.
  const parts = source.split('/');
  const fixed = parts.slice(
    0,
    parts.findIndex((p) => /[*?[]/.test(p)),
  );
  return exists(path.join(dir, ...fixed));
}

/** `inferContext` over a file system (files and folders count as existing). */
export function inferContextFromFs(
  dockerfile: string,
  text: string,
  workspaceRoot: string,
  fs: ProjectFs,
): InferredContext | undefined {
  return inferContext(dockerfile, text, workspaceRoot, (p) => fs.stat(p) !== undefined);
}
