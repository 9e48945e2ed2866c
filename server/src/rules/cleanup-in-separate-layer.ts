import { copiedThenRemoved } from '../analysis/copiedThenRemoved';
import {
  commandName,
  commandsText,
  operands,
  scriptCommands,
  sequences,
  topLevelCommands,
  topLevelOperators,
} from '../analysis/commands';
import { copyInfo, destPath, shippedStages } from '../analysis/copies';
import { appendToRun, commandText, deleteInstruction } from '../analysis/edits';
import { stageChain } from '../analysis/stages';
import { detectTool } from '../analysis/tools';
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import type { DockerfileModel, DockerfileRule, Fix } from './types';

/** What a cleanup removes, by who creates it. */
type Category = 'apt' | 'apk' | 'rpm' | 'pip' | 'npm' | 'yarn' | 'home-cache' | 'tmp';

/** Cache and temp paths (after `/*` and trailing slashes are stripped); `~`, `$HOME`, a home dir. */
const PATHS: [RegExp, Category][] = [
  [/^\/var\/lib\/apt\/lists$/, 'apt'],
  [/^\/var\/cache\/apt(\/archives)?$/, 'apt'],
  [/^\/var\/cache\/apk$/, 'apk'],
  [/^\/var\/cache\/(yum|dnf|zypp)$/, 'rpm'],
  [/^(~|\$\{?HOME\}?|\/root|\/home\/[^/]+)\/\.cache\/pip$/, 'pip'],
  [/^(~|\$\{?HOME\}?|\/root|\/home\/[^/]+)\/\.npm(\/_cacache)?$/, 'npm'],
  [/^(\/usr\/local\/share|~|\$\{?HOME\}?|\/root|\/home\/[^/]+)\/\.cache\/yarn$/, 'yarn'],
  [/^(~|\$\{?HOME\}?|\/root|\/home\/[^/]+)\/\.cache$/, 'home-cache'],
  [/^\/(var\/)?tmp(\/.*)?$/, 'tmp'],
];

/** Package-manager commands that only delete caches. */
function cleanCommand(cmd: ShellCommand, ins: Instruction): Category | undefined {
  const u = detectTool(cmd, ins);
  const first = u?.args[0]?.value;
  switch (u?.tool) {
    case 'apt':
      return u.verb === 'clean' || u.verb === 'autoclean' ? 'apt' : undefined;
    case 'apk':
      return u.verb === 'cache' && (first === 'clean' || first === 'purge') ? 'apk' : undefined;
    case 'yum':
    case 'dnf':
    case 'microdnf':
      return u.verb === 'clean' ? 'rpm' : undefined;
    case 'zypper':
      return u.verb === 'clean' || u.verb === 'cc' ? 'rpm' : undefined;
    case 'pip':
      return u.verb === 'cache' && (first === 'purge' || first === 'remove') ? 'pip' : undefined;
    case 'npm':
      return u.verb === 'cache' && first === 'clean' ? 'npm' : undefined;
    case 'yarn':
      return u.verb === 'cache' && first === 'clean' ? 'yarn' : undefined;
    default:
      return undefined;
  }
}

function pathCategory(value: string): Category | undefined {
  const p = value.replace(/\/\*$/, '').replace(/(?<!\/)\/+$/, '');
  return PATHS.find(([re]) => re.test(p))?.[1];
}

/**
 * The categories a RUN cleans when cleaning is all it does; undefined when it does anything else
 * (including deleting a file that is not a cache, like a config file).
 */
function cleanupOnly(ins: Instruction): Set<Category> | undefined {
  const cats = new Set<Category>();
  const cmds = scriptCommands(ins);
  if (cmds.length === 0) return undefined;
  for (const cmd of cmds) {
    const name = commandName(cmd);
    if (name === 'true' || name === ':' || name === 'set') continue;
    const c = cleanCommand(cmd, ins);
    if (c) {
      cats.add(c);
      continue;
    }
    if (name !== 'rm') return undefined;
    const paths = operands(cmd);
    if (paths.length === 0) return undefined;
    for (const w of paths) {
      const pc = pathCategory(w.value);
      if (!pc) return undefined;
      cats.add(pc);
    }
  }
  return cats;
}

const ALL_CATEGORIES: readonly Category[] = [
  'apt',
  'apk',
  'rpm',
  'pip',
  'npm',
  'yarn',
  'home-cache',
  'tmp',
];

const CREATORS: Record<Category, readonly string[]> = {
  apt: ['apt'],
  apk: ['apk'],
  rpm: ['yum', 'dnf', 'microdnf', 'zypper'],
  pip: ['pip'],
  npm: ['npm'],
  yarn: ['yarn'],
  'home-cache': ['pip', 'uv', 'poetry', 'pipenv', 'go', 'yarn', 'pnpm', 'composer', 'bun'],
  tmp: [],
};

/** The categories each tool writes (CREATORS turned around). */
const WRITES = new Map<string, Category[]>();
for (const cat of ALL_CATEGORIES) {
  for (const tool of CREATORS[cat]) WRITES.set(tool, [...(WRITES.get(tool) ?? []), cat]);
}

/** The categories of files an instruction may have written (or read): one pass over it. */
function touchedBy(ins: Instruction, text: string): Set<Category> {
  const cats = new Set<Category>();
  const info = copyInfo(ins);
  const tmp = info
    ? /^\/(var\/)?tmp(\/|$)/.test(destPath(info) ?? '')
    : !!ins.run && /\/tmp\b/.test(text.slice(ins.start, ins.end));
  if (tmp) cats.add('tmp');
  for (const c of ins.run?.commands ?? []) {
    const tool = detectTool(c, ins)?.tool;
    for (const cat of (tool && WRITES.get(tool)) || []) cats.add(cat);
    if (/^(apt-cache|dpkg)$/.test(commandName(c))) cats.add('apt');
  }
  return cats;
}

/**
 * **Merge into the RUN that created the files**: append the cleanup's commands to the nearest
 * earlier RUN of the same sequence that touches what it removes, and delete the cleanup RUN.
 */
function mergeFix(
  model: DockerfileModel,
  cleanup: Instruction,
  target: Instruction,
  between: Instruction[],
): Fix | undefined {
  if (cleanup.run?.form !== 'shell' || cleanup.flags.length > 0) return undefined;
  const top = topLevelCommands(cleanup);
  if (top.length !== scriptCommands(cleanup).length) return undefined;
  if (!topLevelOperators(cleanup).every((op) => op === '&&')) return undefined;
  const text = commandsText(model.text, top);
  if (model.text.slice(cleanup.start, cleanup.end).includes('#')) return undefined;
  if (/[\r\n]/.test(text) && target.run?.form !== 'shell') return undefined;
  const moves = /[$~]/.test(text) ? ['USER', 'ENV', 'ARG', 'SHELL'] : ['USER', 'SHELL'];
  if (between.some((i) => moves.includes(i.keyword))) return undefined;
  const append = appendToRun(model, target, text);
  if (!append) return undefined;
  return {
    title: 'Merge into the RUN that created the files',
    safety: 'safe',
    kind: 'quickfix',
    edits: [append, deleteInstruction(model, cleanup)],
    preferred: true,
    changes: top.map((c) => ({
      kind: 'moves-command' as const,
      command: commandText(model, c),
    })),
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'cleanup-in-separate-layer',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['slim lint "separate rm only hides data"'],
    docs: {
      summary:
        'A RUN only deletes package-manager caches, lists or temp files that an earlier layer created.',
      why: 'Image layers only add: deleting files in a later layer hides them but their bytes stay in the layer that created them, so the image is exactly as big as before (plus a layer of whiteouts). The cleanup has to happen in the same RUN that downloads the files. The same holds for a file a COPY brought in (an archive, an installer) and a later RUN deletes: the rule reports that `rm` too (literal paths, shipped stages); leave the file out of the COPY or use it through `RUN --mount=type=bind`.',
      before:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      after:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      fix: '**Merge into the RUN that created the files** appends the cleanup commands to the nearest earlier RUN that uses the package manager (or writes to `/tmp`), following its layout, and deletes the cleanup RUN. Safe: the files are removed before the layer is written, and nothing between the two RUNs uses them. Not offered when the creator is a COPY or lives in another stage, when a `USER` (or an `ENV`/`ARG` the cleanup refers to) stands between them, or when the cleanup RUN has comments, mount flags or commands joined by anything but `&&`.',
    },
  },
  check({ model, report }) {
    const text = model.text;
    // What each instruction touches, computed once: the checks below only look things up.
    const touched = new Map<Instruction, Set<Category>>();
    const touchesOf = (x: Instruction): Set<Category> => {
      let set = touched.get(x);
      if (!set) {
        set = touchedBy(x, text);
        touched.set(x, set);
      }
      return set;
    };
    const reported = new Set<Instruction>();
    for (const stage of model.stages) {
      const parents = stageChain(stage)
        .slice(1)
        .flatMap((s) => s.instructions.filter((x) => !x.onbuild));
      for (const seq of sequences(stage)) {
        // Categories some earlier instruction of the chain touched, as the sequence advances.
        const seen = new Set<Category>();
        if (!seq[0]?.onbuild) for (const x of parents) for (const c of touchesOf(x)) seen.add(c);
        const last = new Map<Category, number>();
        seq.forEach((ins, i) => {
          const cats = ins.run ? cleanupOnly(ins) : undefined;
          if (cats && [...cats].some((c) => seen.has(c))) {
            const at = Math.max(...[...cats].map((c) => last.get(c) ?? -1));
            const target = seq[at];
            const fix =
              target?.run && target.run.form !== 'exec'
                ? mergeFix(model, ins, target, seq.slice(at + 1, i))
                : undefined;
            const first = scriptCommands(ins)[0]!;
            const where = target ? ` on line ${model.lines.lineAt(target.start) + 1}` : '';
            reported.add(ins);
            report({
              message: `This RUN only deletes files an earlier layer wrote: their bytes stay in that layer and the image does not shrink. Delete them in the RUN that creates them${where}.`,
              start: first.start,
              end: first.end,
              fixes: fix ? [fix] : [],
            });
          }
          for (const c of touchesOf(ins)) {
            seen.add(c);
            last.set(c, i);
          }
        });
      }
    }
    // A file COPY'd in and deleted by a later RUN still ships in the COPY's layer.
    for (const stage of shippedStages(model)) {
      for (const r of copiedThenRemoved(stage)) {
        if (reported.has(r.run)) continue; // already told: this RUN only deletes what others wrote
        const line = model.lines.lineAt(r.copy.start) + 1;
        report({
          message: `\`${r.path}\` was copied in on line ${line}: deleting it in a later RUN does not shrink the image (the COPY's layer keeps it). Leave it out of the COPY (a narrower source, or .dockerignore), or use it through \`RUN --mount=type=bind\` without copying.`,
          start: r.start,
          end: r.end,
        });
      }
    }
  },
};
