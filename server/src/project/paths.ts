import * as path from 'node:path';
import { LineIndex } from '../parse/text';

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
  return new LineIndex(text).lineAt(Math.min(offset, text.length)) + 1;
}

/** 1-based lines of offsets, for many look-ups in one text (parse/text.ts's index). */
export class Lines {
  private readonly index: LineIndex;
  constructor(text: string) {
    this.index = new LineIndex(text);
  }
  lineAt(offset: number): number {
    return this.index.lineAt(offset) + 1;
  }
}
