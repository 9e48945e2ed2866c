// Settings take effect at once, without a reload: the server re-reads `layerwise.*` on the
// configuration change and republishes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PYTHON_PROJECT } from './fixtures';
import {
  closeEditorsIfPassed,
  findings,
  open,
  scenario,
  waitForDiagnostics,
  waitForRule,
  waitForRuleGone,
} from './util';

describe('settings without reload', () => {
  const layerwise = () => vscode.workspace.getConfiguration('layerwise');

  afterEach(async function () {
    await layerwise().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await closeEditorsIfPassed(this.currentTest);
  });

  async function python(): Promise<vscode.Uri> {
    const folder = await scenario('settings', PYTHON_PROJECT);
    const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
    await open(uri);
    return uri;
  }

  it('layerwise.rules {"missing-cache-mount": "off"} removes that finding, and back', async () => {
    const uri = await python();
    await waitForRule(uri, 'missing-cache-mount');

    await layerwise().update(
      'rules',
      { 'missing-cache-mount': 'off' },
      vscode.ConfigurationTarget.Workspace,
    );
    await waitForRuleGone(uri, 'missing-cache-mount');
    assert.ok(findings(uri, 'copy-all-before-install').length > 0, 'other rules still report');

    await layerwise().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRule(uri, 'missing-cache-mount');
  });

  it('a severity override applies to the rule’s diagnostics', async () => {
    const uri = await python();
    const before = await waitForRule(uri, 'full-base-image');
    assert.equal(before.severity, vscode.DiagnosticSeverity.Information);

    await layerwise().update(
      'rules',
      { 'full-base-image': 'error', 'copy-all-before-install': 'hint' },
      vscode.ConfigurationTarget.Workspace,
    );
    await waitForDiagnostics(
      uri,
      () =>
        findings(uri, 'full-base-image')[0]?.severity === vscode.DiagnosticSeverity.Error &&
        findings(uri, 'copy-all-before-install')[0]?.severity === vscode.DiagnosticSeverity.Hint,
      30000,
      'full-base-image as an error and copy-all-before-install as a hint',
    );
    // Rules not named keep their defaults.
    assert.equal(findings(uri, 'pip-no-cache-dir')[0]?.severity, vscode.DiagnosticSeverity.Warning);
  });
});
