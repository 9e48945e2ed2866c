import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import { appendToRun } from './edits';
import { detectTool, type ToolUse } from './tools';
import type { DockerfileModel, Fix } from '../rules/types';

/**
 * The first install of each tool in a RUN that leaves the tool's package cache in the layer: not
 * `mounted` (a cache or tmpfs mount keeps it out) and not cleaned by a later command of the same
 * RUN. A tool's later installs in the RUN are not judged again.
 */
export function uncleanedInstalls(
  ins: Instruction,
  isInstall: (use: ToolUse | undefined) => use is ToolUse,
  mounted: (use: ToolUse) => boolean,
  cleans: (cmd: ShellCommand, use: ToolUse | undefined, tool: string) => boolean,
): ToolUse[] {
  const cmds = ins.run?.commands ?? [];
  const uses = cmds.map((c) => detectTool(c, ins));
  const done = new Set<string>();
  const found: ToolUse[] = [];
  for (const use of uses) {
    if (!isInstall(use) || done.has(use.tool)) continue;
    done.add(use.tool);
    if (mounted(use)) continue;
    const cleaned = cmds.some(
      (c, i) => c.start > use.command.start && cleans(c, uses[i], use.tool),
    );
    if (!cleaned) found.push(use);
  }
  return found;
}

/**
 * The safe quick fix that appends `command` to the RUN in its layout (see appendToRun), as a list:
 * empty when the RUN cannot take it (exec form).
 */
export function appendCommandFix(
  model: DockerfileModel,
  ins: Instruction,
  command: string,
  title = `Append ${command}`,
): Fix[] {
  const edit = appendToRun(model, ins, command);
  if (!edit) return [];
  return [
    {
      title,
      safety: 'safe',
      kind: 'quickfix',
      edits: [edit],
      preferred: true,
      changes: [{ kind: 'adds-command', command }],
    },
  ];
}
