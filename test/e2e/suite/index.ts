// The extension host loads this module (extensionTestsPath) and awaits run(): a plain mocha runner
// over the compiled *.test.js files beside it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  copyFixtures();
  return runMocha(__dirname);
}

/** Runs the compiled tests of `dir` with mocha; rejects when any fails. */
export function runMocha(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false });
  // LAYERWISE_E2E_GREP=<text>: run only the tests whose full title contains it.
  if (process.env.LAYERWISE_E2E_GREP) mocha.grep(process.env.LAYERWISE_E2E_GREP);
  for (const file of compiledTests(dir)) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeResults(runner.stats);
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
  });
}

/**
 * The compiled `*.test.js` files in `dir`, minus those whose source was deleted (tsc leaves their
 * output behind in out/).
 */
export function compiledTests(dir: string): string[] {
  // <repo>/out/test/e2e/<x> ↔ <repo>/test/e2e/<x>
  const marker = `${path.sep}out${path.sep}`;
  const at = dir.lastIndexOf(marker);
  const source = at < 0 ? '' : dir.slice(0, at) + path.sep + dir.slice(at + marker.length);
  const checkSource = source !== '' && fs.existsSync(source);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => !checkSource || fs.existsSync(path.join(source, f.replace(/\.js$/, '.ts'))))
    .sort();
}

/**
 * runTest.js opens an empty folder, so that no `workspaceContains` event activates the extension
 * at startup and activation.test.ts sees it activate on opening a Dockerfile. The guide fixtures
 * come in now, after startup (that event is only checked then).
 */
function copyFixtures(): void {
  const from = process.env.LAYERWISE_E2E_FIXTURES;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!from || !folder) return;
  fs.cpSync(from, folder.uri.fsPath, { recursive: true });
}

/** Hands the counts to runTest.js (the process that started VS Code), which prints the summary. */
function writeResults(stats: Mocha.Stats | undefined): void {
  const file = process.env.LAYERWISE_E2E_RESULTS;
  if (!file) return;
  const results = {
    passed: stats?.passes ?? 0,
    failed: stats?.failures ?? 0,
    pending: stats?.pending ?? 0,
  };
  fs.writeFileSync(file, JSON.stringify(results) + '\n');
}
