/**
 * The code-action menu of a document: the fixes that travel in each diagnostic's data, the
 * language service's Ignore edits, and fix-all — ordered and deduplicated by features/codeActions.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../../shared/src/protocol';
import { cleanMenu, type MenuEntry } from '../features/codeActions';
import type { DocumentAnalysis, LanguageService } from '../service/types';
import { isDiagnosticData, toCodeAction, toRange } from './convert';

/** Whether the client asked for this kind (`only` absent: every kind). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** One edit over the changed span keeps the client's undo step whole. */
export function fixAllAction(doc: TextDocument, analysis: DocumentAnalysis, fixed: string) {
  const text = doc.getText();
  if (fixed === text) return undefined;
  let s = 0;
  while (s < text.length && s < fixed.length && text[s] === fixed[s]) s++;
  let e = 0;
  while (
    e < text.length - s &&
    e < fixed.length - s &&
    text[text.length - 1 - e] === fixed[fixed.length - 1 - e]
  )
    e++;
  const action: CodeAction = {
    title: 'Fix all safe Layerwise problems',
    kind: FIX_ALL_KIND,
    edit: {
      documentChanges: [
        {
          textDocument: { uri: doc.uri, version: doc.version },
          edits: [
            {
              range: toRange(analysis.lines, s, text.length - e),
              newText: fixed.slice(s, fixed.length - e),
            },
          ],
        },
      ],
    },
  };
  return action;
}

/** Quick fixes, refactors and Ignore actions of the diagnostics in the request. */
export function diagnosticActions(
  doc: TextDocument,
  params: CodeActionParams,
  analysis: DocumentAnalysis | undefined,
  service: LanguageService,
): CodeAction[] {
  const only = params.context.only;
  const entries: MenuEntry<Diagnostic>[] = [];
  // cleanMenu returns copies of its entries, with the edit object they were given.
  const actions = new Map<unknown, CodeAction>();
  const add = (entry: MenuEntry<Diagnostic>, action: CodeAction) => {
    entries.push(entry);
    actions.set(entry.edit, action);
  };
  for (const d of params.context.diagnostics) {
    if (!isDiagnosticData(d.data) || d.data.version !== doc.version) continue; // stale: refuse
    for (const fix of d.data.fixes) {
      if (!wanted(only, fix.kind)) continue;
      const action = toCodeAction(doc.uri, doc.version, fix, d);
      const group = fix.kind === 'refactor.rewrite' ? 'refactor' : 'fix';
      add(
        { title: fix.title, group, diagnostics: [d], edit: action.edit, preferred: fix.preferred },
        action,
      );
    }
  }
  if (analysis && wanted(only, CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') continue;
      if (isDiagnosticData(d.data) && d.data.version !== doc.version) continue; // stale
      const offset = analysis.lines.offsetAt(d.range.start);
      for (const s of service.suppressActions(analysis, d.code, offset)) {
        const edit = {
          documentChanges: [
            {
              textDocument: { uri: doc.uri, version: doc.version },
              edits: [
                {
                  range: toRange(analysis.lines, s.edit.start, s.edit.end),
                  newText: s.edit.newText,
                },
              ],
            },
          ],
        };
        const action: CodeAction = {
          title: s.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit,
        };
        add({ title: s.title, group: 'ignore', scope: s.scope, diagnostics: [d], edit }, action);
      }
    }
  }
  return cleanMenu(entries).map((entry) => {
    const action = actions.get(entry.edit)!;
    return {
      ...action,
      title: entry.title,
      ...(entry.preferred ? { isPreferred: true } : {}),
      ...(entry.diagnostics.length > 1 ? { diagnostics: [...entry.diagnostics] } : {}),
    };
  });
}

/** Refactors at the cursor that no diagnostic carries (e.g. record how the image is built). */
export function refactorActions(
  doc: TextDocument,
  params: CodeActionParams,
  analysis: DocumentAnalysis | undefined,
  service: LanguageService,
): CodeAction[] {
  if (!analysis || !wanted(params.context.only, CodeActionKind.RefactorRewrite)) return [];
  const offset = analysis.lines.offsetAt(params.range.start);
  return service.refactorsAt(analysis, offset).map((fix) =>
    toCodeAction(
      doc.uri,
      doc.version,
      {
        title: fix.title,
        kind: fix.kind,
        safety: fix.safety,
        preferred: false,
        edits: [],
        files: (fix.files ?? []).map((f) => ({
          uri: URI.file(f.path).toString(),
          ...(f.create !== undefined ? { create: f.create } : {}),
        })),
      },
      undefined,
    ),
  );
}
