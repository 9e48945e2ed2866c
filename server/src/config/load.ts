/**
 * Finds and caches the project configuration that applies to a Dockerfile: the nearest
 * `.layerwise.json` walking up from the Dockerfile's folder (stopping at the repository root, the
 * first folder holding `.git`), or else the nearest `.hadolint.yaml`/`.hadolint.yml`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hadolintCodes } from '../engine/suppressions';
import { ALL_RULES } from '../rules';
import {
  CONFIG_FILE_NAME,
  emptyConfig,
  parseConfig,
  type ConfigProblem,
  type FailLevel,
  type LayerwiseConfig,
  type ParsedConfig,
  type RuleLevel,
} from './config';
import { compileGlob, type PathMatcher } from './glob';
import { HADOLINT_FILE_NAMES, parseHadolintConfig } from './hadolint';

export interface ConfigSource {
  /** Absolute path of the file. */
  path: string;
  kind: 'layerwise' | 'hadolint';
  text: string;
  config: LayerwiseConfig;
  problems: ConfigProblem[];
}

/** What the configuration says about one Dockerfile. */
export interface FileConfig {
  source: ConfigSource | undefined;
  rules: Record<string, RuleLevel>;
  /** Matched by an `ignore` pattern: not analysed. */
  ignored: boolean;
  /** Absolute build context folder, when the config names one. */
  context: string | undefined;
  target: string | undefined;
  failLevel: FailLevel | undefined;
  reportUnusedSuppressions: boolean | undefined;
}

const MAX_CONFIG_BYTES = 1024 * 1024;

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

export function parseConfigText(filePath: string, text: string): ParsedConfig {
  const ids = new Set(ALL_RULES.map((r) => r.meta.id));
  return /\.ya?ml$/i.test(filePath)
    ? parseHadolintConfig(text, hadolintCodes(ALL_RULES))
    : parseConfig(text, ids);
}

/** Reads and parses a config file; unreadable files become one problem, never an exception. */
export function readConfigFile(filePath: string): ConfigSource {
  const abs = path.resolve(filePath);
  const kind = /\.ya?ml$/i.test(abs) ? 'hadolint' : 'layerwise';
  let text: string;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) throw new Error('not a file');
    if (st.size > MAX_CONFIG_BYTES) throw new Error('larger than 1 MB');
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return {
      path: abs,
      kind,
      text: '',
      config: emptyConfig(),
      problems: [
        {
          message: `Cannot read ${path.basename(abs)} (${reason}); Layerwise uses its defaults.`,
          start: 0,
          end: 0,
          severity: 'error',
        },
      ],
    };
  }
  const parsed = parseConfigText(abs, text);
  return { path: abs, kind, text, ...parsed };
}

const compiled = new WeakMap<
  LayerwiseConfig,
  { ignore: PathMatcher[]; dockerfiles: PathMatcher[] }
>();

/** The config's patterns, compiled once (a folder walk asks for every file and folder). */
function matchers(c: LayerwiseConfig): { ignore: PathMatcher[]; dockerfiles: PathMatcher[] } {
  let m = compiled.get(c);
  if (!m) {
    m = {
      ignore: c.ignore.map(compileGlob),
      dockerfiles: c.dockerfiles.map((d) => compileGlob(d.pattern)),
    };
    compiled.set(c, m);
  }
  return m;
}

export interface LoaderOptions {
  /** Read `.hadolint.yaml` when no `.layerwise.json` is found (default true). */
  hadolint?: boolean;
  /** Use this file for every Dockerfile instead of searching (`--config`). */
  explicit?: string;
}

/** Cached lookups; call `clear()` when config files change. */
export class ConfigLoader {
  private readonly found = new Map<string, string | null>();
  private readonly sources = new Map<string, ConfigSource>();

  constructor(private readonly options: LoaderOptions = {}) {}

  clear(): void {
    this.found.clear();
    this.sources.clear();
  }

  /** Every config file read since the last `clear()`. */
  loaded(): ConfigSource[] {
    return [...this.sources.values()];
  }

  /** The config file that applies to files in `dir` (absolute), if any. */
  configPathFor(dir: string): string | undefined {
    if (this.options.explicit) return path.resolve(this.options.explicit);
    const layerwise = this.nearest(path.resolve(dir), [CONFIG_FILE_NAME], 'lw');
    if (layerwise) return layerwise;
    if (this.options.hadolint === false) return undefined;
    return this.nearest(path.resolve(dir), HADOLINT_FILE_NAMES, 'hl');
  }

  private nearest(dir: string, names: string[], tag: string): string | undefined {
    const seen: string[] = [];
    let d = dir;
    let result: string | null = null;
    for (;;) {
      const cached = this.found.get(`${tag}:${d}`);
      if (cached !== undefined) {
        result = cached;
        break;
      }
      seen.push(d);
      const hit = names.map((n) => path.join(d, n)).find(isFile);
      if (hit) {
        result = hit;
        break;
      }
      const parent = path.dirname(d);
      if (parent === d || exists(path.join(d, '.git'))) break;
      d = parent;
    }
    for (const s of seen) this.found.set(`${tag}:${s}`, result);
    return result ?? undefined;
  }

  source(configPath: string): ConfigSource {
    let s = this.sources.get(configPath);
    if (!s) {
      s = readConfigFile(configPath);
      this.sources.set(configPath, s);
    }
    return s;
  }

  /** The configuration for a Dockerfile at `file` (absolute or relative to the cwd). */
  forFile(file: string): FileConfig {
    const abs = path.resolve(file);
    const configPath = this.configPathFor(path.dirname(abs));
    if (!configPath) {
      return {
        source: undefined,
        rules: {},
        ignored: false,
        context: undefined,
        target: undefined,
        failLevel: undefined,
        reportUnusedSuppressions: undefined,
      };
    }
    const source = this.source(configPath);
    const base = path.dirname(source.path);
    const rel = path.relative(base, abs).split(path.sep).join('/');
    const inside = !rel.startsWith('../') && rel !== '..' && !path.isAbsolute(rel);
    const c = source.config;
    const m = matchers(c);
    const ignored = inside && m.ignore.some((g) => g.matches(rel));
    const entry = inside
      ? c.dockerfiles[m.dockerfiles.findIndex((g) => g.matches(rel))]
      : undefined;
    return {
      source,
      rules: c.rules,
      ignored,
      context: entry?.context !== undefined ? path.resolve(base, entry.context) : undefined,
      target: entry?.target ?? c.target,
      failLevel: c.failLevel,
      reportUnusedSuppressions: c.reportUnusedSuppressions,
    };
  }
}
