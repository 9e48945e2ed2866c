// `npm run bench`: Layerwise against its peers, in one run, one process per tool. Prints a table
// and writes the figures into bench/RESULTS.md (between the bench markers; the notes around them
// are kept). Options: --skip-vsix, --profile (CPU profiles of the Layerwise worker), --no-write.
//
// It builds in a scratch copy of the repo (production bundles exactly as scripts/build.mjs makes
// them), so the working tree, dist/ included, is left alone.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const SKIP_VSIX = args.includes('--skip-vsix');
const PROFILE = args.includes('--profile');
const WRITE = !args.includes('--no-write');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-'));
// The scratch copy goes away however the run ends (profiles are kept with --profile).
process.on('exit', () => {
  if (!PROFILE) fs.rmSync(tmp, { recursive: true, force: true });
});
const stage = path.join(tmp, 'repo');
const t0 = Date.now();
const loadStart = os.loadavg();
const log = (msg) =>
  process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Build

// What the build and the VSIX need; everything else (tests, out/, dist/, .git) stays behind.
const COPY = [
  'package.json',
  'package-lock.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'language-configuration.json',
  '.vscodeignore',
  'tsconfig.base.json',
  'images',
  'syntaxes',
  'schemas',
  'scripts',
  'server',
  'client',
  'shared',
  'bench',
];
fs.mkdirSync(stage);
for (const entry of COPY) {
  const from = path.join(REPO, entry);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, entry), { recursive: true });
}
fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

log(`building production bundles in ${stage}`);
run(process.execPath, ['scripts/build.mjs', '--production'], { cwd: stage });

const out = path.join(stage, 'bench-out');
const workerBuild = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  logLevel: 'warning',
  legalComments: 'none',
  absWorkingDir: stage,
};
await Promise.all([
  build({
    ...workerBuild,
    entryPoints: ['bench/layerwise-worker.ts'],
    outfile: `${out}/layerwise-worker.js`,
  }),
  // Peers are required from node_modules as installed, not re-bundled.
  build({
    ...workerBuild,
    entryPoints: ['bench/peer-worker.ts'],
    outfile: `${out}/peer-worker.js`,
    packages: 'external',
  }),
  build({ ...workerBuild, entryPoints: ['bench/lsp.ts'], outfile: `${out}/lsp.js` }),
]);

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  }
  return r.stdout;
}

function json(cmd, argv, opts) {
  const stdout = run(cmd, argv, opts);
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

// ---------------------------------------------------------------------------------------------
// Measure

const SCALE = '1mb,10k,run500,run5000,run20000';
const profDir = path.join(tmp, 'profiles');
const nodeFlags = PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${profDir}`] : [];

log('Layerwise: corpus, scaling, per-rule costs');
const layerwise = json(
  process.execPath,
  [...nodeFlags, `${out}/layerwise-worker.js`, '--corpus', '--scale', SCALE, '--extra'],
  { cwd: stage },
);
const peers = {};
for (const tool of ['dockerfile-ast', 'dockerfile-utils', 'dockerfilelint']) {
  log(`${tool}: corpus, scaling`);
  peers[tool] = json(
    process.execPath,
    [`${out}/peer-worker.js`, tool, '--corpus', '--scale', SCALE],
    {
      cwd: stage,
    },
  );
}

// The machine's speed drifts (a shared VM: the same run can be 30% slower a minute later), and the
// tools above ran one after another. Two more passes, alternating the tools, and the median of the
// three for each figure: ratios then compare tools measured at the same times.
const PASSES = 2;
const extra = { layerwise: [], ...Object.fromEntries(Object.keys(peers).map((t) => [t, []])) };
for (let pass = 1; pass <= PASSES; pass++) {
  log(`pass ${pass + 1} of ${PASSES + 1}: every tool again, alternating`);
  extra.layerwise.push(
    json(process.execPath, [`${out}/layerwise-worker.js`, '--corpus', '--scale', SCALE], {
      cwd: stage,
    }),
  );
  for (const tool of Object.keys(peers)) {
    extra[tool].push(
      json(process.execPath, [`${out}/peer-worker.js`, tool, '--corpus', '--scale', SCALE], {
        cwd: stage,
      }),
    );
  }
}
const med3 = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [tool, first] of [['layerwise', layerwise], ...Object.entries(peers)]) {
  const all = [first, ...extra[tool]];
  if (first.corpus) {
    first.corpus.msPerFile = med3(all.map((r) => r.corpus.msPerFile));
    first.corpus.wallMsPerFile = med3(all.map((r) => r.corpus.wallMsPerFile));
  }
  for (const [id, m] of Object.entries(first.scale)) {
    m.ms = med3(all.map((r) => r.scale[id]?.ms ?? m.ms));
    m.wallMs = med3(all.map((r) => r.scale[id]?.wallMs ?? m.wallMs));
  }
}

const serverJs = path.join(stage, 'dist', 'server.js');
const work = path.join(tmp, 'work');
log('LSP: server start');
const start = json(process.execPath, [`${out}/lsp.js`, 'start', serverJs, '20']);
log('LSP: edit latency');
const latency = json(process.execPath, [`${out}/lsp.js`, 'latency', serverJs, work]);
log('LSP: memory with 500 documents');
const memory = json(process.execPath, [`${out}/lsp.js`, 'memory', serverJs, work]);
// The same with a smaller young generation (a launch flag the client could pass).
const SEMI = '--max-semi-space-size=2';
log(`LSP: memory with 500 documents, server started with ${SEMI}`);
const memorySemi = json(process.execPath, [`${out}/lsp.js`, 'memory', serverJs, `${work}-semi`], {
  env: { ...process.env, BENCH_SERVER_NODE_ARGS: SEMI },
});

const sizes = {};
for (const f of ['server.js', 'engine.js', 'client.js']) {
  const p = path.join(stage, 'dist', f);
  if (!fs.existsSync(p)) continue;
  const buf = fs.readFileSync(p);
  sizes[f] = { bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
}
let vsix = { note: '' };
if (SKIP_VSIX) vsix.note = 'skipped (--skip-vsix)';
else if (!fs.existsSync(path.join(stage, '.vscodeignore'))) {
  vsix.note = 'no .vscodeignore in the repo: bundle sizes only';
} else {
  log('VSIX: npx vsce package --no-dependencies');
  const file = path.join(tmp, 'layerwise.vsix');
  const r = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', file], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status === 0 && fs.existsSync(file)) {
    vsix = { bytes: fs.statSync(file).size, files: vsixFiles(file), note: '' };
  } else
    vsix.note = `vsce failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`;
}

function vsixFiles(file) {
  try {
    const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
    return Number(/(\d+)\s+files?\s*$/m.exec(listing)?.[1] ?? NaN);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const ratio = (a, b) => (a && b ? a / b : NaN);
const x = (r) => (Number.isNaN(r) ? '—' : `${r.toFixed(2)}×`);
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const tools = [
  layerwise,
  peers['dockerfile-ast'],
  peers['dockerfile-utils'],
  peers['dockerfilelint'],
];

const lines = [];
const table = (head, rows) => {
  lines.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`);
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  lines.push('');
};

const c = layerwise.corpus;
lines.push(
  `### Corpus throughput`,
  '',
  `${c.files} generated Dockerfiles (${kb(c.bytes)}, ${c.lines} lines; bench/corpus.ts), warm, median of timed rounds in each of three passes (the tools alternating), then the median of the passes; every per-text cache emptied before each file. CPU: user + system time of the tool's process; wall: elapsed.`,
  '',
);
table(
  [
    'Tool',
    'Version',
    'CPU ms / file',
    'wall ms / file',
    'Layerwise ÷ tool (CPU)',
    'Crashed files',
    'Problems reported',
  ],
  tools.map((t) => [
    t.tool,
    t.version,
    ms(t.corpus.msPerFile, 3),
    ms(t.corpus.wallMsPerFile, 3),
    t === layerwise ? '—' : x(ratio(c.msPerFile, t.corpus.msPerFile)),
    String(t.corpus.crashes.length),
    String(t.corpus.findings),
  ]),
);
const crashed = tools.flatMap((t) =>
  t.corpus.crashes.map((k) => `${t.tool}: ${k.file} (${k.error})`),
);
if (crashed.length) lines.push('Crashes:', '', ...crashed.slice(0, 10).map((l) => `- ${l}`), '');

lines.push('### Scaling (CPU ms per analysis, median; wall ms in brackets)', '');
const SCALE_LABELS = {
  '1mb': '1 MB file',
  '10k': '10,000-line file',
  run500: 'RUN, 500 continuation lines',
  run5000: 'RUN, 5,000 continuation lines',
  run20000: 'RUN, 20,000 continuation lines',
};
table(
  ['Input', ...tools.map((t) => t.tool)],
  [
    ...Object.entries(SCALE_LABELS).map(([id, label]) => [
      label,
      ...tools.map((t) => `${ms(t.scale[id]?.ms, 1)} (${ms(t.scale[id]?.wallMs, 1)})`),
    ]),
    [
      '5,000-line RUN ÷ 500-line RUN',
      ...tools.map((t) => x(ratio(t.scale.run5000?.ms, t.scale.run500?.ms))),
    ],
    [
      '20,000-line RUN ÷ 5,000-line RUN',
      ...tools.map((t) => x(ratio(t.scale.run20000?.ms, t.scale.run5000?.ms))),
    ],
  ],
);

lines.push('### Editing over LSP (didChange → publishDiagnostics, `layerwise.debounceMs` 0)', '');
const typicalName = `typical file (${latency.typicalFile.name}, ${latency.typicalFile.lines} lines)`;
table(
  ['Document', 'Edit', 'p50 ms', 'p99 ms', 'max ms', 'edits'],
  [
    ['typical', 'full text'],
    ['typical', 'one character'],
    ['10k', 'full text'],
    ['10k', 'one character'],
  ].map(([doc, edit]) => {
    const s = latency[`${doc}:${edit === 'full text' ? 'full' : 'char'}`];
    return [
      doc === 'typical' ? typicalName : '10,000-line file',
      edit,
      ms(s.p50),
      ms(s.p99),
      ms(s.max),
      String(s.n),
    ];
  }),
);
lines.push(
  `Opening (didOpen → first diagnostics): typical ${ms(latency['typical:open'], 1)} ms, 10,000-line file ${ms(latency['10k:open'], 1)} ms.`,
  '',
);

lines.push('### Server start, memory, size', '');
table(
  ['Measure', 'Value'],
  [
    ['`node -e 0` (spawn → exit), median of 20', `${ms(start.bareMs, 1)} ms`],
    ['server spawn → initialize result, median of 20', `${ms(start.serverMs, 1)} ms`],
    ['server start ÷ bare Node start', x(ratio(start.serverMs, start.bareMs))],
    ['server RSS after initialize', `${ms(memory.idleRssMB, 1)} MB`],
    [
      `server RSS with ${memory.documents} documents open (${memory.dockerfiles} Dockerfiles)`,
      `${ms(memory.rssMB, 1)} MB`,
    ],
    ['server peak RSS during that', `${ms(memory.peakRssMB, 1)} MB`],
    [`the same, server started with \`${SEMI}\``, `${ms(memorySemi.rssMB, 1)} MB`],
    ...Object.entries(sizes).map(([f, s]) => [
      `dist/${f} (production build)`,
      `${kb(s.bytes)} (${kb(s.gzip)} gzip)`,
    ]),
    [
      'VSIX',
      vsix.bytes ? `${kb(vsix.bytes)}${vsix.files ? `, ${vsix.files} files` : ''}` : vsix.note,
    ],
  ],
);

lines.push('### Layerwise detail (CPU ms)', '');
table(
  ['Measure', 'ms'],
  Object.entries(layerwise.extra).map(([k, v]) => [k, ms(v, k.includes('ms/file') ? 3 : 1)]),
);

const targets = [
  [
    'Corpus: full analysis ≤ 0.5× dockerfile-utils validate (CPU)',
    ratio(c.msPerFile, peers['dockerfile-utils'].corpus.msPerFile),
    0.5,
    'x',
  ],
  [
    'Corpus: full analysis ≤ 1.2× dockerfile-ast parse (CPU)',
    ratio(c.msPerFile, peers['dockerfile-ast'].corpus.msPerFile),
    1.2,
    'x',
  ],
  [
    '5,000-line RUN ≤ 12× a 500-line RUN (CPU)',
    ratio(layerwise.scale.run5000.ms, layerwise.scale.run500.ms),
    12,
    'x',
  ],
  ['One-character edit, 10,000-line file: p99 ≤ 50 ms', latency['10k:char'].p99, 50, 'ms'],
  ['One-character edit, typical file: p99 ≤ 5 ms', latency['typical:char'].p99, 5, 'ms'],
  ['Server start ≤ 1.6× bare Node start', ratio(start.serverMs, start.bareMs), 1.6, 'x'],
  ['RSS ≤ 100 MB with 500 documents open', memory.rssMB, 100, 'MB'],
];
lines.push('### Targets', '');
table(
  ['Target', 'Measured', 'Met'],
  targets.map(([name, v, limit, unit]) => [
    name,
    unit === 'x' ? x(v) : `${ms(v, 1)} ${unit}`,
    v <= limit ? 'yes' : '**no**',
  ]),
);

const cpus = os.cpus();
const load = `load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at the start, ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')} at the end`;
const machine = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench\` on`,
  `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM,`,
  `${os.type()} ${os.release()}, Node ${process.version}; ${load}.`,
].join(' ');
const body = [machine, '', ...lines].join('\n');
process.stdout.write(`\n${body}\n`);

if (WRITE) {
  const file = path.join(REPO, 'bench', 'RESULTS.md');
  const START = '<!-- bench:start -->';
  const END = '<!-- bench:end -->';
  const block = `${START}\n${body}\n${END}`;
  let text = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : `# Benchmark results\n\n${START}\n${END}\n`;
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  text =
    i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + END.length) : `${text}\n${block}\n`;
  fs.writeFileSync(file, text);
  log(`wrote ${path.relative(REPO, file)}`);
}
if (PROFILE)
  log(`CPU profiles of the Layerwise worker: ${profDir} (open in Chrome DevTools → Performance)`);
