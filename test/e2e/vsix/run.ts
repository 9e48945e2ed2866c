// The release check of `npm run test:e2e`: takes the VSIX `npm run package` built, checks its size
// (≤ 2 MB: the bundles and the Debian archive data), its file list (the .vscodeignore whitelist) and its manifest, installs it into a fresh
// code-server with `--install-extension … --force` as a user would, and runs suite/*.test.ts
// against that installed copy (no extensionDevelopmentPath for Layerwise: the extension under
// development is only the small test host in extension/). Prints `vsix: N passed, N failed, …`.
//
// LAYERWISE_VSIX=<file> tests another VSIX (default: layerwise.vsix at the repo root).
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { cs, errorMessage, exitWith, repoRoot, runChecks, vsixToTest } from '../harness';
import { readEntry, zipEntries, type ZipEntry } from './zip';

const shim = path.join(repoRoot, 'test', 'e2e', 'shim', 'code-server-shim');
const MAX_BYTES = 2 * 1024 * 1024;
/** The extension's bundles: client, language server, and the engine the server loads. */
const BUNDLES = [
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/engine.js',
];

interface Manifest {
  name?: string;
  displayName?: string;
  description?: string;
  version?: string;
  publisher?: string;
  license?: string;
  icon?: string;
  main?: string;
  categories?: string[];
  keywords?: string[];
  repository?: { url?: string } | string;
  engines?: { vscode?: string };
  activationEvents?: string[];
  capabilities?: {
    untrustedWorkspaces?: { supported?: boolean | string; description?: string };
    virtualWorkspaces?: { supported?: boolean | string; description?: string } | boolean;
  };
  contributes?: {
    languages?: { configuration?: string; icon?: unknown }[];
    grammars?: { path?: string }[];
    jsonValidation?: { url?: string }[];
  };
}

// The marketplace's category names (vsce rejects others).
const CATEGORIES = new Set([
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
]);

type Check = [string, () => void];

function packageChecks(vsix: string, zip: Buffer, entries: ZipEntry[]): Check[] {
  const names = new Set(entries.map((e) => e.name));
  const text = (name: string) => {
    const entry = entries.find((e) => e.name === name);
    if (!entry) throw new Error(`${name} is not in the VSIX`);
    return readEntry(zip, entry).toString('utf8');
  };
  const manifest = JSON.parse(text('extension/package.json')) as Manifest;
  const inVsix = (relative: string) => names.has(`extension/${relative.replace(/^\.\//, '')}`);
  const minVersion = (range: string | undefined) => {
    const m = /^\^?(\d+)\.(\d+)\.(\d+)$/.exec(range ?? '');
    if (!m) throw new Error(`"${range}" is not a ^major.minor.patch range`);
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  };
  const compare = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  const dependencyManifest = (name: string) =>
    JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { version: string; engines?: { vscode?: string } };

  return [
    [
      `size ≤ 2 MB`,
      () => {
        const size = fs.statSync(vsix).size;
        if (size > MAX_BYTES) throw new Error(`${kb(size)} KB`);
      },
    ],
    [
      'files: only the whitelisted ones (.vscodeignore), no sources, maps or node_modules',
      () => {
        const required = [
          'extension/package.json',
          'extension/readme.md',
          'extension/changelog.md',
          'extension/LICENSE.txt',
          'extension/dist/client.js',
          'extension/dist/server.js',
          'extension/dist/engine.js',
          'extension/dist/apt-archive.br',
        ];
        const missing = required.filter((n) => !names.has(n));
        if (missing.length) throw new Error(`missing: ${missing.join(', ')}`);
        const unwanted = [...names].filter((n) =>
          /(^|\/)(node_modules|src|out|test|\.e2e-cache|test-results)\/|\.(ts|map|vsix)$/.test(n),
        );
        if (unwanted.length) throw new Error(`unwanted: ${unwanted.join(', ')}`);
      },
    ],
    [
      'every file the manifest points to is packaged',
      () => {
        const referenced = [
          manifest.main,
          manifest.icon,
          ...(manifest.contributes?.languages ?? []).map((l) => l.configuration),
          ...(manifest.contributes?.grammars ?? []).map((g) => g.path),
          ...(manifest.contributes?.jsonValidation ?? [])
            .map((j) => j.url)
            .filter((u) => u && !/^[a-z]+:/i.test(u)),
        ].filter((p): p is string => !!p);
        const missing = referenced.filter((p) => !inVsix(p));
        if (missing.length) throw new Error(`not packaged: ${missing.join(', ')}`);
      },
    ],
    [
      'the bundles require nothing but vscode and Node built-ins (dependencies are bundled)',
      () => {
        const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
        // The server loads the engine bundle next to it once initialized (nothing else).
        const own: Record<string, string> = { 'extension/dist/server.js': './engine.js' };
        for (const bundle of BUNDLES) {
          const required = new Set(
            [...text(bundle).matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!),
          );
          const foreign = [...required].filter(
            (r) => r !== 'vscode' && !builtins.has(r) && r !== own[bundle],
          );
          if (foreign.length) throw new Error(`${bundle} requires ${foreign.join(', ')}`);
        }
      },
    ],
    [
      'the bundles are the release build (minified, no source map)',
      () => {
        for (const bundle of BUNDLES) {
          const code = text(bundle);
          if (/sourceMappingURL=/.test(code)) throw new Error(`${bundle} points to a source map`);
          // esbuild's development output has one statement per line; minified has long lines.
          const lines = code.split('\n').length;
          if (code.length / lines < 400)
            throw new Error(`${bundle} is not minified (${lines} lines): a development build`);
        }
      },
    ],
    [
      'manifest: publisher, name, version, display name, description, license, icon',
      () => {
        for (const key of [
          'publisher',
          'name',
          'version',
          'displayName',
          'description',
          'license',
        ] as const) {
          if (!manifest[key]) throw new Error(`no "${key}"`);
        }
        if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(manifest.version!))
          throw new Error(`version "${manifest.version}"`);
        if (!manifest.icon?.endsWith('.png')) throw new Error(`icon "${manifest.icon}" is no PNG`);
      },
    ],
    [
      'manifest: categories the marketplace knows, keywords, repository',
      () => {
        const categories = manifest.categories ?? [];
        if (categories.length === 0) throw new Error('no categories');
        const unknown = categories.filter((c) => !CATEGORIES.has(c));
        if (unknown.length) throw new Error(`unknown categories: ${unknown.join(', ')}`);
        const keywords = manifest.keywords ?? [];
        if (keywords.length === 0 || keywords.length > 30)
          throw new Error(`${keywords.length} keywords (1–30)`);
        const repository =
          typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
        if (!repository) throw new Error('no repository');
      },
    ],
    [
      'manifest: engines.vscode covers vscode-languageclient’s and is not older than @types/vscode',
      () => {
        const engine = minVersion(manifest.engines?.vscode);
        const client = dependencyManifest('vscode-languageclient');
        const clientMin = minVersion(client.engines?.vscode);
        if (compare(engine, clientMin) < 0)
          throw new Error(
            `engines.vscode ${manifest.engines?.vscode} < vscode-languageclient's ${client.engines?.vscode}`,
          );
        // Types newer than the engine would let the code call API the oldest host lacks.
        const types = minVersion(dependencyManifest('@types/vscode').version);
        if (compare([types[0]!, types[1]!, 0], [engine[0]!, engine[1]!, 0]) > 0)
          throw new Error(`@types/vscode ${types.join('.')} is newer than the engine`);
      },
    ],
    [
      'manifest: activation on both languages; workspace trust and virtual workspaces declared',
      () => {
        const events = manifest.activationEvents ?? [];
        for (const e of ['onLanguage:dockerfile', 'onLanguage:dockerignore'])
          if (!events.includes(e)) throw new Error(`no activation event ${e}`);
        const untrusted = manifest.capabilities?.untrustedWorkspaces;
        if (untrusted?.supported === undefined) throw new Error('untrustedWorkspaces undeclared');
        if (untrusted.supported === 'limited' && !untrusted.description)
          throw new Error('limited untrusted support needs a description');
        const virtual = manifest.capabilities?.virtualWorkspaces;
        if (virtual === undefined) throw new Error('virtualWorkspaces undeclared');
        // It reads the build context from disk (file: documents only), so it must not claim
        // virtual-workspace support.
        const supported = typeof virtual === 'object' ? virtual.supported : virtual;
        if (supported !== false) throw new Error('claims virtual workspace support');
      },
    ],
  ];
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

async function main(): Promise<number> {
  const vsix = vsixToTest('vsix');
  if (!vsix) return 1;
  const started = Date.now();
  const zip = fs.readFileSync(vsix);
  const entries = zipEntries(zip);
  const manifest = JSON.parse(
    readEntry(
      zip,
      entries.find((e) => e.name === 'extension/package.json')!,
    ).toString('utf8'),
  ) as Manifest;
  console.log(
    `vsix: ${vsix} is ${kb(zip.length)} KB ` +
      `(limit ${kb(MAX_BYTES)} KB), ${entries.length} files, ` +
      `${kb(entries.reduce((n, e) => n + e.size, 0))} KB unpacked`,
  );
  const counts = runChecks(packageChecks(vsix, zip, entries));

  // Install as a user would, into a fresh profile; the smoke run then uses that extensions dir.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-vsix-'));
  const install = cs.prepareProfile();
  const extensionsDir = install.extensionsDir;
  let installed = false;
  try {
    const t = Date.now();
    await cs.installExtension({ vsix, ...install });
    const folder = fs
      .readdirSync(extensionsDir)
      .find((f) => f === `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    if (!folder) throw new Error(`no extension folder in ${extensionsDir}`);
    console.log(`  ✔ code-server --install-extension (${Date.now() - t} ms): ${folder}`);
    counts.passed++;
    installed = true;
  } catch (error) {
    console.log(`  ✖ code-server --install-extension: ${String(error)}`);
    counts.failed++;
  }

  let suite = { passed: 0, failed: 0, pending: 0 };
  if (installed) {
    const workspace = path.join(runDir, 'workspace');
    fs.mkdirSync(workspace);
    const resultsFile = path.join(runDir, 'results.json');
    try {
      await runTests({
        vscodeExecutablePath: shim,
        extensionDevelopmentPath: path.join(repoRoot, 'test', 'e2e', 'vsix', 'extension'),
        extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
        launchArgs: [
          workspace,
          `--user-data-dir=${path.join(runDir, 'user-data')}`,
          `--extensions-dir=${extensionsDir}`,
        ],
        extensionTestsEnv: {
          LAYERWISE_E2E_RESULTS: resultsFile,
          LAYERWISE_VSIX_EXTENSIONS_DIR: extensionsDir,
          LAYERWISE_VSIX_VERSION: manifest.version,
        },
      });
    } catch (error) {
      console.error(`vsix: ${errorMessage(error)}`);
    }
    try {
      suite = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as typeof suite;
    } catch {
      console.error('vsix: the smoke suite wrote no results (it did not run or crashed)');
      suite.failed++;
    }
  }

  const passed = counts.passed + suite.passed;
  const failed = counts.failed + suite.failed;
  console.log(
    `vsix: ${passed} passed, ${failed} failed, ${suite.pending} skipped ` +
      `(${kb(zip.length)} KB; ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  const ok = failed === 0 && suite.passed > 0;
  if (ok) {
    fs.rmSync(runDir, { recursive: true, force: true });
    fs.rmSync(install.runDir, { recursive: true, force: true });
  } else {
    console.error(`vsix: workspace and profiles kept in ${runDir} and ${install.runDir}`);
  }
  return ok ? 0 : 1;
}

exitWith(main);
