/**
 * The cache-invalidation view: above each instruction that can miss the build cache, what makes
 * it miss and how many later build steps then re-run. Computed from the model alone.
 *
 * BuildKit's rules, as modelled here (https://docs.docker.com/build/cache/invalidation/ and the
 * Dockerfile reference):
 * - Build steps are RUN, COPY, ADD and WORKDIR; each one's cache key includes the state it starts
 *   from, so once a step re-runs every later step of the stage re-runs too — except `COPY --link`
 *   / `ADD --link`, whose layer does not depend on the steps above it.
 * - COPY/ADD and `RUN --mount=type=bind` re-run when the checksums of their files change; a URL
 *   when the remote file changes (unless `--checksum` pins it); a Git source when its ref moves.
 * - A build arg declared in a stage is passed to every later RUN as an environment variable, so a
 *   new value re-runs the first RUN after it (or the first step that expands it); ENV that expands
 *   a build arg changes the environment of later RUNs the same way.
 * - A stage built `FROM` another re-runs entirely when that one changes; a stage that copies from
 *   it (`COPY --from`, `RUN --mount=from=`) re-runs from that step. Only stages the final stage (or
 *   `--target`) needs are built, so only those are counted.
 */
import type { DockerfileModel, Instruction, Stage } from '../../parse/model';
import { unquote } from '../../parse/words';
import { copyInfo, isContextWide, ownInstructions } from '../../analysis/copies';
import type { FeatureContext, Lens } from '../types';
import { gitRef, isCommitId, sourceKind } from './sources';
import {
  builtStages,
  isStep,
  rerunCount,
  rerunSet,
  stageLabel,
  stageRef,
  type Count,
} from './cacheReruns';

export { builtStages, isLinked, isStep, rerunSet, stageLabel, stageRef } from './cacheReruns';

export const HEREDOC_MARKER = /^\d*<<-?\S/;

/** Something outside the Dockerfile text whose change makes a step miss the cache. */
export interface Cause {
  key: string;
  /** Noun phrase for lens titles: `requirements.txt`, `build arg PY`, `stage \`build\``. */
  text: string;
  /** `COPY .`-like: every file of the build context. */
  contextWide?: boolean;
}

export interface CacheLens extends Lens {
  ins: Instruction;
  /** Later steps that re-run (or, on ARG/ENV lines, steps that re-run) when this one misses. */
  rerun: number;
  /** The stage is built for the final stage (or `--target`). */
  built: boolean;
  /** A RUN whose inputs include every file of the build context. */
  afterBroadCopy: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const verb = (n: number): string => (n === 1 ? 're-runs' : 're-run');

function laterText(c: Count): string {
  return c.n === 0
    ? '→ no later step re-runs'
    : `→ ${plural(c.n, 'later step')} ${verb(c.n)}${c.where}`;
}

/** `a`, `a or b`, `a, b or c`, `a, b or 2 more`. */
function orList(items: readonly string[], more = 'more'): string {
  if (items.length <= 3) {
    return items.length <= 1
      ? (items[0] ?? '')
      : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
  }
  return `${items.slice(0, 2).join(', ')} or ${items.length - 2} ${more}`;
}

/** `X changes`, or `files matching … change` when the last item is plural. */
function changes(items: readonly string[], more?: string): string {
  const last = items.length <= 3 ? (items.at(-1) ?? '') : 'more';
  return `${orList(items, more)} ${/^files |more$/.test(last) || items.length > 3 ? 'change' : 'changes'}`;
}

/** Names of the variables a text expands: `$NAME` and `${NAME…}`. */
function expansions(text: string): Set<string> {
  const names = new Set<string>();
  if (!text.includes('$')) return names;
  for (const m of text.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g)) {
    names.add((m[1] ?? m[2])!);
  }
  return names;
}

const expands = (text: string, name: string): boolean => expansions(text).has(name);

/** Build-arg names expanded in an instruction's own text (after the keyword). */
function expandedNames(ins: Instruction, names: Iterable<string>): string[] {
  const used = expansions(ins.raw.logical.slice(ins.raw.keywordEnd - ins.raw.keywordStart));
  return used.size === 0 ? [] : [...names].filter((name) => used.has(name));
}

const argCause = (name: string): Cause => ({ key: `arg:${name}`, text: `build arg ${name}` });
const CONTEXT_WIDE: Cause = { key: 'ctx:.', text: 'any file under `.`', contextWide: true };

function contextPathText(path: string): string {
  const p = path.replace(/^\.\//, '');
  if (/[*?[]/.test(p)) return `files matching \`${p}\``;
  if (p.endsWith('/')) return `any file under \`${p}\``;
  return p;
}

function ignoreNote(ctx: FeatureContext): string {
  if (ctx.context.known && !ctx.context.ignoreFile) return ' (no .dockerignore)';
  const name = ctx.context.ignoreFile?.path.replace(/^.*[\\/]/, '') ?? '.dockerignore';
  return ` (after ${name})`;
}

interface OwnInputs {
  causes: Cause[];
  /** Phrases about remote sources (`re-downloads when …`, `pinned to a Git commit`). */
  remote: string[];
  /** `rebuilds when stage `build` changes the copied files`, for `--from`. */
  from?: string;
}

function copyInputs(ctx: FeatureContext, ins: Instruction): OwnInputs {
  const info = copyInfo(ins)!;
  if (info.from !== undefined) {
    const stage = stageRef(ctx.model, info.from, ins.stage.index);
    return stage
      ? {
          causes: [{ key: `stage:${stage.index}`, text: stageLabel(stage) }],
          remote: [],
          from: `rebuilds when ${stageLabel(stage)} changes the copied files`,
        }
      : {
          causes: [{ key: `image:${info.from}`, text: `image ${info.from}` }],
          remote: [],
          from: `rebuilds when image ${info.from} changes`,
        };
  }
  if (!ins.json && isContextWide(info)) return { causes: [CONTEXT_WIDE], remote: [] };
  // Heredoc sources (`COPY <<EOF /file`) are part of the instruction text, not outside inputs.
  const sources = (
    ins.json ? ins.json.slice(0, -1) : info.sources.map((w) => unquote(w.text))
  ).filter((s) => !HEREDOC_MARKER.test(s));
  const causes: Cause[] = [];
  const remote: string[] = [];
  const checksum = ins.flags.some((f) => f.name === 'checksum');
  for (const src of sources) {
    const kind = ins.keyword === 'ADD' ? sourceKind(src) : 'context';
    if (kind === 'context') {
      causes.push({ key: `ctx:${src}`, text: contextPathText(src) });
    } else if (kind === 'url') {
      if (checksum) remote.push('checksum pinned: no re-download until the checksum changes');
      else {
        const name = src
          .split(/[?#]/)[0]!
          .replace(/(?<!\/)\/+$/, '')
          .replace(/^.*\//, '');
        causes.push({ key: `url:${src}`, text: `remote file ${name}` });
        remote.push('re-downloads when the remote file changes (checked on every build)');
      }
    } else {
      const ref = gitRef(src);
      if (checksum || isCommitId(ref)) remote.push('pinned to a Git commit');
      else {
        const what = ref ? `ref ${ref}` : 'the default branch';
        causes.push({ key: `git:${src}`, text: `Git ${what}` });
        remote.push(`rebuilds when ${what} of the repository moves`);
      }
    }
  }
  return { causes, remote: [...new Set(remote)] };
}

function copyHead(ctx: FeatureContext, inputs: OwnInputs, argRefs: readonly Cause[]): string {
  const parts = [...(inputs.from ? [inputs.from] : []), ...inputs.remote];
  const files = inputs.causes.filter((c) => c.key.startsWith('ctx:'));
  if (files.some((c) => c.contextWide)) {
    const extra = argRefs.length ? ` or ${orList(argRefs.map((c) => c.text))}` : '';
    parts.push(`rebuilds when any file under \`.\`${extra} changes${ignoreNote(ctx)}`);
  } else {
    const items = [...files, ...argRefs].map((c) => c.text);
    if (inputs.from && argRefs.length)
      parts[0] += ` or ${orList(argRefs.map((c) => c.text))} changes`;
    else if (items.length > 0) parts.push(`rebuilds when ${changes(items, 'more paths')}`);
  }
  return parts.join('; ');
}

function mountInputs(ctx: FeatureContext, ins: Instruction): Cause[] {
  const causes: Cause[] = [];
  for (const m of ins.run?.mounts ?? []) {
    if (m.type !== 'bind') continue;
    if (m.from === undefined) {
      const src = m.source ?? '.';
      causes.push(
        ['.', './', '/', ''].includes(src)
          ? CONTEXT_WIDE
          : { key: `ctx:${src}`, text: contextPathText(src) },
      );
    } else {
      const stage = stageRef(ctx.model, m.from, ins.stage.index);
      causes.push(
        stage
          ? { key: `stage:${stage.index}`, text: stageLabel(stage) }
          : { key: `image:${m.from}`, text: `image ${m.from}` },
      );
    }
  }
  return causes;
}

/** Union by key, in order; a context-wide cause makes narrower context paths redundant. */
function merge(...lists: readonly (readonly Cause[])[]): Cause[] {
  const byKey = new Map<string, Cause>();
  for (const list of lists) for (const c of list) if (!byKey.has(c.key)) byKey.set(c.key, c);
  const all = [...byKey.values()];
  return all.some((c) => c.contextWide)
    ? all.filter((c) => c.contextWide || !c.key.startsWith('ctx:'))
    : all;
}

interface StageState {
  /** Causes that already invalidate the current state (every later step inherits them). */
  chain: Cause[];
  /** Causes that reach only RUN steps (build args, ENV expanding them) until a RUN uses them. */
  runOnly: Cause[];
  /** Build args in scope. */
  args: Set<string>;
}

/** Cache lenses for every stage, in document order. */
export function cacheLenses(ctx: FeatureContext): CacheLens[] {
  const { model } = ctx;
  const built = builtStages(model);
  const lenses: CacheLens[] = [];
  const ends = new Map<Stage, StageState>();
  const add = (ins: Instruction, title: string, rerun: number, afterBroadCopy = false): void => {
    lenses.push({
      start: ins.raw.keywordStart,
      end: ins.raw.keywordEnd,
      title,
      ins,
      rerun,
      built: ins.stage.index < 0 || built.has(ins.stage),
      afterBroadCopy,
    });
  };
  const later = (ins: Instruction): [string, number] => {
    const c = rerunCount(model, ins, false);
    return [laterText(c), c.n];
  };
  /** `N steps re-run from line L (…)`: steps from `user` on, for ARG and ENV lines. */
  const from = (user: Instruction): [string, number] => {
    const c = rerunCount(model, user, true);
    return [
      `${plural(c.n, 'step')} ${verb(c.n)} from line ${user.raw.startLine + 1}${c.where}`,
      c.n,
    ];
  };

  globalArgLenses(model, built, (ins, title, rerun) => add(ins, title, rerun));

  for (const stage of model.stages) {
    const parent = stage.parent ? ends.get(stage.parent) : undefined;
    const fromArgs = stage.parent ? [] : expandedGlobalArgs(model, stage).map(argCause);
    const state: StageState = {
      chain: merge(parent?.chain ?? [], fromArgs),
      runOnly: [...(parent?.runOnly ?? [])],
      args: new Set(parent?.args ?? []),
    };
    const own = ownInstructions(stage);
    own.forEach((ins, i) => {
      const firstUser = (names: readonly string[]): Instruction | undefined =>
        own
          .slice(i + 1)
          .find((l) => isStep(l) && (l.keyword === 'RUN' || expandedNames(l, names).length > 0));
      if (ins.keyword === 'ARG') {
        for (const p of ins.properties) {
          state.args.add(p.name);
          state.runOnly = merge(state.runOnly, [argCause(p.name)]);
          const user = firstUser([p.name]);
          if (user) {
            const [text, n] = from(user);
            add(ins, `a new value for build arg ${p.name} → ${text}`, n);
          }
        }
        return;
      }
      const argRefs = expandedNames(ins, state.args).map(argCause);
      if (ins.keyword === 'ENV') {
        if (argRefs.length === 0) return;
        state.runOnly = merge(state.runOnly, argRefs);
        const user = firstUser(ins.properties.map((p) => p.name));
        if (user) {
          const [text, n] = from(user);
          add(ins, `changes with ${orList(argRefs.map((a) => a.text))} → ${text}`, n);
        }
        return;
      }
      if (!isStep(ins)) return;
      if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const inputs = copyInputs(ctx, ins);
        const head = copyHead(ctx, inputs, argRefs);
        if (head) {
          const [text, n] = later(ins);
          add(ins, `${head} ${text}`, n);
        }
        state.chain = merge(state.chain, inputs.causes, argRefs);
        return;
      }
      if (ins.keyword === 'RUN') {
        const all = merge(state.chain, state.runOnly, mountInputs(ctx, ins));
        if (all.length > 0) {
          const broad = all.some((c) => c.contextWide);
          const ignore = broad ? ignoreNote(ctx) : '';
          const [text, n] = later(ins);
          add(
            ins,
            `re-runs when ${changes(
              all.map((c) => c.text),
              'more inputs',
            )}${ignore} ${text}`,
            n,
            broad,
          );
        }
        state.chain = all;
        state.runOnly = [];
        return;
      }
      // WORKDIR: only build args it expands can change it.
      if (argRefs.length > 0) {
        const [text, n] = later(ins);
        add(ins, `rebuilds when ${changes(argRefs.map((c) => c.text))} ${text}`, n);
      }
      state.chain = merge(state.chain, argRefs);
    });
    ends.set(stage, state);
  }
  return lenses.sort((a, b) => a.start - b.start);
}

/** Global build args (declared before the first FROM) that a stage's FROM expands. */
function expandedGlobalArgs(model: DockerfileModel, stage: Stage): string[] {
  const text = stage.from?.imageText ?? '';
  if (!text.includes('$')) return [];
  const names: string[] = [];
  for (const ins of model.preamble?.instructions ?? []) {
    for (const p of ins.properties) {
      if (expands(text, p.name) && !names.includes(p.name)) names.push(p.name);
    }
  }
  return names;
}

/** On a global ARG: the base images it picks, and how many steps a new value re-runs. */
function globalArgLenses(
  model: DockerfileModel,
  built: ReadonlySet<Stage>,
  add: (ins: Instruction, title: string, rerun: number) => void,
): void {
  for (const ins of model.preamble?.instructions ?? []) {
    if (ins.keyword !== 'ARG') continue;
    for (const p of ins.properties) {
      const stages = model.stages.filter(
        (s) => !s.parent && built.has(s) && expandedGlobalArgs(model, s).includes(p.name),
      );
      if (stages.length === 0) continue;
      const set = new Set<Instruction>();
      for (const s of stages) for (const i of rerunSet(model, s)) set.add(i);
      const where =
        stages.length === 1
          ? `the base image of ${stageLabel(stages[0]!)}`
          : `${stages.length} base images`;
      add(
        ins,
        `a new value for build arg ${p.name} changes ${where} → ${plural(set.size, 'step')} ${verb(set.size)}`,
        set.size,
      );
    }
  }
}

export const CACHE_TOOLTIP =
  'Layer cache: a step re-runs when its own inputs change or any step above it re-ran. Counted: the later RUN, COPY, ADD and WORKDIR steps of this stage and of the built stages that start FROM it or copy from it (COPY --link layers are kept).';
