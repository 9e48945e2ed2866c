/**
 * The project configuration file `.layerwise.json`: reading and checking it. A file that is not
 * valid JSON yields one problem and the defaults; a wrong value yields a problem on that value,
 * which is then ignored while the rest of the file still applies.
 */
import { parseJson, JsonSyntaxError, type JsonNode } from './json';
import { IMAGE_ROLES, isImageRole, type ImageRole, type Severity } from '../rules/types';

export const CONFIG_FILE_NAME = '.layerwise.json';

export type RuleLevel = Severity | 'off';
export type FailLevel = Severity | 'none';

/** Severity names accepted in the file (`information` as VS Code settings spell it). */
export const RULE_LEVELS = ['off', 'hint', 'info', 'information', 'warning', 'error'] as const;
export const FAIL_LEVELS = ['error', 'warning', 'info', 'hint', 'none'] as const;

export interface DockerfileEntry {
  /** Matches the Dockerfile's path relative to the config folder. */
  pattern: string;
  /** Build context folder, relative to the config folder. */
  context?: string;
  target?: string;
  /** The kind of image the file makes, when Layerwise's evidence is wrong. */
  role?: ImageRole;
}

export interface LayerwiseConfig {
  rules: Record<string, RuleLevel>;
  /** Path patterns, relative to the config folder, of files not to analyse. */
  ignore: string[];
  failLevel?: FailLevel;
  target?: string;
  /** The kind of image every Dockerfile below makes (a `dockerfiles` entry's `role` wins). */
  role?: ImageRole;
  dockerfiles: DockerfileEntry[];
  reportUnusedSuppressions?: boolean;
}

export interface ConfigProblem {
  message: string;
  /** Offsets in the config file's text. */
  start: number;
  end: number;
  severity: 'error' | 'warning';
}

export interface ParsedConfig {
  config: LayerwiseConfig;
  problems: ConfigProblem[];
  /** Where each `dockerfiles` entry's `context` value is in the text (for problems found later). */
  contextSpans?: Map<DockerfileEntry, { start: number; end: number }>;
}

export function emptyConfig(): LayerwiseConfig {
  return { rules: {}, ignore: [], dockerfiles: [] };
}

export function ruleLevel(v: string): RuleLevel | undefined {
  if (v === 'information') return 'info';
  return (RULE_LEVELS as readonly string[]).includes(v) ? (v as RuleLevel) : undefined;
}

const ROLE_LIST = IMAGE_ROLES.map((r) => `"${r}"`).join(', ');

const KEYS = [
  '$schema',
  'rules',
  'ignore',
  'failLevel',
  'target',
  'role',
  'dockerfiles',
  'reportUnusedSuppressions',
];

/** Reads `.layerwise.json` text; `knownRules` are the registry's ids. */
export function parseConfig(text: string, knownRules: ReadonlySet<string>): ParsedConfig {
  const config = emptyConfig();
  const problems: ConfigProblem[] = [];
  const contextSpans = new Map<DockerfileEntry, { start: number; end: number }>();
  let root: JsonNode;
  try {
    root = parseJson(text);
  } catch (e) {
    const offset = e instanceof JsonSyntaxError ? e.offset : 0;
    problems.push({
      message: `${CONFIG_FILE_NAME} is not valid JSON (${(e as Error).message}); Layerwise uses its defaults until it is fixed.`,
      start: offset,
      end: Math.min(text.length, offset + 1),
      severity: 'error',
    });
    return { config, problems };
  }
  const warn = (node: { start: number; end: number }, message: string): void => {
    problems.push({ message, start: node.start, end: node.end, severity: 'warning' });
  };
  if (root.type !== 'object') {
    problems.push({
      message: `${CONFIG_FILE_NAME} must hold a JSON object, e.g. { "rules": { "missing-cache-mount": "off" } }; Layerwise uses its defaults.`,
      start: root.start,
      end: root.end,
      severity: 'error',
    });
    return { config, problems };
  }
  const nonEmptyString = (node: JsonNode, what: string): string | undefined => {
    if (node.type === 'string' && node.value.trim() !== '') return node.value;
    warn(node, `${what} must be a non-empty string; ignored.`);
    return undefined;
  };
  for (const prop of root.props) {
    const v = prop.value;
    const keyNode = { start: prop.keyStart, end: prop.keyEnd };
    switch (prop.key) {
      case '$schema':
        break;
      case 'rules':
        if (v.type !== 'object') {
          warn(
            v,
            '"rules" must be an object of rule id → "off", "hint", "info", "warning" or "error"; ignored.',
          );
          break;
        }
        for (const r of v.props) {
          if (!knownRules.has(r.key)) {
            warn({ start: r.keyStart, end: r.keyEnd }, `Unknown rule id "${r.key}"; ignored.`);
            continue;
          }
          const level = r.value.type === 'string' ? ruleLevel(r.value.value) : undefined;
          if (!level) {
            warn(
              r.value,
              `The severity of "${r.key}" must be "off", "hint", "info", "warning" or "error"; ignored.`,
            );
            continue;
          }
          config.rules[r.key] = level;
        }
        break;
      case 'ignore':
        if (v.type !== 'array') {
          warn(v, '"ignore" must be an array of path patterns; ignored.');
          break;
        }
        for (const item of v.items) {
          const s = nonEmptyString(item, 'Each "ignore" entry');
          if (s !== undefined) config.ignore.push(s);
        }
        break;
      case 'failLevel':
        if (v.type === 'string' && (FAIL_LEVELS as readonly string[]).includes(v.value))
          config.failLevel = v.value as FailLevel;
        else warn(v, '"failLevel" must be "error", "warning", "info", "hint" or "none"; ignored.');
        break;
      case 'target': {
        const s = nonEmptyString(v, '"target"');
        if (s !== undefined) config.target = s;
        break;
      }
      case 'role':
        if (v.type === 'string' && isImageRole(v.value)) config.role = v.value;
        else warn(v, `"role" must be one of ${ROLE_LIST}; ignored.`);
        break;
      case 'reportUnusedSuppressions':
        if (v.type === 'boolean') config.reportUnusedSuppressions = v.value;
        else warn(v, '"reportUnusedSuppressions" must be true or false; ignored.');
        break;
      case 'dockerfiles':
        if (v.type !== 'object') {
          warn(
            v,
            '"dockerfiles" must be an object of path pattern → { "context": …, "target": … }; ignored.',
          );
          break;
        }
        for (const d of v.props) {
          if (d.value.type !== 'object') {
            warn(
              d.value,
              `"dockerfiles" entry "${d.key}" must be an object with "context" and/or "target"; ignored.`,
            );
            continue;
          }
          const entry: DockerfileEntry = { pattern: d.key };
          for (const f of d.value.props) {
            if (f.key === 'role') {
              if (f.value.type === 'string' && isImageRole(f.value.value))
                entry.role = f.value.value;
              else warn(f.value, `"role" must be one of ${ROLE_LIST}; ignored.`);
            } else if (f.key === 'context' || f.key === 'target') {
              const s = nonEmptyString(f.value, `"${f.key}"`);
              if (s === undefined) continue;
              entry[f.key] = s;
              if (f.key === 'context')
                contextSpans.set(entry, { start: f.value.start, end: f.value.end });
            } else
              warn(
                { start: f.keyStart, end: f.keyEnd },
                `Unknown key "${f.key}" (use "context", "target" or "role"); ignored.`,
              );
          }
          config.dockerfiles.push(entry);
        }
        break;
      default:
        warn(
          keyNode,
          `Unknown key "${prop.key}" (known: ${KEYS.filter((k) => k !== '$schema').join(', ')}); ignored.`,
        );
    }
  }
  return { config, problems, contextSpans };
}
