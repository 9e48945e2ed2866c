import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintDockerfile } from '../engine/lint';
import { fsContext } from '../node/fsContext';
import { LineIndex } from '../parse/text';
import { discover, isIgnoreFileName } from './discover';
import { formatJson, formatText, summary, toCliFinding, type CliFinding } from './format';

const USAGE = `Usage: layerwise check [options] <files or folders…>

Finds what makes Docker images big, builds slow and the layer cache miss.

Options:
  --format text|json   output format (default: text)
  --context DIR        build context folder (default: each Dockerfile's folder)
  --target STAGE       the stage treated as the shipped image (default: the last)
  -h, --help           show this help
  -v, --version        print the version

Exit status: 0 nothing at warning or above, 1 problems found, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json';
  context: string | undefined;
  target: string | undefined;
  paths: string[];
}

function parse(argv: string[]): Options | 'help' | 'version' {
  const opts: Options = { format: 'text', context: undefined, target: undefined, paths: [] };
  const args = [...argv];
  const command = args.shift();
  if (command === '-h' || command === '--help' || command === 'help') return 'help';
  if (command === '-v' || command === '--version') return 'version';
  if (command !== 'check')
    throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  while (args.length) {
    const a = args.shift()!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json')
        throw new UsageError(`unknown format '${f}' (use text or json)`);
      opts.format = f;
    } else if (flag === '--context') opts.context = value();
    else if (flag === '--target') opts.target = value();
    else if (flag === '-h' || flag === '--help') return 'help';
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option '${flag}'`);
    else opts.paths.push(a);
  }
  if (opts.paths.length === 0) throw new UsageError('no files or folders given');
  return opts;
}

function collect(paths: string[]): { file: string; shown: string }[] {
  const out: { file: string; shown: string }[] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new Error(`cannot read '${p}': no such file or folder`);
    }
    if (st.isDirectory()) {
      for (const f of discover(p))
        out.push({ file: f, shown: path.relative(process.cwd(), f) || f });
    } else out.push({ file: p, shown: p });
  }
  return out;
}

function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

export function run(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let opts: ReturnType<typeof parse>;
  try {
    opts = parse(argv);
  } catch (e) {
    err(`layerwise: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    out(USAGE);
    return 0;
  }
  if (opts === 'version') {
    out(version());
    return 0;
  }
  let files: { file: string; shown: string }[];
  try {
    files = collect(opts.paths);
    if (opts.context && !fs.statSync(opts.context, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`--context '${opts.context}' is not a folder`);
    }
  } catch (e) {
    err(`layerwise: ${(e as Error).message}`);
    return 2;
  }
  const findings: CliFinding[] = [];
  for (const { file, shown } of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      err(
        `layerwise: cannot read '${shown}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
      return 2;
    }
    if (isIgnoreFileName(path.basename(file))) continue; // .dockerignore rules run on the Dockerfile side for now
    const context = fsContext(file, opts.context ?? path.dirname(file));
    const result = lintDockerfile(text, { context, target: opts.target });
    const lines = new LineIndex(text);
    for (const n of result.notices) {
      findings.push({
        file: shown,
        rule: 'layerwise',
        severity: 'info',
        message: n.message,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        fixable: false,
      });
    }
    for (const e of result.errors)
      err(`layerwise: rule ${e.ruleId} failed on '${shown}' and was skipped: ${String(e.error)}`);
    findings.push(...result.findings.map((f) => toCliFinding(shown, lines, f)));
  }
  if (opts.format === 'json') out(formatJson(findings));
  else {
    if (findings.length) out(formatText(findings));
    err(summary(findings, files.length));
  }
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}
