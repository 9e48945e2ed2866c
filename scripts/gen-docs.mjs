// Regenerates docs/rules/*.md and the README rules table from the rule registry (needs `tsc -b`).
// `--check` exits 1 when anything is out of date.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { generatedPages, rulesTable } = require('../out/server/src/docs/generate.js');
const check = process.argv.includes('--check');
const stale = [];
const write = (file, text) => {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (old === text) return;
  stale.push(file);
  if (!check) writeFileSync(file, text);
};
mkdirSync('docs/rules', { recursive: true });
for (const [file, text] of generatedPages()) write(file, text);
const readme = readFileSync('README.md', 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < 0) throw new Error('README.md lacks the rules table markers');
write('README.md', `${readme.slice(0, i + start.length)}\n${rulesTable()}\n${readme.slice(j)}`);
if (stale.length)
  console.error(
    `${check ? 'Out of date' : 'Updated'}: ${stale.join(', ')}${check ? ' (run npm run docs)' : ''}`,
  );
process.exit(check && stale.length ? 1 : 0);
