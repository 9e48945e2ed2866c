import { copyInfo } from '../analysis/copies';
import type { BuildContext } from '../analysis/context';
import { appendLines, escapePattern } from '../analysis/ignoreText';
import type { DockerfileRule, Fix } from './types';
import { createMatcher, parseDockerignore, type IgnoreMatcher } from '../parse/dockerignore';
import { unquote } from '../parse/words';

/** A COPY/ADD source as a plain context path ('' for the root), or undefined when not one. */
export function plainSource(text: string): string | undefined {
  const s = unquote(text);
  // URLs and git sources are fetched, not read from the context; variables and globs are not
  // resolved here.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^git@/.test(s) || /[$*?[\]\\]/.test(s))
    return undefined;
  const parts: string[] = [];
  for (const part of s.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** Excluded, with nothing under it that the ignore file brings back. */
function excluded(matcher: IgnoreMatcher, context: BuildContext, rel: string): boolean {
  if (!matcher.isExcluded(rel)) return false;
  const dir = context.isDirectory?.(rel);
  // A folder with re-included children is still created, holding them.
  return dir === false || !matcher.mayReincludeUnder(rel);
}

function reincludeFix(
  ignoreFile: { path: string; text: string },
  context: BuildContext,
  rel: string,
): Fix | undefined {
  const edit = appendLines(ignoreFile.text, [`!${escapePattern(rel)}`]);
  const after = ignoreFile.text + edit.newText;
  // Only offered when Docker would then send the path.
  if (excluded(createMatcher(parseDockerignore(after)), context, rel)) return undefined;
  return {
    title: 'Re-include it',
    safety: 'suggestion',
    kind: 'quickfix',
    edits: [],
    files: [{ path: ignoreFile.path, edits: [edit] }],
    preferred: true,
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'dockerignore-excludes-copied',
    category: 'context',
    severity: 'error',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['BuildKit CopyIgnoredFile'],
    docs: {
      summary:
        'A `COPY` or `ADD` source that the `.dockerignore` excludes from the build context: the build fails or copies nothing.',
      why: 'The ignore file filters the context before any instruction runs, so `COPY` cannot see an excluded file: a single file makes the build fail with “not found”, a folder arrives empty. BuildKit’s own check (CopyIgnoredFile) turns itself off as soon as the file has one `!` line; Layerwise evaluates the patterns the way Docker does, exceptions included.',
      before: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY README.md pyproject.toml ./\n',
      after: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY README.md pyproject.toml ./\n',
      context: ['README.md', 'pyproject.toml', 'docs/index.md'],
      beforeIgnoreFile: '.git\n*.md\n',
      afterIgnoreFile: '.git\n*.md\n!README.md\n',
      fix: '**Re-include it** appends `!<path>` to the ignore file that applies (offered only when that makes Docker send the path). A suggestion: the file becomes part of the build context.',
    },
  },
  check({ model, context, report }) {
    const ignore = context.ignoreFile;
    if (!ignore) return;
    const file = parseDockerignore(ignore.text);
    if (file.patterns.length === 0) return;
    const matcher = createMatcher(file);
    const name = ignore.path.split(/[\\/]/).pop() || '.dockerignore';
    for (const ins of model.instructions) {
      if (ins.onbuild) continue; // runs in a child image's build, with its context
      const info = copyInfo(ins);
      // Exec-form sources carry no word offsets to report on.
      if (!info || info.from !== undefined || info.heredoc || ins.json) continue;
      for (const s of info.sources) {
        const rel = plainSource(s.text);
        if (rel === undefined || rel === '' || !excluded(matcher, context, rel)) continue;
        const decider = file.patterns[matcher.decidingPattern(rel)];
        const by = decider ? ` by \`${decider.text}\` (${name} line ${decider.line + 1})` : '';
        report({
          message: `\`${rel}\` is excluded from the build context${by}: ${ins.keyword} cannot see it, so the build fails or copies nothing.`,
          start: s.start,
          end: s.end,
          fixes: () => {
            const fix = reincludeFix(ignore, context, rel);
            return fix ? [fix] : [];
          },
        });
      }
    }
  },
};
