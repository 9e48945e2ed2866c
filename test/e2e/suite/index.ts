// The extension host loads this module (extensionTestsPath) and awaits run(): a plain mocha runner
// over the compiled *.test.js files beside it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeResults(runner.stats);
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
  });
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
