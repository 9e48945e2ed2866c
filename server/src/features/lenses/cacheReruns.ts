/**
 * Which build steps re-run once a step (or a stage's base image) misses the build cache, within
 * the stages that are built: the analysis behind the cache lenses (cache.ts, where BuildKit's
 * rules are listed).
 */
import type { DockerfileModel, Instruction, Stage } from '../../parse/model';
import { unquote } from '../../parse/words';
import { ownInstructions } from '../../analysis/copies';

const STEP_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

export function isStep(ins: Instruction): boolean {
  return STEP_KEYWORDS.has(ins.keyword);
}

export function isLinked(ins: Instruction): boolean {
  const flag = ins.flags.find((f) => f.name === 'link');
  return !!flag && (flag.value === undefined || unquote(flag.value).toLowerCase() !== 'false');
}

export function stageLabel(stage: Stage): string {
  if (stage.name) return `stage \`${stage.name}\``;
  return stage.isFinal ? 'the final stage' : `stage ${stage.index}`;
}

/** The stages BuildKit builds for the final stage (or `--target`): it and everything it needs. */
export function builtStages(model: DockerfileModel): Set<Stage> {
  const built = new Set<Stage>();
  const visit = (s: Stage | undefined): void => {
    if (!s || built.has(s)) return;
    built.add(s);
    visit(s.parent);
    for (const c of s.copiesFrom) visit(c);
  };
  visit(model.finalStage);
  return built;
}

/** Resolves a `--from=` / `from=` value to an earlier stage (by name or index). */
export function stageRef(
  model: DockerfileModel,
  ref: string | undefined,
  before: number,
): Stage | undefined {
  if (ref === undefined) return undefined;
  const name = unquote(ref).toLowerCase();
  const named = model.stages.find((s) => s.name === name && s.index < before);
  if (named) return named;
  const n = Number(name);
  return name !== '' && Number.isInteger(n) && n >= 0 && n < before ? model.stages[n] : undefined;
}

/** The stages an instruction reads files from (COPY/ADD --from, RUN --mount=from=). */
function readsStages(model: DockerfileModel, ins: Instruction): Stage[] {
  const refs: (string | undefined)[] = [];
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD')
    refs.push(ins.flags.find((f) => f.name === 'from')?.value);
  for (const m of ins.run?.mounts ?? []) refs.push(m.from);
  return refs
    .map((r) => stageRef(model, r, ins.stage.index))
    .filter((s): s is Stage => !!s && s !== ins.stage);
}

const readers = new WeakMap<DockerfileModel, Map<Stage, Map<Stage, Instruction>>>();

/** The first step of `dep` that reads files of `stage` (computed once per model). */
function firstReader(model: DockerfileModel, dep: Stage, stage: Stage): Instruction | undefined {
  let byStage = readers.get(model);
  if (!byStage) {
    byStage = new Map();
    readers.set(model, byStage);
  }
  let firsts = byStage.get(dep);
  if (!firsts) {
    firsts = new Map();
    for (const ins of ownInstructions(dep)) {
      if (!isStep(ins)) continue;
      for (const s of readsStages(model, ins)) if (!firsts.has(s)) firsts.set(s, ins);
    }
    byStage.set(dep, firsts);
  }
  return firsts.get(stage);
}

interface ModelInfo {
  built: Set<Stage>;
  steps: Map<Stage, Instruction[]>;
  /** Per stage: the steps of other stages that re-run once this stage's result changes. */
  dependents: Map<Stage, Set<Instruction>>;
}

const infos = new WeakMap<DockerfileModel, ModelInfo>();

function modelInfo(model: DockerfileModel): ModelInfo {
  let info = infos.get(model);
  if (!info) {
    info = { built: builtStages(model), steps: new Map(), dependents: new Map() };
    infos.set(model, info);
  }
  return info;
}

function stepsOf(model: DockerfileModel, stage: Stage): Instruction[] {
  const info = modelInfo(model);
  let steps = info.steps.get(stage);
  if (!steps) {
    steps = ownInstructions(stage).filter(isStep);
    info.steps.set(stage, steps);
  }
  return steps;
}

/**
 * Adds the steps of `stage` that re-run from `from` on (from its first step when undefined): the
 * step that reads a changed input re-runs for its own reason, `--link` or not; after it every
 * step re-runs except `--link` copies, whose layer does not depend on the steps above it.
 */
function addFrom(
  out: Set<Instruction>,
  model: DockerfileModel,
  stage: Stage,
  from: Instruction | undefined,
): void {
  const steps = stepsOf(model, stage);
  const k = from ? steps.indexOf(from) : 0;
  if (k < 0) return;
  if (from) out.add(from);
  for (let i = k; i < steps.length; i++) {
    const step = steps[i]!;
    if (step !== from && !isLinked(step)) out.add(step);
  }
}

/**
 * The steps of other built stages that re-run once `stage`'s result changes: stages built FROM it
 * from their first step, stages that copy or mount from it from that step, and so on down.
 */
function dependentSteps(model: DockerfileModel, stage: Stage): Set<Instruction> {
  const info = modelInfo(model);
  let out = info.dependents.get(stage);
  if (out) return out;
  out = new Set();
  info.dependents.set(stage, out);
  for (const dep of model.stages) {
    // Stages only refer to earlier ones, so this never loops.
    if (dep.index <= stage.index || !info.built.has(dep)) continue;
    const reader = firstReader(model, dep, stage);
    if (dep.parent !== stage && !reader) continue;
    if (dep.parent === stage) addFrom(out, model, dep, undefined);
    if (reader) addFrom(out, model, dep, reader);
    for (const i of dependentSteps(model, dep)) out.add(i);
  }
  return out;
}

/**
 * Every build step that re-runs once `origin` re-runs (the origin included) — or, with a stage,
 * once that stage's base image changes — within the stages that are built.
 */
export function rerunSet(model: DockerfileModel, origin: Instruction | Stage): Set<Instruction> {
  const out = new Set<Instruction>();
  const stage = 'keyword' in origin ? origin.stage : origin;
  addFrom(out, model, stage, 'keyword' in origin ? origin : undefined);
  for (const i of dependentSteps(model, stage)) out.add(i);
  return out;
}

export interface Count {
  n: number;
  /** ` (2 in stage \`runtime\`)` when some of them are in other stages. */
  where: string;
}

/** How many steps re-run once `origin` re-runs (the origin itself only when `inclusive`). */
export function rerunCount(model: DockerfileModel, origin: Instruction, inclusive: boolean): Count {
  const steps = stepsOf(model, origin.stage);
  let n = inclusive ? 1 : 0;
  for (let i = steps.indexOf(origin) + 1; i > 0 && i < steps.length; i++) {
    if (!isLinked(steps[i]!)) n++;
  }
  const deps = dependentSteps(model, origin.stage);
  return { n: n + deps.size, where: whereText(deps) };
}

function whereText(elsewhere: ReadonlySet<Instruction>): string {
  if (elsewhere.size === 0) return '';
  const stages = new Set([...elsewhere].map((i) => i.stage));
  const which = stages.size === 1 ? stageLabel([...stages][0]!) : `${stages.size} other stages`;
  return ` (${elsewhere.size} in ${which})`;
}
