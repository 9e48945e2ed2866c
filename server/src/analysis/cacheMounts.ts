import type { Instruction, Stage } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import { unquote } from '../parse/words';
import {
  IMAGE_ENV,
  TOOL_CACHES,
  acceptedDirs,
  resolveCacheDir,
  type BuildUser,
  type CacheDir,
  type CacheRole,
  type CleanCommand,
  type EnvLookup,
} from '../knowledge/cacheDirs';
import { cacheUser } from './cacheUser';
import { commandName, operands } from './commands';
import { baseImage, chainInstructions } from './stages';
import { hasArg, type ToolUse } from './tools';

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/(?<!\/)\/+$/, '') : p;
}

/** Targets of `--mount=type=cache` and `type=tmpfs` on a RUN. */
export function cacheTargets(ins: Instruction): string[] {
  return (ins.run?.mounts ?? [])
    .filter((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target)
    .map((m) => trimSlash(m.target!));
}

/** Whether a mounted target covers a directory (the directory itself or a parent of it). */
export function covers(targets: readonly string[], dir: string): boolean {
  const d = trimSlash(dir);
  return targets.some((t) => d === t || d.startsWith(t === '/' ? '/' : `${t}/`));
}

/**
 * Whether a mount is on the directory, a parent or a sub-directory of it (`/go/pkg/mod/cache` for
 * `/go/pkg/mod`): the cache is kept either way, and a second mount would nest with it.
 */
export function overlaps(targets: readonly string[], dir: string): boolean {
  const d = trimSlash(dir);
  return covers(targets, d) || targets.some((t) => t.startsWith(d === '/' ? '/' : `${d}/`));
}

/** ENV the official base image sets that moves a cache (GOPATH=/go in the golang image). */
function imageEnv(stage: Stage): Readonly<Record<string, string>> {
  let env = IMAGE_ENVS.get(stage);
  if (!env) {
    const repo = baseImage(stage)?.ref?.repository.toLowerCase();
    env = (repo && IMAGE_ENV[repo]) || {};
    IMAGE_ENVS.set(stage, env);
  }
  return env;
}
const IMAGE_ENVS = new WeakMap<Stage, Readonly<Record<string, string>>>();

/** Every ENV assignment of a stage chain, per name, in build order (one pass per stage). */
interface EnvHistory {
  position: Map<Instruction, number>;
  byName: Map<string, { at: number; value: string }[]>;
}
const HISTORIES = new WeakMap<Stage, EnvHistory>();

function envHistory(stage: Stage): EnvHistory {
  let h = HISTORIES.get(stage);
  if (!h) {
    h = { position: new Map(), byName: new Map() };
    chainInstructions(stage).forEach((i, at) => {
      h!.position.set(i, at);
      if (i.keyword !== 'ENV') return;
      for (const p of i.properties) {
        if (p.value === undefined) continue;
        const list = h!.byName.get(p.name) ?? [];
        list.push({ at, value: unquote(p.value) });
        h!.byName.set(p.name, list);
      }
    });
    HISTORIES.set(stage, h);
  }
  return h;
}

/** The value an ENV (not an ARG) of the Dockerfile gives a name when `ins` runs. */
function envValue(ins: Instruction, name: string): string | undefined {
  const h = envHistory(ins.stage);
  const list = h.byName.get(name);
  if (!list) return undefined;
  // ONBUILD triggers run after all of the stage's own instructions.
  const at = h.position.get(ins) ?? Number.MAX_SAFE_INTEGER;
  let value: string | undefined;
  for (const e of list) if (e.at < at) value = e.value;
  return value;
}

/**
 * Variables in effect for a command: its `NAME=value` prefix and what an earlier `export` of the
 * same RUN set, then ENV (the Dockerfile's, then the base image's), then ARG — an ENV always wins
 * over an ARG of the same name.
 */
export function envFor(ins: Instruction, cmd?: ShellCommand): EnvLookup {
  const prefix = new Map<string, string>();
  const assign = (text: string) => {
    const eq = text.indexOf('=');
    if (eq > 0) prefix.set(text.slice(0, eq), unquote(text.slice(eq + 1)));
  };
  if (cmd) {
    for (const c of ins.run?.commands ?? []) {
      if (c.start >= cmd.start) break;
      if (commandName(c) === 'export') c.words.slice(1).forEach((w) => assign(w.value));
    }
  }
  for (const a of cmd?.assignments ?? []) assign(a.value);
  const image = imageEnv(ins.stage);
  return (name) => {
    const arg = ins.env.get(name);
    return prefix.get(name) ?? envValue(ins, name) ?? image[name] ?? (arg && unquote(arg));
  };
}

/** A stand-in home for a non-root USER whose home is not known: only the part below it is compared. */
const SOME_HOME = '/\u0000home';

/** Whether a target is on `<any home>/<rel>`, a parent below the home, or a sub-directory. */
function overlapsBelowSomeHome(targets: readonly string[], rel: string): boolean {
  const parts = rel.split('/').filter(Boolean);
  for (let k = parts.length; k >= 1; k--) {
    const tail = `/${parts.slice(0, k).join('/')}`;
    if (targets.some((t) => t.length > tail.length && t.endsWith(tail))) return true;
  }
  return targets.some((t) => t.includes(`${rel}/`));
}

/** One cache directory of a tool for this command: where it is, and what it saves. */
export interface CacheLocation {
  dir: CacheDir;
  role: CacheRole;
  /** Absolute; `~/…` when the user's home is unknown; undefined when a variable hides it. */
  path: string | undefined;
  covered: boolean;
}

/**
 * The tool's cache directories for this command and whether a cache or tmpfs mount on the RUN is
 * on each (or on a parent or sub-directory of it). When a variable moves a cache somewhere the
 * Dockerfile does not tell, any cache mount counts; when the user's home is unknown, the part
 * below the home is compared (no false alarms either way).
 */
export function cacheLocations(
  tool: string,
  ins: Instruction,
  cmd?: ShellCommand,
): CacheLocation[] {
  const cache = TOOL_CACHES[tool];
  if (!cache) return [];
  const targets = cacheTargets(ins);
  const env = envFor(ins, cmd);
  const user = cacheUser(ins);
  const someUser: BuildUser = user ?? { home: SOME_HOME, uid: 1, gid: 1 };
  const out: CacheLocation[] = [];
  for (const dir of cache.dirs) {
    const role = dir.role ?? 'download';
    const path = resolveCacheDir(dir, someUser, env);
    if (path === undefined) continue;
    if (path === null) {
      out.push({ dir, role, path: undefined, covered: targets.length > 0 });
      continue;
    }
    const candidates = [path, ...acceptedDirs(dir, someUser, env)];
    const covered = candidates.some((c) =>
      c.startsWith(SOME_HOME)
        ? overlapsBelowSomeHome(targets, c.slice(SOME_HOME.length))
        : overlaps(targets, c),
    );
    const shown = path.startsWith(SOME_HOME) ? `~${path.slice(SOME_HOME.length)}` : path;
    out.push({ dir, role, path: shown, covered });
  }
  return out;
}

/**
 * True when cache or tmpfs mounts on this RUN keep every kind of the tool's cache (for apt both
 * the packages in /var/cache/apt and the lists in /var/lib/apt), or one of `extraDirs`.
 */
export function hasCacheMount(
  tool: string,
  ins: Instruction,
  extraDirs: string[] = [],
  cmd?: ShellCommand,
): boolean {
  const targets = cacheTargets(ins);
  if (targets.length === 0) return false;
  if (extraDirs.some((d) => covers(targets, d))) return true;
  const locations = cacheLocations(tool, ins, cmd);
  if (locations.length === 0) return false;
  const roles = new Set(locations.map((l) => l.role));
  return [...roles].every((r) => locations.some((l) => l.role === r && l.covered));
}

/**
 * Whether the command already throws the tool's cache away on purpose — a flag (`--no-cache-dir`,
 * `apk add --no-cache`), a variable (`PIP_NO_CACHE_DIR`, also from an `export` earlier in the
 * RUN) or a later command of the same RUN that empties it (`npm cache clean`, removing the apt
 * lists). A cleaning step before the install does not count: the install fills the cache again.
 */
export function cacheDiscarded(use: ToolUse): boolean {
  const cache = TOOL_CACHES[use.tool];
  if (!cache) return false;
  if (cache.disablingFlags.length && hasArg(use, ...cache.disablingFlags)) return true;
  const env = envFor(use.instruction, use.command);
  // pip turns its cache off for any valid PIP_NO_CACHE_DIR, "false" included (pip's
  // _handle_no_cache_dir keeps that for backwards compatibility); other tools read a boolean.
  const off = (v: string | undefined) =>
    !!v && (use.tool === 'pip' || !/^(?:0|false|no|off)$/i.test(v));
  if ((cache.disablingEnv ?? []).some((n) => off(env(n)))) return true;
  const full = (cache.clean ?? []).filter((c) => !c.partial);
  if (full.length === 0) return false;
  const home = cacheUser(use.instruction)?.home ?? '/root';
  return (use.instruction.run?.commands ?? []).some(
    (c) => c.start > use.command.start && cleanMatch(c, full, home) !== undefined,
  );
}

/** Whether a command empties the tool's cache (`npm cache clean`, `rm -rf /var/lib/apt/lists/*`). */
export function cleanMatch(
  cmd: ShellCommand,
  clean: readonly CleanCommand[],
  home: string,
): 'all' | ShellCommand['words'] | undefined {
  const argv = cmd.words.map((w) => w.value);
  for (const c of clean) {
    if (c.argv && c.argv.every((a, i) => (i === 0 ? commandName(cmd) === a : argv[i] === a))) {
      return 'all';
    }
  }
  if (commandName(cmd) !== 'rm') return undefined;
  const paths = clean.flatMap((c) => c.rmPaths ?? []).map((p) => p.replace(/^~/, home));
  const ops = operands(cmd);
  const hit = ops.filter((w) => paths.includes(w.value.replace(/\/\*?$/, '').replace(/^~/, home)));
  if (hit.length === 0) return undefined;
  return hit.length === ops.length ? 'all' : hit;
}
