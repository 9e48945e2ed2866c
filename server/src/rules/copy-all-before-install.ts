import type { Instruction } from '../parse/model';
import { unquote, trimTrailingSlashes } from '../parse/words';
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
import { installInputs, type InstallInputs } from '../analysis/installInputs';
import { detectTool, hasArg } from '../analysis/tools';
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
      fix: '**Copy dependency manifests first** replaces the broad COPY with a COPY of the manifests the install reads (the ones present in the build context, e.g. `package.json package-lock.json`, or `requirements.txt`) and moves the broad COPY, flags and all, below the install. When the command also needs the sources (`go build`, `poetry install`), it inserts a dependency-only step (`go mod download`, `poetry install --no-root`) before the broad COPY instead. The manifests are read from the build context: registry settings (`.npmrc`), a Yarn 2+ release named by `.yarnrc.yml`, and requirements files included with `-r` are copied too; files the .dockerignore excludes are left out. Safe: the image gets the same files. A suggestion instead when `package.json` has install scripts (`postinstall`, `prepare`) or local/patched dependencies, which may read other files. Not offered in a workspace (pnpm `pnpm-workspace.yaml`, npm/yarn `workspaces`, `go.work`, a Cargo `[workspace]`, lerna, rush), whose install reads every member’s manifest; nor for a frozen install without its lockfile, when something between the COPY and the install may read the sources, when the install RUN also builds, or for cargo, gradle, dotnet and mix. Also reported for a sub-folder copied into the install’s WORKDIR (`COPY ./frontend ./`). `pnpm fetch` before the sources with `pnpm install --offline` after them, and manifests bind-mounted into the install, are the right pattern.',
    },
  },
  check({ model, context, report }) {
    for (const stage of model.stages) {
      const list = ownInstructions(stage);
      let goModDownloaded = false;
      let broad: BroadCopy | undefined;
      // Tools whose dependencies were installed from the manifests before any broad COPY.
      const prefetched = new Set<string>();
      for (const ins of list) {
        const info = copyInfo(ins);
        const candidate = info && !broad ? broadCopy(info, context) : undefined;
        if (candidate) {
          broad = candidate;
          continue;
        }
        for (const cmd of ins.run?.commands ?? []) {
          const use = detectTool(cmd, ins);
          if (!use) continue;
          const install = dependencyInstall(
            use,
            model.text,
            goModDownloaded,
            !context.known || context.exists(broad?.base ? `${broad.base}/go.mod` : 'go.mod'),
          );
          if (use.tool === 'go' && use.verb === 'download') goModDownloaded = true;
          if (install && !broad) prefetched.add(install.tool);
          if (!install || !broad || prefetched.has(install.tool)) continue;
          // `pnpm install --offline`, `cargo build --offline`: served by a store filled earlier.
          if (hasArg(use, '--offline')) continue;
          if (broad.base && !readsFolder(context, broad, install)) continue;
          const copyText = broad.info.ins.raw.logical;
          const installText = model.text.slice(
            use.command.words[0]!.start,
            use.command.words.at(-1)!.end,
          );
          const inputs = reorderInputs(context, broad, install);
          const fix = reorderFix(model, broad, install, inputs, list);
          const what = broad.base ? `the folder \`${broad.base}\`` : 'the whole build context';
          const advice =
            !fix && inputs?.caveat
              ? `Copy the dependency manifests first (${inputs.caveat}).`
              : 'Copy the dependency manifests first.';
          report({
            message: `\`${oneLine(copyText)}\` copies ${what} before \`${oneLine(installText)}\`: any source change re-runs the install. ${advice}`,
            start: broad.info.ins.start,
            end: broad.info.ins.raw.logical.length
              ? broad.info.ins.raw.map[broad.info.ins.raw.logical.length - 1]! + 1
              : broad.info.ins.end,
            fixes: fix ? [fix] : [],
          });
          broad = undefined;
          break;
        }
      }
    }
  },
};

/** A COPY of the whole context (`base` '') or of one folder of it (`COPY app .`). */
interface BroadCopy {
  info: CopyInfo;
  base: string;
}

function broadCopy(info: CopyInfo, context: BuildContext): BroadCopy | undefined {
  if (isContextWide(info)) return { info, base: '' };
  if (info.from !== undefined || info.heredoc || info.sources.length !== 1) return undefined;
  const src = trimTrailingSlashes(unquote(info.sources[0]!.text).replace(/^(\.\/)+/, ''));
  if (!src || /[*?[\]$]/.test(src) || src.startsWith('..') || src.startsWith('/')) return undefined;
  return context.isDirectory?.(src) === true ? { info, base: src } : undefined;
}

/** A folder COPY feeds the install when the folder lands in its WORKDIR and holds its manifest. */
function readsFolder(context: BuildContext, broad: BroadCopy, install: DependencyInstall): boolean {
  const dest = destPath(broad.info);
  if (!dest) return false;
  const ins = install.use.instruction;
  if (install.requirementFiles) {
    return install.requirementFiles.some((f) => {
      const abs = resolvePath(ins.workdir, f);
      const rel = abs.startsWith(`${dest === '/' ? '' : dest}/`)
        ? abs.slice(dest === '/' ? 1 : dest.length + 1)
        : undefined;
      return rel !== undefined && context.exists(`${broad.base}/${rel}`);
    });
  }
  const manifest = MANIFESTS[install.tool]?.files[0];
  return ins.workdir === dest && !!manifest && context.exists(`${broad.base}/${manifest}`);
}

function oneLine(text: string): string {
  const t = text
    .replace(/\\\r?\n\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

/** What the install reads from the copied folder, relative to the COPY's destination. */
function reorderInputs(
  context: BuildContext,
  broad: BroadCopy,
  install: DependencyInstall,
): InstallInputs | undefined {
  if (broad.info.sources.length !== 1 || !broad.info.dest) return undefined;
  const base = unquote(broad.info.sources[0]!.text);
  // `*` would flatten folders differently.
  if (!broad.base && base !== '.' && base !== './') return undefined;
  const dest = destPath(broad.info);
  if (!dest) return undefined;
  if (!install.requirementFiles) return installInputs(context, broad.base, install);
  const rel: string[] = [];
  for (const f of install.requirementFiles) {
    const abs = resolvePath(install.use.instruction.workdir, f);
    if (!abs.startsWith(`${dest === '/' ? '' : dest}/`)) return undefined;
    rel.push(abs.slice(dest === '/' ? 1 : dest.length + 1));
  }
  return installInputs(context, broad.base, { ...install, requirementFiles: rel });
}

function reorderFix(
  model: DockerfileModel,
  broad: BroadCopy,
  install: DependencyInstall,
  inputs: InstallInputs | undefined,
  list: Instruction[],
): Fix | undefined {
  const info = broad.info;
  if (install.shape === 'none' || !inputs?.files) return undefined;
  const dest = destPath(info)!;
  const installIns = install.use.instruction;
  const eol = model.lines.eol;
  const indent = indentAt(model, info.ins.start);
  const copyLines = manifestCopies(broad, inputs.files);
  const between = list.slice(list.indexOf(info.ins) + 1, list.indexOf(installIns));
  // Lifecycle scripts or local packages may read files the manifests COPY leaves out.
  const safety = inputs.mayReadMore ? 'suggestion' : 'safe';
  if (install.shape === 'move') {
    if (installIns.workdir !== dest && !install.requirementFiles) return undefined;
    if (between.some((i) => !MOVABLE_ACROSS.has(i.keyword))) return undefined;
    const top = installIns.run!.commands.filter((c) => c.depth === 0);
    if (!top.every((c) => isDependencyOnlyCommand(c, installIns))) return undefined;
    // After an unterminated heredoc the moved COPY would only extend its body.
    if (installIns.raw.heredocs.some((h) => !h.terminated)) return undefined;
    const broadText = model.text.slice(info.ins.start, info.ins.end);
    const edits: Edit[] = [
      { start: info.ins.start, end: info.ins.end, newText: copyLines.join(eol + indent) },
      insert(installIns.end, `${eol}${indentAt(model, installIns.start)}${broadText}`),
    ];
    // The install RUN moves as it is: no script changes.
    return { title: TITLE, safety, kind: 'quickfix', edits, preferred: true, changes: [] };
  }
  if (info.ins.workdir !== dest) return undefined;
  const lines = [...copyLines, `RUN ${install.prefetchCommand}`];
  return {
    title: TITLE,
    safety,
    kind: 'quickfix',
    edits: [insert(info.ins.start, lines.join(eol + indent) + eol + indent)],
    preferred: true,
    // A RUN of its own that fetches the dependencies.
    changes: [{ kind: 'adds-command', command: install.prefetchCommand! }],
  };
}

const TITLE = 'Copy dependency manifests first';

/** One `COPY <files> <dest>` per folder, keeping the broad COPY's --chown/--chmod/--link. */
function manifestCopies(broad: BroadCopy, files: string[]): string[] {
  const info = broad.info;
  const flags = info.ins.flags
    .filter((f) => f.name === 'chown' || f.name === 'chmod' || f.name === 'link')
    .map((f) => `${f.text} `)
    .join('');
  const destText = info.dest!.text;
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
    byDir.set(dir, [...(byDir.get(dir) ?? []), broad.base ? `${broad.base}/${f}` : f]);
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
