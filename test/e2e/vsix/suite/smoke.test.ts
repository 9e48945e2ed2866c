// Runs against the copy of Layerwise that `code-server --install-extension layerwise.vsix`
// installed (the extension under development is only this test host). The workspace starts
// empty, so the extension is inactive until a file of its languages opens.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PYTHON_PROJECT } from '../../suite/fixtures';
import {
  EXTENSION_ID,
  applyCodeAction,
  closeEditorsIfPassed,
  hoverText,
  open,
  openAndAwaitActivation,
  rangeOf,
  scenario,
  waitForRule,
  waitForRuleGone,
} from '../../suite/util';

describe('installed VSIX', () => {
  afterEach(async function () {
    await closeEditorsIfPassed(this.currentTest);
  });

  it('is the packaged copy in the extensions folder, inactive in an empty workspace', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const extensionsDir = process.env.LAYERWISE_VSIX_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'LAYERWISE_VSIX_EXTENSIONS_DIR is not set');
    const relative = path.relative(extensionsDir, extension.extensionPath);
    assert.ok(
      !relative.startsWith('..') && !path.isAbsolute(relative),
      `${extension.extensionPath} is not in ${extensionsDir}`,
    );
    const manifest = extension.packageJSON as { version: string };
    assert.equal(manifest.version, process.env.LAYERWISE_VSIX_VERSION);
    assert.equal(extension.isActive, false);
  });

  it('activates on opening a .dockerignore', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const folder = await scenario('ignore-only', { '.dockerignore': '.git\nnode_modules\n' });
    const uri = vscode.Uri.joinPath(folder, '.dockerignore');
    await openAndAwaitActivation(uri, 'dockerignore', extension);
  });

  it('lints a Dockerfile, applies a quick fix and hovers the base image', async () => {
    const folder = await scenario('python', PYTHON_PROJECT);
    const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
    const document = await open(uri);
    const diagnostic = await waitForRule(uri, 'copy-all-before-install');
    await waitForRule(uri, 'full-base-image');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      rangeOf(document, 'python:3.12').start.translate(0, 2),
    );
    assert.match(hoverText(hovers ?? []), /python:3\.12-slim/);

    await applyCodeAction(uri, diagnostic.range, 'Copy dependency manifests first');
    assert.match(document.getText(), /COPY requirements\.txt \.\nRUN pip install/);
    await waitForRuleGone(uri, 'copy-all-before-install');
  });
});
