/**
 * hadolint interop: a project's `.hadolint.yaml` (used only when it has no `.layerwise.json`)
 * carries over `ignored`, `override` and `failure-threshold` to the Layerwise rules that alias
 * the hadolint codes (RuleMeta.aliases, e.g. `hadolint DL3015` → apt-no-install-recommends).
 */
import * as yaml from 'js-yaml';
import type { Severity } from '../rules/types';
import { emptyConfig, type ConfigProblem, type FailLevel, type ParsedConfig } from './config';

export const HADOLINT_FILE_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

const LEVELS: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'hint',
};

/** `codes` maps a hadolint code (DL3015) to the rules that alias it. */
export function parseHadolintConfig(
  text: string,
  codes: ReadonlyMap<string, readonly string[]>,
): ParsedConfig {
  const config = emptyConfig();
  const problems: ConfigProblem[] = [];
  const whole = { start: 0, end: Math.min(text.length, Math.max(1, text.indexOf('\n'))) };
  let doc: unknown;
  try {
    doc = yaml.load(text, { json: true });
  } catch (e) {
    const pos = (e as { mark?: { position?: number } }).mark?.position ?? 0;
    const reason = (e as { reason?: string }).reason ?? (e as Error).message;
    problems.push({
      message: `This hadolint configuration is not valid YAML (${reason}); Layerwise ignores it until it is fixed.`,
      start: Math.min(pos, text.length),
      end: Math.min(pos + 1, text.length),
      severity: 'error',
    });
    return { config, problems };
  }
  if (doc === undefined || doc === null) return { config, problems };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({
      message: 'A hadolint configuration must be a YAML mapping; Layerwise ignores it.',
      ...whole,
      severity: 'error',
    });
    return { config, problems };
  }
  const d = doc as Record<string, unknown>;
  const warn = (message: string): void => {
    problems.push({ message, ...whole, severity: 'warning' });
  };
  const codeList = (v: unknown, what: string): string[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      warn(`hadolint "${what}" must be a list of rule codes; ignored by Layerwise.`);
      return [];
    }
    return v.filter((x): x is string => typeof x === 'string').map((x) => x.trim().toUpperCase());
  };
  const set = (code: string, level: Severity | 'off'): void => {
    for (const id of codes.get(code) ?? []) config.rules[id] = level;
  };
  // hadolint applies overrides first and `ignored` last, so an ignored code stays off.
  const override = d['override'];
  if (override !== undefined && override !== null) {
    if (typeof override !== 'object' || Array.isArray(override))
      warn('hadolint "override" must be a mapping of level → codes; ignored by Layerwise.');
    else {
      for (const [level, list] of Object.entries(override as Record<string, unknown>)) {
        const sev = LEVELS[level];
        if (!sev) {
          warn(
            `hadolint override level "${level}" is unknown (error, warning, info, style); ignored.`,
          );
          continue;
        }
        for (const code of codeList(list, `override.${level}`)) set(code, sev);
      }
    }
  }
  for (const code of codeList(d['ignored'], 'ignored')) set(code, 'off');
  const threshold = d['failure-threshold'];
  if (typeof threshold === 'string') {
    const t = threshold.toLowerCase();
    const fail: FailLevel | undefined =
      t === 'none' || t === 'ignore' ? 'none' : (LEVELS[t] as FailLevel | undefined);
    if (fail) config.failLevel = fail;
    else warn(`hadolint "failure-threshold: ${threshold}" is unknown; ignored by Layerwise.`);
  }
  if (d['no-fail'] === true) config.failLevel = 'none';
  return { config, problems };
}
