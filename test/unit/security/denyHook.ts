/**
 * Loaded with `node --require` into the CLI and the language server under test (never into the
 * test runner): starting a process, opening a socket or an HTTP request throws and is reported on
 * stderr, and every file-system path touched is logged to $LAYERWISE_FS_LOG.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the hook must patch the modules
   themselves; `import * as` would patch esModuleInterop copies. */
import cp = require('node:child_process');
import dgram = require('node:dgram');
import fs = require('node:fs');
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import tls = require('node:tls');
import workerThreads = require('node:worker_threads');

/** Also in isolation.test.ts, which must not import this module. */
const DENY_MARK = 'layerwise-deny:';

function deny(what: string): (...args: unknown[]) => never {
  return () => {
    process.stderr.write(`${DENY_MARK} ${what}\n`);
    throw new Error(`${DENY_MARK} ${what} is not allowed in Layerwise`);
  };
}

function patch(target: object, module: string, names: string[]): void {
  for (const name of names)
    Object.defineProperty(target, name, {
      value: deny(`${module}.${name}`),
      writable: true,
      configurable: true,
    });
}

patch(cp, 'child_process', [
  'spawn',
  'spawnSync',
  'exec',
  'execSync',
  'execFile',
  'execFileSync',
  'fork',
]);
patch(net, 'net', ['connect', 'createConnection', 'createServer']);
patch(net.Socket.prototype, 'net.Socket', ['connect']);
patch(tls, 'tls', ['connect', 'createServer']);
patch(http, 'http', ['request', 'get', 'createServer']);
patch(https, 'https', ['request', 'get', 'createServer']);
patch(dgram, 'dgram', ['createSocket']);
patch(workerThreads, 'worker_threads', ['Worker']);
if (typeof globalThis.fetch === 'function') patch(globalThis, 'globalThis', ['fetch']);

// File-system paths, one per line, written with the original functions (no recursion).
const logFile = process.env['LAYERWISE_FS_LOG'];
if (logFile) {
  const fd = fs.openSync(logFile, 'a');
  const write = fs.writeSync.bind(fs);
  const log = (fn: string, p: unknown): void => {
    const s =
      typeof p === 'string'
        ? p
        : p instanceof URL
          ? p.pathname
          : Buffer.isBuffer(p)
            ? p.toString()
            : undefined;
    if (s !== undefined) write(fd, `${fn}\t${s}\n`);
  };
  const SYNC = [
    'openSync',
    'readFileSync',
    'statSync',
    'lstatSync',
    'readdirSync',
    'opendirSync',
    'realpathSync',
    'existsSync',
    'accessSync',
    'readlinkSync',
    'writeFileSync',
    'renameSync',
    'unlinkSync',
  ] as const;
  const ASYNC = [
    'open',
    'readFile',
    'stat',
    'lstat',
    'readdir',
    'opendir',
    'realpath',
    'access',
    'readlink',
    'writeFile',
    'rename',
    'unlink',
  ] as const;
  const wrap = (target: Record<string, unknown>, name: string, label: string): void => {
    const orig = target[name];
    if (typeof orig !== 'function') return;
    const wrapped = function (this: unknown, p: unknown, ...rest: unknown[]) {
      log(label, p);
      return (orig as (...a: unknown[]) => unknown).call(this, p, ...rest);
    };
    Object.defineProperty(target, name, { value: wrapped, writable: true, configurable: true });
  };
  for (const name of SYNC) wrap(fs as unknown as Record<string, unknown>, name, name);
  for (const name of ASYNC) {
    wrap(fs as unknown as Record<string, unknown>, name, name);
    wrap(fs.promises as unknown as Record<string, unknown>, name, `promises.${name}`);
  }
}
