// The Neovim check of `npm run test:e2e`: a second real LSP client. Runs headless Neovim 0.7 with
// lsp_test.lua on a temp copy of the guide's python-before project, then checks what the client
// saw (diagnostics, code actions, an applied fix, hover, fix-all). Prints
// `nvim: N passed, N failed`; on failure also Neovim's output and its LSP log.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitWith, repoRoot, runChecks } from '../e2e/harness';

const script = path.join(repoRoot, 'test', 'nvim', 'lsp_test.lua');
const fixture = path.join(repoRoot, 'test', 'fixtures', 'guide', 'python-before');
const serverBin = path.join(repoRoot, 'bin', 'layerwise-language-server.js');
const TIMEOUT_MS = 90000;

interface Diagnostic {
  code?: string;
  source?: string;
  severity: number;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  message: string;
}

interface Result {
  steps: string[];
  error?: string;
  diagnostics?: { arrived: boolean; ms: number; items: Diagnostic[] };
  server?: { name: string; hover: boolean; code_action: boolean };
  hover?: { value?: string };
  code_actions?: { titles: string[] };
  after_fix?: { text: string; finding_gone: boolean; items: Diagnostic[] };
  fix_all?: { titles: string[]; text: string };
  stop?: { stopped: boolean };
}

const AFTER_FIX = [
  'FROM python:3.12',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY . .',
  'CMD ["python", "main.py"]',
  '',
].join('\n');

const AFTER_FIX_ALL = AFTER_FIX.replace('pip install -r', 'pip install --no-cache-dir -r');

function runNvim(
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'nvim',
      [
        '--headless',
        '--clean',
        '-u',
        'NONE',
        '-i',
        'NONE',
        '-n',
        '-c',
        'filetype on',
        '-c',
        `luafile ${script}`,
        path.join(dir, 'Dockerfile'),
      ],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      output += `\n(killed after ${TIMEOUT_MS / 1000} s)`;
    }, TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function checks(r: Result): [string, () => void][] {
  const codes = () => new Set((r.diagnostics?.items ?? []).map((d) => d.code));
  return [
    [
      'diagnostics arrive',
      () => {
        if (!r.diagnostics?.arrived)
          throw new Error('no diagnostics (with the settings) within the timeout');
      },
    ],
    [
      'the guide’s findings, with rule ids as codes and source "layerwise"',
      () => {
        const expected = [
          'full-base-image',
          'copy-all-before-install',
          'dockerignore-missing',
          'pip-no-cache-dir',
          'missing-cache-mount',
        ];
        const missing = expected.filter((c) => !codes().has(c));
        if (missing.length) throw new Error(`missing: ${missing.join(', ')}`);
        const foreign = (r.diagnostics?.items ?? []).filter((d) => d.source !== 'layerwise');
        if (foreign.length) throw new Error(`other sources: ${JSON.stringify(foreign)}`);
      },
    ],
    [
      'settings pushed with workspace/didChangeConfiguration apply (full-base-image as an error)',
      () => {
        const d = r.diagnostics?.items.find((i) => i.code === 'full-base-image');
        // vim.diagnostic.severity.ERROR = 1
        if (d?.severity !== 1) throw new Error(`full-base-image severity ${d?.severity}`);
        const other = r.diagnostics?.items.find((i) => i.code === 'copy-all-before-install');
        if (other?.severity !== 2)
          throw new Error(`copy-all-before-install severity ${other?.severity}`);
      },
    ],
    [
      'copy-all-before-install is on `COPY . .` (line 3, columns 0–8)',
      () => {
        const d = r.diagnostics?.items.find((i) => i.code === 'copy-all-before-install');
        const at = d && [d.lnum, d.col, d.end_lnum, d.end_col].join(',');
        if (at !== '2,0,2,8') throw new Error(`range is ${at}`);
      },
    ],
    [
      'hover on `python:3.12` names the slim variant',
      () => {
        const text = r.hover?.value ?? '';
        if (!text.includes('python:3.12-slim')) throw new Error(`hover: ${text.slice(0, 200)}`);
      },
    ],
    [
      'code actions include "Copy dependency manifests first"',
      () => {
        const titles = r.code_actions?.titles ?? [];
        if (!titles.includes('Copy dependency manifests first'))
          throw new Error(`titles: ${titles.join(' | ')}`);
      },
    ],
    [
      'apply_workspace_edit(…, "utf-16") gives the fixed Dockerfile',
      () => {
        if (r.after_fix?.text !== AFTER_FIX)
          throw new Error(`text:\n${r.after_fix?.text ?? '(none)'}`);
      },
    ],
    [
      'the finding goes away after the edit',
      () => {
        if (!r.after_fix?.finding_gone) throw new Error('copy-all-before-install is still there');
      },
    ],
    [
      'fix-all (source.fixAll.layerwise) adds --no-cache-dir',
      () => {
        if (r.fix_all?.text !== AFTER_FIX_ALL)
          throw new Error(
            `titles: ${(r.fix_all?.titles ?? []).join(' | ')}; text:\n${r.fix_all?.text}`,
          );
      },
    ],
    [
      'the client shuts the server down',
      () => {
        if (!r.stop?.stopped) throw new Error('the client did not stop');
      },
    ],
  ];
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) {
    console.error('nvim: dist/server.js is missing: run `npm run build`');
    return 1;
  }
  const started = Date.now();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-nvim-'));
  const project = path.join(runDir, 'python-before');
  fs.cpSync(fixture, project, { recursive: true });
  const resultFile = path.join(runDir, 'result.json');
  // Neovim's state and its LSP log (lsp.log) go to the temp folder, not the user's home.
  const env = {
    ...process.env,
    XDG_CACHE_HOME: path.join(runDir, 'cache'),
    XDG_STATE_HOME: path.join(runDir, 'state'),
    XDG_DATA_HOME: path.join(runDir, 'data'),
    XDG_CONFIG_HOME: path.join(runDir, 'config'),
    LAYERWISE_NVIM_SERVER: serverBin,
    LAYERWISE_NVIM_ROOT: project,
    LAYERWISE_NVIM_RESULT: resultFile,
  };

  const { code, output } = await runNvim(project, env);
  let result: Result | undefined;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Result;
  } catch {
    result = undefined;
  }

  let passed = 0;
  let failed = 0;
  if (!result) {
    console.log(`  ✖ Neovim wrote no result (exit code ${code})`);
    failed++;
  } else {
    if (result.error) {
      console.log(`  ✖ the Lua script failed: ${result.error}`);
      failed++;
    }
    const counts = runChecks(checks(result));
    passed += counts.passed;
    failed += counts.failed;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ms = result?.diagnostics?.ms;
  console.log(
    `nvim: ${passed} passed, ${failed} failed (${seconds} s; diagnostics after ${ms ?? '?'} ms)`,
  );
  if (failed > 0) {
    if (output.trim()) console.log(`--- Neovim output ---\n${output.trim()}`);
    const log = path.join(runDir, 'cache', 'nvim', 'lsp.log');
    if (fs.existsSync(log)) console.log(`--- ${log} (tail) ---\n${tail(log, 40)}`);
    console.log(`nvim: project and result kept in ${runDir}`);
    return 1;
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  return 0;
}

function tail(file: string, lines: number): string {
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

exitWith(main);
