import type { Instruction } from '../parse/model';
import { unquote } from '../parse/words';
import { MANIFESTS } from '../knowledge/manifests';
import {
  copyInfo,
  destPath,
  isContextWide,
  ownInstructions,
  resolvePath,
  type CopyInfo,
} from '../analysis/copies';
import { indentAt, insert } from '../analysis/edits';
import {
  dependencyInstall,
  isDependencyOnlyCommand,
  type DependencyInstall,
} from '../analysis/installs';
import { detectTool } from '../analysis/tools';
import type { BuildContext } from '../analysis/context';
import type { DockerfileModel, DockerfileRule, Edit, Fix } from './types';

/** Instructions that cannot read the copied files, so a COPY may move across them. */
const MOVABLE_ACROSS = new Set([
  'ENV',
  'ARG',
  'LABEL',
  'EXPOSE',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'MAINTAINER',
]);

export const rule: DockerfileRule = {
  meta: {
    id: 'copy-all-before-install',
    category: 'cache',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['droast DF007'],
    docs: {
      summary: 'The whole build context is copied before the dependencies are installed.',
      why: 'A layer is rebuilt when the files it copied change. After `COPY . .`, editing any source file invalidates the install step below it, so every build downloads and installs all dependencies again. Copying only the manifests first keeps the install layer cached until the dependencies really change.',
      before:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n',
      after:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n',
      fix: '**Copy dependency manifests first** replaces the broad COPY with a COPY of the manifests the install reads (the ones present in the build context, e.g. `package.json package-lock.json`, or `requirements.txt`) and moves the broad COPY, flags and all, below the install. When the command also needs the sources (`go build`, `poetry install`), it inserts a dependency-only step (`go mod download`, `poetry install --no-root`) before the broad COPY instead. Safe: the image gets the same files. Not offered when something between the COPY and the install may read the sources, when the install RUN also builds, or for cargo, gradle, dotnet and mix, whose manifests need more than one COPY.',
    },
  },
  check({ model, context, report }) {
    for (const stage of model.stages) {
      const list = ownInstructions(stage);
      let goModDownloaded = false;
      let broad: CopyInfo | undefined;
      // Tools whose dependencies were installed from the manifests before any broad COPY.
      const prefetched = new Set<string>();
      for (const ins of list) {
        const info = copyInfo(ins);
        if (info && !broad && isContextWide(info)) {
          broad = info;
          continue;
        }
        for (const cmd of ins.run?.commands ?? []) {
          const use = detectTool(cmd, ins);
          if (!use) continue;
          const install = dependencyInstall(
            use,
            model.text,
            goModDownloaded,
            !context.known || context.exists('go.mod'),
          );
          if (use.tool === 'go' && use.verb === 'download') goModDownloaded = true;
          if (install && !broad) prefetched.add(install.tool);
          if (!install || !broad || prefetched.has(install.tool)) continue;
          const copyText = broad.ins.raw.logical;
          const installText = model.text.slice(
            use.command.words[0]!.start,
            use.command.words.at(-1)!.end,
          );
          const fix = reorderFix(model, context, broad, install, list);
          report({
            message: `\`${oneLine(copyText)}\` copies the whole build context before \`${oneLine(installText)}\`: any source change re-runs the install. Copy the dependency manifests first.`,
            start: broad.ins.start,
            end: broad.ins.raw.logical.length
              ? broad.ins.raw.map[broad.ins.raw.logical.length - 1]! + 1
              : broad.ins.end,
            fixes: fix ? [fix] : [],
          });
          broad = undefined;
          break;
        }
      }
    }
  },
};

function oneLine(text: string): string {
  const t = text
    .replace(/\\\r?\n\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

function reorderFix(
  model: DockerfileModel,
  context: BuildContext,
  broad: CopyInfo,
  install: DependencyInstall,
  list: Instruction[],
): Fix | undefined {
  if (install.shape === 'none' || broad.sources.length !== 1 || !broad.dest) return undefined;
  const dest = destPath(broad);
  const installIns = install.use.instruction;
  if (!dest) return undefined;
  const files = manifestFiles(context, broad, install, dest);
  if (!files) return undefined;
  const eol = model.lines.eol;
  const indent = indentAt(model, broad.ins.start);
  const copyLines = manifestCopies(broad, files).map((l) => `${l}`);
  const between = list.slice(list.indexOf(broad.ins) + 1, list.indexOf(installIns));
  if (install.shape === 'move') {
    if (installIns.workdir !== dest && !install.requirementFiles) return undefined;
    if (between.some((i) => !MOVABLE_ACROSS.has(i.keyword))) return undefined;
    const top = installIns.run!.commands.filter((c) => c.depth === 0);
    if (!top.every((c) => isDependencyOnlyCommand(c, installIns))) return undefined;
    // After an unterminated heredoc the moved COPY would only extend its body.
    if (installIns.raw.heredocs.some((h) => !h.terminated)) return undefined;
    const broadText = model.text.slice(broad.ins.start, broad.ins.end);
    const edits: Edit[] = [
      { start: broad.ins.start, end: broad.ins.end, newText: copyLines.join(eol + indent) },
      insert(installIns.end, `${eol}${indentAt(model, installIns.start)}${broadText}`),
    ];
    return {
      title: 'Copy dependency manifests first',
      safety: 'safe',
      kind: 'quickfix',
      edits,
      preferred: true,
    };
  }
  if (broad.ins.workdir !== dest) return undefined;
  const lines = [...copyLines, `RUN ${install.prefetchCommand}`];
  return {
    title: 'Copy dependency manifests first',
    safety: 'safe',
    kind: 'quickfix',
    edits: [insert(broad.ins.start, lines.join(eol + indent) + eol + indent)],
    preferred: true,
  };
}

/** Context-relative manifest paths, or undefined when they cannot be placed safely. */
function manifestFiles(
  context: BuildContext,
  broad: CopyInfo,
  install: DependencyInstall,
  dest: string,
): string[] | undefined {
  const base = unquote(broad.sources[0]!.text);
  if (base !== '.' && base !== './') return undefined; // `*` would flatten folders differently
  if (install.requirementFiles) {
    const rel: string[] = [];
    for (const f of install.requirementFiles) {
      const abs = resolvePath(install.use.instruction.workdir, f);
      if (!abs.startsWith(`${dest === '/' ? '' : dest}/`)) return undefined;
      const r = abs.slice(dest === '/' ? 1 : dest.length + 1);
      if (context.known && !context.exists(r)) return undefined;
      rel.push(r);
    }
    return rel;
  }
  const set = MANIFESTS[install.tool];
  if (!set) return undefined;
  if (!context.known) return set.canonical;
  const present = set.files.filter((f) => context.exists(f));
  return present.length ? present : undefined;
}

/** One `COPY <files> <dest>` per folder, keeping the broad COPY's --chown/--chmod/--link. */
function manifestCopies(broad: CopyInfo, files: string[]): string[] {
  const flags = broad.ins.flags
    .filter((f) => f.name === 'chown' || f.name === 'chmod' || f.name === 'link')
    .map((f) => `${f.text} `)
    .join('');
  const destText = broad.dest!.text;
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [dir, group] of byDir) {
    let d = destText;
    if (dir) d = `${destText.replace(/\/$/, '')}/${dir}/`;
    else if (group.length > 1 || group.some((g) => g.includes('*')))
      d = destText.endsWith('/') ? destText : `${destText}/`;
    lines.push(`COPY ${flags}${group.join(' ')} ${d}`);
  }
  return lines;
}
