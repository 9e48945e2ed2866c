import { aptChain, formatBytes, type AptInstallStep } from '../analysis/aptSizes';
import { declaredFor, declaredName, insertAfterWord } from '../analysis/edits';
import { basename, hasArg, toolUses, type ToolUse } from '../analysis/tools';
import type { DockerfileModel, DockerfileRule } from './types';

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
      why: 'Debian and Ubuntu install "recommended" packages by default: documentation, extra tools and libraries the program does not need. On a Debian base whose release and package list Layerwise knows (e.g. `debian:bookworm-slim`, `python:3.12-slim-bookworm`), the finding lists the packages the flag would drop, biggest first, with the megabytes they add (from the Debian archive\'s Installed-Size; see docs/apt-data.md); elsewhere the amount is unknown.',
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
      const step = stepOf(model, use);
      const edits = [insertAfterWord(verb, '--no-install-recommends')];
      const dropped = step?.result?.recommendsDropped;
      report({
        message: recommendsMessage(step),
        ...(dropped ? { bytes: dropped.bytes } : {}),
        start: use.head[0]!.start,
        end: verb.end,
        fixes: [
          {
            title: 'Add --no-install-recommends',
            safety: 'suggestion',
            kind: 'quickfix',
            edits,
            preferred: true,
            changes: declaredFor(model, use.instruction, use.command, edits, [
              {
                kind: 'adds-flag',
                command: declaredName(model, use.command),
                flag: '--no-install-recommends',
              },
            ]),
          },
        ],
      });
    }
  },
};

/** The install as the size analysis resolved it (undefined for an ONBUILD trigger's chain). */
function stepOf(model: DockerfileModel, use: ToolUse): AptInstallStep | undefined {
  return aptChain(model, use.instruction.stage).steps.find((s) => s.use.command === use.command);
}

/** Packages shown by name: the biggest few, then any `-dev` package (headers a build may need). */
const SHOWN = 3;

/**
 * The finding's message: what happens — with the recommended packages it installs here and
 * their sizes when the base is a known Debian image, or that the amount is unknown — and what
 * to do when a dropped package is needed.
 */
function recommendsMessage(step: AptInstallStep | undefined): string {
  const parts = [
    '`apt-get install` without `--no-install-recommends` also installs every recommended package, which the image rarely needs.',
  ];
  const result = step?.result;
  if (!result) {
    parts.push('How much that adds is unknown for this base image.');
  } else if (result.recommendsDropped.packages.length === 0) {
    const unknown = result.unknown.map((n) => `\`${n}\``).join(', ');
    return `${parts[0]} Here it adds none${unknown ? ` for the packages Debian knows (not ${unknown})` : ''}.`;
  } else {
    const { packages, bytes } = result.recommendsDropped;
    const bySize = [...packages].sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
    const shown = bySize.slice(0, SHOWN);
    const dev = bySize.slice(SHOWN).filter((p) => p.name.endsWith('-dev'));
    const listed = [...shown, ...dev.slice(0, 2)];
    const rest = packages.length - listed.length;
    const names = listed.map((p) => `\`${p.name}\` ${formatBytes(p.bytes)}`).join(', ');
    parts.push(
      `Here that is ${packages.length} package${packages.length === 1 ? '' : 's'}, ${formatBytes(bytes)}: ${names}${rest > 0 ? ` and ${rest} more` : ''}.`,
    );
  }
  parts.push(
    'If a build step needs one of them (e.g. `ca-certificates`), name it explicitly in the install.',
  );
  return parts.join(' ');
}
