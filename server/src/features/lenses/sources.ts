import { unquote } from '../../parse/words';

/** Where a COPY/ADD source comes from, as BuildKit tells them apart. */
export type SourceKind = 'context' | 'url' | 'git';

/**
 * `git@host:repo`, `git://`, `ssh://` and http(s) URLs whose path ends in `.git` are Git
 * repositories; other http(s) URLs are downloads; anything else is a path in the build context.
 */
export function sourceKind(word: string): SourceKind {
  const text = unquote(word);
  if (/^(git@|git:\/\/|ssh:\/\/)/i.test(text)) return 'git';
  if (/^https?:\/\//i.test(text)) {
    const path = text.split('#')[0]!.split('?')[0]!;
    return /\.git\/?$/i.test(path) ? 'git' : 'url';
  }
  return 'context';
}

/** The `#ref` of a Git source (before any `:subdir`), or undefined. */
export function gitRef(word: string): string | undefined {
  const text = unquote(word);
  const hash = text.indexOf('#');
  if (hash < 0) return undefined;
  const ref = text.slice(hash + 1).split(':')[0];
  return ref ? ref : undefined;
}

/** A full or abbreviated commit id (7–40 hex digits). */
export function isCommitId(ref: string | undefined): boolean {
  return ref !== undefined && /^[0-9a-f]{7,40}$/i.test(ref);
}
