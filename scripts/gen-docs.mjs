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
const { aliasTable } = require('../out/server/src/config/aliases.js');
const { ALL_RULES } = require('../out/server/src/rules/index.js');
// Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`.
const fill = (text, name, table) => {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`README.md lacks the ${name} table markers`);
  return `${text.slice(0, i + start.length)}\n${table}\n${text.slice(j)}`;
};
const readme = readFileSync('README.md', 'utf8');
write('README.md', fill(fill(readme, 'rules', rulesTable()), 'aliases', aliasTable(ALL_RULES)));
if (stale.length)
  console.error(
    `${check ? 'Out of date' : 'Updated'}: ${stale.join(', ')}${check ? ' (run npm run docs)' : ''}`,
  );
process.exit(check && stale.length ? 1 : 0);
