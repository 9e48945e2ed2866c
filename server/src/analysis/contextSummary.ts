/**
 * What a scan of the build context found (server/src/node/contextScan.ts makes it), and how lenses
 * and hovers word it. Kept here so engine code can show it without touching the file system.
 */

export interface FolderSize {
  /** Top-level folder relative to the context root. */
  path: string;
  files: number;
  bytes: number;
}

export interface ContextSummary {
  /** Absolute context root. */
  root: string;
  /** The ignore file applied (absolute), if any. */
  ignorePath: string | undefined;
  /** Files (and symlinks) the build would send, counted so far. */
  files: number;
  bytes: number;
  /** False when the scan stopped at its budget: the numbers are lower bounds. */
  complete: boolean;
  stoppedBy?: 'files' | 'time' | 'cancelled';
  /** Entries looked at, sent or not. */
  visited: number;
  /** Largest top-level folders sent, by bytes (at most 5). */
  folders: FolderSize[];
  elapsedMs: number;
}

export interface PatternStat {
  /** Context files the pattern matches (itself or through a folder). */
  matched: number;
  /** Files whose fate this pattern decides (last match wins). */
  decided: number;
  examples: string[];
}

export interface PatternStats {
  root: string;
  complete: boolean;
  stoppedBy?: 'files' | 'time' | 'cancelled';
  visited: number;
  /** By pattern index. */
  patterns: PatternStat[];
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function fileCount(n: number): string {
  return `${formatCount(n)} file${n === 1 ? '' : 's'}`;
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** One line: what `docker build` sends for this context. */
export function contextSizeTitle(s: ContextSummary): string {
  const after = s.ignorePath ? `after ${basename(s.ignorePath)}` : 'no .dockerignore';
  if (!s.complete) {
    const why =
      s.stoppedBy === 'cancelled'
        ? 'stopped counting'
        : `stopped counting at the ${s.stoppedBy === 'time' ? 'time' : 'file'} budget`;
    return `Build context: over ${fileCount(s.files)}, over ${formatBytes(s.bytes)} (${after}; ${why})`;
  }
  return `Build context: ${fileCount(s.files)}, ${formatBytes(s.bytes)} (${after})`;
}

/** Plain-text breakdown for tooltips. */
export function contextSizeTooltip(s: ContextSummary): string {
  if (s.folders.length === 0) return contextSizeTitle(s);
  const list = s.folders
    .map((f) => `${f.path}/: ${formatBytes(f.bytes)} in ${fileCount(f.files)}`)
    .join('\n');
  return `Largest folders sent to the builder:\n${list}`;
}

/** Markdown breakdown for hovers. */
export function contextSizeMarkdown(s: ContextSummary): string {
  const lines = [`**${contextSizeTitle(s)}**`];
  if (s.folders.length) {
    lines.push('', 'Largest folders sent to the builder:', '');
    for (const f of s.folders)
      lines.push(`- \`${f.path}/\`: ${formatBytes(f.bytes)} in ${fileCount(f.files)}`);
  }
  if (!s.complete)
    lines.push(
      '',
      `Counted ${formatCount(s.visited)} entries before stopping; the totals are lower bounds.`,
    );
  return lines.join('\n');
}
