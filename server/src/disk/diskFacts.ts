import * as fs from 'node:fs';

/**
 * What the disk said, asked once: file types (lstat, never following the last link), link texts
 * and small file contents. A build context asks the same questions on every analysis; an editor
 * analyses on every keystroke, so the server keeps one of these for a short while (and drops it
 * when files change) instead of calling lstat per path per keystroke. Errors read as "absent".
 */
export class DiskFacts {
  private readonly stats = new Map<string, fs.Stats | null>();
  private readonly links = new Map<string, string | null>();
  private readonly texts = new Map<string, string | null>();
  private readonly dirs = new Map<string, boolean>();

  /** lstat: a symbolic link is reported as the link. */
  lstat(p: string): fs.Stats | undefined {
    let st = this.stats.get(p);
    if (st === undefined) {
      try {
        st = fs.lstatSync(p);
      } catch {
        st = null;
      }
      this.stats.set(p, st);
    }
    return st ?? undefined;
  }

  /** stat, following links (only for a context root the user or the config named). */
  isDirectory(p: string): boolean {
    let dir = this.dirs.get(p);
    if (dir === undefined) {
      try {
        dir = fs.statSync(p).isDirectory();
      } catch {
        dir = false;
      }
      this.dirs.set(p, dir);
    }
    return dir;
  }

  readlink(p: string): string | undefined {
    let target = this.links.get(p);
    if (target === undefined) {
      try {
        target = fs.readlinkSync(p);
      } catch {
        target = null;
      }
      this.links.set(p, target);
    }
    return target ?? undefined;
  }

  /** The text of a regular file (not a link) of at most `maxBytes`. */
  readSmallFile(p: string, maxBytes: number): string | undefined {
    const st = this.lstat(p);
    if (!st?.isFile() || st.size > maxBytes) return undefined;
    let text = this.texts.get(p);
    if (text === undefined) {
      try {
        text = fs.readFileSync(p, 'utf8');
      } catch {
        text = null;
      }
      this.texts.set(p, text);
    }
    return text ?? undefined;
  }
}
