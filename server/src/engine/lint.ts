import { buildModel, type DockerfileModel } from '../parse/model';
import { DOCKERFILE_RULES } from '../rules';
import { UNKNOWN_CONTEXT, type BuildContext } from '../analysis/context';
import { applySuppressions } from './suppressions';
import type { DockerfileRule, Finding, Fix, Report, Severity } from '../rules/types';

export type RuleSetting = Severity | 'off';

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
}

/** Something about the input as a whole (binary, too large), shown as one information diagnostic. */
export interface Notice {
  message: string;
  start: number;
  end: number;
}

export interface LintResult {
  findings: Finding[];
  notices: Notice[];
  /**
   * Rules that threw (their findings are dropped, every other rule still reports) or reported a
   * range or fix outside the document (that finding is clamped, that fix dropped).
   */
  errors: { ruleId: string; error: unknown }[];
  model: DockerfileModel | undefined;
}

export const DEFAULT_MAX_CHARS = 4 * 1024 * 1024;
/** A typical file takes a few ms; this only stops pathological input from holding the server. */
export const DEFAULT_TIME_BUDGET_MS = 3000;

/** True for text that is not a text file at all (NUL bytes early on). */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

export function lintDockerfile(text: string, options: LintOptions = {}): LintResult {
  const notice = inputNotice(text, options.maxChars ?? DEFAULT_MAX_CHARS);
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
  const findings: Finding[] = [];
  const errors: LintResult['errors'] = [];
  const notices: Notice[] = [];
  const registry = options.registry ?? DOCKERFILE_RULES;
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  for (const [index, rule] of registry.entries()) {
    const elapsed = Date.now() - started;
    if (elapsed > budget) {
      notices.push(budgetNotice(elapsed, budget, registry.length - index, registry.length));
      break;
    }
    const setting = options.rules?.[rule.meta.id];
    if (setting === 'off') continue;
    const found: Finding[] = [];
    let invalid: string | undefined;
    const ruleId = rule.meta.id;
    const report = (r: Report): void => {
      const checked = checkRange(r, text.length);
      invalid ??= checked.problem;
      const finding = {
        ruleId,
        severity: setting ?? r.severity ?? rule.meta.severity,
        message: r.message,
        start: checked.start,
        end: checked.end,
      } as Finding;
      const fixes = r.fixes ?? [];
      if (typeof fixes !== 'function') {
        const kept = checkFixes(fixes, text.length);
        invalid ??= kept.problem;
        finding.fixes = kept.fixes;
      } else {
        defineLazyFixes(finding, fixes, text.length, (error) => errors.push({ ruleId, error }));
      }
      found.push(finding);
    };
    try {
      rule.check({ model, context, report });
      findings.push(...found);
      if (invalid) errors.push({ ruleId: rule.meta.id, error: new Error(invalid) });
    } catch (error) {
      errors.push({ ruleId: rule.meta.id, error });
    }
  }
  // Ignore comments (`# layerwise ignore=`, `# hadolint ignore=`) drop what they cover.
  const kept = applySuppressions(model, findings, registry, {
    reportUnused: options.reportUnusedSuppressions,
  }).findings;
  return { findings: sortUnique(kept), notices, errors, model };
}

function budgetNotice(elapsed: number, budget: number, skipped: number, total: number): Notice {
  return {
    message: `Layerwise stopped after ${elapsed} ms, over its ${budget} ms time budget (layerwise.timeBudgetMs): ${skipped} of ${total} rules did not run on this file.`,
    start: 0,
    end: 0,
  };
}

const isOffset = (n: unknown, length: number): n is number =>
  Number.isInteger(n) && (n as number) >= 0 && (n as number) <= length;

/** Rules are code too: a range outside the document is clamped (and the problem returned). */
function checkRange(r: Report, length: number): { start: number; end: number; problem?: string } {
  const clamp = (n: number) =>
    Number.isFinite(n) ? Math.min(length, Math.max(0, Math.trunc(n))) : 0;
  const start = clamp(r.start);
  const end = Math.max(start, clamp(r.end));
  const problem =
    isOffset(r.start, length) && isOffset(r.end, length)
      ? undefined
      : `reported the range ${r.start}..${r.end} outside the document (0..${length})`;
  return { start, end, problem };
}

/**
 * A fix whose edits fall outside the document or overlap each other is dropped: applying it would
 * fail or damage the file. The problem is returned so it is logged like a rule failure.
 */
function checkFixes(fixes: readonly Fix[], length: number): { fixes: Fix[]; problem?: string } {
  let problem: string | undefined;
  const kept = fixes.filter((fix) => {
    const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let at = 0;
    for (const e of edits) {
      if (
        !isOffset(e.start, length) ||
        !isOffset(e.end, length) ||
        e.start > e.end ||
        e.start < at ||
        typeof e.newText !== 'string'
      ) {
        problem ??= `offered the fix '${fix.title}' with edits outside the document or overlapping each other (the fix was dropped)`;
        return false;
      }
      at = e.end;
    }
    return true;
  });
  return { fixes: kept, problem };
}

/**
 * `finding.fixes` built on first read, checked like eager ones, then kept. A builder that throws
 * or returns broken edits loses its fixes only; the finding stays and the error is recorded.
 */
function defineLazyFixes(
  finding: Finding,
  build: () => Fix[],
  length: number,
  onError: (error: unknown) => void,
): void {
  let fixes: Fix[] | undefined;
  Object.defineProperty(finding, 'fixes', {
    enumerable: true,
    configurable: true,
    get(): Fix[] {
      if (fixes === undefined) {
        try {
          const checked = checkFixes(build(), length);
          if (checked.problem) onError(new Error(checked.problem));
          fixes = checked.fixes;
        } catch (error) {
          onError(error);
          fixes = [];
        }
      }
      return fixes;
    },
    set(value: Fix[]) {
      fixes = value;
    },
  });
}

export function inputNotice(text: string, maxChars: number): Notice | undefined {
  if (looksBinary(text)) {
    return {
      message: 'This looks like a binary file, not a Dockerfile: Layerwise did not analyse it.',
      start: 0,
      end: 0,
    };
  }
  if (text.length > maxChars) {
    const mb = (text.length / 1024 / 1024).toFixed(1);
    return {
      message: `This file is ${mb} MB, over the ${Math.round(maxChars / 1024 / 1024)} MB analysis limit (layerwise.maxFileSizeMB): Layerwise did not analyse it.`,
      start: 0,
      end: 0,
    };
  }
  return undefined;
}

function sortUnique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId))
    .filter((f) => {
      const key = `${f.ruleId}:${f.start}:${f.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
