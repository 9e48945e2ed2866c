// What the Node-side runners of `npm run test:e2e` share (runTest.ts, vsix/run.ts, test/nvim,
// test/ui): the typed view of shim/codeServer.cjs, the VSIX and code-server prerequisites, a list
// of named checks printed ✔/✖, and the exit code of the run.
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface Profile {
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

/** shim/codeServer.cjs, as far as the runners use it. */
export interface CodeServer {
  installed(): boolean;
  freePort(): Promise<number>;
  prepareProfile(options?: {
    userDataDir?: string;
    extensionsDir?: string;
    settings?: Record<string, unknown>;
  }): Profile;
  installExtension(options: {
    vsix: string;
    userDataDir: string;
    extensionsDir: string;
    env: NodeJS.ProcessEnv;
  }): Promise<string>;
  startCodeServer(options: {
    port: number;
    userDataDir: string;
    extensionsDir: string;
    env: NodeJS.ProcessEnv;
    logFile: string;
  }): { child: ChildProcess; ready: Promise<void> };
  stopProcessGroup(child: ChildProcess): Promise<void>;
  launchChromium(): Promise<Browser>;
  stamp(): string;
  saveLogs(options: {
    resultsDir: string;
    userDataDir: string;
    codeServerLog: string;
    runStamp: string;
  }): { dir: string; hostLogs: string[]; languageServerLogs: string[] };
}

// Plain CommonJS shared with the shim (it runs without a compile step).
export const cs = createRequire(__filename)(
  path.join(repoRoot, 'test', 'e2e', 'shim', 'codeServer.cjs'),
) as CodeServer;

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The VSIX to test (LAYERWISE_VSIX, default layerwise.vsix at the repo root), or undefined after
 * saying what is missing (the VSIX or code-server), each line prefixed with `label: `.
 */
export function vsixToTest(label: string): string | undefined {
  const vsix = path.resolve(process.env.LAYERWISE_VSIX ?? path.join(repoRoot, 'layerwise.vsix'));
  if (!fs.existsSync(vsix)) {
    console.error(`${label}: ${vsix} is missing: run \`npm run package\``);
    return undefined;
  }
  if (!cs.installed()) {
    console.error(`${label}: code-server is not installed: run \`bash test/e2e/setup.sh\``);
    return undefined;
  }
  return vsix;
}

/** Runs each named check, printing ✔ or ✖ with the reason; returns the counts. */
export function runChecks(checks: [string, () => void][]): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const [name, check] of checks) {
    try {
      check();
      console.log(`  ✔ ${name}`);
      passed++;
    } catch (error) {
      console.log(`  ✖ ${name}: ${errorMessage(error)}`);
      failed++;
    }
  }
  return { passed, failed };
}

/** Exits with the code `main` resolves to; an uncaught error is printed and exits 1. */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
