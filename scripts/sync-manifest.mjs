// Writes package.json `contributes.configuration` from the shared settings schema and the rule
// registry (needs `tsc -b` output). `--check` exits 1 when package.json is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { configurationContribution } = require('../out/server/src/manifest.js');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const next = configurationContribution();
if (process.argv.includes('--check')) {
  const same = JSON.stringify(pkg.contributes.configuration) === JSON.stringify(next);
  if (!same)
    console.error(
      'package.json contributes.configuration is out of date: run npm run sync-manifest',
    );
  process.exit(same ? 0 : 1);
}
pkg.contributes.configuration = next;
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
