/**
 * Runs slow-or-hanging checks in a worker thread with a watchdog: a check that never returns
 * (catastrophic backtracking) is reported by name instead of hanging the test run.
 */
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

export type Job =
  | { kind: 'regex'; id: string; source: string; flags: string; text: string }
  | { kind: 'dockerfile'; id: string; text: string }
  | { kind: 'dockerignore'; id: string; text: string };

export interface JobResult {
  id: string;
  ms: number;
  error?: string;
}

type Message = { started: string } | { done: JobResult } | { finished: true };

function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** In the worker: run each job, timing it in CPU time. */
function runJobs(jobs: Job[]): void {
  // Required lazily so the test runner's main thread does not load the engine twice.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lintDockerfile } = require('../../../server/src/engine/lint') as typeof import('../../../server/src/engine/lint');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lintDockerignore } = require('../../../server/src/engine/lintDockerignore') as typeof import('../../../server/src/engine/lintDockerignore');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { hoverAt } = require('../../../server/src/engine/hovers') as typeof import('../../../server/src/engine/hovers');
  const post = (m: Message) => parentPort!.postMessage(m);
  for (const job of jobs) {
    post({ started: job.id });
    const t0 = process.cpuUsage();
    let error: string | undefined;
    try {
      if (job.kind === 'regex') {
        const re = new RegExp(job.source, job.flags);
        if (re.global || re.sticky) job.text.replace(re, '');
        else re.exec(job.text);
      } else if (job.kind === 'dockerfile') {
        const r = lintDockerfile(job.text, { maxChars: Number.MAX_SAFE_INTEGER, timeBudgetMs: Number.POSITIVE_INFINITY });
        if (r.errors.length) error = `rule errors: ${r.errors.map((e) => e.ruleId).join(', ')}`;
        if (r.model) {
          const ctx = { model: r.model, findings: r.findings, context: { root: '', known: false, exists: () => false, ignoreFile: undefined } };
          for (const at of [0, Math.floor(job.text.length / 2), job.text.length - 1]) hoverAt(ctx, at);
        }
      } else {
        const r = lintDockerignore(job.text, { maxChars: Number.MAX_SAFE_INTEGER });
        if (r.errors.length) error = `rule errors: ${r.errors.map((e) => e.ruleId).join(', ')}`;
      }
    } catch (e) {
      error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
    post({ done: { id: job.id, ms: cpuMs(t0), error } });
  }
  post({ finished: true });
}

if (!isMainThread && (workerData as { timedWorker?: boolean } | undefined)?.timedWorker) {
  runJobs((workerData as { jobs: Job[] }).jobs);
}

/**
 * Runs the jobs in a worker; rejects naming the job that has run for longer than `hangMs` (the
 * worker is then terminated). Resolves with every job's CPU time.
 */
export function runTimed(jobs: Job[], hangMs: number): Promise<JobResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'timedWorker.js'), { workerData: { timedWorker: true, jobs } });
    const results: JobResult[] = [];
    let current: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`${current ?? 'the worker'} ran for more than ${hangMs} ms: catastrophic backtracking or a hang`));
      }, hangMs);
    };
    worker.on('message', (m: Message) => {
      if ('started' in m) {
        current = m.started;
        arm();
      } else if ('done' in m) results.push(m.done);
      else {
        if (timer) clearTimeout(timer);
        void worker.terminate();
        resolve(results);
      }
    });
    worker.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    arm();
  });
}
