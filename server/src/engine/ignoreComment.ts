/**
 * The one grammar of ignore comments, for Dockerfiles and ignore files alike:
 * `# layerwise [global] ignore=<id>[,<id>…] [-- reason]`, and hadolint's
 * `# hadolint [global] ignore=DLxxxx[,…]`. Read with sticky regexes, linear in the line's length.
 */
export interface IgnoreCommentId {
  text: string;
  /** Offset of the id in the comment text. */
  offset: number;
}

export interface IgnoreComment {
  tool: 'layerwise' | 'hadolint';
  global: boolean;
  ids: IgnoreCommentId[];
}

const HEAD = /^#[ \t]*(layerwise|hadolint)[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*/i;
const ID = /[A-Za-z0-9][A-Za-z0-9_.-]*/y;
const SEPARATOR = /[ \t]*,[ \t]*/y;

/** The ignore comment on one comment line (from `#`), or undefined when it is another comment. */
export function parseIgnoreComment(line: string): IgnoreComment | undefined {
  const head = HEAD.exec(line);
  if (!head) return undefined;
  const ids: IgnoreCommentId[] = [];
  let at = head[0].length;
  for (;;) {
    ID.lastIndex = at;
    const id = ID.exec(line);
    if (!id) break;
    ids.push({ text: id[0], offset: at });
    SEPARATOR.lastIndex = at + id[0].length;
    const sep = SEPARATOR.exec(line);
    if (!sep) break;
    at = SEPARATOR.lastIndex;
  }
  return { tool: head[1]!.toLowerCase() as IgnoreComment['tool'], global: !!head[2], ids };
}
