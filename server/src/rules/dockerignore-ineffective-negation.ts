import { intersects, patternLanguage, withDescendants } from '../analysis/ignoreOverlap';
import { eolOf, removeLine } from '../analysis/ignoreText';
import type { DockerignoreRule, Fix } from './types';
import type { IgnoreFile, IgnorePattern } from '../parse/dockerignore';
import type { LineIndex } from '../parse/text';

/**
 * Can exclusion `e` exclude a path that exception `n` matches itself? Docker only tries an
 * exception on a path that is excluded at that point, and it counts as matching a path when it
 * matches the path or one of its folders; `e` excludes its matches and everything below them.
 * Undecidable cases count as yes, so the rule stays quiet.
 */
function excludesSomeOf(e: IgnorePattern, n: IgnorePattern): boolean {
  if (e.error !== undefined || e.cleaned === '') return false;
  const le = patternLanguage(e);
  const ln = patternLanguage(n);
  if (!le || !ln) return true;
  return intersects(ln, withDescendants(le));
}

/** Moves line `from` to just after line `after` (after > from). */
function moveLineAfter(text: string, lines: LineIndex, from: number, after: number): Fix {
  const lineText = text.slice(lines.lineStart(from), lines.lineEnd(from));
  const eol = eolOf(text);
  const afterEnd = lines.lineEnd(after);
  const terminated = lines.nextLineStart(after) > afterEnd;
  return {
    title: 'Move the negation after the pattern it overrides',
    safety: 'suggestion',
    kind: 'quickfix',
    edits: [
      removeLine(lines, from),
      terminated
        ? {
            start: lines.nextLineStart(after),
            end: lines.nextLineStart(after),
            newText: lineText + eol,
          }
        : { start: afterEnd, end: afterEnd, newText: eol + lineText },
    ],
    preferred: true,
  };
}

export function ineffectiveNegations(
  file: IgnoreFile,
): { index: number; overriddenBy: number | undefined }[] {
  const out: { index: number; overriddenBy: number | undefined }[] = [];
  file.patterns.forEach((n, i) => {
    if (!n.negated || n.error !== undefined || n.cleaned === '' || !patternLanguage(n)) return;
    const earlier = file.patterns.slice(0, i);
    if (earlier.some((e) => !e.negated && excludesSomeOf(e, n))) return;
    let overriddenBy: number | undefined;
    for (let k = i + 1; k < file.patterns.length; k++) {
      const e = file.patterns[k]!;
      if (!e.negated && excludesSomeOf(e, n)) overriddenBy = k;
    }
    out.push({ index: i, overriddenBy });
  });
  return out;
}

export const rule: DockerignoreRule = {
  meta: {
    id: 'dockerignore-ineffective-negation',
    category: 'context',
    severity: 'warning',
    appliesTo: 'dockerignore',
    fixable: true,
    docs: {
      summary:
        'A `!pattern` in `.dockerignore` that re-includes nothing: no earlier pattern excludes what it matches.',
      why: 'Docker reads the patterns top to bottom and the last one that matches a path decides. An exception placed before the pattern it is meant to override (`!.env.example` above `.env*`) is undone by it, so the file you wanted in the build context is left out and a `COPY` of it fails. An exception that nothing excludes is dead weight that suggests a protection that does not exist.',
      before: '.git\n!.env.example\n.env*\n',
      after: '.git\n.env*\n!.env.example\n',
      language: 'dockerignore',
      fix: '**Move the negation after the pattern it overrides** moves the `!` line below the last pattern that excludes what it matches, so it takes effect. A suggestion: the file is then sent to the builder. An exception that nothing excludes gets no fix; delete it or fix its path.',
    },
  },
  check({ text, file, lines, report }) {
    for (const { index, overriddenBy } of ineffectiveNegations(file)) {
      const n = file.patterns[index]!;
      if (overriddenBy !== undefined) {
        const e = file.patterns[overriddenBy]!;
        report({
          message: `\`${n.text}\` comes before \`${e.text}\` (line ${e.line + 1}), which excludes the same paths again: the last matching pattern wins, so this exception re-includes nothing.`,
          start: n.start,
          end: n.end,
          fixes: [moveLineAfter(text, lines, n.line, e.line)],
        });
      } else {
        report({
          message: `\`${n.text}\` re-includes nothing: no pattern above it excludes what it matches.`,
          start: n.start,
          end: n.end,
        });
      }
    }
  },
};
