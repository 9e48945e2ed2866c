import { buildModel, type DockerfileModel } from '../parse/model';
import { DOCKERFILE_RULES } from '../rules';
import { UNKNOWN_CONTEXT, type BuildContext } from '../analysis/context';
import { NO_BUILD_FACTS, type BuildFacts } from '../analysis/buildFacts';
import { isGenerated } from '../analysis/generated';
import { findingJudge, type RoleFacts } from '../analysis/roles';
import type { DockerfileRule, Finding, RuleMeta } from '../rules/types';

import {
  DEFAULT_MAX_CHARS,
  inputNotice,
  runRules,
  sortFindings,
  type Notice,
  type RuleError,
  type RuleSetting,
} from './runRules';
import { applySuppressions } from './suppressions';

export {
  DEFAULT_MAX_CHARS,
  DEFAULT_TIME_BUDGET_MS,
  looksBinary,
  type Notice,
  type RuleSetting,
} from './runRules';

export interface LintOptions {
  context?: BuildContext;
  /** Per-rule severity overrides by id. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Build target: the stage treated as final. */
  target?: string;
  /** Replaces the registry (tests). */
  registry?: readonly DockerfileRule[];
  /** Analysis stops with a notice above this many characters. */
  maxChars?: number;
  /** Report `# layerwise ignore=` ids that suppress nothing (off by default). */
  reportUnusedSuppressions?: boolean;
  /** No further rule starts once the analysis has taken this many ms; a notice says so. */
  timeBudgetMs?: number;
  /**
   * The model of an earlier analysis of the same document (an editor): unchanged instructions
   * reuse its parse. Findings are exactly those of a fresh analysis.
   */
  previous?: DockerfileModel | undefined;
  /** Keep what a later `previous` needs (set by callers that analyse the same document again). */
  incremental?: boolean;
  /** What the project says about the image's role (config, build configurations). */
  roleFacts?: RoleFacts;
  /** What the build configurations say: targets built, build args passed. */
  build?: BuildFacts;
}

export interface LintResult {
  findings: Finding[];
  notices: Notice[];
  /**
   * Rules that threw (their findings are dropped, every other rule still reports) or reported a
   * range or fix outside the document (that finding is clamped, that fix dropped).
   */
  errors: RuleError[];
  model: DockerfileModel | undefined;
}

export function lintDockerfile(text: string, options: LintOptions = {}): LintResult {
  const notice = inputNotice(text, options.maxChars ?? DEFAULT_MAX_CHARS, 'Dockerfile');
  if (notice) return { findings: [], notices: [notice], errors: [], model: undefined };
  const started = Date.now();
  let model: DockerfileModel;
  try {
    model = buildModel(text, {
      target: options.target,
      previous: options.previous,
      incremental: options.incremental,
    });
  } catch (error) {
    const message =
      'Layerwise could not read this file (an internal error, logged): it was not analysed.';
    return {
      findings: [],
      notices: [{ message, start: 0, end: 0 }],
      errors: [{ ruleId: 'parser', error }],
      model: undefined,
    };
  }
  const context = options.context ?? UNKNOWN_CONTEXT;
  const registry = options.registry ?? DOCKERFILE_RULES;
  const build = options.build ?? NO_BUILD_FACTS;
  // A rule judges the images it is meant for: roles (application, base, toolchain, test,
  // development) and platforms (no Linux advice on a Windows stage).
  const judge = findingJudge(model, options.roleFacts);
  const applies = (meta: RuleMeta, f: Finding) => judge(meta, f.start);
  const run = runRules(
    text.length,
    registry,
    (rule, report) => rule.check({ model, context, build, report }),
    { rules: options.rules, timeBudgetMs: options.timeBudgetMs, started },
    applies,
  );
  // A generated file is reported once, with its template: fixing the copy would be undone.
  const generated = isGenerated(model, context).generated;
  const keptInGenerated = new Set(
    registry.filter((r) => r.meta.inGeneratedFiles).map((r) => r.meta.id),
  );
  const findings = generated
    ? run.findings.filter((f) => keptInGenerated.has(f.ruleId))
    : run.findings;
  // Ignore comments (`# layerwise ignore=`, `# hadolint ignore=`) drop what they cover.
  const kept = applySuppressions(model, findings, registry, {
    reportUnused: options.reportUnusedSuppressions,
  }).findings;
  dropFixesInLoneCrRuns(model, kept);
  return { findings: sortFindings(kept, true), notices: run.notices, errors: run.errors, model };
}

/**
 * A lone CR ends a Dockerfile line but not a shell line: the shell reads such a RUN (or its
 * here-document) as one long line, so no edit inside it can be placed by the shell's structure.
 * Rare (old Mac line endings): only then are fixes read and filtered.
 */
function dropFixesInLoneCrRuns(model: DockerfileModel, findings: Finding[]): void {
  if (!/\r(?!\n)/.test(model.text)) return;
  const runs = model.instructions.filter(
    (ins) => ins.run && /\r(?!\n)/.test(model.text.slice(ins.start, ins.end)),
  );
  if (runs.length === 0) return;
  const inside = (start: number, end: number) =>
    runs.some((ins) => start <= ins.end && end >= ins.start);
  for (const f of findings)
    f.fixes = f.fixes.filter((fix) => !fix.edits.some((e) => inside(e.start, e.end)));
}
