// Runs first (files load in name order). runTest.js opened an empty folder and the fixtures were
// copied in after startup, so nothing has activated the extension yet: opening a Dockerfile must.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeEditorsIfPassed, openAndAwaitActivation, workspaceUri } from './util';

describe('activation', () => {
  afterEach(async function () {
    await closeEditorsIfPassed(this.currentTest);
  });

  it('activates when a Dockerfile is opened, and its server lints it', async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    if (extension.isActive) {
      // Another harness may open a workspace with Dockerfiles (workspaceContains activates).
      console.log('      skipped: the extension was already active at startup');
      this.skip();
    }
    const uri = workspaceUri('python-before', 'Dockerfile');
    const diagnostics = await openAndAwaitActivation(uri, 'dockerfile', extension);
    assert.ok(
      diagnostics.some((d) => d.source === 'layerwise'),
      'the language server published Layerwise diagnostics',
    );
  });
});
