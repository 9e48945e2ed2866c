import type { Finding, Severity } from '../rules/types';
import type { LineIndex } from '../parse/text';
import { formatBytes } from '../analysis/aptSizes';

export interface CliFinding {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
  /** What acting on the finding would save, in bytes on disk (only when a sourced figure exists). */
  bytes?: number;
}

export const FORMATS = ['text', 'json', 'sarif', 'checkstyle', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** Most severe first. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** 1-based lines and columns, as editors and CI annotations expect. */
export function toCliFinding(file: string, lines: LineIndex, f: Finding): CliFinding {
  const s = lines.positionAt(f.start);
  const e = lines.positionAt(f.end);
  return {
    file,
    rule: f.ruleId,
    severity: f.severity,
    message: f.message,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    fixable: f.fixes.length > 0,
    ...(f.bytes !== undefined ? { bytes: f.bytes } : {}),
  };
}

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};

const SEVERITY_COLOR: Record<Severity, string> = {
  error: ANSI.red,
  warning: ANSI.yellow,
  info: ANSI.blue,
  hint: ANSI.dim,
};

export function paint(color: boolean, code: string, s: string): string {
  return color ? `${code}${s}${ANSI.reset}` : s;
}

export function formatText(findings: readonly CliFinding[], color = false): string {
  return findings
    .map(
      (f) =>
        `${paint(color, ANSI.bold, `${f.file}:${f.line}:${f.column}`)} ${paint(color, SEVERITY_COLOR[f.severity], f.severity)} ${paint(color, ANSI.dim, f.rule)} ${f.message}`,
    )
    .join('\n');
}

export function formatJson(findings: readonly CliFinding[]): string {
  return JSON.stringify(findings, null, 2);
}

function xml(s: string): string {
  return (
    s
      // Characters XML 1.0 cannot carry at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;')
      .replace(/\t/g, '&#9;')
  );
}

/** Checkstyle XML (Jenkins, GitLab and reviewdog read it): every checked file, with its errors. */
export function formatCheckstyle(
  findings: readonly CliFinding[],
  files: readonly string[],
): string {
  const byFile = new Map<string, CliFinding[]>();
  for (const f of files) byFile.set(f, []);
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, list] of byFile) {
    if (list.length === 0) {
      out.push(`  <file name="${xml(file)}"/>`);
      continue;
    }
    out.push(`  <file name="${xml(file)}">`);
    for (const f of list) {
      const severity = f.severity === 'hint' ? 'info' : f.severity;
      out.push(
        `    <error line="${f.line}" column="${f.column}" severity="${severity}" message="${xml(f.message)}" source="layerwise.${xml(f.rule)}"/>`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n');
}

/** Escaping of GitHub Actions workflow commands: message data, and property values. */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations: `::warning file=…,line=…::message`, one per finding. */
export function formatGithub(findings: readonly CliFinding[]): string {
  return findings
    .map((f) => {
      const command =
        f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const props = [
        `file=${ghProperty(f.file)}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${ghProperty(`Layerwise ${f.rule}`)}`,
      ].join(',');
      return `::${command} ${props}::${ghData(f.message)}`;
    })
    .join('\n');
}

/** `about 310 MB could be saved in 3 files`, when some finding carries a sourced saving. */
export function savingsSummary(findings: readonly CliFinding[]): string | undefined {
  let bytes = 0;
  const files = new Set<string>();
  for (const f of findings) {
    if (f.bytes === undefined) continue;
    bytes += f.bytes;
    files.add(f.file);
  }
  if (files.size === 0) return undefined;
  return `about ${formatBytes(bytes)} could be saved in ${files.size} file${files.size === 1 ? '' : 's'}`;
}

export function summary(findings: readonly CliFinding[], files: number): string {
  if (findings.length === 0) return `No problems found in ${files} file${files === 1 ? '' : 's'}.`;
  const counted = problemCount(findings, files);
  const saved = savingsSummary(findings);
  return saved ? `${counted.slice(0, -1)}; ${saved}.` : counted;
}

function problemCount(findings: readonly CliFinding[], files: number): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = (['error', 'warning', 'info', 'hint'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}${counts.get(s) === 1 || s === 'info' ? '' : 's'}`);
  return `${findings.length} problem${findings.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}.`;
}
