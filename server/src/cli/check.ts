import { ALL_RULES } from '../rules';
import { LineIndex } from '../parse/text';
import {
  fails,
  startRun,
  noticeFinding,
  prepare,
  Progress,
  readTarget,
  reportConfigProblems,
  type AnalysisFlags,
  type CliIO,
} from './analyze';
import {
  formatCheckstyle,
  formatGithub,
  formatJson,
  formatText,
  summary,
  toCliFinding,
  type CliFinding,
  type Format,
} from './format';
import { formatSarif, type SarifNotification } from './sarif';

export interface CheckOptions extends AnalysisFlags {
  format: Format;
  color: boolean;
  paths: string[];
  version: string;
}

/** `layerwise check`: 0 nothing at or above the fail level, 1 something, 2 usage or I/O error. */
export function check(opts: CheckOptions, io: CliIO): number {
  const run = startRun(opts, io);
  if (!run) return 2;
  const { loader, targets } = run;
  const findings: CliFinding[] = [];
  const notifications: SarifNotification[] = [];
  let failed = false;
  const progress = new Progress(io, targets.length);
  for (const [i, target] of targets.entries()) {
    progress.tick(i + 1, target.shown);
    let bytes: Buffer;
    try {
      bytes = readTarget(target, io);
    } catch (e) {
      progress.done();
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      io.err(`layerwise: cannot read '${target.shown}': ${code}`);
      return 2;
    }
    const p = prepare(target, bytes, opts, loader, io.cwd);
    if (p.fileConfig?.ignored && !target.explicit) continue;
    const result = p.service.analyze(p.doc, p.settings, p.host);
    const lines = new LineIndex(p.text);
    for (const n of result.notices) findings.push(noticeFinding(target.shown, n.message));
    for (const e of result.errors) {
      const message = `rule ${e.ruleId} failed on '${target.shown}' and was skipped: ${String(e.error)}`;
      notifications.push({ level: 'error', message });
    }
    for (const f of result.findings) {
      const cf = toCliFinding(target.shown, lines, f);
      findings.push(cf);
      if (fails(f.severity, p.failLevel)) failed = true;
    }
  }
  progress.done();
  // Printed after the progress line is gone.
  for (const n of notifications) io.err(`layerwise: ${n.message}`);
  const configProblems = loader ? reportConfigProblems(loader.loaded(), io.cwd, io.err) : [];
  for (const c of configProblems)
    notifications.push({
      level: c.severity,
      message: c.message,
      file: c.file,
      line: c.line,
      column: c.column,
    });
  const shownFiles = targets.map((t) => t.shown);
  switch (opts.format) {
    case 'json':
      io.out(formatJson(findings));
      break;
    case 'sarif':
      io.out(
        formatSarif(findings, ALL_RULES, { version: opts.version, cwd: io.cwd, notifications }),
      );
      break;
    case 'checkstyle':
      io.out(formatCheckstyle(findings, shownFiles));
      break;
    case 'github':
      if (findings.length) io.out(formatGithub(findings));
      io.err(summary(findings, targets.length));
      break;
    default:
      if (findings.length) io.out(formatText(findings, opts.color));
      io.err(summary(findings, targets.length));
  }
  return failed ? 1 : 0;
}
