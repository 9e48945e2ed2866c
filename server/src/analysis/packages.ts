/**
 * System packages installed by apt, apk, yum/dnf/microdnf and zypper in a RUN, and whether the
 * same RUN removes them again: what `build-tools-in-final-stage` and `single-stage-build` ask.
 */
import type { Instruction } from '../parse/model';
import type { ShellWord } from '../parse/shell';
import { detectTool, positionals, type ToolUse } from './tools';

const SYSTEM_TOOLS = new Set(['apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper']);
const INSTALL_VERBS: Record<string, Set<string>> = {
  apt: new Set(['install']),
  apk: new Set(['add']),
  yum: new Set(['install']),
  dnf: new Set(['install']),
  microdnf: new Set(['install']),
  zypper: new Set(['install', 'in']),
};
const REMOVE_VERBS: Record<string, Set<string>> = {
  apt: new Set(['purge', 'remove', 'autoremove']),
  apk: new Set(['del']),
  yum: new Set(['remove', 'erase', 'autoremove']),
  dnf: new Set(['remove', 'erase', 'autoremove']),
  microdnf: new Set(['remove']),
  zypper: new Set(['remove', 'rm']),
};
/** Options after the verb that take a separate value word. */
const VALUE_OPTIONS: Record<string, string[]> = {
  apt: ['-o', '-t', '-c', '--option', '--target-release', '--config-file'],
  apk: ['-t', '--virtual', '-X', '--repository', '--repositories-file', '--arch', '-p', '--root'],
  yum: ['--setopt', '-c', '--config', '--installroot', '--releasever', '-x', '--exclude'],
  dnf: ['--setopt', '-c', '--config', '--installroot', '--releasever', '-x', '--exclude'],
  microdnf: ['--setopt', '--config', '--installroot', '--releasever'],
  zypper: ['-r', '--repo', '--from'],
};

export interface InstalledPackage {
  /** Package name without version pin, release or architecture. */
  name: string;
  /** The word that names it (for `$VAR` expansions: the variable word). */
  word: ShellWord;
}

export interface PackageInstall {
  use: ToolUse;
  packages: InstalledPackage[];
  /** apk `--virtual <name>`: `apk del <name>` removes the whole group. */
  virtual: string | undefined;
}

/** The package-manager family of a tool use, or undefined for language package managers. */
export function systemTool(use: ToolUse): string | undefined {
  return SYSTEM_TOOLS.has(use.tool) ? use.tool : undefined;
}

/** `libpq-dev=15.*` → `libpq-dev`; `gcc~=12` → `gcc`; `curl:amd64` → `curl`. */
function packageName(tool: string, value: string): string {
  if (tool === 'apt' || tool === 'apk') return value.replace(/[=~<>:/].*$/, '');
  return value.replace(/[<>=].*$/, '');
}

/** Words the ENV/ARG in effect expands to, for `$BUILD_DEPS` / `${BUILD_DEPS}` words. */
function expand(ins: Instruction, word: ShellWord): string[] | undefined {
  if (!word.value.includes('$')) return [word.value];
  const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$/.exec(word.value);
  if (!m) return word.value.includes('$') ? undefined : [word.value];
  const value = ins.env.get(m[1] ?? m[2]!);
  return value === undefined ? undefined : value.split(/\s+/).filter(Boolean);
}

/** Every system-package install in a RUN, with the package names it installs. */
/** Read by several rules: worked out once per instruction (callers treat it as read-only). */
const installsOf = new WeakMap<Instruction, readonly PackageInstall[]>();

export function packageInstalls(ins: Instruction): readonly PackageInstall[] {
  let installs = installsOf.get(ins);
  if (!installs) {
    installs = findInstalls(ins);
    installsOf.set(ins, installs);
  }
  return installs;
}

function findInstalls(ins: Instruction): PackageInstall[] {
  const out: PackageInstall[] = [];
  for (const cmd of ins.run?.commands ?? []) {
    const use = detectTool(cmd, ins);
    if (!use || !SYSTEM_TOOLS.has(use.tool) || !INSTALL_VERBS[use.tool]!.has(use.verb)) continue;
    const packages: InstalledPackage[] = [];
    for (const w of positionals(use, VALUE_OPTIONS[use.tool])) {
      for (const v of expand(ins, w) ?? [])
        packages.push({ name: packageName(use.tool, v), word: w });
    }
    const vi = use.args.findIndex((w) => w.value === '--virtual' || w.value === '-t');
    const virtualArg = use.args.find((w) => w.value.startsWith('--virtual='));
    const virtual =
      vi >= 0 ? use.args[vi + 1]?.value : virtualArg?.value.slice('--virtual='.length);
    out.push({ use, packages, virtual });
  }
  return out;
}

/**
 * Whether a later command of the same RUN removes the package: it names it (or the apk virtual
 * group), or removes something the Dockerfile alone cannot resolve (`$savedDeps`, `--auto-remove`,
 * `autoremove`), which official images use to drop build dependencies.
 */
export function removedLater(install: PackageInstall, pkg: InstalledPackage): boolean {
  const removed = removalsAfter(install);
  return removed === 'all' || removed.has(pkg.name);
}

/** One pass per install (not per package: a long RUN installs thousands). */
const removals = new WeakMap<PackageInstall, Set<string> | 'all'>();

/** What the same RUN removes after this install: package names, or 'all' (autoremove, a variable). */
function removalsAfter(install: PackageInstall): Set<string> | 'all' {
  let removed = removals.get(install);
  if (removed === undefined) {
    removed = findRemovals(install);
    removals.set(install, removed);
  }
  return removed;
}

function findRemovals(install: PackageInstall): Set<string> | 'all' {
  const ins = install.use.instruction;
  const cmds = ins.run?.commands ?? [];
  const names = new Set<string>();
  for (let i = cmds.indexOf(install.use.command) + 1; i < cmds.length; i++) {
    const use = detectTool(cmds[i]!, ins);
    if (!use || !sameFamily(use.tool, install.use.tool)) continue;
    if (!REMOVE_VERBS[use.tool]?.has(use.verb)) continue;
    if (use.verb === 'autoremove') return 'all';
    if (use.args.some((w) => w.value === '--auto-remove' || w.value === '--autoremove'))
      return 'all';
    for (const w of positionals(use, VALUE_OPTIONS[use.tool])) {
      const expanded = expand(ins, w);
      if (expanded === undefined) return 'all';
      for (const n of expanded) {
        const name = packageName(use.tool, n);
        // Removing the virtual package removes every package installed under it.
        if (install.virtual !== undefined && name === install.virtual) return 'all';
        names.add(name);
      }
    }
  }
  return names;
}

function sameFamily(a: string, b: string): boolean {
  const rpm = new Set(['yum', 'dnf', 'microdnf']);
  return a === b || (rpm.has(a) && rpm.has(b));
}

/** Compilers, build systems, headers and git: what a runtime image does not need. */
export function isBuildTool(name: string): boolean {
  return (
    BUILD_TOOLS.has(name) ||
    /^(gcc|g\+\+|cpp|clang|llvm)(-\d+(\.\d+)*)?$/.test(name) ||
    /-(dev|devel)$/.test(name)
  );
}

const BUILD_TOOLS = new Set([
  'build-essential',
  'build-base',
  'make',
  'cmake',
  'autoconf',
  'automake',
  'libtool',
  'git',
  'gcc-c++',
  'musl-dev',
  'linux-headers',
]);

/** Node.js build and development CLIs: needed to build or develop an app, not to run it. */
const NODE_DEV_TOOLS = new Set([
  'typescript',
  'ts-node',
  'tsx',
  'nodemon',
  'webpack',
  'webpack-cli',
  'rollup',
  'vite',
  'parcel',
  'esbuild',
  'eslint',
  'prettier',
  'jest',
  'mocha',
  'gulp',
  'gulp-cli',
  'grunt-cli',
  'node-gyp',
  'lerna',
  'nx',
  'turbo',
  '@angular/cli',
  '@vue/cli',
  '@nestjs/cli',
  'create-react-app',
  '@babel/cli',
  'babel-cli',
]);

/** `@angular/cli@17` → `@angular/cli`; `typescript@5.4` → `typescript`. */
function nodePackageName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at > 0 ? spec.slice(0, at) : spec;
}

/**
 * Node.js build/development CLIs installed globally by a RUN (`npm install -g`, `npm i --global`,
 * `yarn global add`, `pnpm add -g`), with the words that name them.
 */
export function globalNodeDevTools(ins: Instruction): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const cmd of ins.run?.commands ?? []) {
    const words = cmd.words;
    const argv0 = words[0]?.value.replace(/^.*\//, '');
    const values = words.map((w) => w.value);
    let first = -1;
    if (argv0 === 'npm' || argv0 === 'pnpm') {
      const verb = values.findIndex((v, i) => i > 0 && /^(install|i|add)$/.test(v));
      if (verb > 0 && values.some((v) => v === '-g' || v === '--global')) first = verb + 1;
    } else if (argv0 === 'yarn' && values[1] === 'global' && values[2] === 'add') first = 3;
    if (first < 0) continue;
    for (const w of words.slice(first)) {
      if (w.value.startsWith('-') || w.value.includes('$')) continue;
      const name = nodePackageName(w.value);
      if (NODE_DEV_TOOLS.has(name)) out.push({ name, word: w });
    }
  }
  return out;
}
