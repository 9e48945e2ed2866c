// Hovers through VS Code's hover provider command: the base image on FROM, and a finding.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PYTHON_PROJECT } from './fixtures';
import { closeEditorsIfPassed, hoverText, open, rangeOf, scenario, waitForRule } from './util';

describe('hover', () => {
  afterEach(async function () {
    await closeEditorsIfPassed(this.currentTest);
  });

  async function hoverOn(needle: string, offsetInNeedle: number): Promise<string> {
    const folder = await scenario('hover', PYTHON_PROJECT);
    const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
    const document = await open(uri);
    // Hovers join the rule's explanation when a finding is there: wait for the analysis.
    await waitForRule(uri, 'full-base-image');
    const at = rangeOf(document, needle).start.translate(0, offsetInNeedle);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      at,
    );
    return hoverText(hovers ?? []);
  }

  it('on the FROM image `python:3.12`: the finding first, then the compact card', async () => {
    const text = await hoverOn('python:3.12', 3);
    assert.match(text, /python:3\.12/);
    assert.match(text, /python:3\.12-slim/);
    assert.match(text, /alpine/);
    assert.match(text, /MB/, 'sizes are shown');
    assert.match(text, /on disk/i, 'in one unit, on disk');
  });

  it('on a finding: the finding, why, the fix in one line and the rule page (no before/after)', async () => {
    const text = await hoverOn('COPY . .', 1);
    assert.match(text, /copy-all-before-install/);
    assert.match(text, /Quick fix/);
    assert.match(text, /Rule page/);
    assert.doesNotMatch(text, /Before:/);
  });
});
