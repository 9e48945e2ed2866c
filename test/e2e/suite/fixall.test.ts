// Fix-all on save, set up as a user would: `editor.codeActionsOnSave` in the workspace settings,
// an edit, then Save. Every safe fix lands in one go; suggestions (base image) and
// fixes that create files (.dockerignore) do not.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PYTHON_PROJECT } from './fixtures';
import {
  closeEditorsIfPassed,
  findings,
  open,
  scenario,
  waitForEvent,
  waitForRule,
  waitForRuleGone,
} from './util';

const FIXED = [
  'FROM python:3.12',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install --no-cache-dir -r requirements.txt',
  'COPY . .',
  'CMD ["python", "main.py"]',
  '',
].join('\n');

describe('fix all on save (source.fixAll.layerwise)', () => {
  const editor = () => vscode.workspace.getConfiguration('editor');

  before(async () => {
    await editor().update(
      'codeActionsOnSave',
      { 'source.fixAll.layerwise': 'explicit' },
      vscode.ConfigurationTarget.Workspace,
    );
  });

  after(async () => {
    await editor().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
  });

  afterEach(async function () {
    await closeEditorsIfPassed(this.currentTest);
  });

  it('applies every safe fix when the file is saved', async () => {
    // The file on disk lacks its last line; typing it makes the editor dirty, as in real use.
    const lines = PYTHON_PROJECT.Dockerfile.split('\n');
    const last = lines.length - 2; // the CMD line (the text ends with a newline)
    const partial = [...lines.slice(0, last), ''].join('\n');
    const folder = await scenario('fixall', { ...PYTHON_PROJECT, Dockerfile: partial });
    const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
    const document = await open(uri);
    const typed = new vscode.WorkspaceEdit();
    typed.insert(uri, new vscode.Position(last, 0), `${lines[last]}\n`);
    assert.equal(await vscode.workspace.applyEdit(typed), true);
    assert.equal(document.getText(), PYTHON_PROJECT.Dockerfile);
    assert.equal(document.isDirty, true);
    await waitForRule(uri, 'copy-all-before-install');
    await waitForRule(uri, 'pip-no-cache-dir');

    const saved = waitForEvent(
      vscode.workspace.onDidSaveTextDocument,
      (d) => (d.uri.toString() === uri.toString() ? d : undefined),
      30000,
      () => 'the Dockerfile to be saved',
    );
    saved.catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await saved;

    assert.equal(document.getText(), FIXED);
    assert.equal(document.isDirty, false);
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    assert.equal(onDisk, FIXED);
    await waitForRuleGone(uri, 'copy-all-before-install');
    await waitForRuleGone(uri, 'pip-no-cache-dir');
    // Suggestions stay one click each, and fix-all creates no files.
    assert.ok(findings(uri, 'full-base-image').length > 0, 'full-base-image is still reported');
    // `--no-cache-dir` now discards pip's cache on purpose: the cache mount, its alternative, is
    // no longer asked for (the two fixes never undo each other).
    await waitForRuleGone(uri, 'missing-cache-mount');
    const ignoreFile = vscode.Uri.joinPath(folder, '.dockerignore');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(ignoreFile)));
  });
});
