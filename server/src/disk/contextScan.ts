/**
 * Walks a build context the way BuildKit filters it, to say what `docker build` would send: file
 * count, bytes, biggest folders, and how many files each ignore pattern matches.
 *
 * It runs off the typing path (lens and hover requests), in slices of a few milliseconds so the
 * server keeps answering, within a file and time budget, and caches results per context root and
 * ignore text. It never follows a symlink (a link is sent as a link) and, for the size, skips
 * excluded folders that nothing can re-include.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContextSummary, FolderSize, PatternStats } from '../analysis/contextSummary';
import {
  createMatcher,
  parseDockerignore,
  patternMatches,
  type IgnoreFile,
} from '../parse/dockerignore';

export interface ScanBudget {
  /** Stop after looking at this many entries (files and folders, sent or not). */
  maxEntries: number;
  /** Stop after this long. */
  maxMs: number;
}

export const DEFAULT_BUDGET: ScanBudget = { maxEntries: 50_000, maxMs: 4_000 };

/** Progress shown in the editor once a scan turns out slow. */
export interface ScanProgress {
  report(message: string): void;
  done(): void;
}

export interface ScanOptions {
  budget?: ScanBudget;
  /** Called once when the scan has run for `slowMs`; what it returns gets progress reports. */
  onSlow?: () => Promise<ScanProgress | undefined> | ScanProgress | undefined;
  slowMs?: number;
  /** Set `cancelled` to stop the walk early (a newer scan of the same context replaces it). */
  signal?: { cancelled: boolean };
}

/** Work done between yields to the event loop. */
const SLICE_MS = 8;
/** Entries read from a folder at a time, so one huge folder does not block either. */
const DIR_CHUNK = 256;
const EXAMPLES = 5;

interface Walker {
  /** A folder: return false to skip what is below it. */
  dir(rel: string): boolean;
  /** A file or symlink: return true to have its size reported through `sized`. */
  file(rel: string): boolean;
  sized?(rel: string, bytes: number): void;
}

interface WalkResult {
  complete: boolean;
  stoppedBy?: 'files' | 'time' | 'cancelled';
  visited: number;
  elapsedMs: number;
}

async function walk(root: string, w: Walker, options: ScanOptions): Promise<WalkResult> {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const started = Date.now();
  let sliceStart = started;
  let visited = 0;
  let progress: Promise<ScanProgress | undefined> | undefined;
  let reported = 0;
  const stack: string[] = [''];
  const finish = async (r: Omit<WalkResult, 'visited' | 'elapsedMs'>): Promise<WalkResult> => {
    (await progress)?.done();
    return { ...r, visited, elapsedMs: Date.now() - started };
  };
  /** Yields when the slice is used up; false once the time budget is gone. */
  const pause = async (): Promise<boolean> => {
    const now = Date.now();
    if (now - sliceStart < SLICE_MS) return true;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = Date.now();
    if (!progress && options.onSlow && sliceStart - started >= (options.slowMs ?? 1000)) {
      progress = Promise.resolve(options.onSlow()).catch(() => undefined);
    }
    if (progress && sliceStart - reported >= 250) {
      reported = sliceStart;
      const seen = visited;
      void progress.then((p) => p?.report(`${seen.toLocaleString('en-US')} entries looked at`));
    }
    return sliceStart - started < budget.maxMs;
  };
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let dir: fs.Dir;
    try {
      dir = fs.opendirSync(rel === '' ? root : path.join(root, rel), { bufferSize: DIR_CHUNK });
    } catch {
      continue; // unreadable: BuildKit would fail, we just do not count it
    }
    try {
      for (;;) {
        let entry: fs.Dirent | null = null;
        const sizes: string[] = [];
        let full = false;
        for (let n = 0; n < DIR_CHUNK && !full; n++) {
          entry = dir.readSync();
          if (!entry) break;
          visited++;
          const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
          if (entry.isDirectory()) {
            if (w.dir(childRel)) stack.push(childRel);
          } else if (entry.isFile() || entry.isSymbolicLink()) {
            if (w.file(childRel)) sizes.push(childRel);
          }
          full = visited >= budget.maxEntries;
        }
        // lstat (never stat): a symlink is sent as a link, whatever it points to. In parallel,
        // because on slow file systems these calls dominate.
        if (sizes.length > 0 && w.sized) {
          const got = await Promise.all(
            sizes.map((r) =>
              fs.promises.lstat(path.join(root, r)).then(
                (st) => st.size,
                () => 0,
              ),
            ),
          );
          sizes.forEach((r, k) => w.sized!(r, got[k]!));
        }
        if (full) return await finish({ complete: false, stoppedBy: 'files' });
        if (options.signal?.cancelled)
          return await finish({ complete: false, stoppedBy: 'cancelled' });
        if (!(await pause())) return await finish({ complete: false, stoppedBy: 'time' });
        if (!entry) break;
      }
    } finally {
      dir.closeSync();
    }
  }
  return finish({ complete: true });
}

/** What the build sends: files and bytes after the ignore file, biggest top-level folders. */
export async function scanContextSize(
  root: string,
  ignore: { path: string; text: string } | undefined,
  options: ScanOptions = {},
): Promise<ContextSummary> {
  const matcher = createMatcher(parseDockerignore(ignore?.text ?? ''));
  let files = 0;
  let bytes = 0;
  const folders = new Map<string, FolderSize>();
  const result = await walk(
    root,
    {
      dir: (rel) => !matcher.isExcluded(rel) || matcher.mayReincludeUnder(rel),
      file: (rel) => !matcher.isExcluded(rel),
      sized: (rel, size) => {
        files++;
        bytes += size;
        const slash = rel.indexOf('/');
        if (slash < 0) return;
        const top = rel.slice(0, slash);
        const f = folders.get(top) ?? { path: top, files: 0, bytes: 0 };
        f.files++;
        f.bytes += size;
        folders.set(top, f);
      },
    },
    options,
  );
  return {
    root,
    ignorePath: ignore?.path,
    files,
    bytes,
    complete: result.complete,
    ...(result.stoppedBy ? { stoppedBy: result.stoppedBy } : {}),
    visited: result.visited,
    folders: [...folders.values()]
      .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path))
      .slice(0, 5),
    elapsedMs: result.elapsedMs,
  };
}

/** Per pattern: how many context files it matches and decides, with a few examples. */
export async function scanPatternStats(
  root: string,
  file: IgnoreFile,
  options: ScanOptions = {},
): Promise<PatternStats> {
  const matcher = createMatcher(file);
  const usable = file.patterns
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.error === undefined && p.cleaned !== '');
  const stats = file.patterns.map(() => ({ matched: 0, decided: 0, examples: [] as string[] }));
  const result = await walk(
    root,
    {
      dir: () => true,
      file: (rel) => {
        for (const { p, i } of usable) {
          if (!patternMatches(p, rel)) continue;
          const s = stats[i]!;
          s.matched++;
          if (s.examples.length < EXAMPLES) s.examples.push(rel);
        }
        const d = matcher.decidingPattern(rel);
        if (d >= 0) stats[d]!.decided++;
        return false;
      },
    },
    options,
  );
  return {
    root,
    complete: result.complete,
    ...(result.stoppedBy ? { stoppedBy: result.stoppedBy } : {}),
    visited: result.visited,
    patterns: stats,
  };
}

interface Entry<T> {
  promise: Promise<T>;
  root: string;
  finishedAt?: number;
  signal: { cancelled: boolean };
}

/**
 * Caches scans per context root and ignore text. A result is reused for `ttlMs` (files can change
 * without the editor telling us); `invalidate` drops results for a changed path at once.
 */
export class ContextScanner {
  private readonly entries = new Map<string, Entry<unknown>>();
  /** The latest scan per context and ignore file: typing in the ignore file replaces it. */
  private readonly latest = new Map<string, string>();

  constructor(
    private readonly options: { ttlMs?: number; budget?: ScanBudget; maxEntries?: number } = {},
  ) {}

  size(
    root: string,
    ignore: { path: string; text: string } | undefined,
    onSlow?: ScanOptions['onSlow'],
  ): Promise<ContextSummary> {
    const key = `size\0${root}\0${ignore?.path ?? ''}\0${ignore?.text ?? ''}`;
    return this.cached(key, `size\0${root}\0${ignore?.path ?? ''}`, root, (signal) =>
      scanContextSize(root, ignore, { budget: this.options.budget, onSlow, signal }),
    );
  }

  patterns(root: string, text: string, onSlow?: ScanOptions['onSlow']): Promise<PatternStats> {
    const key = `patterns\0${root}\0${text}`;
    return this.cached(key, `patterns\0${root}`, root, (signal) =>
      scanPatternStats(root, parseDockerignore(text), {
        budget: this.options.budget,
        onSlow,
        signal,
      }),
    );
  }

  /** A finished result for this key, if fresh (never starts a scan). */
  peekSize(
    root: string,
    ignore: { path: string; text: string } | undefined,
  ): ContextSummary | undefined {
    const key = `size\0${root}\0${ignore?.path ?? ''}\0${ignore?.text ?? ''}`;
    const e = this.entries.get(key) as
      (Entry<ContextSummary> & { value?: ContextSummary }) | undefined;
    return e && this.fresh(e) ? e.value : undefined;
  }

  /** Forgets results for contexts that contain `fsPath` (or that it contains). */
  invalidate(fsPath: string): void {
    const p = path.resolve(fsPath);
    for (const [key, e] of this.entries) {
      const rel = path.relative(e.root, p);
      const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
      const above = !path.relative(p, e.root).startsWith('..');
      if (inside || above) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  private fresh(e: Entry<unknown>): boolean {
    return e.finishedAt === undefined || Date.now() - e.finishedAt < (this.options.ttlMs ?? 60_000);
  }

  private cached<T>(
    key: string,
    family: string,
    root: string,
    run: (signal: { cancelled: boolean }) => Promise<T>,
  ): Promise<T> {
    const hit = this.entries.get(key) as Entry<T> | undefined;
    if (hit && this.fresh(hit)) return hit.promise;
    // A scan still running for an older text of the same file is no longer wanted.
    const previous = this.latest.get(family);
    const old = previous !== undefined && previous !== key ? this.entries.get(previous) : undefined;
    if (old && old.finishedAt === undefined) {
      old.signal.cancelled = true;
      this.entries.delete(previous!);
    }
    this.latest.set(family, key);
    const signal = { cancelled: false };
    const entry: Entry<T> & { value?: T } = { root, signal, promise: run(signal) };
    entry.promise.then(
      (v) => {
        entry.finishedAt = Date.now();
        entry.value = v;
        // A cancelled result is partial: never reuse it.
        if (signal.cancelled) this.entries.delete(key);
      },
      () => this.entries.delete(key),
    );
    this.entries.delete(key);
    this.entries.set(key, entry as Entry<unknown>);
    // Oldest first: keep the map small.
    const max = this.options.maxEntries ?? 16;
    for (const k of this.entries.keys()) {
      if (this.entries.size <= max) break;
      this.entries.delete(k);
    }
    return entry.promise;
  }
}
