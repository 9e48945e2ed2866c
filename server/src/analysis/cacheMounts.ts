import type { DockerfileModel, Instruction, Stage } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import { unquote } from '../parse/words';
import {
  IMAGE_ENV,
  TOOL_CACHES,
  acceptedDirs,
  buildUser,
  resolveCacheDir,
  type BuildUser,
  type CleanCommand,
  type EnvLookup,
  type ToolCache,
} from '../knowledge/cacheDirs';
import { commandName, operands, topLevelCommands } from './commands';
import { ownInstructions } from './copies';
import {
  addInstructionFlag,
  appendToRun,
  ensureSyntaxDirective,
  indentAt,
  insert,
  removeCommands,
  removeWord,
} from './edits';
import { baseImage, chainInstructions } from './stages';
import { detectTool, hasArg, positionals, type ToolUse } from './tools';
import type { Edit, Fix } from '../rules/types';

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
 * Which invocations fetch packages into the tool's cache (RULES.md's `missing-cache-mount` row):
 * the ones reported when no cache mount covers the cache.
 */
export function downloads(u: ToolUse): boolean {
  const v = u.verb;
  switch (u.tool) {
    case 'pip':
      return v === 'install' || v === 'download' || v === 'wheel';
    case 'uv':
      return v === 'install' || v === 'sync' || v === 'add' || v === 'lock';
    case 'poetry':
      return v === 'install' || v === 'add' || v === 'update' || v === 'lock';
    case 'npm':
      return v === 'ci' || v === 'install' || v === 'i' || v === 'add';
    case 'yarn':
      return v === '' || v === 'install' || v === 'add';
    case 'pnpm':
      return v === 'install' || v === 'i' || v === 'add' || v === 'fetch';
    case 'go':
      return ['download', 'build', 'install', 'test', 'get'].includes(v);
    case 'apt':
      return v === 'install' && !hasArg(u, '--print-uris');
    case 'apk':
      return v === 'add';
    case 'cargo':
      return ['build', 'fetch', 'install', 'test', 'check'].includes(v);
    case 'maven':
      return positionals(u).length > 0 || v !== '';
    case 'gradle':
      return true;
    case 'bundler':
      return v === 'install';
    case 'composer':
      return v === 'install' || v === 'require' || v === 'update';
    case 'dotnet':
      return v === 'restore' || v === 'publish' || v === 'build';
    default:
      return false;
  }
}

/**
 * Invocations that read or write the cache directory, fetching or not. A mount hides what an
 * earlier RUN left in that directory, so every such RUN of the stage family needs the same mount:
 * `dotnet publish` finds no packages when only `dotnet restore` had the mount, `apt-get install`
 * finds no lists when only `apt-get update` had it.
 */
function usesCacheDir(u: ToolUse): boolean {
  if (downloads(u)) return true;
  switch (u.tool) {
    case 'apt':
    case 'go':
    case 'dotnet':
    case 'maven':
    case 'gradle':
    case 'cargo':
    case 'bundler':
    case 'composer':
      return true;
    case 'apk':
      return u.verb === 'update' || u.verb === 'upgrade';
    case 'uv':
    case 'poetry':
      return u.verb === 'run';
    default:
      return false;
  }
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
 * Variables in effect for a command: its `NAME=value` prefix, then ENV (the Dockerfile's, then the
 * base image's), then ARG — an ENV always wins over an ARG of the same name.
 */
export function envFor(ins: Instruction, cmd?: ShellCommand): EnvLookup {
  const prefix = new Map<string, string>();
  for (const a of cmd?.assignments ?? []) {
    const eq = a.value.indexOf('=');
    prefix.set(a.value.slice(0, eq), a.value.slice(eq + 1));
  }
  const image = imageEnv(ins.stage);
  return (name) => {
    const arg = ins.env.get(name);
    return prefix.get(name) ?? envValue(ins, name) ?? image[name] ?? (arg && unquote(arg));
  };
}

/** A stand-in home for a non-root USER whose home is not known: only the part below it is compared. */
const SOME_HOME = '/\u0000home';

/** Whether a target covers `<any home>/<rel>` (e.g. `/home/app/.cache` covers `/.cache/pip`). */
function coversBelowSomeHome(targets: readonly string[], rel: string): boolean {
  const parts = rel.split('/').filter(Boolean);
  for (let k = parts.length; k >= 1; k--) {
    const tail = `/${parts.slice(0, k).join('/')}`;
    if (targets.some((t) => t.length > tail.length && t.endsWith(tail))) return true;
  }
  return false;
}

/**
 * True when a cache or tmpfs mount on this RUN covers one of the tool's cache directories. When a
 * variable moves the cache somewhere the Dockerfile does not tell, any cache mount counts, and when
 * the USER's home is unknown the part below the home is compared (no false alarms either way).
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
  const cache = TOOL_CACHES[tool];
  if (!cache) return false;
  const env = envFor(ins, cmd);
  const user = buildUser(ins.user);
  const someUser: BuildUser = user ?? { home: SOME_HOME, uid: 1, gid: 1 };
  for (const dir of cache.dirs) {
    const path = resolveCacheDir(dir, someUser, env);
    if (path === null) return true;
    const candidates = [...(path ? [path] : []), ...acceptedDirs(dir, someUser, env)];
    for (const c of candidates) {
      if (!c.startsWith(SOME_HOME)) {
        if (covers(targets, c)) return true;
      } else if (coversBelowSomeHome(targets, c.slice(SOME_HOME.length))) return true;
    }
  }
  return false;
}

const APT_KEEP_CACHE = `RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache`;

/** Stages built FROM one another (`FROM <stage>`) with this one: they share one file system. */
function stageFamily(model: DockerfileModel, stage: Stage): Stage[] {
  if (stage.index < 0) return [stage];
  let families = FAMILIES.get(model);
  if (!families) {
    families = new Map();
    for (const s of model.stages) {
      const root = rootOf(s);
      families.set(root, [...(families.get(root) ?? []), s]);
    }
    FAMILIES.set(model, families);
  }
  return families.get(rootOf(stage)) ?? [stage];
}

/** Stages grouped by the stage at the root of their `FROM <stage>` chain, once per model. */
const FAMILIES = new WeakMap<DockerfileModel, Map<Stage, Stage[]>>();

function rootOf(s: Stage): Stage {
  const seen = new Set<Stage>();
  let r = s;
  while (r.parent && !seen.has(r)) {
    seen.add(r);
    r = r.parent;
  }
  return r;
}

/** Whether a command empties the tool's cache (`npm cache clean`, `rm -rf /var/lib/apt/lists/*`). */
function cleanMatch(
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

/** Edits that drop the tool's cache-cleaning commands from a RUN that gets a cache mount. */
function cleanRemovals(
  model: DockerfileModel,
  ins: Instruction,
  cache: ToolCache,
  home: string,
): Edit[] {
  if (!cache.clean || ins.run?.form === 'exec') return [];
  const list = topLevelCommands(ins);
  const edits: Edit[] = [];
  const whole: ShellCommand[] = [];
  for (const cmd of list) {
    const m = cleanMatch(cmd, cache.clean, home);
    if (m === 'all') whole.push(cmd);
    else if (m) edits.push(...m.map((w) => removeWord(model, w)));
  }
  if (whole.length) edits.push(...(removeCommands(model, whole, list) ?? []));
  return edits;
}

interface MountPlan {
  edits: Edit[];
}

/** The mount flags (and flag removals) one RUN needs; undefined when it cannot get them safely. */
function planRun(
  model: DockerfileModel,
  ins: Instruction,
  uses: ToolUse[],
  cache: ToolCache,
): MountPlan | undefined {
  const user = buildUser(ins.user);
  if (!user || !ins.run) return undefined;
  const env = envFor(ins, uses[0]?.command);
  const targets = cacheTargets(ins);
  const flags: string[] = [];
  for (const dir of cache.dirs) {
    const path = resolveCacheDir(dir, user, env);
    if (path === null) return undefined;
    if (path === undefined || covers(targets, path)) continue;
    if (acceptedDirs(dir, user, env).some((a) => covers(targets, a))) continue;
    let flag = `--mount=type=cache,target=${path}`;
    if (dir.sharing) flag += `,sharing=${dir.sharing}`;
    if (user.uid !== undefined) flag += `,uid=${user.uid},gid=${user.gid ?? user.uid}`;
    flags.push(flag);
  }
  if (flags.length === 0) return { edits: [] };
  const edits: Edit[] = [addInstructionFlag(ins, flags.join(' '))];
  for (const u of uses) {
    for (const w of [...u.head, ...u.args]) {
      if (!cache.disablingFlags.includes(w.value)) continue;
      if (ins.run.form === 'exec') return undefined;
      const replacement = cache.replaceFlags?.[w.value];
      edits.push(
        replacement ? { start: w.start, end: w.end, newText: replacement } : removeWord(model, w),
      );
    }
  }
  edits.push(...cleanRemovals(model, ins, cache, user.home));
  return { edits };
}

/**
 * **Insert cache mount**: `--mount=type=cache,target=…` for each of the tool's cache dirs
 * (USER- and ENV-aware) on this RUN and on every other RUN of the stage family that uses the same
 * directory, minus the flags and commands that throw the cache away, plus the syntax directive; for
 * apt, Docker's documented docker-clean removal. Undefined when a RUN's uid or cache location is
 * unknown (the mount would be unwritable or in the wrong place).
 */
export function insertCacheMountFix(model: DockerfileModel, use: ToolUse): Fix | undefined {
  const cache = TOOL_CACHES[use.tool];
  const origin = use.instruction;
  if (!cache || !origin.run) return undefined;
  // Every use of the tool in one stage family gets the same edits: plan them once per model.
  let plans = PLANS.get(model);
  if (!plans) PLANS.set(model, (plans = new Map()));
  const family = origin.onbuild ? [origin.stage] : stageFamily(model, origin.stage);
  const key = `${use.tool}:${origin.onbuild ? `onbuild:${origin.index}` : family[0]!.index}`;
  let plan = plans.get(key);
  if (plan === undefined) {
    plan = familyPlan(model, use.tool, cache, origin, family) ?? null;
    plans.set(key, plan);
  }
  if (!plan || !plan.runs.has(origin)) return undefined;
  const own = plan.edits.filter((e) => e.start >= origin.start && e.end <= origin.end);
  return {
    title: 'Insert cache mount',
    safety: 'suggestion',
    kind: 'quickfix',
    edits: [...plan.edits, ...conflictMarkers(model, use, own)],
  };
}

interface FamilyPlan {
  edits: Edit[];
  /** The RUNs that get a mount. */
  runs: Set<Instruction>;
}

const PLANS = new WeakMap<DockerfileModel, Map<string, FamilyPlan | null>>();

/** More RUNs than this needing the same mount is a refactoring, not a quick fix. */
const MAX_RUNS = 20;

function familyPlan(
  model: DockerfileModel,
  tool: string,
  cache: ToolCache,
  origin: Instruction,
  family: Stage[],
): FamilyPlan | undefined {
  const candidates = origin.onbuild ? [origin] : family.flatMap((s) => ownInstructions(s));
  const edits: Edit[] = [];
  const runs = new Set<Instruction>();
  for (const ins of candidates) {
    const uses = (ins.run?.commands ?? [])
      .map((c) => detectTool(c, ins))
      .filter((u): u is ToolUse => u?.tool === tool && (usesCacheDir(u) || downloads(u)));
    if (uses.length === 0) continue;
    const plan = planRun(model, ins, uses, cache);
    if (!plan) return undefined;
    if (plan.edits.length === 0) continue;
    edits.push(...plan.edits);
    runs.add(ins);
    if (runs.size > MAX_RUNS) return undefined;
  }
  if (runs.size === 0) return undefined;
  const syntax = ensureSyntaxDirective(model);
  if (syntax) edits.push(syntax);
  const firstApt = [...runs][0]!;
  if (tool === 'apt' && !keepsAptCache(model, firstApt)) {
    edits.push(
      insert(
        firstApt.start,
        `${APT_KEEP_CACHE}${model.lines.eol}${indentAt(model, firstApt.start)}`,
      ),
    );
  }
  return { edits, runs };
}

/**
 * Zero-width edits where the "no cache" fixes of the same command write (after its verb, at the
 * end of the RUN). Fix-all treats fixes that touch the same point as overlapping and applies only
 * one of them per pass, so it never adds `--no-cache-dir` or `npm cache clean` in the same pass as
 * the mount that those would defeat; the next pass finds the mount and stays quiet.
 */
function conflictMarkers(model: DockerfileModel, use: ToolUse, edits: Edit[]): Edit[] {
  const points: number[] = [];
  if (use.verbWord) points.push(use.verbWord.end);
  const append = appendToRun(model, use.instruction, 'true');
  if (append) points.push(append.start);
  return points
    .filter((p) => !edits.some((e) => e.start < p && p < e.end))
    .map((p) => insert(p, ''));
}

/** Debian images delete downloaded packages after each install unless docker-clean is removed. */
function keepsAptCache(model: DockerfileModel, ins: Instruction): boolean {
  return chainInstructions(ins.stage).some(
    (i) =>
      i.index < ins.index &&
      i.keyword === 'RUN' &&
      model.text.slice(i.start, i.end).includes('docker-clean'),
  );
}
