import { createMatcher, parseDockerignore } from '../parse/dockerignore';
import { MANIFESTS } from '../knowledge/manifests';
import type { BuildContext } from './context';
import type { DependencyInstall } from './installs';
import { nodeInstallReadsSources, readPackageJson, workspaceAt, yarnrcFiles } from './projectFiles';
import { hasArg } from './tools';

/** What a dependency install reads from the copied folder, as far as Layerwise can tell. */
export interface InstallInputs {
  /** Paths relative to the copied folder; undefined when they cannot be listed safely. */
  files: string[] | undefined;
  /** Why `files` is undefined, or why copying only them may not be enough (for messages). */
  caveat?: string;
  /** True when the install may still read other files (scripts, local packages): not safe. */
  mayReadMore: boolean;
}

const NODE_TOOLS = new Set(['npm', 'yarn', 'pnpm', 'bun']);

/** A frozen install fails without its lockfile. */
export function isFrozenInstall(install: DependencyInstall): boolean {
  const u = install.use;
  return (
    (u.tool === 'npm' && u.verb === 'ci') || hasArg(u, '--frozen-lockfile', '--immutable', '--ci')
  );
}

/** The lockfiles among a tool's manifests. */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
]);

/** `-r`/`-c` files a requirements file includes, and whether it installs local paths. */
function requirementRefs(text: string): { refs: string[]; local: boolean } {
  const refs: string[] = [];
  let local = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const ref = /^(?:-r|-c|--requirement|--constraint)[\s=]*(\S+)/.exec(line);
    if (ref) refs.push(ref[1]!);
    else if (/^(-e|--editable)\s+(\.|\/|file:)/.test(line) || /^(\.{1,2}\/|\.$|file:)/.test(line))
      local = true;
  }
  return { refs, local };
}

function dirOf(p: string): string {
  return p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
}

function join(dir: string, f: string): string {
  const parts = (dir ? `${dir}/${f}` : f).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

/** Requirements files with what they include, or undefined when one installs a local path. */
function pipInputs(context: BuildContext, base: string, files: string[]): InstallInputs {
  const all: string[] = [];
  const todo = [...files];
  while (todo.length > 0 && all.length < 50) {
    const f = todo.shift()!;
    if (all.includes(f)) continue;
    all.push(f);
    const text = context.readText?.(join(base, f));
    if (text === undefined) continue;
    const { refs, local } = requirementRefs(text);
    if (local)
      return { files: undefined, caveat: `\`${f}\` installs a local path`, mayReadMore: true };
    for (const r of refs) todo.push(join(dirOf(f), r));
  }
  return { files: all, mayReadMore: false };
}

/**
 * The files of the copied folder (`base`, '' = the context root) that an install reads, checked
 * against the context: workspaces and Yarn 2+ releases included, ignored files left out.
 */
export function installInputs(
  context: BuildContext,
  base: string,
  install: DependencyInstall,
): InstallInputs {
  const ignored = ignoredIn(context);
  const keep = (f: string): boolean => !ignored(join(base, f));
  if (install.requirementFiles) {
    const pip = pipInputs(context, base, install.requirementFiles);
    if (!pip.files || !context.known) return pip;
    const present = pip.files.filter((f) => context.exists(join(base, f)) && keep(f));
    return present.length === pip.files.length ? pip : { files: undefined, mayReadMore: false };
  }
  const set = MANIFESTS[install.tool];
  if (!set) return { files: undefined, mayReadMore: false };
  const frozen = isFrozenInstall(install);
  const node = NODE_TOOLS.has(install.tool);
  if (!context.known) {
    // Unknown context: the canonical set must hold the lockfile a frozen install needs.
    const hasLock = set.canonical.some((f) => LOCKFILES.has(f) || f === 'package*.json');
    if (node && frozen && !hasLock) return { files: undefined, mayReadMore: false };
    if (install.tool === 'yarn' && hasArg(install.use, '--immutable'))
      return {
        files: undefined,
        caveat: 'Yarn 2+ also needs its `.yarn` folder',
        mayReadMore: false,
      };
    return { files: set.canonical, mayReadMore: false };
  }
  const ecosystem = node
    ? 'node'
    : install.tool === 'go' || install.tool === 'cargo'
      ? install.tool
      : undefined;
  const workspace = ecosystem ? workspaceAt(context, base, ecosystem) : undefined;
  if (workspace) {
    return {
      files: undefined,
      caveat: `a ${workspace.kind} workspace (\`${workspace.file}\`): the install reads every member's manifest`,
      mayReadMore: true,
    };
  }
  const files = set.files.filter((f) => context.exists(join(base, f)) && keep(f));
  if (files.length === 0) return { files: undefined, mayReadMore: false };
  if (node && frozen && !files.some((f) => LOCKFILES.has(f)))
    return { files: undefined, mayReadMore: false };
  if (install.tool === 'yarn' && files.includes('.yarnrc.yml')) {
    const extra = yarnrcFiles(context, base);
    if (!extra || !extra.every((f) => context.exists(join(base, f)) && keep(f)))
      return {
        files: undefined,
        caveat: 'Yarn 2+ also needs its `.yarn` folder',
        mayReadMore: false,
      };
    files.push(...extra);
  }
  let mayReadMore = false;
  let caveat: string | undefined;
  if (node) {
    const pkg = readPackageJson(context, join(base, 'package.json'));
    caveat = pkg ? nodeInstallReadsSources(pkg) : undefined;
    mayReadMore = caveat !== undefined;
  }
  return { files, caveat, mayReadMore };
}

/** Whether the context's ignore file excludes a context-relative path. */
function ignoredIn(context: BuildContext): (rel: string) => boolean {
  if (!context.ignoreFile) return () => false;
  const matcher = createMatcher(parseDockerignore(context.ignoreFile.text));
  return (rel) => matcher.isExcluded(rel);
}
