import { aptImageBase, aptListsBytes, formatBytes, rootImage } from '../analysis/aptSizes';
import { appendCommandFix } from '../analysis/cacheCleanup';
import { hasCacheMount } from '../analysis/cacheMounts';
import { isUnshippedBuilder, shippedStages } from '../analysis/copies';
import { basename, detectTool } from '../analysis/tools';
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import type { DockerfileRule } from './types';

const LISTS = /^\/var\/lib\/apt\/lists(\/\*?)?$/;

/**
 * `rm` of the lists, or `apt-get dist-clean` (apt 2.7+, Debian trixie, Ubuntu noble), which
 * removes them with the downloaded packages. `apt-get clean` keeps the lists.
 */
function removesLists(c: ShellCommand, ins: Instruction): boolean {
  if (basename(c.words[0]) === 'rm') return c.words.slice(1).some((w) => LISTS.test(w.value));
  const u = detectTool(c, ins);
  return u?.tool === 'apt' && (u.verb === 'dist-clean' || u.verb === 'distclean');
}

export const rule: DockerfileRule = {
  meta: {
    id: 'apt-lists-not-cleaned',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['hadolint DL3009'],
    docs: {
      summary: 'A RUN that uses apt leaves the package lists in `/var/lib/apt/lists` in its layer.',
      why: '`apt-get update` downloads package indexes (often 20–50 MB) that the running container never needs. Deleting them in a later RUN does not help: the bytes stay in the earlier layer. Remove them at the end of the same RUN.',
      before:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      after:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      fix: '**Remove the apt lists in the same RUN** appends `rm -rf /var/lib/apt/lists/*` to the RUN, following its layout (a new `&&` continuation line, or a new line in a heredoc script). Safe. Not offered for exec-form RUNs. A cache mount on `/var/lib/apt` also satisfies the rule.',
    },
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    for (const ins of model.instructions) {
      if (!ins.run) continue;
      const commands = ins.run.commands;
      const apt = commands
        .map((c) => detectTool(c, ins))
        .find((u) => u?.tool === 'apt' && (u.verb === 'update' || u.verb === 'install'));
      if (!apt) continue;
      const cleaned = commands.some((c) => removesLists(c, ins));
      if (cleaned || hasCacheMount('apt', ins, ['/var/lib/apt/lists'])) continue;
      // An update-only RUN feeds a later install: removing the lists here would break that
      // install, so only report it (apt-update-alone offers the merge).
      const installsHere = commands.some((c) => {
        const u = detectTool(c, ins);
        return u?.tool === 'apt' && u.verb !== 'update';
      });
      const laterInstall =
        !installsHere &&
        ins.stage.instructions.some(
          (i) =>
            i.index > ins.index &&
            !i.onbuild &&
            (i.run?.commands ?? []).some((c) => detectTool(c, i)?.tool === 'apt'),
        );
      const builder = isUnshippedBuilder(ins.stage, shipped);
      // The lists' size after `apt-get update`, measured for the release the base image runs.
      const base = ins.onbuild ? undefined : aptImageBase(rootImage(ins.stage) ?? '');
      const lists = base && aptListsBytes(base.release);
      const size = lists ? ` (${formatBytes(lists.bytes)} on ${base!.release})` : '';
      report({
        message: builder
          ? `The apt package lists${size} stay in this builder layer (harmless unless the stage is copied wholesale): append \`rm -rf /var/lib/apt/lists/*\`.`
          : `The apt package lists${size} stay in this layer: append \`rm -rf /var/lib/apt/lists/*\` to the same RUN.`,
        ...(lists && !builder ? { bytes: lists.bytes } : {}),
        start: apt.head[0]!.start,
        end: apt.verbWord!.end,
        severity: builder ? 'info' : undefined,
        fixes: laterInstall
          ? []
          : appendCommandFix(
              model,
              ins,
              'rm -rf /var/lib/apt/lists/*',
              'Remove the apt lists in the same RUN',
            ),
      });
    }
  },
};
