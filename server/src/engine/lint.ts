import { buildModel, type DockerfileModel } from '../parse/model';
import { DOCKERFILE_RULES } from '../rules';
import { UNKNOWN_CONTEXT, type BuildContext } from './context';
import type { DockerfileRule, Finding, Report, Severity } from './types';

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
  /** Rules that threw: their findings are dropped, every other rule still reports. */
  errors: { ruleId: string; error: unknown }[];
  model: DockerfileModel | undefined;
}

export const DEFAULT_MAX_CHARS = 4 * 1024 * 1024;

/** True for text that is not a text file at all (NUL bytes early on). */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

export function lintDockerfile(text: string, options: LintOptions = {}): LintResult {
  const notice = inputNotice(text, options.maxChars ?? DEFAULT_MAX_CHARS);
  if (notice) return { findings: [], notices: [notice], errors: [], model: undefined };
  const model = buildModel(text, { target: options.target });
  const context = options.context ?? UNKNOWN_CONTEXT;
  const findings: Finding[] = [];
  const errors: LintResult['errors'] = [];
  for (const rule of options.registry ?? DOCKERFILE_RULES) {
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
        fixes: r.fixes ?? [],
      });
    };
    try {
      rule.check({ model, context, report });
      findings.push(...found);
    } catch (error) {
      errors.push({ ruleId: rule.meta.id, error });
    }
  }
  return { findings: sortUnique(findings), notices: [], errors, model };
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
      message: `This file is ${mb} MB, over the ${Math.round(maxChars / 1024 / 1024)} MB analysis limit (layerwise.maxFileSize): Layerwise did not analyse it.`,
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
