import {
  commandName,
  isUnder,
  operands,
  pathOf,
  scriptCommands,
  sequences,
} from '../analysis/commands';
import { copyInfo, destPath, isContextWide } from '../analysis/copies';
import { detectTool, type ToolUse } from '../analysis/tools';
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import type { DockerfileModel, DockerfileRule, Edit, Fix } from './types';

const SYSTEM_TOOLS = new Set(['apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper']);
const INSTALL_VERBS = new Set(['install', 'add', 'in', 'groupinstall']);
/** Commands whose operands are paths (after an owner or mode for chown/chmod). */
const PATH_COMMANDS = new Set(['mkdir', 'rm', 'ln', 'touch', 'chmod', 'chown']);
const USER_COMMANDS = new Set([
  'useradd',
  'adduser',
  'groupadd',
  'addgroup',
  'usermod',
  'groupmod',
]);
const PLAIN_COMMANDS = new Set([
  'true',
  'set',
  'echo',
  'update-ca-certificates',
  'ldconfig',
  'locale-gen',
]);
/** Instructions a RUN can move above without changing what it does. */
const MOVABLE_ACROSS = new Set([
  'LABEL',
  'EXPOSE',
  'MAINTAINER',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'CMD',
  'ENTRYPOINT',
  'WORKDIR',
]);
/** A broad COPY into these may bring package sources or system files the RUN reads. */
const SYSTEM_DEST = /^\/((etc|usr|var|lib|lib64|bin|sbin)(\/.*)?)?$/;

/** Whether a path operand stays clear of the copied files: absolute, and outside every destination. */
function clearOf(ins: Instruction, value: string, copied: string[]): boolean {
  if (!value.startsWith('/')) return false;
  const p = pathOf(ins, value.replace(/\/\*$/, ''));
  return p !== undefined && !copied.some((d) => isUnder(p, d));
}

function stableCommand(
  cmd: ShellCommand,
  ins: Instruction,
  copied: string[],
): ToolUse | 'stable' | undefined {
  const u = detectTool(cmd, ins);
  if (u && SYSTEM_TOOLS.has(u.tool)) {
    // Package names are fine; a package file must not come from the copy.
    const files = u.args.filter((w) => w.value.includes('/') || /\.(deb|rpm|apk)$/.test(w.value));
    if (files.some((w) => !clearOf(ins, w.value, copied))) return undefined;
    return INSTALL_VERBS.has(u.verb) ? u : 'stable';
  }
  const name = commandName(cmd);
  if (PLAIN_COMMANDS.has(name)) return 'stable';
  if (USER_COMMANDS.has(name)) {
    const paths = operands(cmd).filter((w) => w.value.includes('/'));
    return paths.every((w) => clearOf(ins, w.value, copied)) ? 'stable' : undefined;
  }
  if (PATH_COMMANDS.has(name)) {
    const ops = operands(cmd).slice(name === 'chmod' || name === 'chown' ? 1 : 0);
    return ops.length > 0 && ops.every((w) => clearOf(ins, w.value, copied)) ? 'stable' : undefined;
  }
  return undefined;
}

interface Stable {
  install: ToolUse | undefined;
  first: ShellCommand;
}

/**
 * A RUN that cannot read what the COPY brought in: only package installs and a few
 * system-setup commands, every path absolute and outside the copied folders, no input
 * redirection or command substitution, and no `$VARIABLE` unless it installs packages.
 */
function stableRun(model: DockerfileModel, ins: Instruction, copied: string[]): Stable | undefined {
  const cmds = scriptCommands(ins);
  if (cmds.length === 0) return undefined;
  // The logical line (continuations joined, so the escape character is gone) and heredoc bodies.
  let body = ins.raw.logical;
  for (const h of ins.raw.heredocs) {
    body = body.replace(model.text.slice(h.markerStart, h.markerEnd), '');
    body += `\n${model.text.slice(h.bodyStart, h.bodyEnd)}`;
  }
  if (/<|\$\(|`/.test(body)) return undefined;
  for (const m of body.matchAll(/(?<!\d)\d*>>?\s*([^\s;&|]+)/g)) {
    if (!m[1]!.startsWith('&') && !clearOf(ins, m[1]!, copied)) return undefined;
  }
  let install: ToolUse | undefined;
  for (const cmd of cmds) {
    const s = stableCommand(cmd, ins, copied);
    if (!s) return undefined;
    if (s !== 'stable') install ??= s;
  }
  if (!install && body.includes('$')) return undefined;
  return { install, first: cmds[0]! };
}

/** Comment lines directly above an instruction (its description or ignore comment). */
function leadingComments(model: DockerfileModel, ins: Instruction, after: number): number {
  let line = ins.raw.startLine;
  const comments = new Set(model.scan.comments.map((c) => c.line));
  while (line - 1 > after && comments.has(line - 1)) line--;
  return line;
}

/** **Move above the COPY**: the RUN's lines (with the comments right above it) go before the COPY. */
function moveFix(
  model: DockerfileModel,
  ins: Instruction,
  copy: Instruction,
  between: Instruction[],
): Fix | undefined {
  if (between.some((i) => !MOVABLE_ACROSS.has(i.keyword))) return undefined;
  const lines = model.lines;
  const text = model.text;
  const firstLine = leadingComments(model, ins, copy.raw.endLine);
  const start = lines.lineStart(firstLine);
  const end = lines.nextLineStart(ins.raw.endLine);
  let block = text.slice(start, end);
  const edits: Edit[] = [];
  if (!/[\r\n]$/.test(block)) {
    // Last line without a line break: keep the file ending the way it did.
    block += lines.eol;
    edits.push({ start: lines.lineEnd(firstLine - 1), end, newText: '' });
  } else edits.push({ start, end, newText: '' });
  const copyLine = lines.lineStart(copy.raw.startLine);
  edits.push({ start: copyLine, end: copyLine, newText: block });
  return {
    title: 'Move above the COPY',
    safety: 'safe',
    kind: 'quickfix',
    edits,
    preferred: true,
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'stable-layer-after-copy',
    category: 'cache',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    docs: {
      summary:
        'A step that does not use the sources (system packages, users, folders) runs after the whole build context is copied.',
      why: 'A layer is rebuilt when anything above it changes. After `COPY . .`, every edit to a source file re-runs the steps below it, including package installs that take minutes and never read those files. Steps that do not depend on the sources belong above the COPY, where their layers stay cached.',
      before:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCMD ["python", "app.py"]\n',
      after:
        'FROM python:3.12-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY . .\nCMD ["python", "app.py"]\n',
      fix: '**Move above the COPY** moves the RUN, with the comment lines right above it, in front of the broad COPY, unchanged. Safe: the step reads none of the copied files (only package installs, user and folder setup with absolute paths outside the copied folders, no input redirection, command substitution or — outside package installs — `$VARIABLES`). Not offered when an ENV, ARG, USER, RUN, COPY or other instruction that could change the step stands between the COPY and the RUN. A COPY into `/` or a system folder (which may bring package sources) is not counted.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const seq of sequences(stage)) {
        const at = seq.findIndex((i) => {
          const info = copyInfo(i);
          if (!info || !isContextWide(info)) return false;
          const dest = destPath(info);
          return dest !== undefined && !SYSTEM_DEST.test(dest);
        });
        if (at < 0) continue;
        const copy = seq[at]!;
        const copied: string[] = [];
        for (let k = at; k < seq.length; k++) {
          const ins = seq[k]!;
          const info = copyInfo(ins);
          if (info) {
            const dest = destPath(info);
            if (dest) copied.push(dest);
            continue;
          }
          if (!ins.run) continue;
          const stable = stableRun(model, ins, copied);
          if (!stable) continue;
          const fix = moveFix(model, ins, copy, seq.slice(at + 1, k));
          const line = model.lines.lineAt(copy.start) + 1;
          const copyText = copy.raw.logical.replace(/\s+/g, ' ').trim();
          const anchor = stable.install;
          report({
            message: anchor
              ? `\`${anchor.head[0]!.value} ${anchor.verb}\` does not use the sources but runs after \`${copyText}\` (line ${line}): every source change re-runs it. Move it above the COPY.`
              : `This step does not use the sources but runs after \`${copyText}\` (line ${line}): every source change re-runs it. Move it above the COPY.`,
            start: anchor ? anchor.head[0]!.start : stable.first.start,
            end: anchor ? anchor.verbWord!.end : stable.first.end,
            fixes: fix ? [fix] : [],
          });
        }
      }
    }
  },
};
