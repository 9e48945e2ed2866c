/**
 * Runs the `.dockerignore` rules on one ignore file. The caller supplies the build context the file
 * filters and the Dockerfiles it serves (from disk and open editors); the engine reads nothing.
 */
import { parseDockerignore, type IgnoreFile } from '../parse/dockerignore';
import type { DockerfileModel } from '../parse/model';
import { LineIndex } from '../parse/text';
import { DOCKERIGNORE_RULES } from '../rules';
import { UNKNOWN_CONTEXT, type BuildContext } from '../analysis/context';
import { DEFAULT_MAX_CHARS, looksBinary, type Notice, type RuleSetting } from './lint';
import { eolOf } from '../analysis/ignoreText';
import type { DockerignoreRule, Edit, Finding, Report } from '../rules/types';

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
}

export interface IgnoreLintResult {
  findings: Finding[];
  notices: Notice[];
  errors: { ruleId: string; error: unknown }[];
  file: IgnoreFile | undefined;
}

function inputNotice(text: string, maxChars: number): Notice | undefined {
  if (looksBinary(text))
    return {
      message: 'This looks like a binary file, not a .dockerignore: Layerwise did not analyse it.',
      start: 0,
      end: 0,
    };
  if (text.length > maxChars)
    return {
      message: `This file is ${(text.length / 1024 / 1024).toFixed(1)} MB, over the ${Math.round(maxChars / 1024 / 1024)} MB analysis limit (layerwise.maxFileSizeMB): Layerwise did not analyse it.`,
      start: 0,
      end: 0,
    };
  return undefined;
}

export function lintDockerignore(text: string, options: IgnoreLintOptions = {}): IgnoreLintResult {
  const notice = inputNotice(text, options.maxChars ?? DEFAULT_MAX_CHARS);
  if (notice) return { findings: [], notices: [notice], errors: [], file: undefined };
  const file = parseDockerignore(text);
  const lines = new LineIndex(text);
  const context = options.context ?? UNKNOWN_CONTEXT;
  const registry = options.registry ?? DOCKERIGNORE_RULES;
  const findings: Finding[] = [];
  const errors: IgnoreLintResult['errors'] = [];
  for (const rule of registry) {
    const setting = options.rules?.[rule.meta.id];
    if (setting === 'off') continue;
    const found: Finding[] = [];
    const report = (r: Report): void => {
      found.push({
        ruleId: rule.meta.id,
        severity: setting ?? r.severity ?? rule.meta.severity,
        message: r.message,
        start: r.start,
        end: Math.max(r.start, r.end),
        fixes: typeof r.fixes === 'function' ? r.fixes() : (r.fixes ?? []),
      });
    };
    try {
      rule.check({
        text,
        file,
        lines,
        context,
        dockerfiles: options.dockerfiles ?? [],
        report,
      });
      findings.push(...found);
    } catch (error) {
      errors.push({ ruleId: rule.meta.id, error });
    }
  }
  const kept = suppress(text, file, findings);
  kept.sort(
    (a, b) =>
      a.start - b.start ||
      a.end - b.end ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  return { findings: kept, notices: [], errors, file };
}

/**
 * `^#[ \t]*layerwise[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*([A-Za-z0-9_.,\t -]*?)(?:[ \t]+--.*)?$`,
 * matched in two linear steps: as one regex its lazy id list and `[ \t]+--` backtrack for minutes
 * on a long run of blanks.
 */
const SUPPRESSION_HEAD = /^#[ \t]*layerwise[ \t]+(global[ \t]+)?ignore[ \t]*=/i;
const SUPPRESSION_IDS = /^[A-Za-z0-9_.,\t -]*$/;

function suppressionMatch(line: string): [string, string | undefined, string] | null {
  const head = SUPPRESSION_HEAD.exec(line);
  if (!head) return null;
  const after = line.slice(head[0].length);
  const lead = /^[ \t]*/.exec(after)![0].length;
  const rest = after.slice(lead);
  if (/[\n\r\u2028\u2029]/.test(rest)) return null; // `.` stops at line terminators
  // The ids end where the blanks before the first `--` that follows a blank begin.
  const dash = /[ \t]--/.exec(rest);
  let end = dash ? dash.index : rest.length;
  if (dash) while (end > 0 && (rest[end - 1] === ' ' || rest[end - 1] === '\t')) end--;
  const ids = rest.slice(0, end);
  if (SUPPRESSION_IDS.test(ids)) return [line, head[1], ids];
  // The regex would give a blank back to read `ignore= --reason` as no ids and a reason.
  return lead > 0 && rest.startsWith('--') ? [line, head[1], ''] : null;
}

/**
 * `# layerwise ignore=<id>[,<id>]` on the comment lines right above a pattern drops that pattern's
 * findings; `# layerwise global ignore=<id>` anywhere drops the rule's findings in the file.
 */
function suppress(text: string, file: IgnoreFile, findings: Finding[]): Finding[] {
  const global = new Set<string>();
  /** Pattern line → ids suppressed on it. */
  const byLine = new Map<number, Set<string>>();
  const patternLines = new Set(file.patterns.map((p) => p.line));
  const commentLines = new Set(file.comments.map((c) => c.line));
  for (const c of file.comments) {
    const m = suppressionMatch(text.slice(c.start, c.end));
    if (!m) continue;
    const ids = m[2]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (m[1]) {
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
  const lineOf = new LineIndex(text);
  return findings.filter((f) => {
    if (global.has(f.ruleId)) return false;
    return !byLine.get(lineOf.lineAt(f.start))?.has(f.ruleId);
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
