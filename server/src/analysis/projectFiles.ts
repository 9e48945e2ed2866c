import type { BuildContext } from './context';

/** The parts of a `package.json` the rules judge. */
export interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
  /** `workspaces` (npm, yarn) as written: member globs. */
  workspaces: string[] | undefined;
  /** pnpm's `patchedDependencies` or a `resolutions`/`overrides` section are present. */
  patches: boolean;
}

function stringRecord(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

function workspaceList(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : (v as { packages?: unknown } | undefined)?.packages;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : undefined;
}

/** The `package.json` at a context-relative path, or undefined when absent, unknown or not JSON. */
export function readPackageJson(context: BuildContext, rel: string): PackageJson | undefined {
  const text = context.readText?.(rel);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  const pnpm = o['pnpm'] as Record<string, unknown> | undefined;
  return {
    dependencies: stringRecord(o['dependencies']),
    devDependencies: stringRecord(o['devDependencies']),
    scripts: stringRecord(o['scripts']),
    workspaces: workspaceList(o['workspaces']),
    patches: !!(pnpm && typeof pnpm === 'object' && pnpm['patchedDependencies']),
  };
}

/** Lifecycle scripts an install runs for the project itself (they may read any source file). */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish'];

/**
 * Why a Node install may read more than its manifests, or undefined: lifecycle scripts, local
 * (`file:`, `link:`, `portal:`) or patched dependencies.
 */
export function nodeInstallReadsSources(pkg: PackageJson): string | undefined {
  const script = INSTALL_SCRIPTS.find((s) => pkg.scripts[s] !== undefined);
  if (script) return `its \`${script}\` script runs at install`;
  const specs = { ...pkg.dependencies, ...pkg.devDependencies };
  const local = Object.entries(specs).find(([, v]) => /^(file|link|portal|patch):/.test(v));
  if (local) return `\`${local[0]}\` is a local dependency (\`${local[1]}\`)`;
  if (pkg.patches) return 'it patches dependencies from files of the project';
  return undefined;
}

/** A workspace (monorepo) rooted at a folder of the context: its kind and the file that says so. */
export interface Workspace {
  kind: 'pnpm' | 'npm/yarn' | 'cargo' | 'go' | 'lerna' | 'rush';
  file: string;
}

/**
 * The workspace rooted at `dir` ('' = the context root), or undefined. An install there reads
 * every member's manifest, not only the root's.
 */
export function workspaceAt(
  context: BuildContext,
  dir: string,
  ecosystem: 'node' | 'go' | 'cargo',
): Workspace | undefined {
  const at = (f: string): string => (dir ? `${dir}/${f}` : f);
  if (ecosystem === 'go')
    return context.exists(at('go.work')) ? { kind: 'go', file: at('go.work') } : undefined;
  if (ecosystem === 'cargo') {
    const cargo = context.readText?.(at('Cargo.toml'));
    return cargo !== undefined && hasLineStartingWith(cargo, '[workspace]')
      ? { kind: 'cargo', file: at('Cargo.toml') }
      : undefined;
  }
  if (context.exists(at('pnpm-workspace.yaml')))
    return { kind: 'pnpm', file: at('pnpm-workspace.yaml') };
  if (context.exists(at('lerna.json'))) return { kind: 'lerna', file: at('lerna.json') };
  if (context.exists(at('rush.json'))) return { kind: 'rush', file: at('rush.json') };
  const pkg = readPackageJson(context, at('package.json'));
  return pkg?.workspaces && pkg.workspaces.length > 0
    ? { kind: 'npm/yarn', file: at('package.json') }
    : undefined;
}

/**
 * Files Yarn 2+ needs next to `.yarnrc.yml` to run at all: its `yarnPath` release and plugins.
 * Undefined when the file's text is not known.
 */
export function yarnrcFiles(context: BuildContext, dir: string): string[] | undefined {
  const rel = dir ? `${dir}/.yarnrc.yml` : '.yarnrc.yml';
  const text = context.readText?.(rel);
  if (text === undefined) return context.exists(rel) ? undefined : [];
  const files: string[] = [];
  // What matchAll(/^\s*(?:yarnPath|-?\s*path)\s*:\s*["']?([^"'\s#]+)/gm) found, tried only where
  // a line's text starts: that regex is quadratic on a long run of line breaks.
  for (let at = contentStart(text, 0); at !== -1;) {
    YARN_PATH.lastIndex = at;
    const m = YARN_PATH.exec(text);
    if (m) files.push(m[1]!.replace(/^\.\//, ''));
    at = contentStart(text, m ? YARN_PATH.lastIndex : at + 1);
  }
  return files;
}

/** `yarnPath: <file>` or a plugin's `path: <file>`, matched where a line's text starts. */
const YARN_PATH = /(?:yarnPath|-?\s*path)\s*:\s*["']?([^"'\s#]+)/y;

const SPACE = /\s/;

function isLineBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
}

/**
 * Where `^\s*` of a multiline regex can end, from `from` on: the first non-blank character after
 * the next line start (blank lines skipped, as `\s` matches line breaks); -1 when none. Linear,
 * unlike such a regex, which rescans a run of blank lines from each line start in it.
 */
export function contentStart(text: string, from: number): number {
  let i = from;
  if (i > 0 && !isLineBreak(text[i - 1])) {
    while (i < text.length && !isLineBreak(text[i])) i++;
    i++;
  }
  while (i < text.length && SPACE.test(text[i]!)) i++;
  return i < text.length ? i : -1;
}

/** Whether a line of `text`, past its leading blanks, starts with `prefix`. */
function hasLineStartingWith(text: string, prefix: string): boolean {
  for (let at = contentStart(text, 0); at !== -1; at = contentStart(text, at + 1))
    if (text.startsWith(prefix, at)) return true;
  return false;
}
