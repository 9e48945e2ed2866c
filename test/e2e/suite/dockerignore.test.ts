// `.dockerignore` files get our language id and the language server handles them; the Dockerfile's
// findings follow the ignore file live, before anything is saved.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PIP_PROJECT, PYTHON_PROJECT } from './fixtures';
import {
  EXTENSION_ID,
  closeEditorsIfPassed,
  declaredRules,
  open,
  openAndAwaitActivation,
  rangeOf,
  scenario,
  waitForRule,
  waitForRuleGone,
  workspaceUri,
} from './util';

describe('.dockerignore', () => {
  afterEach(async function () {
    await closeEditorsIfPassed(this.currentTest);
  });

  it('opens as language "dockerignore" and is handled by the active extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);

    // A context of its own, so the Dockerfile scenarios do not see this ignore file.
    const uri = workspaceUri('dockerignore-only', '.dockerignore');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('node_modules\nnode_modules\n'));
    await openAndAwaitActivation(uri, 'dockerignore', extension);
  });

  it('an ignore file created by an unsaved edit clears dockerignore-missing; deleting it brings it back', async () => {
    const folder = await scenario('live-ignore', PYTHON_PROJECT);
    const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
    const ignoreUri = vscode.Uri.joinPath(folder, '.dockerignore');
    await open(uri);
    await waitForRule(uri, 'dockerignore-missing');

    const create = new vscode.WorkspaceEdit();
    create.createFile(ignoreUri, { ignoreIfExists: true });
    create.insert(ignoreUri, new vscode.Position(0, 0), '.git\n__pycache__\n');
    assert.equal(await vscode.workspace.applyEdit(create), true);
    const ignoreDoc = vscode.workspace.textDocuments.find(
      (d) => d.uri.toString() === ignoreUri.toString(),
    );
    assert.ok(ignoreDoc?.isDirty, 'the new .dockerignore has unsaved text');
    await waitForRuleGone(uri, 'dockerignore-missing');

    const remove = new vscode.WorkspaceEdit();
    remove.deleteFile(ignoreUri);
    assert.equal(await vscode.workspace.applyEdit(remove), true);
    await waitForRule(uri, 'dockerignore-missing');
  });

  it('an unsaved edit of .dockerignore that excludes a copied file is reported on the COPY', async function () {
    const rule = 'dockerignore-excludes-copied';
    if (!declaredRules().has(rule)) {
      console.log(`      skipped: the manifest declares no rule "${rule}" (not added yet)`);
      this.skip();
    }
    const folder = await scenario('live-ignore-content', {
      ...PIP_PROJECT,
      '.dockerignore': '.git\n',
    });
    const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
    const ignoreUri = vscode.Uri.joinPath(folder, '.dockerignore');
    const dockerfile = await open(uri);
    const ignoreDoc = await vscode.workspace.openTextDocument(ignoreUri);

    const exclude = new vscode.WorkspaceEdit();
    exclude.insert(ignoreUri, new vscode.Position(1, 0), 'requirements.txt\n');
    assert.equal(await vscode.workspace.applyEdit(exclude), true);
    assert.equal(ignoreDoc.isDirty, true);
    const diagnostic = await waitForRule(uri, rule);
    assert.equal(dockerfile.getText(diagnostic.range), 'requirements.txt');
    assert.deepEqual(diagnostic.range, rangeOf(dockerfile, 'requirements.txt'));

    const include = new vscode.WorkspaceEdit();
    include.delete(ignoreUri, new vscode.Range(1, 0, 2, 0));
    assert.equal(await vscode.workspace.applyEdit(include), true);
    await waitForRuleGone(uri, rule);
  });
});
