// Code lenses, when the server provides any (cache-invalidation lenses are being added): each has
// a title, and `layerwise.codeLens: false` turns them off without a reload.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PYTHON_PROJECT } from './fixtures';
import { closeEditorsIfPassed, nextDiagnosticsChange, open, scenario, waitForRule } from './util';

describe('code lenses', () => {
  const layerwise = () => vscode.workspace.getConfiguration('layerwise');

  afterEach(async function () {
    await layerwise().update('codeLens', undefined, vscode.ConfigurationTarget.Workspace);
    await closeEditorsIfPassed(this.currentTest);
  });

  function lenses(uri: vscode.Uri): Thenable<vscode.CodeLens[] | undefined> {
    return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  }

  it('have titles, and layerwise.codeLens=false removes them', async function () {
    const folder = await scenario('lenses', PYTHON_PROJECT);
    const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
    await open(uri);
    await waitForRule(uri, 'copy-all-before-install');
    const shown = (await lenses(uri)) ?? [];
    if (shown.length === 0) {
      console.log('      skipped: the server provides no code lenses for this Dockerfile yet');
      this.skip();
    }
    for (const lens of shown) {
      assert.ok(lens.command?.title, 'each lens has a title');
    }

    await layerwise().update('codeLens', false, vscode.ConfigurationTarget.Workspace);
    await waitForLenses(uri, (l) => l.length === 0, 30000, 'no code lenses');
  });

  /**
   * The server answers lens requests from the settings of its last analysis, which a settings
   * change triggers and which ends with a diagnostics publish: ask again after each publish
   * until `predicate` holds.
   */
  async function waitForLenses(
    uri: vscode.Uri,
    predicate: (lenses: vscode.CodeLens[]) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<vscode.CodeLens[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Listen before asking, so a publish between the two is not missed.
      const next = nextDiagnosticsChange(uri, Math.max(1, deadline - Date.now()));
      next.catch(() => undefined);
      const current = (await lenses(uri)) ?? [];
      if (predicate(current)) return current;
      await next.catch(() => {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}; lenses: ${current.map((l) => l.command?.title).join(' | ')}`,
        );
      });
    }
  }
});
