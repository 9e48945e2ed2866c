// Every quick fix of the guide, applied the way the editor applies it (the code action VS Code
// offers on the diagnostic's range → workspace.applyEdit), then the exact text and the finding gone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { APT_PROJECT, PIP_PROJECT, PYTHON_PROJECT } from './fixtures';
import {
  applyCodeAction,
  closeEditorsIfPassed,
  findings,
  open,
  scenario,
  waitForRule,
  waitForRuleGone,
} from './util';

interface Case {
  title: string;
  rule: string;
  files: Record<string, string>;
  /** The Dockerfile after the fix. */
  after: string;
}

const CASES: Case[] = [
  {
    title: 'Copy dependency manifests first',
    rule: 'copy-all-before-install',
    files: PYTHON_PROJECT,
    after: [
      'FROM python:3.12',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "main.py"]',
      '',
    ].join('\n'),
  },
  {
    title: 'Add --no-install-recommends',
    rule: 'apt-no-install-recommends',
    files: APT_PROJECT,
    after: [
      'FROM debian:12-slim',
      'RUN apt-get update && apt-get install --no-install-recommends -y curl',
      '',
    ].join('\n'),
  },
  {
    title: 'Remove the apt lists in the same RUN',
    rule: 'apt-lists-not-cleaned',
    files: APT_PROJECT,
    after: [
      'FROM debian:12-slim',
      'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
      '',
    ].join('\n'),
  },
  {
    title: 'Add --no-cache-dir',
    rule: 'pip-no-cache-dir',
    files: PIP_PROJECT,
    after: [
      'FROM python:3.12-slim',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      '',
    ].join('\n'),
  },
  {
    title: 'Insert cache mount on /root/.cache/pip (needs BuildKit)',
    rule: 'missing-cache-mount',
    files: PIP_PROJECT,
    after: [
      '# syntax=docker/dockerfile:1',
      'FROM python:3.12-slim',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
      '',
    ].join('\n'),
  },
  {
    title: 'Switch to python:3.12-slim',
    rule: 'full-base-image',
    files: PYTHON_PROJECT,
    after: PYTHON_PROJECT.Dockerfile.replace('FROM python:3.12', 'FROM python:3.12-slim'),
  },
];

describe('quick fixes', () => {
  afterEach(async function () {
    await closeEditorsIfPassed(this.currentTest);
  });

  CASES.forEach((t, i) => {
    it(`${t.title} (${t.rule})`, async () => {
      const folder = await scenario(`fix-${i}-${t.rule}`, t.files);
      const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
      const document = await open(uri);
      const diagnostic = await waitForRule(uri, t.rule);

      await applyCodeAction(uri, diagnostic.range, t.title);

      assert.equal(document.getText(), t.after);
      await waitForRuleGone(uri, t.rule);
    });
  });

  it('Create .dockerignore (dockerignore-missing) creates the file', async () => {
    const rule = 'dockerignore-missing';
    const folder = await scenario('fix-create-dockerignore', PYTHON_PROJECT);
    const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
    const ignoreUri = vscode.Uri.joinPath(folder, '.dockerignore');
    const document = await open(uri);
    const diagnostic = await waitForRule(uri, rule);

    await applyCodeAction(uri, diagnostic.range, 'Create .dockerignore');

    // The Dockerfile itself is untouched; the new file is open with the entries for this context.
    assert.equal(document.getText(), PYTHON_PROJECT.Dockerfile);
    const created = vscode.workspace.textDocuments.find(
      (d) => d.uri.toString() === ignoreUri.toString(),
    );
    assert.ok(created, 'the fix opened the new .dockerignore');
    assert.equal(created.languageId, 'dockerignore');
    const entries = created
      .getText()
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['.git', '.env', '__pycache__', '*.pyc', '.venv']) {
      assert.ok(entries.includes(entry), `"${entry}" in ${JSON.stringify(entries)}`);
    }
    // Nothing the Dockerfile copies by name or the app needs is ignored.
    for (const kept of ['requirements.txt', 'main.py', 'Dockerfile']) {
      assert.ok(!entries.includes(kept), `"${kept}" must not be ignored`);
    }
    await waitForRuleGone(uri, rule);

    await created.save();
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(ignoreUri)).toString('utf8');
    assert.equal(onDisk, created.getText());
    assert.equal(findings(uri, rule).length, 0);
  });
});
