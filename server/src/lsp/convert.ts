import {
  CodeAction,
  CodeActionKind,
  CreateFile,
  DiagnosticSeverity,
  TextDocumentEdit,
  type Diagnostic,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { DIAGNOSTIC_SOURCE } from '../../../shared/src/protocol';
import { docsUrl } from '../../../shared/src/docsUrl';
import type { Notice } from '../engine/lint';
import type { Finding, Fix, Severity } from '../rules/types';
import { LineIndex } from '../parse/text';

/** What travels in `diagnostic.data`: the fixes, tied to the document version they were computed on. */
export interface DiagnosticData {
  version: number;
  fixes: WireFix[];
}

export interface WireFix {
  title: string;
  kind: Fix['kind'];
  safety: Fix['safety'];
  preferred: boolean;
  edits: TextEdit[];
  /** `version`: the open editor's version the edits were computed on (null: the file on disk). */
  files: { uri: string; create?: string; edits?: TextEdit[]; version?: number | null }[];
}

/** Text (and open-editor version) of another file, as the engine read it. */
export type OtherFileText = (path: string) => { text: string; version: number | null } | undefined;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

export function toDiagnostic(
  lines: LineIndex,
  f: Finding,
  version: number,
  otherText?: OtherFileText,
): Diagnostic {
  const data: DiagnosticData = {
    version,
    fixes: f.fixes.flatMap((fix) => {
      const files = (fix.files ?? []).map((c) => otherFileChange(c, otherText));
      // A fix whose other-file edits cannot be placed is not offered.
      if (files.some((c) => c === undefined)) return [];
      return [
        {
          title: fix.title,
          kind: fix.kind,
          safety: fix.safety,
          preferred: fix.preferred ?? false,
          edits: fix.edits.map((e) => ({
            range: toRange(lines, e.start, e.end),
            newText: e.newText,
          })),
          files: files as WireFix['files'],
        },
      ];
    }),
  };
  return {
    range: toRange(lines, f.start, f.end),
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    message: f.message,
    data,
  };
}

/** Another file's edits carry offsets into its own text: positions need that text. */
function otherFileChange(
  c: NonNullable<Fix['files']>[number],
  otherText: OtherFileText | undefined,
): WireFix['files'][number] | undefined {
  const uri = URI.file(c.path).toString();
  if (!c.edits?.length) return { uri, create: c.create };
  const other = otherText?.(c.path);
  if (!other) return undefined;
  const lines = new LineIndex(other.text);
  return {
    uri,
    create: c.create,
    version: other.version,
    edits: c.edits.map((e) => ({ range: toRange(lines, e.start, e.end), newText: e.newText })),
  };
}

export function noticeDiagnostic(lines: LineIndex, n: Notice): Diagnostic {
  return {
    range: toRange(lines, n.start, n.end),
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: n.message,
  };
}

export function isDiagnosticData(v: unknown): v is DiagnosticData {
  return (
    !!v &&
    typeof v === 'object' &&
    typeof (v as DiagnosticData).version === 'number' &&
    Array.isArray((v as DiagnosticData).fixes)
  );
}

/** A code action whose edit is pinned to the document version (a stale editor refuses it). */
export function toCodeAction(
  uri: string,
  version: number,
  fix: WireFix,
  diagnostic: Diagnostic | undefined,
): CodeAction {
  const changes: WorkspaceEdit['documentChanges'] = [];
  for (const f of fix.files) {
    if (f.create !== undefined) {
      changes.push(CreateFile.create(f.uri, { overwrite: false, ignoreIfExists: true }));
      changes.push(
        TextDocumentEdit.create({ uri: f.uri, version: null }, [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            newText: f.create,
          },
        ]),
      );
    }
    if (f.edits?.length)
      changes.push(TextDocumentEdit.create({ uri: f.uri, version: f.version ?? null }, f.edits));
  }
  if (fix.edits.length) changes.push(TextDocumentEdit.create({ uri, version }, fix.edits));
  const kind =
    fix.kind === 'refactor.rewrite' ? CodeActionKind.RefactorRewrite : CodeActionKind.QuickFix;
  const action = CodeAction.create(fix.title, { documentChanges: changes }, kind);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  return action;
}
