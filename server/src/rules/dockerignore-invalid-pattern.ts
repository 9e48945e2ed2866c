import type { DockerignoreRule } from './types';

export const rule: DockerignoreRule = {
  meta: {
    id: 'dockerignore-invalid-pattern',
    category: 'context',
    severity: 'error',
    appliesTo: 'dockerignore',
    fixable: false,
    docs: {
      summary:
        'A `.dockerignore` pattern that Docker rejects, which fails every build that uses the file.',
      why: 'Docker checks each pattern with Go’s `filepath.Match` and compiles it to a Go regexp. An unterminated `[`, an empty or half-open range like `[a-]`, a trailing `\\`, a lone `!`, or a regexp Go cannot compile (`[z-a]`, `\\q`) stops the build with an error before anything runs. A line of 64 KiB or more makes Docker fail to read the whole file.',
      before: '.git\n*.log\n[Bb]uild[\n',
      after: '.git\n*.log\n[Bb]uild\n',
      language: 'dockerignore',
      fix: 'No automatic fix: only you know what the pattern was meant to match. The message gives Docker’s reason.',
    },
  },
  check({ file, report }) {
    for (const p of file.patterns) {
      if (p.error === undefined) continue;
      report({
        message: `Docker rejects \`${p.text}\` and the build fails: ${p.error}.`,
        start: p.start,
        end: p.end,
      });
    }
  },
};
