/**
 * `docker build`, `docker buildx build`, `podman build`, `buildah bud` command lines (already split
 * into words by the shell layer) as build configurations. Values are expanded from what the caller
 * knows (`$VAR` of the script or the workflow's `env`); anything else makes that part unknown.
 */
import * as path from 'node:path';
import { splitShell, type ShellCommand } from '../parse/shell';
import { isRemoteContext, resolveFrom } from './paths';
import { roleOfTarget } from './role';
import { maskedValue } from './secrets';
import type { BuildConfig, BuildSource, ProjectProblem } from './types';

export interface BuildCommand {
  tool: 'docker' | 'podman' | 'buildah' | 'nerdctl';
  file: string | undefined;
  /** The last positional word, as written. */
  context: string | undefined;
  target: string | undefined;
  /** `--build-arg K=V`; `value` undefined for `--build-arg K` (taken from the environment). */
  args: { name: string; value: string | undefined }[];
  platforms: string[];
  contexts: { name: string; value: string }[];
  outputs: string[];
}

const TOOLS = new Set(['docker', 'podman', 'buildah', 'nerdctl']);
const WRAPPERS = new Set(['sudo', 'env', 'time', 'exec', 'command', 'nice', 'nohup']);
const GLOBAL_VALUE_FLAGS = new Set([
  '-c',
  '--context',
  '-H',
  '--host',
  '--config',
  '-l',
  '--log-level',
  '--tlscacert',
  '--tlscert',
  '--tlskey',
  '--url',
  '--connection',
  '--root',
  '--runroot',
  '--storage-driver',
  '--namespace',
  '-n',
  '--address',
  '-a',
  '--builder',
]);
const VALUE_FLAGS = new Set(
  (
    'add-host allow annotation attest build-arg build-context builder cache-from cache-to call ' +
    'cgroup-parent cpu-period cpu-quota cpu-shares cpuset-cpus cpuset-mems file iidfile isolation ' +
    'label memory memory-swap metadata-file network no-cache-filter output platform progress ' +
    'provenance sbom secret security-opt shm-size ssh tag target ulimit arch os variant authfile ' +
    'cert-dir creds decryption-key device dns dns-option dns-search env format from ignorefile jobs ' +
    'layer-label manifest os-feature os-version retry retry-delay runtime runtime-flag sign-by ' +
    'signature-policy timestamp unsetenv unsetlabel userns userns-gid-map userns-uid-map uts volume ' +
    'pid ipc cap-add cap-drop cgroupns hooks-dir logfile'
  )
    .split(' ')
    .map((f) => `--${f}`),
);
const SHORT_VALUE_FLAGS = new Set(['-f', '-t', '-o', '-m', '-c', '-v']);

/** The build described by an argv, or undefined when it is not an image build. */
export function parseBuildCommand(argv: readonly string[]): BuildCommand | undefined {
  let i = 0;
  while (
    i < argv.length &&
    (WRAPPERS.has(argv[i]!) || /^-/.test(argv[i]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!))
  )
    i++;
  const tool = path.basename(argv[i] ?? '');
  if (!TOOLS.has(tool)) return undefined;
  i++;
  const sub: string[] = [];
  while (i < argv.length && sub.length < 2) {
    const w = argv[i]!;
    if (w.startsWith('-')) {
      i += GLOBAL_VALUE_FLAGS.has(w) ? 2 : 1;
      continue;
    }
    sub.push(w);
    i++;
    if (!['buildx', 'image', 'builder'].includes(w)) break;
  }
  const verb = sub.join(' ');
  const isBuild =
    tool === 'buildah'
      ? verb === 'bud' || verb === 'build' || verb === 'build-using-dockerfile'
      : ['build', 'image build', 'buildx build', 'buildx b', 'builder build'].includes(verb);
  if (!isBuild) return undefined;
  const cmd: BuildCommand = {
    tool: tool as BuildCommand['tool'],
    file: undefined,
    context: undefined,
    target: undefined,
    args: [],
    platforms: [],
    contexts: [],
    outputs: [],
  };
  const positionals: string[] = [];
  for (; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      positionals.push(w);
      continue;
    }
    let flag = w;
    let value: string | undefined;
    const eq = w.indexOf('=');
    if (w.startsWith('--') && eq > 0) {
      flag = w.slice(0, eq);
      value = w.slice(eq + 1);
    } else if (!w.startsWith('--') && w.length > 2 && SHORT_VALUE_FLAGS.has(w.slice(0, 2))) {
      flag = w.slice(0, 2);
      value = w.slice(2).replace(/^=/, '');
    } else if (VALUE_FLAGS.has(w) || SHORT_VALUE_FLAGS.has(w)) {
      value = argv[++i];
    }
    if (value === undefined) continue;
    switch (flag) {
      case '-f':
      case '--file':
        cmd.file = value;
        break;
      case '--target':
        cmd.target = value;
        break;
      case '--build-arg': {
        const k = value.indexOf('=');
        cmd.args.push(
          k < 0
            ? { name: value, value: undefined }
            : { name: value.slice(0, k), value: value.slice(k + 1) },
        );
        break;
      }
      case '--platform':
        cmd.platforms.push(...value.split(',').filter(Boolean));
        break;
      case '--build-context': {
        const k = value.indexOf('=');
        if (k > 0) cmd.contexts.push({ name: value.slice(0, k), value: value.slice(k + 1) });
        break;
      }
      case '-o':
      case '--output':
        cmd.outputs.push(value);
        break;
    }
  }
  cmd.context = positionals[positionals.length - 1];
  return cmd;
}

/** A word's value with `$VAR`, `${VAR}`, `${VAR:-x}` expanded; undefined when any part is unknown. */
export type Expand = (word: string) => { value: string | undefined; used: string[] };

export interface CommandSite {
  source: BuildSource;
  cwd: string;
  expand: Expand;
  exists(path: string): boolean;
  problems: ProjectProblem[];
}

/** The configuration a build command gives, or undefined (with a problem) when its context or Dockerfile is unknown. */
export function commandConfig(cmd: BuildCommand, site: CommandSite): BuildConfig | undefined {
  const where = { file: site.source.file, line: site.source.line };
  const label = `${cmd.tool} build`;
  if (cmd.context === undefined || cmd.context === '-') return undefined;
  const ctx = site.expand(cmd.context).value;
  if (ctx === undefined) {
    site.problems.push({
      ...where,
      message: `${label}: context '${cmd.context}' is not known without running it; skipped`,
    });
    return undefined;
  }
  if (isRemoteContext(ctx)) return undefined;
  const context = resolveFrom(site.cwd, ctx);
  let dockerfile: string;
  if (cmd.file !== undefined) {
    if (cmd.file === '-') return undefined;
    const f = site.expand(cmd.file).value;
    if (f === undefined) {
      site.problems.push({
        ...where,
        message: `${label}: Dockerfile '${cmd.file}' is not known without running it; skipped`,
      });
      return undefined;
    }
    dockerfile = resolveFrom(site.cwd, f);
    // Podman and Buildah also look for a relative -f in the context.
    if (cmd.tool !== 'docker' && !site.exists(dockerfile) && site.exists(resolveFrom(context, f)))
      dockerfile = resolveFrom(context, f);
  } else {
    const names =
      cmd.tool === 'docker' ? ['Dockerfile', 'dockerfile'] : ['Containerfile', 'Dockerfile'];
    const found = names.map((n) => path.join(context, n)).find((p) => site.exists(p));
    dockerfile = found ?? path.join(context, 'Dockerfile');
  }
  let target: string | undefined;
  if (cmd.target !== undefined) {
    target = site.expand(cmd.target).value;
    if (target === undefined)
      site.problems.push({
        ...where,
        message: `${label}: --target '${cmd.target}' is not known; taken as the last stage`,
      });
  }
  const args: Record<string, string> = {};
  for (const a of cmd.args) {
    const r = site.expand(a.value ?? `$${a.name}`);
    if (r.value !== undefined) args[a.name] = maskedValue(a.name, r.value, r.used);
  }
  const config: BuildConfig = {
    source: site.source,
    context,
    dockerfile,
    args,
    role: exportsFilesOnly(cmd.outputs) ? 'development' : roleOfTarget(target),
  };
  if (target) config.target = target;
  const platforms = cmd.platforms.map((p) => site.expand(p).value).filter((p): p is string => !!p);
  if (platforms.length) config.platforms = platforms;
  if (cmd.contexts.length) {
    config.additionalContexts = {};
    for (const c of cmd.contexts) {
      const v = site.expand(c.value).value;
      if (v !== undefined)
        config.additionalContexts[c.name] = isRemoteContext(v) ? v : resolveFrom(site.cwd, v);
    }
  }
  return config;
}

/** `-o ./out`, `--output type=local,dest=…`, `type=tar`, `type=cacheonly`: files, not an image. */
function exportsFilesOnly(outputs: string[]): boolean {
  if (outputs.length === 0) return false;
  return outputs.every((o) => {
    const type = /(?:^|,)type=([^,]+)/.exec(o)?.[1];
    return type === undefined
      ? !o.includes('=') && o !== '-'
      : ['local', 'tar', 'cacheonly'].includes(type);
  });
}

const SCRIPT_DIR = [
  /^\$\(\s*dirname\s+"?\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"?\s*\)$/,
  /^\$\(\s*cd\s+"?\$\(\s*dirname\s+"?\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"?\s*\)"?\s*(?:&&|;)\s*pwd(?:\s+-P)?\s*\)$/,
  /^\$\{BASH_SOURCE(?:\[0\])?%\/\*\}$/,
];

/**
 * Shell expansion of a word over known variables (`PWD` is the working folder; `scriptDir` stands
 * for `$(dirname "$0")` and its usual spellings). Command substitutions, backticks, positional
 * parameters and unknown variables make the value unknown.
 */
export function shellExpander(vars: ReadonlyMap<string, string>, scriptDir?: string): Expand {
  return (word) => {
    const used: string[] = [];
    let out = '';
    let i = 0;
    while (i < word.length) {
      const c = word[i]!;
      if (c === '`') return { value: undefined, used };
      if (c !== '$') {
        out += c;
        i++;
        continue;
      }
      const rest = word.slice(i);
      const end = expansionEnd(rest);
      const piece = rest.slice(0, end);
      const dir =
        scriptDir !== undefined && SCRIPT_DIR.some((r) => r.test(piece)) ? scriptDir : undefined;
      if (dir !== undefined) {
        out += dir;
        i += end;
        continue;
      }
      const m =
        /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(
          rest,
        );
      if (!m) return { value: undefined, used };
      const name = m[1] ?? m[4]!;
      used.push(name);
      const v = vars.get(name);
      if (m[2]) {
        const empty = m[2].startsWith(':') ? !v : v === undefined;
        if (empty && m[3]!.includes('$')) return { value: undefined, used };
        out += empty ? m[3]! : v!;
      } else if (v === undefined) return { value: undefined, used };
      else out += v;
      i += m[0].length;
    }
    return { value: out, used };
  };
}

/** Length of the `$…` expansion at the start of `s`. */
function expansionEnd(s: string): number {
  const open = s[1];
  if (open !== '(' && open !== '{') return /^\$[A-Za-z0-9_]*/.exec(s)![0].length || 1;
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = 1; i < s.length; i++) {
    if (s[i] === open) depth++;
    else if (s[i] === close && --depth === 0) return i + 1;
  }
  return s.length;
}

export interface BuildStep {
  cmd: ShellCommand;
  build: BuildCommand;
  /** Undefined after a `cd` to a folder not known here. */
  cwd: string | undefined;
  /** Whether a `cd` ran before the build. */
  moved: boolean;
  expand: Expand;
}

/**
 * The image builds of a shell text, in order, each with the folder it runs in: `cd`/`pushd` and
 * `NAME=value` / `export NAME=value` are followed; nothing else is evaluated.
 */
export function buildSteps(
  text: string,
  cwd: string,
  vars: ReadonlyMap<string, string>,
  scriptDir?: string,
): BuildStep[] {
  const known = new Map(vars);
  let dir: string | undefined = cwd;
  let moved = false;
  const out: BuildStep[] = [];
  for (const cmd of splitShell({ text, offset: (i) => i })) {
    if (dir !== undefined) known.set('PWD', dir);
    else known.delete('PWD');
    const expand = shellExpander(new Map(known), scriptDir);
    const argv = cmd.words.map((w) => w.value);
    const declares = ['export', 'readonly', 'local', 'declare'].includes(argv[0] ?? '');
    const assignments = declares
      ? argv.slice(1)
      : argv.length === 0
        ? cmd.assignments.map((w) => w.value)
        : [];
    for (const a of assignments) {
      const eq = a.indexOf('=');
      if (eq <= 0) continue;
      const v = expand(a.slice(eq + 1)).value;
      if (v === undefined) known.delete(a.slice(0, eq));
      else known.set(a.slice(0, eq), v);
    }
    if (argv[0] === 'cd' || argv[0] === 'pushd') {
      moved = true;
      const to = argv[1] === undefined ? undefined : expand(argv[1]).value;
      dir = to === undefined || dir === undefined ? undefined : resolveFrom(dir, to);
      continue;
    }
    const build = parseBuildCommand(argv);
    if (build) out.push({ cmd, build, cwd: dir, moved, expand });
  }
  return out;
}
