import { DEFAULT_MAX_CHARS, inputNotice } from '../engine/runRules';
import { LineIndex } from '../parse/text';
import { LANGUAGE_SERVICES } from '../service';
import {
  fails,
  startRun,
  prepare,
  readTarget,
  reportConfigProblems,
  type AnalysisFlags,
  type CliIO,
} from './analyze';
import { unifiedDiff } from './diff';
import { formatText, paint, summary, toCliFinding, type CliFinding } from './format';
import { ChangedOnDiskError, safeWrite } from './safeWrite';

export interface FixOptions extends AnalysisFlags {
  dryRun: boolean;
  includeSuggestions: boolean;
  color: boolean;
  paths: string[];
}

/** CRLF files stay CRLF: lines a fix added with a bare LF get the file's line ending. */
export function keepLineEndings(original: string, fixed: string): string {
  const crlf = (original.match(/\r\n/g) ?? []).length;
  const lf = (original.match(/\n/g) ?? []).length;
  if (crlf === 0 || crlf !== lf) return fixed;
  return fixed.replace(/\r?\n/g, '\r\n');
}

/**
 * `layerwise fix`: applies the safe fixes (and suggestions when asked) until nothing changes, then
 * writes each changed file atomically — or, with --dry-run, prints a unified diff. Exit status as
 * for check, computed on what remains after fixing; 2 when a file could not be read or written.
 */
export function fix(opts: FixOptions, io: CliIO): number {
  const run = startRun(opts, io);
  if (!run) return 2;
  const { loader, targets } = run;
  const remaining: CliFinding[] = [];
  let ioError = false;
  let failed = false;
  let changedFiles = 0;
  let appliedTotal = 0;
  for (const target of targets) {
    let bytes: Buffer;
    try {
      bytes = readTarget(target, io);
    } catch (e) {
      io.err(
        `layerwise: cannot read '${target.shown}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
      ioError = true;
      continue;
    }
    const p = prepare(target, bytes, opts, loader, io.cwd);
    if (p.fileConfig?.ignored && !target.explicit) continue;
    const notice = inputNotice(
      p.text,
      DEFAULT_MAX_CHARS,
      p.service === LANGUAGE_SERVICES.dockerignore ? '.dockerignore' : 'Dockerfile',
    );
    if (notice) {
      io.err(`layerwise: '${target.shown}' was not fixed: ${notice.message}`);
      if (!target.abs) io.out(bytes.toString('utf8'));
      continue;
    }
    // What is left after fixing: unused ignore comments are not reported here.
    const settings = { ...p.settings, reportUnusedSuppressions: false };
    const lint = (t: string) => p.service.analyze({ ...p.doc, text: t }, settings, p.host);
    const result = p.service.fixAll(p.doc, settings, p.host, {
      includeSuggestions: opts.includeSuggestions,
    });
    const fixedText = keepLineEndings(p.text, result.text);
    const changed = fixedText !== p.text;
    const output = Buffer.from((p.bom ? '\uFEFF' : '') + fixedText, 'utf8');
    if (changed) {
      changedFiles++;
      appliedTotal += result.applied.length;
    }
    if (opts.dryRun) {
      if (changed) io.out(unifiedDiff(p.text, fixedText, target.shown).replace(/\n$/, ''));
    } else if (!target.abs) {
      io.out(output.toString('utf8').replace(/\n$/, '')); // stdin: the fixed text goes to stdout
    } else if (changed) {
      try {
        safeWrite(target.abs, bytes, output);
      } catch (e) {
        const why =
          e instanceof ChangedOnDiskError
            ? e.message
            : `cannot write '${target.shown}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        io.err(`layerwise: ${why}`);
        ioError = true;
        continue;
      }
    }
    if (changed && target.abs) {
      const counts = new Map<string, number>();
      for (const a of result.applied) {
        const key = `${a.ruleId}: ${a.title}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const list = [...counts].map(([k, n]) => (n > 1 ? `${k} (×${n})` : k)).join('; ');
      const verb = opts.dryRun ? 'Would fix' : 'Fixed';
      const line = `${paint(opts.color, '\u001b[32m', verb)} ${target.shown}: ${list}`;
      // In a dry run stdout carries the diff only.
      if (opts.dryRun) io.err(line);
      else io.out(line);
    }
    const after = lint(fixedText);
    const lines = new LineIndex(fixedText);
    for (const f of after.findings) {
      remaining.push(toCliFinding(target.shown, lines, f));
      if (fails(f.severity, p.failLevel)) failed = true;
    }
  }
  if (loader) reportConfigProblems(loader.loaded(), io.cwd, io.err);
  const toFiles = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;
  const fixes = `${appliedTotal} fix${appliedTotal === 1 ? '' : 'es'}`;
  if (remaining.length && !opts.dryRun && targets.every((t) => t.abs))
    io.out(formatText(remaining, opts.color));
  io.err(
    `${opts.dryRun ? `Would apply ${fixes} to` : `Applied ${fixes} to`} ${toFiles(changedFiles)}. ${
      remaining.length ? `Left: ${summary(remaining, targets.length)}` : 'Nothing left to report.'
    }`,
  );
  if (ioError) return 2;
  return failed ? 1 : 0;
}
