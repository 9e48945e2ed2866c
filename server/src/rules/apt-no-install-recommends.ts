import { insertAfterWord } from '../analysis/edits';
import { basename, hasArg, toolUses } from '../analysis/tools';
import type { DockerfileRule } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'apt-no-install-recommends',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    platforms: ['linux'],
    fixable: true,
    aliases: ['hadolint DL3015', 'Trivy DS-0029'],
    docs: {
      summary:
        '`apt-get install` without `--no-install-recommends` also installs every recommended package.',
      why: 'Debian and Ubuntu install "recommended" packages by default: documentation, extra tools and libraries the program does not need. They often add tens of megabytes per package to the layer.',
      before:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      after:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      fix: '**Add --no-install-recommends** inserts the flag right after `install`. A suggestion, not part of fix-all: recommended packages are sometimes what the build needs (`ca-certificates` for HTTPS downloads, the headers or tools a `-dev` package recommends, parts of a GPU driver). Check what the install dropped with `apt-cache depends --recommends <package>` and name the ones the image needs explicitly in the same `apt-get install`.',
    },
  },
  check({ model, report }) {
    const configured = model.instructions.some((i) =>
      /Install-Recommends\s*"?(false|0)/i.test(i.run ? model.text.slice(i.start, i.end) : ''),
    );
    if (configured) return;
    for (const use of toolUses(model.instructions)) {
      if (use.tool !== 'apt' || use.verb !== 'install') continue;
      if (!['apt-get', 'apt'].includes(basename(use.head[0]))) continue;
      if (hasArg(use, '--no-install-recommends')) continue;
      if (
        [...use.head, ...use.args].some((w) => /APT::Install-Recommends=(false|0)/i.test(w.value))
      )
        continue;
      const verb = use.verbWord!;
      report({
        message: recommendsMessage(),
        start: use.head[0]!.start,
        end: verb.end,
        fixes: [
          {
            title: 'Add --no-install-recommends',
            safety: 'suggestion',
            kind: 'quickfix',
            edits: [insertAfterWord(verb, '--no-install-recommends')],
            preferred: true,
          },
        ],
      });
    }
  },
};

/**
 * The finding's message, one sentence per part: what happens, and what to do when a dropped
 * package is needed. (Kept as parts so that facts about the dropped packages can be added.)
 */
function recommendsMessage(): string {
  const parts = [
    '`apt-get install` without `--no-install-recommends` also installs every recommended package, which the image rarely needs.',
    'If a build step needs one of them (e.g. `ca-certificates`), name it explicitly in the install.',
  ];
  return parts.join(' ');
}
