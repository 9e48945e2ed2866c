/**
 * Finds and caches the project configuration that applies to a Dockerfile: the nearest
 * `.layerwise.json` walking up from the Dockerfile's folder (stopping at the repository root, the
 * first folder holding `.git`), or else the nearest `.hadolint.yaml`/`.hadolint.yml`.
 *
 * A discovered file comes with the repository, which may be untrusted: it is read only if it really
 * lies inside its project (a link out of it is not followed), and a build context it names is used
 * only if it really lies inside too, so that a checkout cannot point the analysis (file counts,
 * sizes, names) at other folders of the machine. A file named with `--config` is the user's choice
 * and is taken as it is, like `--context`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hadolintCodes } from './aliases';
import { ALL_RULES } from '../rules';
import {
  CONFIG_FILE_NAME,
  emptyConfig,
  type DockerfileEntry,
  parseConfig,
  type ConfigProblem,
  type FailLevel,
  type LayerwiseConfig,
  type ParsedConfig,
  type RuleLevel,
} from './config';
import { compileGlob, type PathMatcher } from './glob';
import { HADOLINT_FILE_NAMES, parseHadolintConfig } from './hadolint';
import type { ImageRole } from '../rules/types';

export interface ConfigSource {
  /** Absolute path of the file. */
  path: string;
  kind: 'layerwise' | 'hadolint';
  text: string;
  config: LayerwiseConfig;
  problems: ConfigProblem[];
  contextSpans?: ParsedConfig['contextSpans'];
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
  /** `role` of the matching `dockerfiles` entry, else the top-level `role`. */
  role?: ImageRole | undefined;
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

function kindOf(file: string): ConfigSource['kind'] {
  return /\.ya?ml$/i.test(file) ? 'hadolint' : 'layerwise';
}

/** A config that is not used: its defaults, with one problem saying why. */
function unusedConfig(abs: string, message: string): ConfigSource {
  return {
    path: abs,
    kind: kindOf(abs),
    text: '',
    config: emptyConfig(),
    problems: [{ message, start: 0, end: 0, severity: 'error' }],
  };
}

/**
 * Reads and parses a config file; unreadable files become one problem, never an exception.
 * `readPath` is where to read it from (the link's checked target), when not `filePath` itself.
 */
export function readConfigFile(filePath: string, readPath: string = filePath): ConfigSource {
  const abs = path.resolve(filePath);
  let text: string;
  try {
    const st = fs.statSync(readPath);
    if (!st.isFile()) throw new Error('not a file');
    if (st.size > MAX_CONFIG_BYTES) throw new Error('larger than 1 MB');
    text = fs.readFileSync(readPath, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return unusedConfig(
      abs,
      `Cannot read ${path.basename(abs)} (${reason}); Layerwise uses its defaults.`,
    );
  }
  const parsed = parseConfigText(abs, text);
  return { path: abs, kind: kindOf(abs), text, ...parsed };
}

/** `p` is `dir` or below it (both absolute, compared as written). */
function contains(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Where `p` really is, every link followed; for a path that does not exist (yet), the real path
 * of its deepest existing ancestor with the rest appended. Undefined when that cannot be known
 * (a link loop, no permission): such a path is never taken as inside anything.
 */
export function realPath(p: string): string | undefined {
  let d = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(d), ...rest);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
      const parent = path.dirname(d);
      if (parent === d) return undefined;
      rest.unshift(path.basename(d));
      d = parent;
    }
  }
}

/** The folder a discovered config file and the paths it names must stay inside. */
export interface ConfigBoundary {
  dir: string;
  /** `dir` with its links resolved; undefined when unknown (then nothing is inside). */
  real: string | undefined;
  /** How messages name it. */
  what: string;
}

/** Whether `p` (absolute), once its links are resolved, lies inside the boundary. */
export function insideBoundary(p: string, b: ConfigBoundary): boolean {
  const real = realPath(p);
  return b.real !== undefined && real !== undefined && contains(b.real, real);
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
  /**
   * The editor's workspace folders: a discovered config file inside one of them, and the build
   * contexts it names, must really lie inside the innermost one. A file in none of them (or
   * without this option) is bounded by its repository: the nearest folder holding `.git` at or
   * above it, else its own folder.
   */
  roots?: readonly string[] | (() => readonly string[]);
}

/** Cached lookups; call `clear()` when config files change. */
export class ConfigLoader {
  private readonly found = new Map<string, string | null>();
  private readonly sources = new Map<string, ConfigSource>();
  private readonly boundaries = new Map<string, ConfigBoundary>();

  constructor(private readonly options: LoaderOptions = {}) {}

  clear(): void {
    this.found.clear();
    this.sources.clear();
    this.boundaries.clear();
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

  /** The boundary of a discovered config file; undefined for the `--config` file (not bounded). */
  boundaryOf(configPath: string): ConfigBoundary | undefined {
    const abs = path.resolve(configPath);
    if (this.options.explicit && abs === path.resolve(this.options.explicit)) return undefined;
    let b = this.boundaries.get(abs);
    if (b) return b;
    const dir = path.dirname(abs);
    const roots =
      typeof this.options.roots === 'function' ? this.options.roots() : this.options.roots;
    const root = (roots ?? [])
      .map((r) => path.resolve(r))
      .filter((r) => contains(r, dir))
      .sort((x, y) => y.length - x.length)[0];
    if (root) b = { dir: root, real: realPath(root), what: 'the workspace folder' };
    else {
      for (let d = dir; ;) {
        if (exists(path.join(d, '.git'))) {
          b = { dir: d, real: realPath(d), what: 'the repository' };
          break;
        }
        const parent = path.dirname(d);
        if (parent === d) break;
        d = parent;
      }
      b ??= { dir, real: realPath(dir), what: `the folder of ${path.basename(abs)}` };
    }
    this.boundaries.set(abs, b);
    return b;
  }

  source(configPath: string): ConfigSource {
    let s = this.sources.get(configPath);
    if (!s) {
      s = this.readChecked(configPath);
      this.sources.set(configPath, s);
    }
    return s;
  }

  /**
   * A discovered file is read only where it really is inside its boundary (so a link to a file
   * elsewhere on the machine is not), and its build contexts must be inside too: the problems
   * say which were ignored.
   */
  private readChecked(configPath: string): ConfigSource {
    const b = this.boundaryOf(configPath);
    if (!b) return readConfigFile(configPath);
    const abs = path.resolve(configPath);
    const real = realPath(abs);
    if (real === undefined || b.real === undefined || !contains(b.real, real)) {
      return unusedConfig(
        abs,
        `Not read: ${path.basename(abs)} leads outside ${b.what} (${b.dir}) through a symbolic link; Layerwise uses its defaults.`,
      );
    }
    const s = readConfigFile(abs, real);
    const base = path.dirname(abs);
    for (const entry of s.config.dockerfiles) {
      if (entry.context === undefined || insideBoundary(path.resolve(base, entry.context), b))
        continue;
      const at = s.contextSpans?.get(entry) ?? { start: 0, end: 0 };
      s.problems.push({
        message: `The build context "${entry.context}" is outside ${b.what} (${b.dir}); ignored, so the Dockerfile's own folder is its context. Give a context outside with --context (CLI) or the layerwise.buildContexts setting.`,
        start: at.start,
        end: at.end,
        severity: 'warning',
      });
    }
    return s;
  }

  /** The context folder of an entry, unless it (now) leads out of the config's boundary. */
  private contextOf(source: ConfigSource, entry: DockerfileEntry | undefined): string | undefined {
    if (entry?.context === undefined) return undefined;
    const dir = path.resolve(path.dirname(source.path), entry.context);
    const b = this.boundaryOf(source.path);
    // Checked again on each use: a folder may have become a link since the file was read.
    return !b || insideBoundary(dir, b) ? dir : undefined;
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
      context: this.contextOf(source, entry),
      target: entry?.target ?? c.target,
      role: entry?.role ?? c.role,
      failLevel: c.failLevel,
      reportUnusedSuppressions: c.reportUnusedSuppressions,
    };
  }
}
