import type { ShellCommand } from '../parse/shell';
import { sequences, topLevelCommands, topLevelOperators } from '../analysis/commands';
import { stageChain } from '../analysis/stages';
import type { Instruction } from '../parse/model';
import type { DockerfileModel, DockerfileRule, Edit, Fix } from './types';

const STATE_BUILTINS = new Set([
  'cd',
  'pushd',
  'popd',
  'export',
  'set',
  'shopt',
  'umask',
  'source',
  '.',
  'alias',
  'unset',
  'trap',
  'ulimit',
  'declare',
  'typeset',
  'readonly',
  'local',
  'eval',
  'exec',
]);

/** A command whose effect outlives it in the same shell (working folder, variables, options). */
function changesShellState(c: ShellCommand): boolean {
  const name = c.words[0]?.value;
  if (name === undefined) return c.assignments.length > 0;
  return STATE_BUILTINS.has(name);
}

/** Mounts and other RUN flags, order-independent: RUNs merge only when these are the same. */
function flagKey(ins: Instruction): string {
  return ins.flags
    .map((f) => f.text)
    .sort()
    .join(' ');
}

/** Operators that stop the merged list at the first failure, as separate RUNs did. */
const AND_LIST = new Set(['&&', '|']);

/**
 * **Merge into one RUN**: each following RUN's `RUN` keyword (and its identical flags) becomes
 * ` && \` plus a continuation line, in the layout the first RUN uses; comment lines between the
 * RUNs stay, as comment lines inside the continuation.
 */
function mergeFix(model: DockerfileModel, group: Instruction[]): Fix | undefined {
  const text = model.text;
  if (group.some((r) => r.run?.form !== 'shell')) return undefined;
  const lists = group.map((r) => topLevelCommands(r));
  if (lists.some((l) => l.length === 0)) return undefined;
  // A RUN that changes the shell's state (`cd`, `export`, a bare `X=1`, …) would change what the
  // commands merged after it see: each RUN starts a fresh shell in the WORKDIR with the ENV.
  if (lists.slice(0, -1).some((l) => l.some(changesShellState))) return undefined;
  for (let i = 0; i < group.length; i++) {
    const r = group[i]!;
    const last = lists[i]!.at(-1)!;
    if (text.slice(last.end, r.end).trim() !== '' || last.next === '&') return undefined;
    if (i > 0 && !topLevelOperators(r).every((op) => AND_LIST.has(op))) return undefined;
  }
  const esc = model.scan.escape;
  const eol = model.lines.eol;
  const first = group[0]!;
  const lines = text.slice(first.start, first.end).split(/\r?\n/);
  const leading = lines.slice(1).some((l) => /^[ \t]*(&&|\|\|)/.test(l));
  const indent = lines.length > 1 ? /^[ \t]*/.exec(lines.at(-1)!)![0] || '    ' : '    ';
  const edits: Edit[] = [];
  for (let i = 1; i < group.length; i++) {
    const prevEnd = lists[i - 1]!.at(-1)!.end;
    const start = lists[i]![0]!.start;
    const comments = text
      .slice(prevEnd, group[i]!.start)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('#'));
    const kept = comments.map((c) => `${eol}${c}`).join('');
    edits.push({
      start: prevEnd,
      end: start,
      newText: leading ? ` ${esc}${kept}${eol}${indent}&& ` : ` && ${esc}${kept}${eol}${indent}`,
    });
  }
  return {
    title: 'Merge into one RUN',
    safety: 'suggestion',
    kind: 'quickfix',
    edits,
    preferred: true,
    changes: [{ kind: 'merges-runs' }],
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'consecutive-run',
    category: 'size',
    severity: 'hint',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['hadolint DL3059'],
    docs: {
      summary:
        'Three or more RUN instructions in a row, with nothing between them that needs a layer boundary.',
      why: 'Each RUN commits a layer. Files that one RUN creates and a later RUN changes or deletes are stored in both layers, and every layer adds a cache entry and metadata. Steps that always run together belong in one RUN; keep separate RUNs where a separate cache point is worth it (an expensive download before a frequently edited step).',
      before:
        'FROM debian:12-slim\nRUN useradd -m app\nRUN mkdir -p /srv/data\nRUN chown app /srv/data\n',
      after:
        'FROM debian:12-slim\nRUN useradd -m app && \\\n    mkdir -p /srv/data && \\\n    chown app /srv/data\n',
      fix: '**Merge into one RUN** joins the RUNs with `&&` and line continuations, in the layout the first RUN uses (trailing or leading `&&`); comment lines between them stay inside the continuation. A suggestion: it changes where the build cache can restart. Not offered for exec-form or heredoc RUNs, after a `SHELL` instruction, when a RUN has a trailing comment, when an earlier RUN changes the shell’s state for what follows (`cd`, `export`, `set`, `source`, a bare `X=1`, …: each RUN starts afresh), or when a later RUN joins its commands with `;` or `||` (its failure could then hide an earlier one). RUNs separated by COPY/ADD or any other instruction, or with different `--mount` flags, are not counted together.',
    },
  },
  check({ model, report }) {
    for (const stage of [...model.stages, ...(model.preamble ? [model.preamble] : [])]) {
      const shell = stageChain(stage).some((s) =>
        s.instructions.some((i) => i.keyword === 'SHELL'),
      );
      for (const seq of sequences(stage)) {
        let group: Instruction[] = [];
        const flush = (): void => {
          if (group.length >= 3) {
            const first = group[0]!;
            const fix = shell ? undefined : mergeFix(model, group);
            const from = model.lines.lineAt(first.start) + 1;
            const to = model.lines.lineAt(group.at(-1)!.start) + 1;
            report({
              message: `${group.length} consecutive RUN instructions (lines ${from}–${to}) each add a layer: merge them into one RUN.`,
              start: first.raw.keywordStart,
              end: first.raw.keywordEnd,
              // An ignore comment above any RUN of the group silences it.
              alsoAt: group.slice(1).map((r) => r.raw.keywordStart),
              fixes: fix ? [fix] : [],
            });
          }
          group = [];
        };
        for (const ins of seq) {
          if (ins.keyword !== 'RUN') {
            flush();
            continue;
          }
          if (group.length > 0 && flagKey(group[0]!) !== flagKey(ins)) flush();
          group.push(ins);
        }
        flush();
      }
    }
  },
};
