/**
 * The build configurations of one workspace root. Nothing is read until the first question; each
 * file is parsed once and kept until a file event on it, or on a file its parse read (`.env`, the
 * base compose file, the other bake files, a default Dockerfile), invalidates it. Never throws:
 * whatever cannot be read is a problem line.
 */
import * as path from 'node:path';
import {
  DEFAULT_LIMITS,
  PARSERS,
  classify,
  discoverConfigFiles,
  type DiscoveredFile,
  type DiscoveryLimits,
} from './discover';
import { confinedProjectFs } from './confinedFs';
import type { ProjectFs } from './fs';
import { isInside } from './paths';
import type { BuildConfig, ParseHelpers, ParseResult, ProjectProblem } from './types';

export interface IndexOptions {
  fs?: ProjectFs;
  limits?: Partial<DiscoveryLimits>;
}

export interface ProjectBuilds {
  /** Sorted by file, then line. */
  configs: BuildConfig[];
  problems: ProjectProblem[];
}

interface Entry {
  result: ParseResult;
  /** Every path the parse read or looked for. */
  deps: Set<string>;
  /** Real path of each configuration's Dockerfile, in `result.configs` order. */
  realDockerfiles: string[];
}

export class BuildConfigIndex {
  readonly root: string;
  private readonly fs: ProjectFs;
  private readonly limits: DiscoveryLimits;
  private realRoot: string | undefined;
  private files: DiscoveredFile[] | undefined;
  private discoveryProblems: ProjectProblem[] = [];
  private readonly cache = new Map<string, Entry>();
  private memo: { builds: ProjectBuilds; real: string[] } | undefined;

  constructor(root: string, options: IndexOptions = {}) {
    this.root = path.resolve(root);
    // Nothing a link leads to outside the workspace is read.
    this.fs = options.fs ?? confinedProjectFs(this.root);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /** Every configuration and every problem found under the root. */
  all(): ProjectBuilds {
    return this.compute().builds;
  }

  /** The configurations that build this Dockerfile (compared after resolving links). */
  configsFor(dockerfile: string): BuildConfig[] {
    const { builds, real } = this.compute();
    const abs = path.resolve(this.root, dockerfile);
    const target = this.fs.realpath(abs) ?? abs;
    return builds.configs.filter((_, i) => real[i] === target);
  }

  /** Whether a file event on this path can change the answers (a build file, or a file one of them read). */
  affects(changedPath: string): boolean {
    const abs = path.resolve(this.root, changedPath);
    if (!isInside(this.root, abs)) return false;
    if (classify(abs, this.depthOf(abs), this.limits)) return true;
    for (const [file, e] of this.cache) if (file === abs || e.deps.has(abs)) return true;
    return false;
  }

  /** Drops what this path contributed (its own parse and every parse that read it); re-read on the next question. */
  invalidate(changedPath: string): void {
    const abs = path.resolve(this.root, changedPath);
    for (const [file, e] of this.cache) {
      if (file === abs || e.deps.has(abs) || isInside(abs, file)) this.cache.delete(file);
    }
    const listed = this.files?.some((f) => f.path === abs);
    const folder =
      this.files?.some((f) => f.path !== abs && isInside(abs, f.path)) ||
      this.fs.stat(abs)?.kind === 'dir';
    if (listed || folder || classify(abs, this.depthOf(abs), this.limits)) this.files = undefined;
    this.memo = undefined;
  }

  private depthOf(abs: string): number {
    return path.relative(this.root, path.dirname(abs)).split(path.sep).filter(Boolean).length;
  }

  private compute(): { builds: ProjectBuilds; real: string[] } {
    if (this.memo) return this.memo;
    if (!this.files) {
      this.realRoot = this.fs.realpath(this.root) ?? this.root;
      const found = discoverConfigFiles(this.root, this.fs, this.limits);
      this.files = found.files;
      this.discoveryProblems = found.problems;
      const keep = new Set(found.files.map((f) => f.path));
      for (const file of this.cache.keys()) if (!keep.has(file)) this.cache.delete(file);
    }
    const pairs: { config: BuildConfig; real: string }[] = [];
    const problems = [...this.discoveryProblems];
    const development = new Set<string>();
    for (const f of this.files) {
      const e = this.entry(f);
      e.result.configs.forEach((config, i) => pairs.push({ config, real: e.realDockerfiles[i]! }));
      problems.push(...e.result.problems);
      for (const d of e.result.developmentServices ?? [])
        development.add(`${this.real(d.composeFile)}\0${d.service}`);
    }
    pairs.sort((a, b) => compare(a.config, b.config));
    const configs = pairs.map(({ config }) =>
      config.source.kind === 'compose' &&
      config.role !== 'development' &&
      development.has(`${this.real(config.source.file)}\0${config.source.name}`)
        ? { ...config, role: 'development' as const }
        : config,
    );
    this.memo = { builds: { configs, problems }, real: pairs.map((p) => p.real) };
    return this.memo;
  }

  private real(p: string): string {
    return this.fs.realpath(p) ?? p;
  }

  private entry(f: DiscoveredFile): Entry {
    const cached = this.cache.get(f.path);
    if (cached) return cached;
    const deps = new Set<string>();
    const helpers: ParseHelpers = {
      root: this.root,
      readFile: (p) => {
        deps.add(p);
        const size = this.fs.stat(p)?.size;
        if (size === undefined || size > this.limits.maxFileBytes || !this.inRoot(p))
          return undefined;
        return this.fs.readFile(p);
      },
      exists: (p) => {
        deps.add(p);
        return this.inRoot(p) && this.fs.stat(p)?.kind === 'file';
      },
    };
    let result: ParseResult;
    const text = this.fs.readFile(f.path);
    try {
      result =
        text === undefined ? { configs: [], problems: [] } : PARSERS[f.kind](f.path, text, helpers);
    } catch (e) {
      result = {
        configs: [],
        problems: [{ file: f.path, message: `could not be read: ${(e as Error).message}` }],
      };
    }
    const configs: BuildConfig[] = [];
    const realDockerfiles: string[] = [];
    for (const c of result.configs) {
      const realDf = this.real(c.dockerfile);
      if (!this.inRoot(c.context) || !this.inRoot(c.dockerfile)) {
        const what = c.source.name ? `'${c.source.name}'` : 'a build';
        result.problems.push({
          file: c.source.file,
          line: c.source.line,
          message: `${what}: context or Dockerfile outside the workspace; skipped`,
        });
        continue;
      }
      configs.push(c);
      realDockerfiles.push(realDf);
    }
    const entry: Entry = { result: { ...result, configs }, deps, realDockerfiles };
    this.cache.set(f.path, entry);
    return entry;
  }

  /** Inside the root, lexically and after resolving links (a path that does not exist yet: lexically). */
  private inRoot(p: string): boolean {
    if (!isInside(this.root, p) && !isInside(this.realRoot ?? this.root, p)) return false;
    const real = this.fs.realpath(p);
    return real === undefined || isInside(this.realRoot ?? this.root, real);
  }
}

function compare(a: BuildConfig, b: BuildConfig): number {
  if (a.source.file !== b.source.file) return a.source.file < b.source.file ? -1 : 1;
  return a.source.line - b.source.line;
}
