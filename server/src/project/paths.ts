import * as path from 'node:path';

/** `rel` against `base` (absolute paths stay), normalised. */
export function resolveFrom(base: string, rel: string): string {
  return path.resolve(base, rel);
}

/** Whether `p` is `dir` or below it (both absolute and normalised). */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A context that is not a local folder: a URL, a Git address, an image or another target. */
export function isRemoteContext(value: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ||
    /^git@/.test(value) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(value) ||
    /^(docker-image|target|oci-layout):/.test(value)
  );
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offsets of line starts, for many look-ups in one text. */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line of an offset. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
