/**
 * **Insert cache mount**: `--mount=type=cache,target=…` for the tool's cache directories on the
 * reported RUN and on every other RUN of its stage family that uses them, in the file's layout.
 */
import type { DockerfileModel, Instruction, Stage } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import {
  TOOL_CACHES,
  acceptedDirs,
  resolveCacheDir,
  type CacheRole,
  type ToolCache,
} from '../knowledge/cacheDirs';
import type { DeclaredChange, Edit, Fix } from '../rules/types';
import { cacheDiscarded, cacheTargets, cleanMatch, envFor, overlaps } from './cacheMounts';
import { cacheNeeds } from './cacheNeeds';
import { cacheUser } from './cacheUser';
import { topLevelCommands } from './commands';
import { ownInstructions } from './copies';
import {
  appendToRun,
  commandText,
  declaredName,
  ensureSyntaxDirective,
  indentAt,
  insert,
  keywordEnd,
  removeCommands,
  removeWord,
} from './edits';
import { stagePlatform } from './platform';
import { chainInstructions } from './stages';
import { detectTool, type ToolUse } from './tools';

const APT_KEEP_CACHE_COMMANDS = [
  'rm -f /etc/apt/apt.conf.d/docker-clean',
  `echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache`,
];
const APT_KEEP_CACHE = `RUN ${APT_KEEP_CACHE_COMMANDS.join('; ')}`;

/** Tools whose cache directory other commands read after the download (a mount would hide it). */
const READS_CACHE = new Set([
  'apt',
  'go',
  'dotnet',
  'maven',
  'gradle',
  'cargo',
  'bundler',
  'composer',
]);

/**
 * Whether a use reads or writes the cache directory, fetching or not: a mount hides what an
 * earlier RUN left there, so every such RUN of the stage family needs the same mount
 * (`dotnet publish --no-restore` finds no packages when only `dotnet restore` had the mount).
 * Uses that throw the cache away on purpose are left as they are.
 */
function usesCacheDir(u: ToolUse): boolean {
  if (cacheDiscarded(u)) return false;
  if (cacheNeeds(u, envFor(u.instruction, u.command)).length > 0) return true;
  if (READS_CACHE.has(u.tool)) return true;
  if (u.tool === 'apk') return u.verb === 'update' || u.verb === 'upgrade';
  if (u.tool === 'uv' || u.tool === 'poetry') return u.verb === 'run';
  return false;
}

export function insertCacheMountFix(model: DockerfileModel, use: ToolUse): Fix | undefined {
  const cache = TOOL_CACHES[use.tool];
  const origin = use.instruction;
  // BuildKit cache mounts do not exist for Windows images.
  if (!cache || !origin.run || stagePlatform(origin.stage) === 'windows') return undefined;
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
  const dirs = plan.runs.get(origin)!;
  const others = plan.runs.size - 1;
  const title =
    `Insert cache mount${dirs.length > 1 ? 's' : ''} on ${dirs.join(' and ')}` +
    (others > 0 ? ` and ${others} other RUN${others > 1 ? 's' : ''}` : '') +
    ' (needs BuildKit)';
  return {
    title,
    safety: 'suggestion',
    kind: 'quickfix',
    edits: [...plan.edits, ...conflictMarkers(model, use, own)],
    changes: plan.changes,
  };
}

interface FamilyPlan {
  edits: Edit[];
  /** What the edits change in the RUNs' scripts, for the meaning check. */
  changes: DeclaredChange[];
  /** The RUNs that get a mount, with the directories mounted. */
  runs: Map<Instruction, string[]>;
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
  // An unterminated here-document swallows the rest of the file, and a lone CR ends no shell line
  // (only the Dockerfile's): no edit can be placed safely.
  if (
    candidates.some(
      (ins) =>
        ins.raw.heredocs.some((h) => !h.terminated) ||
        /\r(?!\n)/.test(model.text.slice(ins.start, ins.end)),
    )
  )
    return undefined;
  const perRun: [Instruction, ToolUse[]][] = [];
  const roles = new Set<CacheRole>();
  for (const ins of candidates) {
    const uses = (ins.run?.commands ?? [])
      .map((c) => detectTool(c, ins))
      .filter((u): u is ToolUse => u?.tool === tool && usesCacheDir(u));
    if (uses.length === 0) continue;
    perRun.push([ins, uses]);
    for (const u of uses) for (const r of cacheNeeds(u, envFor(ins, u.command))) roles.add(r);
  }
  // A vendored Go build needs only the build cache; a download both.
  if (roles.size === 0) return undefined;
  const edits: Edit[] = [];
  const changes: DeclaredChange[] = [];
  const runs = new Map<Instruction, string[]>();
  for (const [ins, uses] of perRun) {
    const plan = planRun(model, ins, uses, cache, roles);
    if (!plan) return undefined;
    if (plan.edits.length === 0) continue;
    edits.push(...plan.edits);
    changes.push(...plan.changes);
    runs.set(ins, plan.dirs);
    if (runs.size > MAX_RUNS) return undefined;
  }
  if (runs.size === 0) return undefined;
  const syntax = ensureSyntaxDirective(model);
  if (syntax) edits.push(syntax);
  const firstApt = [...runs.keys()][0]!;
  if (tool === 'apt' && !keepsAptCache(model, firstApt)) {
    edits.push(
      insert(
        firstApt.start,
        `${APT_KEEP_CACHE}${model.lines.eol}${indentAt(model, firstApt.start)}`,
      ),
    );
    // A RUN of its own: its commands are added.
    for (const command of APT_KEEP_CACHE_COMMANDS) changes.push({ kind: 'adds-command', command });
  }
  return { edits, changes, runs };
}

/** The mount flags (and cache-emptying commands removed) one RUN needs; undefined when unsafe. */
function planRun(
  model: DockerfileModel,
  ins: Instruction,
  uses: ToolUse[],
  cache: ToolCache,
  roles: ReadonlySet<CacheRole>,
): { edits: Edit[]; changes: DeclaredChange[]; dirs: string[] } | undefined {
  // The mount must be writable by the user the RUN runs as, and in that user's home.
  const user = cacheUser(ins);
  if (!user || !ins.run) return undefined;
  const env = envFor(ins, uses[0]?.command);
  const targets = cacheTargets(ins);
  const flags: string[] = [];
  const dirs: string[] = [];
  for (const dir of cache.dirs) {
    if (!roles.has(dir.role ?? 'download')) continue;
    const path = resolveCacheDir(dir, user, env);
    if (path === null) return undefined;
    // Never nest a second mount inside (or around) one that is already there.
    if (path === undefined || overlaps(targets, path)) continue;
    if (acceptedDirs(dir, user, env).some((a) => overlaps(targets, a))) continue;
    let flag = `--mount=type=cache,target=${path}`;
    if (dir.sharing) flag += `,sharing=${dir.sharing}`;
    if (user.uid !== undefined) flag += `,uid=${user.uid}`;
    if (user.uid !== undefined && user.gid !== undefined) flag += `,gid=${user.gid}`;
    flags.push(flag);
    dirs.push(path);
  }
  if (flags.length === 0) return { edits: [], changes: [], dirs };
  const removals = cleanRemovals(model, ins, cache, user.home);
  const edits = [mountEdit(model, ins, flags), ...removals.edits];
  const changes: DeclaredChange[] = [
    ...flags.map((mount) => ({ kind: 'inserts-mount' as const, mount })),
    ...removals.changes,
  ];
  return { edits, changes, dirs };
}

/**
 * The mounts in the RUN's layout: on the RUN line when it is one line (or a heredoc), else each on
 * its own continuation line with the indentation of the RUN's other lines.
 */
function mountEdit(model: DockerfileModel, ins: Instruction, flags: string[]): Edit {
  const after = ins.flags.length > 0 ? ins.flags.at(-1)!.end : keywordEnd(ins);
  const lines = model.lines;
  const multiLine = lines.lineAt(ins.start) !== lines.lineAt(ins.end);
  if (!multiLine || ins.raw.heredocs.length > 0) return insert(after, ` ${flags.join(' ')}`);
  // Where the command starts: past blanks and line continuations after the flags.
  const escape = model.scan.escape;
  const at = skipBlanksAndContinuations(model.text, after, escape);
  const second = lines.lineAt(ins.start) + 1;
  const indent = /^[ \t]*/.exec(model.text.slice(lines.lineStart(second)))![0] || '    ';
  const breakLine = ` ${escape}${lines.eol}${indent}`;
  return insert(at, flags.map((f) => `${f}${breakLine}`).join(''));
}

/** Past the blanks (spaces, tabs) and line continuations (`escape`, blanks, line break) at `at`. */
function skipBlanksAndContinuations(text: string, at: number, escape: string): number {
  const blank = (i: number): boolean => text[i] === ' ' || text[i] === '\t';
  for (;;) {
    let i = at;
    while (blank(i)) i++;
    if (i === at && text.startsWith(escape, at)) {
      i = at + escape.length;
      while (blank(i)) i++;
      if (text[i] === '\r') i++;
      i = text[i] === '\n' ? i + 1 : at;
    }
    if (i === at) return at;
    at = i;
  }
}

/** Edits that drop commands emptying part of the cache (`apt-get clean`) from a RUN that gets a mount. */
function cleanRemovals(
  model: DockerfileModel,
  ins: Instruction,
  cache: ToolCache,
  home: string,
): { edits: Edit[]; changes: DeclaredChange[] } {
  const edits: Edit[] = [];
  const changes: DeclaredChange[] = [];
  if (!cache.clean || ins.run?.form === 'exec') return { edits, changes };
  const list = topLevelCommands(ins);
  const whole: ShellCommand[] = [];
  for (const cmd of list) {
    const m = cleanMatch(cmd, cache.clean, home);
    if (m === 'all') whole.push(cmd);
    else if (m) {
      edits.push(...m.map((w) => removeWord(model, w)));
      const command = declaredName(model, cmd);
      for (const w of m)
        changes.push({ kind: 'removes-flag', command, flag: model.text.slice(w.start, w.end) });
    }
  }
  const removed = whole.length ? removeCommands(model, whole, list) : undefined;
  if (removed) {
    edits.push(...removed);
    for (const cmd of whole)
      changes.push({ kind: 'removes-command', command: commandText(model, cmd) });
  }
  return { edits, changes };
}

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

/**
 * Zero-width edits where the "no cache" fixes of the same command write (after its verb, at the
 * end of the RUN). Fix-all treats fixes that touch the same point as overlapping and applies only
 * one of them per pass, so it never adds `--no-cache-dir` or `npm cache clean` in the same pass as
 * the mount; the next pass finds one of the two and the other finding is gone.
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
