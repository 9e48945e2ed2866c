/**
 * The rule runner both file kinds share: every rule runs with the same guards — a rule that throws
 * loses only its own findings, a range outside the document is clamped, a fix whose edits fall
 * outside the document or overlap is dropped (fixes built lazily are checked when first read), and
 * no rule starts once the time budget is spent.
 */
import type { Finding, Fix, Report, RuleMeta, Severity } from '../rules/types';

export type RuleSetting = Severity | 'off';

/** Something about the input as a whole (binary, too large), shown as one information diagnostic. */
export interface Notice {
  message: string;
  start: number;
  end: number;
}

export interface RuleError {
  ruleId: string;
  error: unknown;
}

export interface RunOptions {
  /** Per-rule severity overrides by id. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** No further rule starts once this many ms have passed since `started`. */
  timeBudgetMs?: number;
  /** When the analysis began (parsing counts against the budget). */
  started?: number;
}

export interface RunResult {
  findings: Finding[];
  notices: Notice[];
  errors: RuleError[];
}

export const DEFAULT_MAX_CHARS = 4 * 1024 * 1024;
/** A typical file takes a few ms; this only stops pathological input from holding the server. */
export const DEFAULT_TIME_BUDGET_MS = 3000;

/** True for text that is not a text file at all (NUL bytes early on). */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

/** Binary or over-size input is not analysed; the notice says why. */
export function inputNotice(
  text: string,
  maxChars: number,
  what: 'Dockerfile' | '.dockerignore',
): Notice | undefined {
  if (looksBinary(text)) {
    return {
      message: `This looks like a binary file, not a ${what}: Layerwise did not analyse it.`,
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

/** Runs each rule of `registry` through `check`, which calls the rule with its report function. */
export function runRules<R extends { meta: RuleMeta }>(
  textLength: number,
  registry: readonly R[],
  check: (rule: R, report: (r: Report) => void) => void,
  options: RunOptions = {},
  /** Whether a finding of this rule stands where it was reported (the image role, the platform). */
  applies: (meta: RuleMeta, finding: Finding) => boolean = () => true,
): RunResult {
  const started = options.started ?? Date.now();
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const findings: Finding[] = [];
  const errors: RuleError[] = [];
  const notices: Notice[] = [];
  for (const [index, rule] of registry.entries()) {
    const elapsed = Date.now() - started;
    if (elapsed > budget) {
      notices.push(budgetNotice(elapsed, budget, registry.length - index, registry.length));
      break;
    }
    const ruleId = rule.meta.id;
    const setting = options.rules?.[ruleId];
    if (setting === 'off') continue;
    const found: Finding[] = [];
    let invalid: string | undefined;
    const report = (r: Report): void => {
      const checked = checkRange(r, textLength);
      invalid ??= checked.problem;
      const finding = {
        ruleId,
        severity: setting ?? r.severity ?? rule.meta.severity,
        message: r.message,
        start: checked.start,
        end: checked.end,
      } as Finding;
      if (r.bytes !== undefined && Number.isFinite(r.bytes) && r.bytes >= 0)
        finding.bytes = r.bytes;
      if (r.alsoAt?.length) finding.alsoAt = r.alsoAt.filter((o) => isOffset(o, textLength));
      const fixes = r.fixes ?? [];
      if (typeof fixes !== 'function') {
        const kept = checkFixes(fixes, textLength);
        invalid ??= kept.problem;
        finding.fixes = kept.fixes;
      } else {
        defineLazyFixes(finding, fixes, textLength, (error) => errors.push({ ruleId, error }));
      }
      found.push(finding);
    };
    try {
      check(rule, report);
      for (const f of found) if (applies(rule.meta, f)) findings.push(f);
      if (invalid) errors.push({ ruleId, error: new Error(invalid) });
    } catch (error) {
      errors.push({ ruleId, error });
    }
  }
  return { findings, notices, errors };
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

/**
 * Findings in document order. With `dedupe`, one per rule and range (Dockerfile rules may reach
 * the same instruction through several stages); ignore-file findings are all kept.
 */
export function sortFindings(findings: Finding[], dedupe: boolean): Finding[] {
  const sorted = findings.sort(
    (a, b) =>
      a.start - b.start ||
      a.end - b.end ||
      a.ruleId.localeCompare(b.ruleId) ||
      // Deduplicated: the first reported of a rule and range stays, so no message order.
      (dedupe ? 0 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  if (!dedupe) return sorted;
  const seen = new Set<string>();
  return sorted.filter((f) => {
    const key = `${f.ruleId}:${f.start}:${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
