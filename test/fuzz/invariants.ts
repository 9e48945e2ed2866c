/**
 * What must hold for every input, whatever it is: the engine answers (no exception, no rule
 * failure, within a time budget), every range lies inside the document, and every fix — alone or
 * through fix-all — applies cleanly and damages nothing it did not mean to touch.
 */
import { spawnSync } from 'node:child_process';
import { applyEdits } from '../../server/src/engine/applyEdits';
import type { BuildContext } from '../../server/src/analysis/context';
import { fixAll } from '../../server/src/engine/fixAll';
import { hoverAt } from '../../server/src/features/hovers';
import { lensesFor } from '../../server/src/features/lenses';
import { lintDockerfile, type LintResult } from '../../server/src/engine/lint';
import { lintDockerignore, type IgnoreLintResult } from '../../server/src/engine/lintDockerignore';
import type { DockerfileRule, Edit, Finding, Fix, Report } from '../../server/src/rules/types';
import { buildModel, type DockerfileModel, type Instruction } from '../../server/src/parse/model';
import { DOCKERFILE_RULES } from '../../server/src/rules';
import {
  checkMeaning,
  meaningStats,
  ParserDisagreement,
  UNDECLARED_FIXES,
} from '../helpers/shellMeaning';

export interface FuzzCase {
  text: string;
  context: BuildContext;
  target?: string | undefined;
}

export interface CheckOptions {
  /** Also check what realistic files must keep (comments, heredocs, checksum lines) and run `bash -n`. */
  realistic?: boolean;
  /** Milliseconds one analysis may take before the case fails (scaled up for long inputs). */
  budgetMs?: number;
  /** Also run fix-all with suggestions. */
  suggestions?: boolean;
}

/** Totals over every checked case, for the report. */
export const stats = {
  cases: 0,
  analysed: 0,
  findings: 0,
  fixesApplied: 0,
  fixAllRuns: 0,
  fixAllChanged: 0,
  bashChecks: 0,
  hovers: 0,
  /** Fixes whose RUNs went through the meaning check; problems of allow-listed undeclared fixes. */
  meaningChecks: 0,
  meaningUndeclared: 0,
  /** Scripts where the shell layer and mvdan/sh read the structure differently (not checked). */
  meaningDisagreements: 0,
  maxLintMs: 0,
  maxLintChars: 0,
};

export class InvariantError extends Error {
  override name = 'InvariantError';
}

function fail(message: string): never {
  throw new InvariantError(message);
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

// Each rule is wrapped to see its raw reports: the engine drops exact duplicates, a rule must not make them.
const raw = new Map<string, Report[]>();
const WRAPPED: DockerfileRule[] = DOCKERFILE_RULES.map((rule) => ({
  meta: rule.meta,
  check(ctx) {
    rule.check({
      ...ctx,
      report: (r) => {
        const list = raw.get(rule.meta.id) ?? [];
        list.push(r);
        raw.set(rule.meta.id, list);
        ctx.report(r);
      },
    });
  },
}));

function lint(c: FuzzCase, text: string): LintResult {
  raw.clear();
  return lintDockerfile(text, {
    context: c.context,
    target: c.target,
    registry: WRAPPED,
    maxChars: Number.MAX_SAFE_INTEGER,
    // Results must not depend on the machine's speed; the case's own budget catches slowness.
    timeBudgetMs: Number.POSITIVE_INFINITY,
  });
}

/**
 * CPU time since `start`, in ms. Budgets use CPU time, not the clock: on a loaded CI machine the
 * clock also counts other processes' turns.
 */
export function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function budgetFor(text: string, base: number): number {
  // 40 ms per KB on top: linear work on long inputs passes even on a loaded machine. Quadratic
  // work on long lines is the job of test/unit/security (1 MB lines).
  return base + text.length / 25;
}

function checkRange(what: string, start: number, end: number, length: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end))
    fail(`${what}: non-integer range ${start}..${end}`);
  if (start < 0 || end > length || start > end)
    fail(`${what}: range ${start}..${end} outside 0..${length} or reversed`);
}

function describeErrors(result: LintResult): string {
  return result.errors
    .map(
      (e) =>
        `${e.ruleId}: ${e.error instanceof Error ? (e.error.stack ?? e.error.message) : String(e.error)}`,
    )
    .join('\n');
}

/** Runs every invariant on one input; throws an InvariantError naming the first one broken. */
export function checkCase(c: FuzzCase, options: CheckOptions = {}): void {
  stats.cases++;
  const text = c.text;
  const budget = budgetFor(text, options.budgetMs ?? 3000);
  const t0 = process.cpuUsage();
  let result: LintResult;
  try {
    result = lint(c, text);
  } catch (e) {
    fail(`lintDockerfile threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  const ms = cpuMs(t0);
  if (ms > stats.maxLintMs) {
    stats.maxLintMs = ms;
    stats.maxLintChars = text.length;
  }
  if (ms > budget) fail(`analysis took ${ms.toFixed(0)} ms (budget ${budget.toFixed(0)} ms)`);
  if (result.errors.length) fail(`a rule threw:\n${describeErrors(result)}`);

  for (const n of result.notices) checkRange('notice', n.start, n.end, text.length);
  const model = result.model;
  if (!model) {
    if (result.findings.length) fail('findings without a model');
    return;
  }
  stats.analysed++;
  stats.findings += result.findings.length;

  for (const [ruleId, reports] of raw) {
    const seen = new Set<string>();
    for (const r of reports) {
      const key = `${r.start}:${r.end}`;
      if (seen.has(key)) fail(`${ruleId} reported ${r.start}..${r.end} twice: ${r.message}`);
      seen.add(key);
    }
  }

  for (const f of result.findings) {
    checkRange(`${f.ruleId} finding`, f.start, f.end, text.length);
    if (!SEVERITIES.has(f.severity)) fail(`${f.ruleId}: severity ${String(f.severity)}`);
    if (typeof f.message !== 'string' || !f.message.trim()) fail(`${f.ruleId}: empty message`);
    for (const fix of f.fixes) checkFix(c, model, f, fix, options);
  }

  // Hover and lens providers are cheap to break and costly to call: every fourth case.
  if (stats.analysed % 4 === 0) checkFeatures(c, model, result.findings);
  checkFixAll(c, model, options, budget, false);
  if (options.suggestions) checkFixAll(c, model, options, budget, true);
}

function checkFeatures(c: FuzzCase, model: DockerfileModel, findings: Finding[]): void {
  const ctx = { model, findings, context: c.context };
  const n = c.text.length;
  const offsets = new Set<number>([0, n, Math.floor(n / 2)]);
  for (const f of findings) offsets.add(f.start);
  for (const ins of model.instructions.slice(0, 50)) {
    offsets.add(ins.start);
    if (ins.words[0]) offsets.add(ins.words[0].start + 1);
  }
  for (const s of model.stages) if (s.from) offsets.add(s.from.imageStart);
  for (const o of offsets) {
    let h;
    try {
      h = hoverAt(ctx, o);
    } catch (e) {
      fail(`hover at ${o} threw: ${e instanceof Error ? e.stack : String(e)}`);
    }
    stats.hovers++;
    if (h) checkRange(`hover at ${o}`, h.start, h.end, n);
  }
  let lenses;
  try {
    lenses = lensesFor(ctx);
  } catch (e) {
    fail(`code lenses threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  for (const l of lenses) checkRange('lens', l.start, l.end, n);
}

function checkFix(
  c: FuzzCase,
  model: DockerfileModel,
  f: Finding,
  fix: Fix,
  options: CheckOptions,
): void {
  const what = `${f.ruleId} fix '${fix.title}'`;
  if (fix.safety !== 'safe' && fix.safety !== 'suggestion')
    fail(`${what}: safety ${String(fix.safety)}`);
  for (const e of fix.edits) {
    checkRange(`${what} edit`, e.start, e.end, c.text.length);
    if (typeof e.newText !== 'string') fail(`${what}: edit without text`);
  }
  for (const file of fix.files ?? []) {
    if (typeof file.path !== 'string' || !file.path) fail(`${what}: file change without a path`);
    if (file.create === undefined && !file.edits) fail(`${what}: file change with nothing to do`);
  }
  if (fix.edits.length === 0) return;
  let fixed: string;
  try {
    fixed = applyEdits(c.text, fix.edits);
  } catch (e) {
    fail(`${what}: edits do not apply: ${(e as Error).message}`);
  }
  stats.fixesApplied++;
  // Targeted: the finding's instructions and those the fix edits inside. An instruction an edit
  // swallows whole (or that the fix does not touch) is not: its text must still be somewhere.
  const targeted = model.instructions.filter(
    (i) => overlaps(i, f.start, f.end) || fix.edits.some((e) => editsInside(i, e)),
  );
  checkPreserved(c, model, fixed, what, { fix, targeted, realistic: !!options.realistic });
  checkShellMeaning(c.text, fixed, f.ruleId, fix, what);
}

/** What each RUN's shell runs is kept, apart from what the fix declares (test/helpers/shellMeaning). */
function checkShellMeaning(
  text: string,
  fixed: string,
  ruleId: string,
  fix: Fix,
  what: string,
): void {
  let problems: string[];
  try {
    problems = checkMeaning(text, fixed, fix).problems;
  } catch (e) {
    if (e instanceof ParserDisagreement) {
      stats.meaningDisagreements++;
      return;
    }
    throw e;
  }
  stats.meaningChecks++;
  if (problems.length === 0) return;
  if (UNDECLARED_FIXES.has(ruleId) && !fix.changes) {
    stats.meaningUndeclared++;
    return;
  }
  fail(
    `${what}: changed what the shell runs:\n- ${problems.join('\n- ')}\n--- before:\n${JSON.stringify(text)}\n--- after:\n${JSON.stringify(fixed)}`,
  );
}

export { meaningStats };

function overlaps(ins: Instruction, start: number, end: number): boolean {
  return ins.start <= end && start <= ins.end;
}

function editsInside(ins: Instruction, e: Edit): boolean {
  const inside = (o: number) => o > ins.start && o < ins.end;
  return inside(e.start) || inside(e.end) || (e.start === e.end && e.start === ins.end);
}

function checkFixAll(
  c: FuzzCase,
  model: DockerfileModel,
  options: CheckOptions,
  budget: number,
  includeSuggestions: boolean,
): void {
  const what = includeSuggestions ? 'fix-all (with suggestions)' : 'fix-all';
  const lintFindings = (t: string): Finding[] => {
    const r = lint(c, t);
    if (r.errors.length)
      fail(
        `${what}: a rule threw on an intermediate text:\n${describeErrors(r)}\n--- text:\n${JSON.stringify(t)}`,
      );
    return r.findings;
  };
  const t0 = process.cpuUsage();
  let first;
  try {
    first = fixAll(c.text, lintFindings, { includeSuggestions });
  } catch (e) {
    if (e instanceof InvariantError) throw e;
    fail(`${what} threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  stats.fixAllRuns++;
  const ms = cpuMs(t0);
  if (ms > budget * 12) fail(`${what} took ${ms.toFixed(0)} ms`);
  if (first.text === c.text) return;
  stats.fixAllChanged++;
  const again = fixAll(first.text, lintFindings, { includeSuggestions });
  if (again.text !== first.text)
    fail(
      `${what}: a second pass still changes the text (applied ${again.applied.map((a) => a.ruleId).join(', ')})\n--- after the first pass:\n${JSON.stringify(first.text)}\n--- after the second:\n${JSON.stringify(again.text)}`,
    );
  checkPreserved(c, model, first.text, what, { realistic: !!options.realistic });
}

// ---------------------------------------------------------------------------------------------
// What a fix must keep

/** Non-whitespace text: moved or re-indented text still matches. */
function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

function count<T>(xs: Iterable<T>): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function missingFrom<T>(before: Iterable<T>, after: Iterable<T>): T[] {
  const a = count(after);
  const out: T[] = [];
  for (const [x, n] of count(before)) if ((a.get(x) ?? 0) < n) out.push(x);
  return out;
}

/** Lines whose first non-blank is `#`: blanks as BuildKit counts them (not U+FEFF, which trim() drops). */
function commentLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    // By hand: /[ \t]+$/ backtracks quadratically on the long blank lines the fuzzer writes.
    let a = 0;
    let b = line.length;
    while (a < b && (line[a] === ' ' || line[a] === '\t')) a++;
    while (b > a && (line[b - 1] === ' ' || line[b - 1] === '\t')) b--;
    if (line[a] === '#') out.push(line.slice(a, b));
  }
  return out;
}

/**
 * `sha256sum -c` input: a digest, then two spaces (text mode) or ` *` (binary mode), then the file.
 * Found run by run (a regex with `{32,128}` rescans long hex runs at every offset).
 */
function findChecksumLines(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[0-9a-fA-F]+/g)) {
    const len = m[0].length;
    const after = m.index + len;
    if (len < 32 || len > 128) continue;
    const sep = text.slice(after, after + 2);
    if (sep !== '  ' && sep !== ' *') continue;
    const file = /^[^\s"'|;&]+/.exec(text.slice(after + 2, after + 2 + 4096));
    if (file) out.push(text.slice(m.index, after + 2) + file[0]);
  }
  return out;
}

let lastChecksumText: string | undefined;
let lastChecksums: string[] = [];

function checksumLines(text: string): string[] {
  if (text !== lastChecksumText) {
    lastChecksumText = text;
    lastChecksums = findChecksumLines(text);
  }
  return lastChecksums;
}

const REMOTE_SOURCE = /^["']?(https?:\/\/|git@|git:\/\/|ssh:\/\/)/;

function lineBreakStyle(text: string): 'crlf' | 'lf' | 'other' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const all = (text.match(/\r\n|\r|\n/g) ?? []).length;
  if (all === 0) return 'other';
  if (crlf === all) return 'crlf';
  if (!text.includes('\r')) return 'lf';
  return 'other';
}

function checkPreserved(
  c: FuzzCase,
  model: DockerfileModel,
  fixed: string,
  what: string,
  opts: { fix?: Fix; targeted?: Instruction[]; realistic: boolean },
): void {
  const text = c.text;
  const show = (): string =>
    `\n--- before:\n${JSON.stringify(text)}\n--- after:\n${JSON.stringify(fixed)}`;
  let after: DockerfileModel;
  try {
    after = buildModel(fixed, { target: c.target });
  } catch (e) {
    fail(`${what}: the fixed text does not parse: ${(e as Error).message}${show()}`);
  }
  const refactor = opts.fix?.kind === 'refactor.rewrite';
  if (
    refactor
      ? after.stages.length < model.stages.length
      : after.stages.length !== model.stages.length
  )
    fail(`${what}: ${model.stages.length} stages became ${after.stages.length}${show()}`);

  // The final newline, and a CRLF file stays CRLF.
  if (/[\r\n]$/.test(text) && !/[\r\n]$/.test(fixed))
    fail(`${what}: the final newline was dropped${show()}`);
  const style = lineBreakStyle(text);
  if (style !== 'other' && lineBreakStyle(fixed) !== style)
    fail(`${what}: ${style} line breaks became mixed${show()}`);
  if (text.startsWith('\uFEFF') && !fixed.startsWith('\uFEFF'))
    fail(`${what}: the byte-order mark was dropped${show()}`);

  // Parser directives: kept, in order, still directives.
  const dirs = (m: DockerfileModel) => m.scan.directives.map((d) => `${d.name}=${d.value}`);
  const lostDirectives = missingFrom(dirs(model), dirs(after));
  if (lostDirectives.length)
    fail(`${what}: parser directive(s) lost: ${lostDirectives.join(', ')}${show()}`);
  if (model.scan.escape !== after.scan.escape)
    fail(`${what}: the escape character changed${show()}`);

  // Instruction flags (`--platform=…`, `--from=…`, `--mount=…`, `--chown=…`): none disappears.
  const flags = (m: DockerfileModel) =>
    m.instructions.flatMap((i) => i.flags.map((f) => `${i.keyword} ${compact(f.text)}`));
  const removable = new Set(
    model.instructions
      .filter(onlyChown)
      .flatMap((i) => i.flags.map((f) => `${i.keyword} ${compact(f.text)}`)),
  );
  // As a set: merging two RUNs with the same mount keeps one copy of it.
  const lostFlags = missingFrom(new Set(flags(model)), new Set(flags(after))).filter(
    (f) => !removable.has(f),
  );
  if (lostFlags.length) fail(`${what}: flag(s) lost: ${lostFlags.join(', ')}${show()}`);

  // Text of the instructions the fix did not target: all still there.
  if (opts.targeted) {
    const all = compact(fixed);
    for (const ins of model.instructions) {
      if (opts.targeted.includes(ins)) continue;
      const body = compact(text.slice(ins.raw.keywordEnd, ins.end));
      if (body && !all.includes(body))
        fail(
          `${what}: text of an instruction it did not target was lost: ${JSON.stringify(text.slice(ins.start, ins.end))}${show()}`,
        );
    }
  }

  // Comments, checksum lines, heredoc bodies.
  const lostComments = missingFrom(commentLines(text), commentLines(fixed));
  if (lostComments.length) fail(`${what}: comment(s) lost: ${lostComments.join(' | ')}${show()}`);
  const lostSums = checksumLines(text).filter((l) => !fixed.includes(l));
  if (lostSums.length) fail(`${what}: checksum line(s) changed: ${lostSums.join(' | ')}${show()}`);
  checkHeredocs(model, after, what, show);

  // A remote ADD (URL, git, --checksum) never becomes a COPY.
  for (const ins of after.instructions) {
    if (ins.keyword !== 'COPY') continue;
    const remote =
      ins.words.find((w) => REMOTE_SOURCE.test(w.text)) ??
      ins.flags.find((f) => f.name === 'checksum');
    if (
      remote &&
      !model.instructions.some(
        (i) => i.keyword === 'COPY' && compact(i.raw.logical) === compact(ins.raw.logical),
      )
    )
      fail(`${what}: a remote ADD became ${JSON.stringify(ins.raw.logical)}${show()}`);
  }

  if (opts.realistic) checkShell(model, after, what, show);
}

/**
 * The one case where a fix may drop flags: chown-in-separate-layer deletes a RUN that only runs
 * chown/chmod (the work moves into `COPY --chown`), and that RUN's mounts go with it.
 */
function onlyChown(ins: Instruction): boolean {
  const cmds = ins.run?.commands.filter((c) => c.depth === 0) ?? [];
  return cmds.length > 0 && cmds.every((c) => /^(chown|chmod)$/.test(c.words[0]?.value ?? ''));
}

/** Heredocs by instruction and name, with whether they end: a fix may edit a body, never remove one. */
function heredocKeys(m: DockerfileModel): string[] {
  return m.instructions.flatMap((i) =>
    i.raw.heredocs.map((h) => `${i.keyword} <<${h.name}${h.terminated ? '' : ' (unterminated)'}`),
  );
}

function checkHeredocs(
  model: DockerfileModel,
  after: DockerfileModel,
  what: string,
  show: () => string,
): void {
  const lost = missingFrom(heredocKeys(model), heredocKeys(after));
  if (lost.length) fail(`${what}: heredoc(s) flattened or lost: ${lost.join(', ')}${show()}`);
}

// ---------------------------------------------------------------------------------------------
// RUN scripts must stay valid shell (test-time only: the server never runs a shell)

let bashAvailable: boolean | undefined;
const bashCache = new Map<string, boolean>();

export function bashAccepts(script: string): boolean {
  bashAvailable ??= spawnSync('bash', ['-c', 'true']).status === 0;
  if (!bashAvailable) return true;
  let ok = bashCache.get(script);
  if (ok === undefined) {
    stats.bashChecks++;
    ok = spawnSync('bash', ['-n'], { input: script, timeout: 10_000 }).status === 0;
    bashCache.set(script, ok);
  }
  return ok;
}

/** The script a RUN hands to the shell: the joined line after the flags, plus any heredoc bodies. */
export function runScript(m: DockerfileModel, ins: Instruction): string | undefined {
  if (!ins.run || ins.run.form === 'exec') return undefined;
  const raw = ins.raw;
  const first = ins.words[0];
  if (!first) return undefined;
  const line = raw.logical.slice(first.lstart).trim();
  if (raw.heredocs.length === 0) return line;
  if (raw.heredocs.some((h) => !h.terminated)) return undefined;
  const body = (h: (typeof raw.heredocs)[number]) => m.text.slice(h.bodyStart, h.bodyEnd);
  // `RUN <<EOF` alone: the body is the script.
  if (/^<<-?["']?[A-Za-z0-9_]+["']?$/.test(line)) return body(raw.heredocs[0]!);
  return `${line}\n${raw.heredocs.map((h) => `${body(h)}${h.name}\n`).join('')}`;
}

function shellScripts(m: DockerfileModel): Set<string> {
  const out = new Set<string>();
  // Windows and custom SHELLs are not POSIX shell: skip those files.
  if (m.instructions.some((i) => i.keyword === 'SHELL')) return out;
  for (const ins of m.instructions) {
    const s = runScript(m, ins);
    if (s !== undefined) out.add(s);
  }
  return out;
}

function checkShell(
  model: DockerfileModel,
  after: DockerfileModel,
  what: string,
  show: () => string,
): void {
  const before = shellScripts(model);
  if ([...before].some((s) => !bashAccepts(s))) return; // the input already has RUNs bash rejects
  for (const s of shellScripts(after)) {
    if (before.has(s)) continue;
    if (!bashAccepts(s))
      fail(`${what}: left a RUN the shell rejects: ${JSON.stringify(s)}${show()}`);
  }
}

export type { Edit };

// ---------------------------------------------------------------------------------------------
// .dockerignore files

export function checkIgnoreCase(
  text: string,
  context: BuildContext,
  dockerfile: string | undefined,
  budgetMs = 3000,
): void {
  stats.cases++;
  const budget = budgetFor(text, budgetMs);
  let models: DockerfileModel[] = [];
  const t0 = process.cpuUsage();
  let result: IgnoreLintResult;
  try {
    if (dockerfile !== undefined) models = [buildModel(dockerfile)];
    result = lintDockerignore(text, {
      context,
      dockerfiles: models,
      maxChars: Number.MAX_SAFE_INTEGER,
    });
  } catch (e) {
    fail(`lintDockerignore threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  const ms = cpuMs(t0);
  if (ms > budget)
    fail(`.dockerignore analysis took ${ms.toFixed(0)} ms (budget ${budget.toFixed(0)} ms)`);
  if (result.errors.length)
    fail(
      `a .dockerignore rule threw:\n${result.errors.map((e) => `${e.ruleId}: ${e.error instanceof Error ? e.error.stack : String(e.error)}`).join('\n')}`,
    );
  stats.analysed++;
  stats.findings += result.findings.length;
  const seen = new Set<string>();
  for (const f of result.findings) {
    checkRange(`${f.ruleId} finding`, f.start, f.end, text.length);
    const key = `${f.ruleId}:${f.start}:${f.end}:${f.message}`;
    if (seen.has(key)) fail(`${f.ruleId} reported ${f.start}..${f.end} twice`);
    seen.add(key);
    for (const fix of f.fixes) {
      for (const e of fix.edits)
        checkRange(`${f.ruleId} fix '${fix.title}' edit`, e.start, e.end, text.length);
      if (fix.edits.length === 0) continue;
      let fixed: string;
      try {
        fixed = applyEdits(text, fix.edits);
      } catch (e) {
        fail(`${f.ruleId} fix '${fix.title}': edits do not apply: ${(e as Error).message}`);
      }
      stats.fixesApplied++;
      const lost = missingFrom(commentLines(text), commentLines(fixed));
      if (lost.length) fail(`${f.ruleId} fix '${fix.title}': comment(s) lost: ${lost.join(' | ')}`);
      if (/[\r\n]$/.test(text) && !/[\r\n]$/.test(fixed) && fixed !== '')
        fail(`${f.ruleId} fix '${fix.title}': the final newline was dropped`);
      try {
        lintDockerignore(fixed, {
          context,
          dockerfiles: models,
          maxChars: Number.MAX_SAFE_INTEGER,
        });
      } catch (e) {
        fail(
          `lintDockerignore threw on the fixed text: ${e instanceof Error ? e.stack : String(e)}`,
        );
      }
    }
  }
}
