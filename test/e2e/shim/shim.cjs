'use strict';
// A stand-in "VS Code executable" for @vscode/test-electron where Electron VS Code cannot be
// downloaded. It takes the Electron-style arguments runTests() passes, starts code-server (the real
// VS Code server and web workbench) with the smoke-test driver enabled, opens the workbench in
// headless Chromium with the extension under test and the test runner in the URL's `payload`, and
// exits with the code the workbench hands to window.codeAutomationExit() when the tests end.
//
// Environment knobs: LAYERWISE_E2E_TIMEOUT_MS (default 5 min), LAYERWISE_E2E_CHROMIUM
// (default /usr/bin/chromium), LAYERWISE_E2E_VERBOSE=1 (also relay workbench noise).

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const cs = require('./codeServer.cjs');

const RESULTS = path.join(cs.ROOT, 'test-results', 'e2e');
const TIMEOUT_MS = Number(process.env.LAYERWISE_E2E_TIMEOUT_MS) || 5 * 60 * 1000;
const VERBOSE = process.env.LAYERWISE_E2E_VERBOSE === '1';

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

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options.extensionTestsPath || options.extensionDevelopmentPath.length === 0) {
    log(
      'usage: code-server-shim --extensionDevelopmentPath=<dir> --extensionTestsPath=<file> [folder]',
    );
    return 2;
  }
  if (!cs.installed()) {
    log('code-server is not installed: run `bash test/e2e/setup.sh` first');
    return 2;
  }
  const started = Date.now();
  const runStamp = cs.stamp();
  const profile = cs.prepareProfile({
    userDataDir: options.userDataDir,
    extensionsDir: options.extensionsDir,
  });
  const { runDir, userDataDir, extensionsDir, env } = profile;
  const codeServerLog = profile.logFile;
  const port = await cs.freePort();
  const server = cs.startCodeServer({
    port,
    userDataDir,
    extensionsDir,
    env,
    logFile: codeServerLog,
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  });
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
      `code-server ${cs.codeServerVersion()} listening on port ${port} (${Date.now() - started} ms)`,
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

    browser = await step(cs.launchChromium());
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
        const saved = cs.saveLogs({
          resultsDir: RESULTS,
          userDataDir,
          windowLogs,
          codeServerLog,
          runStamp,
        });
        log(`logs saved in ${path.relative(process.cwd(), saved.dir) || saved.dir}`);
        for (const f of saved.hostLogs)
          log(`extension host log: ${path.relative(process.cwd(), f)}`);
        for (const f of saved.languageServerLogs)
          log(`Layerwise output channel: ${path.relative(process.cwd(), f)}`);
      } catch (error) {
        log(`could not save logs: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (browser) await browser.close().catch(() => undefined);
    await cs.stopProcessGroup(server.child);
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
