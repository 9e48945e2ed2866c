// Runs the compiled unit, LSP and CLI tests with Node's test runner (the e2e suite has its own runner).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// out/test/fuzz: the property-based fuzz run (20,000 cases by default, LAYERWISE_FUZZ_RUNS to change).
const dirs = ['out/test/unit', 'out/test/lsp', 'out/test/cli', 'out/test/fuzz'].filter((d) =>
  existsSync(d),
);
const extra = process.argv.slice(2);
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...extra, ...dirs], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
