import { eolOf } from '../analysis/ignoreText';
import type { DockerignoreRule, Fix } from './types';

/** Where a comment-looking '#' starts in a pattern: at its start, or after whitespace. */
function commentStart(text: string): number {
  if (text.startsWith('#')) return 0;
  const m = /\s#/.exec(text);
  return m ? m.index + 1 : -1;
}

export const rule: DockerignoreRule = {
  meta: {
    id: 'dockerignore-comment-not-first',
    category: 'context',
    severity: 'warning',
    appliesTo: 'dockerignore',
    fixable: true,
    docs: {
      summary:
        'A `#` that is not in the first column of a `.dockerignore` line: Docker reads it as part of a pattern, not as a comment.',
      why: 'Only a line whose very first character is `#` is a comment. `node_modules  # deps` is the pattern `node_modules  # deps`, which matches no file, so `node_modules` is sent to the builder after all; an indented `  # note` is a pattern too.',
      before: '.git\nnode_modules  # installed in the image\n',
      after: '.git\n# installed in the image\nnode_modules\n',
      language: 'dockerignore',
      fix: '**Move the comment to its own line** puts the comment on a line of its own above the pattern (or moves an indented comment to column 1). For a trailing comment this is a suggestion: the pattern then starts to exclude what it names.',
    },
  },
  check({ text, file, lines, report }) {
    for (const p of file.patterns) {
      const at = commentStart(p.text);
      if (at < 0) continue;
      const hash = p.start + at;
      const comment = p.text.slice(at);
      // A byte-order mark stays where it is.
      const lineStart = p.line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lines.lineStart(p.line);
      const before = p.text.slice(0, at).trimEnd();
      let fix: Fix | undefined;
      if (at === 0) {
        fix = {
          title: 'Move the comment to its own line',
          safety: 'safe',
          kind: 'quickfix',
          edits: [{ start: lineStart, end: p.start, newText: '' }],
          preferred: true,
        };
      } else if (before !== '' && before !== '!') {
        fix = {
          title: 'Move the comment to its own line',
          safety: 'suggestion',
          kind: 'quickfix',
          edits: [
            // The comment goes above; the pattern keeps its own text, minus the spaces before '#'.
            { start: lineStart, end: lineStart, newText: comment + eolOf(text) },
            { start: p.start + before.length, end: p.end, newText: '' },
          ],
          preferred: true,
        };
      }
      report({
        message:
          at === 0
            ? `\`${comment}\` is a pattern, not a comment: a comment's \`#\` must be the line's first character.`
            : `Docker reads \`${p.text}\` as one pattern: \`${comment}\` is not a comment, so \`${before}\` is not ignored.`,
        start: hash,
        end: p.end,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
