// Writes package.json `contributes.configuration` from the shared settings schema and the rule
// registry, and schemas/layerwise.schema.json (the .layerwise.json schema) from the registry
// (needs `tsc -b` output). `--check` exits 1 when either is out of date.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { configurationContribution } = require('../out/server/src/manifest.js');
const { SCHEMA_PATH, configSchemaText } = require('../out/server/src/config/schema.js');
const { ALL_RULES } = require('../out/server/src/rules/index.js');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const next = configurationContribution();
// Formatted as `prettier --check` expects it.
const prettier = await import('prettier');
const schemaText = await prettier.format(configSchemaText(ALL_RULES), {
  ...(await prettier.resolveConfig(SCHEMA_PATH)),
  filepath: SCHEMA_PATH,
});
if (process.argv.includes('--check')) {
  const same = JSON.stringify(pkg.contributes.configuration) === JSON.stringify(next);
  if (!same)
    console.error(
      'package.json contributes.configuration is out of date: run npm run sync-manifest',
    );
  const schemaSame = existsSync(SCHEMA_PATH) && readFileSync(SCHEMA_PATH, 'utf8') === schemaText;
  if (!schemaSame) console.error(`${SCHEMA_PATH} is out of date: run npm run sync-manifest`);
  process.exit(same && schemaSame ? 0 : 1);
}
mkdirSync('schemas', { recursive: true });
writeFileSync(SCHEMA_PATH, schemaText);
pkg.contributes.configuration = next;
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
