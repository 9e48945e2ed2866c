// Runs the e2e suites (suite/*.test.ts) in a real VS Code.
//
// Here (no internet): `vscodeExecutablePath` is test/e2e/shim/code-server-shim, which runs the
// suites in code-server's real extension host through headless Chromium (see README.md;
// `bash test/e2e/setup.sh` installs it). With internet: set LAYERWISE_E2E_DOWNLOAD=1 and
// @vscode/test-electron downloads an Electron VS Code (LAYERWISE_E2E_VSCODE_VERSION, default
// 'stable') and runs the very same suites.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { errorMessage, exitWith, repoRoot } from './harness';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'guide');
const shim = path.join(repoRoot, 'test', 'e2e', 'shim', 'code-server-shim');

interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
}

async function main(): Promise<number> {
  const download = process.env.LAYERWISE_E2E_DOWNLOAD === '1';
  // Everything the run may change lives in one temp folder: the workspace (tests edit files), a
  // fresh profile and extensions folder, and the results file the suite runner writes. The
  // workspace starts empty; the suite runner copies the fixtures in after startup (see
  // suite/index.ts), so that the extension activates on a file being opened.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-e2e-'));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace);
  const resultsFile = path.join(runDir, 'results.json');

  let ok = false;
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      ...(download
        ? { version: process.env.LAYERWISE_E2E_VSCODE_VERSION ?? 'stable' }
        : { vscodeExecutablePath: shim }),
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(runDir, 'user-data')}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
      ],
      extensionTestsEnv: { LAYERWISE_E2E_RESULTS: resultsFile, LAYERWISE_E2E_FIXTURES: fixtures },
    });
    ok = true;
  } catch (error) {
    console.error(`e2e: ${errorMessage(error)}`);
  }

  const results = readResults(resultsFile);
  if (results) {
    // The plain closing line CI reads.
    console.log(
      `e2e: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`,
    );
  } else {
    console.error('e2e: the suite runner wrote no results (it did not run or crashed)');
  }
  const passed = ok && results !== undefined && results.failed === 0 && results.passed > 0;
  if (passed) fs.rmSync(runDir, { recursive: true, force: true });
  else console.error(`e2e: workspace and profile kept in ${runDir}`);
  return passed ? 0 : 1;
}

function readResults(file: string): SuiteResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResults;
  } catch {
    return undefined;
  }
}

exitWith(main);
