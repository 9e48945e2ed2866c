// `.dockerignore` files get our language id and the language server handles them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, nextDiagnosticsChange, workspaceUri } from './util';

describe('.dockerignore', () => {
  afterEach(async function () {
    // A failure leaves the editor open for the shim's screenshot.
    if (this.currentTest?.state === 'passed') {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('opens as language "dockerignore" and is handled by the active extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);

    // A context of its own, so the Dockerfile scenarios do not see this ignore file.
    const uri = workspaceUri('dockerignore-only', '.dockerignore');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('node_modules\nnode_modules\n'));
    // The server publishes diagnostics (maybe none) for every document it lints: that event is
    // the sign that the extension activated and its server took the file.
    const published = nextDiagnosticsChange(uri, 30000);
    // Awaited below; a failed assert before that must not leave it unhandled.
    published.catch(() => undefined);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    assert.equal(document.languageId, 'dockerignore');
    await published;
    assert.equal(extension.isActive, true);
  });
});
