// The foundation scenario of the guide, in a real VS Code: the Python "before" project gets the
// cache-busting warning on `COPY . .`, and its quick fix turns the file into the "after" version.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SOURCE, findings, ruleId, waitForDiagnostics, workspaceUri } from './util';

const RULE = 'copy-all-before-install';
const FIX_TITLE = 'Copy dependency manifests first';

const FIXED = [
  'FROM python:3.12',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY . .',
  'CMD ["python", "main.py"]',
  '',
].join('\n');

describe('quick fix: copy dependency manifests first (python-before)', () => {
  const uri = workspaceUri('python-before', 'Dockerfile');

  afterEach(async function () {
    // A failure leaves the editor open for the shim's screenshot.
    if (this.currentTest?.state === 'passed') {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('warns on COPY . . and the fix moves the manifest copy before the install', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'dockerfile');

    await waitForDiagnostics(uri, () => findings(uri, RULE).length > 0, 30000, `a ${RULE} warning`);
    const [diagnostic] = findings(uri, RULE);
    assert.ok(diagnostic);
    assert.equal(document.lineAt(diagnostic.range.start.line).text, 'COPY . .');

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
    );
    const action = actions.find(
      (a): a is vscode.CodeAction => a.title === FIX_TITLE && !isCommand(a),
    );
    assert.ok(action, `no "${FIX_TITLE}" action; got: ${actions.map((a) => a.title).join(' | ')}`);
    if (action.edit) assert.equal(await vscode.workspace.applyEdit(action.edit), true);
    if (action.command) {
      await vscode.commands.executeCommand(
        action.command.command,
        ...((action.command.arguments as unknown[] | undefined) ?? []),
      );
    }

    assert.equal(document.getText(), FIXED);
    await waitForDiagnostics(
      uri,
      (diagnostics) => !diagnostics.some((d) => d.source === SOURCE && ruleId(d) === RULE),
      30000,
      `${RULE} to go away after the fix`,
    );
    await document.save();
  });
});

function isCommand(action: vscode.CodeAction | vscode.Command): action is vscode.Command {
  return typeof (action as vscode.Command).command === 'string';
}
