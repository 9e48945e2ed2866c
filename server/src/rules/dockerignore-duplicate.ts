import { covers, intersects, patternLanguage, withDescendants } from '../analysis/ignoreOverlap';
import { removeLine } from '../analysis/ignoreText';
import type { DockerignoreRule } from './types';
import type { IgnorePattern } from '../parse/dockerignore';

/** Could `between` change the verdict on something `p` matches (or is below its matches)? */
function interferes(between: IgnorePattern, p: IgnorePattern): boolean {
  const a = patternLanguage(between);
  const b = patternLanguage(p);
  if (between.error !== undefined || between.cleaned === '') return false;
  if (!a || !b) return true;
  return intersects(withDescendants(a), withDescendants(b));
}

export const rule: DockerignoreRule = {
  meta: {
    id: 'dockerignore-duplicate',
    category: 'context',
    severity: 'hint',
    appliesTo: 'dockerignore',
    fixable: true,
    docs: {
      summary:
        'A `.dockerignore` pattern that repeats, or is fully covered by, an earlier one: the line changes nothing.',
      why: 'Redundant lines make the file harder to read and hide mistakes: a reader assumes each line matters. `node_modules/.cache` after `node_modules`, `debug.log` after `*.log` or a second `.git` never exclude anything more.',
      before: '.git\nnode_modules\n*.log\nnode_modules/.cache\ndebug.log\n',
      after: '.git\nnode_modules\n*.log\n',
      language: 'dockerignore',
      fix: '**Remove the line** deletes the redundant pattern. Safe: the same files are excluded afterwards, because nothing between the two lines re-includes (or excludes again) what they match.',
    },
  },
  check({ file, lines, report }) {
    const ps = file.patterns;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      if (p.error !== undefined || p.cleaned === '') continue;
      const lp = patternLanguage(p);
      for (let j = i - 1; j >= 0; j--) {
        const q = ps[j]!;
        if (q.negated !== p.negated) {
          // An opposite pattern in between that touches what p matches makes p meaningful.
          if (interferes(q, p)) break;
          continue;
        }
        if (q.error !== undefined || q.cleaned === '') continue;
        const lq = patternLanguage(q);
        const same = q.cleaned === p.cleaned;
        if (!same && !(lq && lp && covers(withDescendants(lq), lp))) continue;
        const where = `line ${q.line + 1}`;
        report({
          message: same
            ? `\`${p.text}\` repeats \`${q.text}\` (${where}): this line changes nothing.`
            : `\`${p.text}\` is already covered by \`${q.text}\` (${where}): this line changes nothing.`,
          start: p.start,
          end: p.end,
          fixes: [
            {
              title: 'Remove the line',
              safety: 'safe',
              kind: 'quickfix',
              edits: [removeLine(lines, p.line)],
              preferred: true,
            },
          ],
        });
        break;
      }
    }
  },
};
