/**
 * `layerwise size <Dockerfile> [--target T] [--format text|json]`: before anything is built, each
 * step of the shipped image (the `--target` stage, else the last) that adds to it, with its
 * estimate — the base image's on-disk size when known, each apt install with its package count
 * and bytes from the Debian archive — and copies and other installs as unknown; the total as
 * known-plus-unknown; and what the size findings in that image's stages would save. The same
 * report as the image-size hover (features/sizeReport.ts).
 */
import * as path from 'node:path';
import { formatBytes } from '../analysis/aptSizes';
import { aptFiguresNote, sizeReport, type SizeReport } from '../features/sizeReport';
import { LineIndex } from '../parse/text';
import {
  defaultAnalysisFlags,
  makeLoader,
  prepare,
  readTarget,
  type AnalysisFlags,
  type CliIO,
} from './analyze';

const USAGE = `Usage: layerwise size [--target STAGE] [--format text|json] [--context DIR] [--no-config] <Dockerfile | ->

Estimates, before building, what each step of the shipped image adds on disk: the base image
(when its size is known), each apt install (package count and megabytes, from the Debian archive,
for Debian images whose release is known), and copies and other installs as not counted. Prints
the total as "≥ known; not counted: …" and what the size findings would save.

Options:
  --target STAGE   the stage to report (default: the config's target, else the last stage)
  --format FORMAT  text (default) or json
  --context DIR    build context folder (default: the config's, else the Dockerfile's folder)
  --config FILE    use this .layerwise.json
  --no-config      read no .layerwise.json or .hadolint.yaml

Exit status: 0 the report was printed, 2 usage or I/O error.`;

/** The JSON form (stable field names; bytes are on disk, null when unknown). */
export interface SizeJson {
  file: string;
  stage: { name: string | null; index: number; line: number };
  baseImage: string;
  /** The Debian base whose package list sizes the apt installs, or null. */
  debianBase: { key: string; release: string; exact: boolean } | null;
  steps: {
    line: number;
    kind: string;
    label: string;
    bytes: number | null;
    packages?: number;
    note: string;
  }[];
  total: { knownBytes: number | null; complete: boolean; notCounted: string[] };
  savings: { bytes: number; findings: { rule: string; line: number; bytes: number }[] };
}

function toJson(file: string, r: SizeReport, lines: LineIndex): SizeJson {
  return {
    file,
    stage: {
      name: r.stage.name ?? null,
      index: r.stage.index,
      line: r.stage.fromInstruction ? r.stage.fromInstruction.raw.startLine + 1 : 1,
    },
    baseImage: r.baseImage,
    debianBase: r.aptBase
      ? { key: r.aptBase.baseKey, release: r.aptBase.release, exact: r.aptBase.exact }
      : null,
    steps: r.rows.map((row) => ({
      line: row.line,
      kind: row.kind,
      label: row.label,
      bytes: row.bytes ?? null,
      ...(row.packages !== undefined ? { packages: row.packages } : {}),
      note: row.note,
    })),
    total: {
      knownBytes: r.knownBytes ?? null,
      complete: r.knownBytes !== undefined && r.unknown.length === 0,
      notCounted: r.unknown,
    },
    savings: {
      bytes: r.savings.bytes,
      findings: r.savings.list.map((f) => ({
        rule: f.ruleId,
        line: lines.positionAt(f.start).line + 1,
        bytes: f.bytes!,
      })),
    },
  };
}

/** `≥ 312 MB; not counted: COPY . ., pip install`, `~130 MB`, or why there is no total. */
export function totalLine(r: SizeReport): string {
  if (r.knownBytes === undefined) {
    const steps = r.rows.slice(1).reduce((s, x) => s + (x.bytes ?? 0), 0);
    const known = steps > 0 ? `; the steps with a figure add ${formatBytes(steps)}` : '';
    return `not estimated: no on-disk size for the base \`${r.baseImage}\`${known}${r.unknown.length ? `; not counted: ${r.unknown.join(', ')}` : ''}`;
  }
  if (r.unknown.length === 0) return `~${formatBytes(r.knownBytes)}`;
  return `≥ ${formatBytes(r.knownBytes)}; not counted: ${r.unknown.join(', ')}`;
}

function plain(s: string): string {
  return s.replace(/`/g, '');
}

function toText(file: string, r: SizeReport, lines: LineIndex): string {
  const name = r.stage.name ? `stage ${r.stage.name}` : `stage ${r.stage.index}`;
  const out = [`${file}: ${name}, on disk (linux/amd64)`];
  const sizes = r.rows.map((row) =>
    row.bytes === undefined
      ? row.kind === 'base'
        ? 'unknown'
        : 'not counted'
      : formatBytes(row.bytes),
  );
  const labels = r.rows.map((row) => plain(row.label));
  const lw = Math.min(60, Math.max(...labels.map((l) => l.length)));
  const sw = Math.max(...sizes.map((s) => s.length));
  r.rows.forEach((row, i) => {
    const line = `line ${row.line}`.padEnd(9);
    out.push(`  ${line} ${labels[i]!.padEnd(lw)}  ${sizes[i]!.padStart(sw)}  ${plain(row.note)}`);
  });
  out.push(`Total: ${plain(totalLine(r))}`);
  if (r.savings.findings > 0) {
    const where = r.savings.list
      .map((f) => `${f.ruleId} line ${lines.positionAt(f.start).line + 1}`)
      .join(', ');
    out.push(`Size findings would save about ${formatBytes(r.savings.bytes)} (${where}).`);
  }
  if (r.rows.some((x) => x.kind === 'apt' && x.bytes !== undefined)) out.push(aptFiguresNote());
  return out.join('\n');
}

export function size(argv: readonly string[], io: CliIO): number {
  const flags: AnalysisFlags = defaultAnalysisFlags();
  let format: 'text' | 'json' = 'text';
  const paths: string[] = [];
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      const [flag, inline] =
        a.startsWith('--') && a.includes('=')
          ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
          : [a, undefined];
      const value = (): string => {
        const v = inline ?? argv[++i];
        if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
        return v;
      };
      if (flag === '-h' || flag === '--help') {
        io.out(USAGE);
        return 0;
      } else if (flag === '--format') {
        const v = value();
        if (v !== 'text' && v !== 'json')
          throw new Error(`unknown format '${v}' for size (use text or json)`);
        format = v;
      } else if (flag === '--target') flags.target = value();
      else if (flag === '--context') flags.context = value();
      else if (flag === '--config') flags.config = value();
      else if (flag === '--no-config') flags.noConfig = true;
      else if (a === '-' || !a.startsWith('-')) paths.push(a);
      else throw new Error(`unknown option '${flag}'`);
    }
    if (paths.length !== 1) throw new Error('give one Dockerfile (or - for standard input)');
  } catch (e) {
    io.err(`layerwise: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const p0 = paths[0]!;
  const target = {
    abs: p0 === '-' ? undefined : path.resolve(io.cwd, p0),
    shown: p0 === '-' ? '<stdin>' : p0,
    explicit: true,
  };
  let bytes: Buffer;
  try {
    bytes = readTarget(target, io);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    io.err(`layerwise: cannot read '${target.shown}': ${code}`);
    return 2;
  }
  const loader = makeLoader(flags, io.cwd);
  const prepared = prepare(target, bytes, flags, loader, io.cwd);
  const analysis = prepared.service.analyze(prepared.doc, prepared.settings, prepared.host);
  const model = analysis.model;
  if (!model) {
    io.err(`layerwise: '${target.shown}' is not a Dockerfile Layerwise could analyse`);
    return 2;
  }
  const wanted = prepared.settings.target;
  if (wanted && !model.stages.some((s) => s.name === wanted.toLowerCase())) {
    io.err(`layerwise: no stage named '${wanted}' in '${target.shown}'`);
    return 2;
  }
  const report = sizeReport({ model, findings: analysis.findings }, model.finalStage);
  if (!report) {
    io.err(`layerwise: '${target.shown}' has no FROM: nothing to report`);
    return 2;
  }
  const lines = new LineIndex(prepared.text);
  io.out(
    format === 'json'
      ? JSON.stringify(toJson(target.shown, report, lines), null, 2)
      : toText(target.shown, report, lines),
  );
  return 0;
}
