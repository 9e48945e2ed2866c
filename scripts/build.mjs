// Bundles the client, the language server and the CLI with esbuild (CommonJS, Node 20). The server
// is two files: dist/server.js (the LSP layer) answers `initialize` and loads dist/engine.js (rules,
// knowledge, parsers; server/src/lsp/engine.ts) on first use, so that it starts sooner.
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** lazyEngine.ts's `require('./engine')` stays a run-time load of dist/engine.js. */
const engineApart = {
  name: 'engine-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/engine$/ }, (args) =>
      path.basename(args.importer) === 'lazyEngine.ts'
        ? { path: './engine.js', external: true }
        : undefined,
    );
  },
};

// What must not be in dist/server.js: an engine value imported by the LSP layer other than
// through lazyEngine.ts would bring these back into the start-up path.
const ENGINE_ONLY = /^(server\/src\/(rules|knowledge)\/|node_modules\/(dockerfile-ast|js-yaml)\/)/;

const [, server] = await Promise.all([
  build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
  }),
  build({
    ...common,
    entryPoints: ['server/src/main.ts'],
    outfile: 'dist/server.js',
    plugins: [engineApart],
    metafile: true,
  }),
  build({ ...common, entryPoints: ['server/src/lsp/engine.ts'], outfile: 'dist/engine.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' }),
]);

const eager = Object.keys(server.metafile.inputs).filter((f) => ENGINE_ONLY.test(f));
if (eager.length > 0) {
  console.error(
    `dist/server.js must load the engine through server/src/lsp/lazyEngine.ts; it bundles:\n  ${eager.join('\n  ')}`,
  );
  process.exit(1);
}

// The Debian archive data (knowledge/apt) is read at run time from beside the bundles: as a string
// inside engine.js it would be compiled on every start.
mkdirSync('dist', { recursive: true });
copyFileSync('server/src/knowledge/apt/apt-archive.br', 'dist/apt-archive.br');
