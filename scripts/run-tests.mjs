// Runs the compiled unit, LSP and CLI tests with Node's test runner (the e2e suite has its own runner).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const dirs = ['out/test/unit', 'out/test/lsp', 'out/test/cli'].filter((d) => existsSync(d));
const extra = process.argv.slice(2);
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...extra, ...dirs], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
