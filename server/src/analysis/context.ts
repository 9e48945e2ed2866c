/**
 * What the engine may know about the build context. The CLI and the server supply it from the
 * file system (with unsaved editor text winning); tests supply it from a table.
 */
export interface BuildContext {
  /** Absolute path of the context root ('' when unknown, e.g. stdin or an untitled document). */
  root: string;
  /** False when nothing is known about the files (then rules that need them stay quiet). */
  known: boolean;
  /** Whether a file or folder exists at a slash-separated path relative to the root. */
  exists(relPath: string): boolean;
  /** True for a folder, false for anything else that exists, undefined when not known. */
  isDirectory?(relPath: string): boolean | undefined;
  /** The ignore file that applies to this build, if any. */
  ignoreFile: { path: string; text: string } | undefined;
  /**
   * The text of a small regular file of the context (manifests, `.npmrc`, `.env`), or undefined
   * when it is absent, too large, not a regular file, or its contents are not known.
   */
  readText?(relPath: string): string | undefined;
}

/** Largest file `readText` reads from disk: manifests and credentials files are small. */
export const MAX_READ_BYTES = 256 * 1024;

/**
 * A file with its text, for a path list (`contextFromList`, test tables, doc examples):
 * the path, a newline, then the text. Paths never contain a newline.
 */
export function withText(relPath: string, text: string): string {
  return `${relPath}\n${text}`;
}

export const UNKNOWN_CONTEXT: BuildContext = {
  root: '',
  known: false,
  exists: () => false,
  ignoreFile: undefined,
};

/**
 * A context made of a fixed list of paths (tests, and `--stdin` with no folder); an entry made by
 * `withText` also gives the file's text (other files' texts are unknown).
 */
export function contextFromList(
  root: string,
  paths: readonly string[],
  ignoreFile?: { path: string; text: string },
): BuildContext {
  const set = new Set<string>();
  // A listed path ending in '/', or one with paths below it, is a folder.
  const dirs = new Set<string>();
  const texts = new Map<string, string>();
  for (const entry of paths) {
    const nl = entry.indexOf('\n');
    const p = nl < 0 ? entry : entry.slice(0, nl);
    if (nl >= 0) texts.set(p.replace(/^\.\//, ''), entry.slice(nl + 1));
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) set.add(parts.slice(0, i).join('/'));
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    if (p.endsWith('/')) dirs.add(parts.join('/'));
  }
  const clean = (rel: string): string => rel.replace(/^\.\//, '').replace(/\/$/, '');
  return {
    root,
    known: true,
    exists: (rel) => set.has(clean(rel)),
    isDirectory: (rel) => (set.has(clean(rel)) ? dirs.has(clean(rel)) : undefined),
    readText: (rel) => texts.get(clean(rel)),
    ignoreFile,
  };
}
