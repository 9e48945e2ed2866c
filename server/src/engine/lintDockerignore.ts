/**
 * Runs the `.dockerignore` rules on one ignore file. The caller supplies the build context the file
 * filters and the Dockerfiles it serves (from disk and open editors); the engine reads nothing.
 */
import { parseDockerignore, type IgnoreFile } from '../parse/dockerignore';
import type { DockerfileModel } from '../parse/model';
import { LineIndex } from '../parse/text';
import { DOCKERIGNORE_RULES } from '../rules';
import { UNKNOWN_CONTEXT, type BuildContext } from '../analysis/context';
import { parseIgnoreComment } from './ignoreComment';
import {
  DEFAULT_MAX_CHARS,
  inputNotice,
  runRules,
  sortFindings,
  type Notice,
  type RuleError,
  type RuleSetting,
} from './runRules';
import { eolOf } from '../analysis/ignoreText';
import type { DockerignoreRule, Edit, Finding } from '../rules/types';

export interface IgnoreLintOptions {
  /** The context the file filters (root and what exists there). */
  context?: BuildContext;
  /** Dockerfiles whose builds use this ignore file. */
  dockerfiles?: readonly DockerfileModel[];
  /** Per-rule severity overrides by id. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Replaces the registry (tests). */
  registry?: readonly DockerignoreRule[];
  /** Analysis stops with a notice above this many characters. */
  maxChars?: number;
  /** No further rule starts once the analysis has taken this many ms. */
  timeBudgetMs?: number;
}

export interface IgnoreLintResult {
  findings: Finding[];
  notices: Notice[];
  errors: RuleError[];
  file: IgnoreFile | undefined;
}

export function lintDockerignore(text: string, options: IgnoreLintOptions = {}): IgnoreLintResult {
  const notice = inputNotice(text, options.maxChars ?? DEFAULT_MAX_CHARS, '.dockerignore');
  if (notice) return { findings: [], notices: [notice], errors: [], file: undefined };
  const started = Date.now();
  const file = parseDockerignore(text);
  const lines = new LineIndex(text);
  const context = options.context ?? UNKNOWN_CONTEXT;
  const dockerfiles = options.dockerfiles ?? [];
  const registry = options.registry ?? DOCKERIGNORE_RULES;
  const run = runRules(
    text.length,
    registry,
    (rule, report) => rule.check({ text, file, lines, context, dockerfiles, report }),
    { rules: options.rules, timeBudgetMs: options.timeBudgetMs, started },
  );
  const kept = suppress(text, file, lines, run.findings);
  return { findings: sortFindings(kept, false), notices: run.notices, errors: run.errors, file };
}

/**
 * `# layerwise ignore=<id>[,<id>]` on the comment lines right above a pattern drops that pattern's
 * findings; `# layerwise global ignore=<id>` anywhere drops the rule's findings in the file.
 */
function suppress(
  text: string,
  file: IgnoreFile,
  lines: LineIndex,
  findings: Finding[],
): Finding[] {
  const global = new Set<string>();
  /** Pattern line → ids suppressed on it. */
  const byLine = new Map<number, Set<string>>();
  const patternLines = new Set(file.patterns.map((p) => p.line));
  const commentLines = new Set(file.comments.map((c) => c.line));
  for (const c of file.comments) {
    const comment = parseIgnoreComment(text.slice(c.start, c.end));
    // hadolint does not read ignore files: only Layerwise's comments count here.
    if (!comment || comment.tool !== 'layerwise') continue;
    const ids = comment.ids.map((id) => id.text);
    if (comment.global) {
      for (const id of ids) global.add(id);
      continue;
    }
    // Applies to the next pattern line, across further comment lines.
    let line = c.line + 1;
    while (commentLines.has(line)) line++;
    if (!patternLines.has(line)) continue;
    const set = byLine.get(line) ?? new Set<string>();
    for (const id of ids) set.add(id);
    byLine.set(line, set);
  }
  if (global.size === 0 && byLine.size === 0) return findings;
  return findings.filter((f) => {
    if (global.has(f.ruleId)) return false;
    return !byLine.get(lines.lineAt(f.start))?.has(f.ruleId);
  });
}

/**
 * The edit behind "Ignore <id> for this pattern" (a `# layerwise ignore=` line above the pattern
 * at `offset`) or "… in this file" (a `# layerwise global ignore=` line at the top).
 */
export function ignoreFileSuppressEdit(
  text: string,
  ruleId: string,
  offset: number,
  scope: 'pattern' | 'file',
): Edit | undefined {
  const eol = eolOf(text);
  const top = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (scope === 'file')
    return { start: top, end: top, newText: `# layerwise global ignore=${ruleId}${eol}` };
  const pattern = parseDockerignore(text).patterns.find(
    (p) => offset >= p.start && offset <= p.end,
  );
  if (!pattern) return undefined;
  const lines = new LineIndex(text);
  const start = pattern.line === 0 ? top : lines.lineStart(pattern.line);
  return { start, end: start, newText: `# layerwise ignore=${ruleId}${eol}` };
}
