// Waits on VS Code events with a deadline (never on sleeps), for the e2e suites.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'layerwise.layerwise';
export const SOURCE = 'layerwise';

/** The rule id of a diagnostic, whether its code is a plain value or `{ value, target }`. */
export function ruleId(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Layerwise's diagnostics of `uri` with rule id `id`. */
export function findings(uri: vscode.Uri, id: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && ruleId(d) === id);
}

/**
 * Resolves with the diagnostics of `uri` as soon as `predicate` holds for them: at once if it
 * already does, else on the first `onDidChangeDiagnostics` for `uri` after which it does.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20000,
  what = 'the expected diagnostics',
): Promise<vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (predicate(current)) return Promise.resolve(current);
  return waitForEvent(
    vscode.languages.onDidChangeDiagnostics,
    (event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return undefined;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      return predicate(diagnostics) ? diagnostics : undefined;
    },
    timeoutMs,
    () => `${what} on ${uri.fsPath}; it has: ${describe(vscode.languages.getDiagnostics(uri))}`,
  );
}

/** Resolves on the next `onDidChangeDiagnostics` about `uri` (start it before the change). */
export function nextDiagnosticsChange(
  uri: vscode.Uri,
  timeoutMs = 20000,
): Promise<vscode.Diagnostic[]> {
  return waitForEvent(
    vscode.languages.onDidChangeDiagnostics,
    (event) =>
      event.uris.some((u) => u.toString() === uri.toString())
        ? vscode.languages.getDiagnostics(uri)
        : undefined,
    timeoutMs,
    () => `a diagnostics change on ${uri.fsPath}`,
  );
}

/**
 * Resolves with the first non-undefined value `select` returns for an event of `event`; rejects
 * after `timeoutMs` with "timed out waiting for <what>".
 */
export function waitForEvent<E, T>(
  event: vscode.Event<E>,
  select: (e: E) => T | undefined,
  timeoutMs: number,
  what: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
    }, timeoutMs);
    const subscription = event((e) => {
      const value = select(e);
      if (value === undefined) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

export function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics
    .map((d) => `${d.source ?? '?'}/${ruleId(d) ?? '?'}@${d.range.start.line + 1}`)
    .join(', ');
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e run opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}
