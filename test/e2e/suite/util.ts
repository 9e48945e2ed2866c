// Waits on VS Code events with a deadline (never on sleeps), for the e2e suites.
import * as assert from 'node:assert/strict';
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

/** The rule ids the extension's manifest declares (`layerwise.rules` properties): what exists. */
export function declaredRules(): Set<string> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const properties = (
    extension?.packageJSON as {
      contributes?: {
        configuration?: {
          properties?: Record<string, { properties?: Record<string, unknown> } | undefined>;
        };
      };
    }
  )?.contributes?.configuration?.properties?.['layerwise.rules']?.properties;
  return new Set(Object.keys(properties ?? {}));
}

const written = new Map<string, Promise<vscode.Uri>>();

/**
 * A project folder of its own in the workspace, written once per run, so that no scenario sees
 * another's files (or ignore file). Resolves with the folder's URI.
 */
export function scenario(name: string, files: Record<string, string>): Promise<vscode.Uri> {
  let folder = written.get(name);
  if (!folder) {
    folder = (async () => {
      const base = workspaceUri(name);
      for (const [file, text] of Object.entries(files)) {
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(base, file), Buffer.from(text));
      }
      return base;
    })();
    written.set(name, folder);
  }
  return folder;
}

/** Opens and shows a document; resolves with it. */
export async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * Opens `uri`, checks it has `languageId`, and waits for the server's first publish for it (maybe
 * no diagnostics): the sign that `extension` activated and its server took the file. Resolves
 * with what was published.
 */
export async function openAndAwaitActivation(
  uri: vscode.Uri,
  languageId: string,
  extension: vscode.Extension<unknown>,
): Promise<vscode.Diagnostic[]> {
  const published = nextDiagnosticsChange(uri, 30000);
  // Awaited below; a failed assert before that must not leave it unhandled.
  published.catch(() => undefined);
  const document = await open(uri);
  assert.equal(document.languageId, languageId);
  const diagnostics = await published;
  assert.equal(extension.isActive, true);
  return diagnostics;
}

/** Waits until `uri` has a Layerwise diagnostic of rule `id`; resolves with the first one. */
export async function waitForRule(
  uri: vscode.Uri,
  id: string,
  timeoutMs = 30000,
): Promise<vscode.Diagnostic> {
  await waitForDiagnostics(uri, () => findings(uri, id).length > 0, timeoutMs, `a ${id} finding`);
  return findings(uri, id)[0]!;
}

/** Waits until `uri` has no Layerwise diagnostic of rule `id`. */
export async function waitForRuleGone(
  uri: vscode.Uri,
  id: string,
  timeoutMs = 30000,
): Promise<void> {
  await waitForDiagnostics(
    uri,
    (diagnostics) => !diagnostics.some((d) => d.source === SOURCE && ruleId(d) === id),
    timeoutMs,
    `${id} to go away`,
  );
}

/** The code actions VS Code offers at `range` (what the light bulb and Ctrl+. show). */
export async function codeActions(
  uri: vscode.Uri,
  range: vscode.Range,
  kind?: string,
): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => !isCommand(a));
}

/**
 * Applies the code action titled exactly `title` at `range` the way the editor does: its
 * workspace edit, then its command. Fails with the titles on offer when there is none.
 */
export async function applyCodeAction(
  uri: vscode.Uri,
  range: vscode.Range,
  title: string,
): Promise<vscode.CodeAction> {
  const actions = await codeActions(uri, range);
  const action = actions.find((a) => a.title === title);
  if (!action) {
    throw new Error(`no "${title}" action; got: ${actions.map((a) => a.title).join(' | ')}`);
  }
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) {
    throw new Error(`VS Code refused the edit of "${title}"`);
  }
  if (action.command) {
    await vscode.commands.executeCommand(
      action.command.command,
      ...((action.command.arguments as unknown[] | undefined) ?? []),
    );
  }
  return action;
}

function isCommand(action: vscode.CodeAction | vscode.Command): action is vscode.Command {
  return typeof (action as vscode.Command).command === 'string';
}

/** The text of a hover's contents, whatever form each part has. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** The range of the first occurrence of `needle` on the first line that contains it. */
export function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" is not in ${document.uri.fsPath}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}

/**
 * After a passed test: saves what it left unsaved (every scenario has its own throw-away folder,
 * and a dirty editor would make closing ask) and closes every editor. A failed test leaves them
 * open for the shim's screenshot.
 */
export async function closeEditorsIfPassed(test: Mocha.Test | undefined): Promise<void> {
  if (test?.state !== 'passed') return;
  await vscode.workspace.saveAll(false);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
