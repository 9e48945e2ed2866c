/** The file-system reads the project room makes, behind one interface (tests use real temp trees). */
import * as fs from 'node:fs';

export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface ProjectFs {
  /** UTF-8 text, or undefined when the file cannot be read. */
  readFile(path: string): string | undefined;
  /** Entries of a folder (links not followed), or undefined when it cannot be read. */
  readdir(path: string): { name: string; kind: EntryKind }[] | undefined;
  /** Kind and size after following links; undefined when nothing is there or a link loops. */
  stat(path: string): { kind: EntryKind; size: number } | undefined;
  /** The path with every link resolved; undefined when it does not exist or a link loops. */
  realpath(path: string): string | undefined;
}

function kindOf(d: {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}): EntryKind {
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isFile()) return 'file';
  if (d.isDirectory()) return 'dir';
  return 'other';
}

export const nodeProjectFs: ProjectFs = {
  readFile(p) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  readdir(p) {
    try {
      return fs
        .readdirSync(p, { withFileTypes: true })
        .map((d) => ({ name: d.name, kind: kindOf(d) }));
    } catch {
      return undefined;
    }
  },
  stat(p) {
    try {
      const s = fs.statSync(p);
      return { kind: kindOf(s), size: s.size };
    } catch {
      return undefined;
    }
  },
  realpath(p) {
    try {
      return fs.realpathSync.native(p);
    } catch {
      return undefined;
    }
  },
};
