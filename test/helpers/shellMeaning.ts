/**
 * The meaning check of fixes: the shell scripts of a Dockerfile's RUNs before and after an edit,
 * read as commands — each with its words, its redirections (here-document bodies included) and its
 * place in the script (list item, and-or position, pipeline, group, subshell, if/loop/case branch,
 * background) — and compared. Every original command must keep all of that, except what the fix
 * declares (`Fix.changes`): commands it adds (run last, at the top level, with no redirection of
 * their own but those written in the declared command), removes or moves, flags it adds or removes, RUNs it merges.
 *
 * The tree comes from the shell layer (server/src/parse/shellTree.ts) and every piece of it is
 * confirmed by a real parser, mvdan/sh (test/helpers/mvdanSh.ts): each list's statements, each
 * command's start and redirections, each here-document's end. Where the two disagree the check
 * fails with `parser disagreement`, so a structure is never guessed.
 */
import { buildModel, type DockerfileModel, type Instruction } from '../../server/src/parse/model';
import {
  parseShellScript,
  type ShAndOr,
  type ShCommand,
  type ShList,
  type ShRedirect,
} from '../../server/src/parse/shellTree';
import { hasForeignShebang, runShellText } from '../../server/src/analysis/edits';
import type { DeclaredChange, Fix } from '../../server/src/rules/types';
import { mvdanParse } from './mvdanSh';

export interface Frame {
  id: number;
  desc: string;
}

export interface CommandFact {
  words: string[];
  assigns: string[];
  redirects: string[];
  /** Outermost first. */
  frames: Frame[];
  /** The and-or operator before this command's pipeline: `&&`, `||`, or `` when it starts an item. */
  joinedBy: string;
  start: number;
}

export interface ScriptFacts {
  commands: CommandFact[];
  /** Set when the script is not valid shell (for mvdan/sh). */
  invalid?: string;
}

export class ParserDisagreement extends Error {
  override name = 'ParserDisagreement';
}

/** Totals for reports (the fuzz run prints them). */
export const meaningStats = { runs: 0, commands: 0, probes: 0 };

const factsCache = new Map<string, ScriptFacts>();

/** The facts of a script, confirmed by mvdan/sh. */
export function scriptFacts(script: string): ScriptFacts {
  let f = factsCache.get(script);
  if (!f) {
    f = computeFacts(script);
    if (factsCache.size > 5000) factsCache.clear();
    factsCache.set(script, f);
  }
  return f;
}

function computeFacts(script: string): ScriptFacts {
  const real = mvdanParse(script);
  meaningStats.probes++;
  const ours = parseShellScript(script);
  if (real.error) return { commands: [], invalid: real.error };
  if (ours.error) {
    throw new ParserDisagreement(
      `mvdan/sh accepts the script, the shell layer does not (${ours.error.message} at ${ours.error.at}): ${JSON.stringify(script)}`,
    );
  }
  const facts: CommandFact[] = [];
  let nextId = 1;
  const probe = new Prober(script);
  const walkList = (list: ShList, frames: Frame[], top: boolean): void => {
    probe.list(list);
    for (const item of list.items) {
      const itemFrame = {
        id: nextId++,
        desc: `${top ? 'top-item' : 'item'}${item.terminator === '&' ? ' &' : ''}`,
      };
      walkAndOr(item, [...frames, itemFrame]);
    }
  };
  const walkAndOr = (item: ShAndOr, frames: Frame[]): void => {
    item.pipelines.forEach((p, k) => {
      const joinedBy = k === 0 ? '' : item.ops[k - 1]!;
      const n = p.commands.length;
      const pipeId = nextId++;
      p.commands.forEach((cmd, i) => {
        const own: Frame[] = [];
        if (n > 1 || p.negated || p.timed) {
          own.push({
            id: pipeId,
            desc: `pipe ${i + 1}/${n}${i > 0 ? ` ${p.ops[i - 1]}` : ''}${p.negated ? ' !' : ''}${p.timed ? ' time' : ''}`,
          });
        }
        walkCommand(cmd, [...frames, ...own], i === 0 ? joinedBy : '|');
      });
    });
  };
  const walkCommand = (cmd: ShCommand, frames: Frame[], joinedBy: string): void => {
    probe.command(cmd);
    if (cmd.kind === 'simple') {
      facts.push({
        words: cmd.words.map((w) => w.text),
        assigns: cmd.assigns.map((w) => w.text),
        redirects: cmd.redirects.map((r) => redirectText(script, r)),
        frames,
        joinedBy,
        start: cmd.start,
      });
      return;
    }
    const id = nextId++;
    const redirects = cmd.redirects.map((r) => redirectText(script, r)).join(' ');
    if (cmd.parts.length === 0) {
      // `[[ … ]]` and `(( … ))`: a command of their own.
      facts.push({
        words: [cmd.header],
        assigns: [],
        redirects: cmd.redirects.map((r) => redirectText(script, r)),
        frames,
        joinedBy,
        start: cmd.start,
      });
      return;
    }
    cmd.parts.forEach((part, k) => {
      const frame = {
        id,
        desc: `${cmd.kind} ${cmd.header} ${redirects} #${k} ${part.label}`.replace(/\s+/g, ' '),
      };
      // The compound's own operator belongs to its first command.
      const before = facts.length;
      walkList(part.list, [...frames, frame], false);
      if (k === 0 && facts[before]) facts[before]!.joinedBy = joinedBy || facts[before]!.joinedBy;
    });
  };
  walkList(ours.list, [], true);
  meaningStats.commands += facts.length;
  return { commands: facts };
}

function redirectText(script: string, r: ShRedirect): string {
  const body = r.body ? `\n${script.slice(r.body.start, r.body.end)}` : '';
  return `${r.fd}${r.op}${r.target.text}${body}`;
}

/**
 * Confirms pieces of our tree with mvdan/sh: the text is blanked outside one piece (spaces, line
 * breaks kept, so offsets stay), keeping the bodies of the here-documents the piece reads.
 */
class Prober {
  private readonly bodies: { start: number; end: number; owner: number }[] = [];

  constructor(private readonly script: string) {}

  private blankOutside(start: number, end: number): string {
    const keep: [number, number][] = [[start, end]];
    for (const b of this.bodies) if (b.owner >= start && b.owner < end) keep.push([b.start, b.end]);
    let out = '';
    const s = this.script;
    keep.sort((a, b) => a[0] - b[0]);
    let i = 0;
    for (const [a, b0] of keep) {
      const b = Math.min(b0, s.length);
      if (a > i) out += s.slice(i, a).replace(/[^\n]/g, ' ');
      if (b > Math.max(a, i)) out += s.slice(Math.max(a, i), b);
      i = Math.max(i, b);
    }
    out += s.slice(i).replace(/[^\n]/g, ' ');
    return out;
  }

  private heredocsOf(list: ShList | ShCommand): void {
    const visit = (cmd: ShCommand): void => {
      for (const r of cmd.redirects) {
        if (r.body && !this.bodies.some((b) => b.start === r.body!.start)) {
          // The body, and its delimiter line.
          const eol = this.script.indexOf('\n', r.body.end);
          this.bodies.push({
            start: r.body.start,
            end: eol < 0 ? this.script.length : eol,
            owner: r.start,
          });
        }
      }
      if (cmd.kind !== 'simple') for (const p of cmd.parts) visitList(p.list);
    };
    const visitList = (l: ShList): void => {
      for (const item of l.items)
        for (const p of item.pipelines) for (const c of p.commands) visit(c);
    };
    if ('items' in list) visitList(list);
    else visit(list);
  }

  /** The end of the delimiter line that follows a body (mvdan/sh ends the body there). */
  private delimiterEnd(bodyEnd: number): number {
    const eol = this.script.indexOf('\n', bodyEnd);
    const end = eol < 0 ? this.script.length : eol;
    return this.script[end - 1] === '\r' ? end - 1 : end;
  }

  list(list: ShList): void {
    if (list.items.length === 0) return;
    this.heredocsOf(list);
    // Only the items' own text: a heredoc body of the last item lies after the list's end.
    // The last item's `&` is part of the list.
    let end = list.end;
    const last = list.items[list.items.length - 1]!;
    if (last.terminator === '&') end = this.script.indexOf('&', end) + 1;
    const text = this.blankOutside(list.start, end);
    const real = mvdanParse(text);
    meaningStats.probes++;
    const where = JSON.stringify(this.script.slice(list.start, list.end));
    if (real.error) throw new ParserDisagreement(`list ${where}: mvdan/sh: ${real.error}`);
    const starts = real.stmts.map((s) => s.Pos.Offset);
    const ours = list.items.map((i) => i.start);
    if (starts.join() !== ours.join())
      throw new ParserDisagreement(`list ${where}: statements at ${starts} (mvdan/sh) vs ${ours}`);
    real.stmts.forEach((s, k) => {
      const bg = list.items[k]!.terminator === '&';
      if (s.Background !== bg)
        throw new ParserDisagreement(
          `list ${where}: item ${k} background ${s.Background} vs ${bg}`,
        );
    });
  }

  command(cmd: ShCommand): void {
    this.heredocsOf(cmd);
    const text = this.blankOutside(cmd.start, cmd.end);
    const real = mvdanParse(text);
    meaningStats.probes++;
    const where = JSON.stringify(this.script.slice(cmd.start, cmd.end));
    if (real.error) throw new ParserDisagreement(`command ${where}: mvdan/sh: ${real.error}`);
    const s = real.stmts[0];
    if (real.stmts.length !== 1 || !s || s.Pos.Offset !== cmd.start)
      throw new ParserDisagreement(
        `command ${where}: mvdan/sh reads ${real.stmts.length} statements`,
      );
    const theirs = s.Redirs.map(
      (r) =>
        `${r.N?.Value ?? ''}${r.Op}@${r.Word?.Pos.Offset}-${r.Word?.End.Offset}${r.Hdoc ? ` body..${r.Hdoc.End.Offset}` : ''}`,
    );
    const mine = cmd.redirects.map(
      (r) =>
        `${r.fd}${r.op}@${r.target.start}-${r.target.end}${r.body ? ` body..${this.delimiterEnd(r.body.end)}` : ''}`,
    );
    // mvdan/sh ends an empty here-document body where it starts; ours too.
    if (theirs.join() !== mine.join())
      throw new ParserDisagreement(
        `command ${where}: redirections ${theirs.join(' ')} (mvdan/sh) vs ${mine.join(' ')}`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// The Dockerfile side

/** The script a RUN hands to the shell, or undefined (exec form, another interpreter, unterminated). */
export function runScriptOf(model: DockerfileModel, ins: Instruction): string | undefined {
  const run = ins.run;
  if (!run || run.form === 'exec' || ins.keyword !== 'RUN') return undefined;
  if (ins.raw.heredocs.some((h) => !h.terminated)) return undefined;
  const heredoc = ins.raw.heredocs[0];
  if (run.form === 'heredoc' && heredoc) {
    const body = model.text.slice(heredoc.bodyStart, heredoc.bodyEnd);
    if (hasForeignShebang(body)) return undefined;
    return heredoc.stripTabs ? body.replace(/^\t+/gm, '') : body;
  }
  // BuildKit splits the keyword and its arguments at any run of blanks, \v and \f included.
  return runShellText(model, ins).script.replace(/^[ \t\v\f]+/, '');
}

/** Windows images and custom SHELLs are not POSIX shell. */
function posixShell(model: DockerfileModel): boolean {
  return !model.instructions.some((i) => i.keyword === 'SHELL');
}

export interface MeaningReport {
  problems: string[];
  /** RUNs compared (before side). */
  runs: number;
}

/** Words of a declared command, as the shell layer splits them. */
function declaredWords(command: string): string[] {
  const tree = parseShellScript(command);
  const cmd = tree.list.items[0]?.pipelines[0]?.commands[0];
  return cmd?.kind === 'simple' ? cmd.words.map((w) => w.text) : [command];
}

/** Redirections written in a declared command (`echo … > file`), as the facts show them. */
function declaredRedirects(command: string): string[] {
  const tree = parseShellScript(command);
  const cmd = tree.list.items[0]?.pipelines[0]?.commands[0];
  return cmd ? cmd.redirects.map((r) => redirectText(command, r)) : [];
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Compares the RUN scripts of `before` and `after` under the fix's declared changes. A fix with
 * no declaration may only add commands (placed as an appended command must be).
 */
export function checkMeaning(before: string, after: string, fix: Fix | undefined): MeaningReport {
  const mb = buildModel(before);
  const ma = buildModel(after);
  if (!posixShell(mb) || !posixShell(ma)) return { problems: [], runs: 0 };
  const changes: DeclaredChange[] = fix?.changes ?? [];
  const declared = !!fix?.changes;
  const scripts = (m: DockerfileModel) =>
    m.instructions
      .filter((i) => i.keyword === 'RUN' && !i.onbuild)
      .map((i) => ({ ins: i, script: runScriptOf(m, i) }));
  const sb = scripts(mb);
  const sa = scripts(ma);
  // RUNs whose script did not change pair up first (in order): moved RUNs included.
  const usedA = new Set<number>();
  const restB: typeof sb = [];
  for (const b of sb) {
    const k = sa.findIndex((a, j) => !usedA.has(j) && a.script === b.script);
    if (k >= 0) usedA.add(k);
    else restB.push(b);
  }
  const restA = sa.filter((_, j) => !usedA.has(j));
  const problems: string[] = [];
  if (restB.length === 0 && restA.length === 0) return { problems, runs: 0 };
  if (restB.some((r) => r.script === undefined) || restA.some((r) => r.script === undefined)) {
    if (restB.some((r) => r.script !== undefined) || restA.some((r) => r.script !== undefined)) {
      // One side is shell, the other is not: e.g. a fix turned a shell RUN into exec form.
      const kinds = (x: typeof sb) =>
        x.map((r) => (r.script === undefined ? 'not shell' : 'shell'));
      if (kinds(restB).join() !== kinds(restA).join())
        problems.push(
          `a RUN changed between shell and non-shell: ${kinds(restB)} → ${kinds(restA)}`,
        );
    }
    return { problems, runs: restB.length };
  }
  meaningStats.runs += restB.length;
  const factsB = restB.map((r) => scriptFacts(r.script!));
  const factsA = restA.map((r) => scriptFacts(r.script!));
  const bad = factsB.find((f) => f.invalid);
  if (bad) return { problems, runs: restB.length }; // the input is not valid shell: nothing to keep
  const badAfter = factsA.find((f) => f.invalid);
  if (badAfter) {
    problems.push(`a fixed RUN is not valid shell: ${badAfter.invalid}`);
    return { problems, runs: restB.length };
  }
  const merges = changes.some((c) => c.kind === 'merges-runs');
  // Before: each RUN's commands in order; a RUN after the first, when merged, joins with `&&`.
  const flatB: CommandFact[] = [];
  factsB.forEach((f, k) => {
    for (const c of f.commands) {
      flatB.push({ ...c, frames: c.frames.map((fr) => ({ ...fr, id: fr.id * 1000 + k })) });
    }
  });
  const flatA: CommandFact[] = [];
  factsA.forEach((f, k) => {
    for (const c of f.commands) {
      flatA.push({ ...c, frames: c.frames.map((fr) => ({ ...fr, id: fr.id * 1000 + k })) });
    }
  });

  const added = changes.filter((c) => c.kind === 'adds-command' || c.kind === 'moves-command');
  const removed = changes.filter((c) => c.kind === 'removes-command' || c.kind === 'moves-command');
  const addFlags = changes.filter((c) => c.kind === 'adds-flag');
  const removeFlags = changes.filter((c) => c.kind === 'removes-flag');

  // Declared removals (and the source side of moves): taken out of `before`, last match first.
  for (const r of removed) {
    const words = declaredWords(r.command);
    const k = flatB.findIndex((c) => same(c.words, words));
    if (k < 0) {
      problems.push(`declared ${r.kind} '${r.command}': no such command before the fix`);
      continue;
    }
    const [gone] = flatB.splice(k, 1);
    // Removed from the start of an and-or list: the command after it now starts the item.
    const next = flatB[k];
    if (
      gone!.joinedBy === '' &&
      next?.joinedBy === '&&' &&
      same(
        next.frames.slice(0, gone!.frames.length).map((f) => String(f.id)),
        gone!.frames.map((f) => String(f.id)),
      )
    )
      next.joinedBy = '';
  }
  // Added commands: declared ones, or (undeclared fix) any that the original does not have.
  const addedFacts: (CommandFact & { at: 'start' | 'end'; declaredRedirects?: string[] })[] = [];
  for (const a of added) {
    const words = declaredWords(a.command);
    const at = ('at' in a && a.at) || 'end';
    let k = -1;
    if (at === 'end') {
      for (let j = flatA.length - 1; j >= 0 && k < 0; j--) if (same(flatA[j]!.words, words)) k = j;
    } else k = flatA.findIndex((c) => same(c.words, words));
    if (k < 0) {
      problems.push(`declared ${a.kind} '${a.command}': not in the fixed RUN`);
      continue;
    }
    const [fact] = flatA.splice(k, 1);
    addedFacts.push({ ...fact!, at, declaredRedirects: declaredRedirects(a.command) });
    // Moved to the start: the command after it is now joined to it by `&&`.
    const next = flatA[k];
    if (
      at === 'start' &&
      next &&
      next.frames[0]?.id === fact!.frames[0]?.id &&
      next.joinedBy === '&&'
    )
      next.joinedBy = '';
  }
  if (!declared && flatA.length > flatB.length) {
    // Undeclared: the extra commands must be additions at the end.
    const extra = flatA.length - flatB.length;
    addedFacts.push(
      ...flatA.splice(flatA.length - extra, extra).map((c) => ({ ...c, at: 'end' as const })),
    );
  }
  // Merged RUNs: the first command of each later RUN joins the previous one's last item with `&&`.
  if (merges) {
    let k = 0;
    for (const f of factsB) {
      if (k > 0 && f.commands[0]) {
        const first = flatB.find(
          (c) => c.start === f.commands[0]!.start && c.frames[0]!.id % 1000 === k,
        );
        if (first) first.joinedBy = '&&';
      }
      k++;
    }
  }

  if (flatA.length !== flatB.length) {
    const show = (xs: CommandFact[]) => xs.map((c) => c.words.join(' ')).join(' | ');
    problems.push(
      `commands differ beyond the declared changes${declared ? '' : ' (the fix declares none: add `changes` to it)'}:\n  before: ${show(flatB)}\n  after:  ${show(flatA)}`,
    );
    return { problems, runs: restB.length };
  }
  const idMap = new Map<number, number>();
  const idBack = new Map<number, number>();
  for (let i = 0; i < flatB.length; i++) {
    const b = flatB[i]!;
    const a = flatA[i]!;
    const name = b.words.join(' ') || b.assigns.join(' ');
    const flagsOf = (xs: DeclaredChange[]) =>
      new Set(
        xs
          .filter((x) => 'flag' in x && wordsMatchCommand(b.words, x.command))
          .map((x) => ('flag' in x ? x.flag : '')),
      );
    const plus = flagsOf(addFlags);
    const minus = flagsOf(removeFlags);
    const swaps = changes.filter(
      (x): x is Extract<DeclaredChange, { kind: 'replaces-word' }> =>
        x.kind === 'replaces-word' && wordsMatchCommand(b.words, x.command),
    );
    // A CR-only here-document: a line's CR ends a word for the fix, which adds its flag before
    // it (`ci\rapt-get` → `ci --omit=dev\rapt-get`); the shell reads it as part of the word.
    // Where a change is declared, words are compared split at CRs.
    const touched = plus.size + minus.size + swaps.length > 0;
    const bWords = touched ? splitAtCr(b.words) : b.words;
    const aWords = touched ? splitAtCr(a.words) : a.words;
    const wb = bWords
      .filter((w) => !(minus.has(w) && !aWords.includes(w)))
      .flatMap((w) => {
        const x = withoutLetters(w, minus);
        return x === '-' && w !== '-' ? [] : [x];
      });
    // A replaced word counts where the command had the `from` word (not an `npm ci` already there).
    const wa = aWords
      .filter((w) => !(plus.has(w) && !bWords.includes(w)))
      .map((w, j) => {
        const cr = (x: string) => x.split('\r')[0]!;
        const swap = swaps.find((x) => cr(x.to) === w && wb[j] === cr(x.from));
        return swap ? cr(swap.from) : w;
      });
    if (!same(wa, wb)) {
      const hint = declared ? '' : ' (the fix declares no changes: add `changes` to it)';
      problems.push(`'${name}': words changed to '${a.words.join(' ')}'${hint}`);
    }
    const setVars = changes
      .filter((x) => x.kind === 'sets-variable' && wordsMatchCommand(b.words, x.command))
      .map((x) => ('assignment' in x ? x.assignment.split('=')[0]! : ''));
    const unset = (xs: string[]) => xs.filter((x) => !setVars.includes(x.split('=')[0]!));
    if (!same(unset(a.assigns), unset(b.assigns)))
      problems.push(`'${name}': assignments changed from [${b.assigns}] to [${a.assigns}]`);
    if (!same(a.redirects, b.redirects))
      problems.push(
        `'${name}': redirections changed from [${b.redirects.join(', ')}] to [${a.redirects.join(', ')}]`,
      );
    if (a.joinedBy !== b.joinedBy)
      problems.push(`'${name}': joined by '${b.joinedBy}' before, '${a.joinedBy}' after`);
    const fb = b.frames.map((f) => f.desc).join(' > ');
    const fa = a.frames.map((f) => f.desc).join(' > ');
    if (fb !== fa) problems.push(`'${name}': place changed from [${fb}] to [${fa}]`);
    else if (!merges) {
      b.frames.forEach((f, k) => {
        const g = a.frames[k]!;
        const m = idMap.get(f.id);
        const back = idBack.get(g.id);
        if ((m !== undefined && m !== g.id) || (back !== undefined && back !== f.id))
          problems.push(
            `'${name}': now shares a list, pipeline or compound command with other commands (${f.desc})`,
          );
        idMap.set(f.id, g.id);
        idBack.set(g.id, f.id);
      });
    }
  }
  // Each added or moved command runs last (or first, when moved to the start), at the top level,
  // after everything the RUN did, with no redirection of its own but those it declares.
  for (const c of addedFacts) {
    const name = c.words.join(' ');
    const run = c.frames[0]?.id ?? 0;
    const sameRun = flatA.filter((o) => (o.frames[0]?.id ?? -1) % 1000 === run % 1000);
    if (c.at === 'end' && sameRun.some((o) => o.start > c.start))
      problems.push(`added '${name}' does not run last: commands follow it`);
    if (c.frames.length !== 1 || c.frames[0]!.desc !== 'top-item')
      problems.push(
        `added '${name}' is not a top-level command of its own: [${c.frames.map((f) => f.desc).join(' > ')}]`,
      );
    if (c.redirects.length && !same(c.redirects, c.declaredRedirects ?? []))
      problems.push(`added '${name}' took redirections: ${c.redirects.join(', ')}`);
    if (c.joinedBy !== '' && c.joinedBy !== '&&')
      problems.push(`added '${name}' is joined by '${c.joinedBy}'`);
  }
  return { problems, runs: restB.length };
}

function splitAtCr(words: readonly string[]): readonly string[] {
  return words.flatMap((w) => (w.includes('\r') ? w.split('\r').filter(Boolean) : [w]));
}

/** `-Rf` without a declared removed `-R` is `-f`. */
function withoutLetters(word: string, removed: Set<string>): string {
  if (!/^-[A-Za-z]{2,}$/.test(word)) return word;
  let w = word;
  for (const r of removed) if (/^-[A-Za-z]$/.test(r)) w = w.replace(r[1]!, '');
  return w;
}

/**
 * `pip` matches `pip install …`, `python -m pip …`; a declared name is compared with basenames.
 * A CR inside a word (a CR-only file, where the Dockerfile's lines end but the shell's do not)
 * also starts a name: `clean\rapk` is `apk` to the fix.
 */
function wordsMatchCommand(words: readonly string[], command: string): boolean {
  const name = command.split(/\s+/)[0]!;
  return words.some((w) => w.split('\r').some((part) => part.replace(/^.*\//, '') === name));
}

/**
 * Rules whose fixes do not declare their changes yet (`Fix.changes`): the meaning check still
 * runs on them and its problems are printed (tables) or counted (fuzz), but do not fail. TODO: remove each entry
 * once its fix declares what it changes.
 */
export const UNDECLARED_FIXES: ReadonlyMap<string, string> = new Map([
  ['go-strip-symbols', 'TODO(go-strip-symbols): declare adds-flag -ldflags (go)'],
  [
    'add-remote-archive',
    'TODO(add-remote-archive): declare removes-command (download, extract, rm) and adds-command (the curl | tar pipeline)',
  ],
]);

/** For the tester: throws with every problem found. */
export function assertMeaningKept(before: string, after: string, fix: Fix | undefined): void {
  const r = checkMeaning(before, after, fix);
  if (r.problems.length) {
    throw new Error(
      `the fix '${fix?.title ?? 'fix-all'}' changed what the shell runs:\n- ${r.problems.join('\n- ')}`,
    );
  }
}
