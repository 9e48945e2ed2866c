// One finding of each rule category, as VS Code shows it: rule id as the code, source, severity
// (the rule's default) and the exact range text. Security rules are being added: each case whose
// rule the manifest does not declare yet is skipped with the reason.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { APT_PROJECT, PYTHON_PROJECT, SECRETS_PROJECT } from './fixtures';
import { closeEditorsIfPassed, declaredRules, open, scenario, waitForRule } from './util';

interface Case {
  category: string;
  rule: string;
  severity: vscode.DiagnosticSeverity;
  project: string;
  files: Record<string, string>;
  /** The text the diagnostic's range covers. */
  range: string;
}

const { Warning, Information } = vscode.DiagnosticSeverity;
const SevError = vscode.DiagnosticSeverity.Error;

const CASES: Case[] = [
  c('cache', 'copy-all-before-install', Warning, 'diag-python', PYTHON_PROJECT, 'COPY . .'),
  c('size', 'apt-no-install-recommends', Warning, 'diag-apt', APT_PROJECT, 'apt-get install'),
  c('size', 'apt-lists-not-cleaned', Warning, 'diag-apt', APT_PROJECT, 'apt-get update'),
  c('size', 'full-base-image', Information, 'diag-python', PYTHON_PROJECT, 'python:3.12'),
  c('size', 'pip-no-cache-dir', Warning, 'diag-python', PYTHON_PROJECT, 'pip install'),
  c('speed', 'missing-cache-mount', Information, 'diag-python', PYTHON_PROJECT, 'pip install'),
  c('context', 'dockerignore-missing', Warning, 'diag-python', PYTHON_PROJECT, '.'),
  c('security', 'secret-in-arg-env', Warning, 'diag-secrets', SECRETS_PROJECT, 'NPM_TOKEN'),
  c('security', 'secret-file-copied', SevError, 'diag-secrets', SECRETS_PROJECT, '.npmrc'),
  c('security', 'root-user', Information, 'diag-secrets', SECRETS_PROJECT, 'node:20-slim'),
];

function c(
  category: string,
  rule: string,
  severity: vscode.DiagnosticSeverity,
  project: string,
  files: Record<string, string>,
  range: string,
): Case {
  return { category, rule, severity, project, files, range };
}

describe('diagnostics of each rule category', () => {
  afterEach(async function () {
    await closeEditorsIfPassed(this.currentTest);
  });

  for (const t of CASES) {
    it(`${t.category}: ${t.rule} on \`${t.range}\``, async function () {
      if (!declaredRules().has(t.rule)) {
        // Printed so the skip reason shows in the run's output.
        console.log(`      skipped: the manifest declares no rule "${t.rule}" (not added yet)`);
        this.skip();
      }
      const folder = await scenario(t.project, t.files);
      const uri = vscode.Uri.joinPath(folder, 'Dockerfile');
      const document = await open(uri);
      assert.equal(document.languageId, 'dockerfile');
      const diagnostic = await waitForRule(uri, t.rule);
      assert.equal(diagnostic.source, 'layerwise');
      assert.equal(
        vscode.DiagnosticSeverity[diagnostic.severity],
        vscode.DiagnosticSeverity[t.severity],
      );
      assert.equal(document.getText(diagnostic.range), t.range);
      assert.ok(diagnostic.message.length > 0);
      // The code links to the rule's docs page.
      const code = diagnostic.code as { value: string; target: vscode.Uri } | undefined;
      assert.ok(code && typeof code === 'object', 'the code carries a docs link');
      assert.match(code.target.toString(), new RegExp(`${t.rule}\\.md$`));
    });
  }
});
