import type { Finding, Severity } from '../engine/types';
import type { LineIndex } from '../parse/text';

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
}

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
  };
}

export function formatText(findings: readonly CliFinding[]): string {
  return findings
    .map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`)
    .join('\n');
}

export function formatJson(findings: readonly CliFinding[]): string {
  return JSON.stringify(findings, null, 2);
}

export function summary(findings: readonly CliFinding[], files: number): string {
  if (findings.length === 0) return `No problems found in ${files} file${files === 1 ? '' : 's'}.`;
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = (['error', 'warning', 'info', 'hint'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}${counts.get(s) === 1 || s === 'info' ? '' : 's'}`);
  return `${findings.length} problem${findings.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}.`;
}
