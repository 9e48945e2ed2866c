/**
 * Runs slow-or-hanging checks in a worker thread with a watchdog: a check that never returns
 * (catastrophic backtracking) is reported by name instead of hanging the test run.
 */
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { hoverAt } from '../../../server/src/features/hovers';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { lintDockerignore } from '../../../server/src/engine/lintDockerignore';

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
        const r = lintDockerfile(job.text, {
          maxChars: Number.MAX_SAFE_INTEGER,
          timeBudgetMs: Number.POSITIVE_INFINITY,
        });
        if (r.errors.length) error = `rule errors: ${r.errors.map((e) => e.ruleId).join(', ')}`;
        if (r.model) {
          const ctx = {
            model: r.model,
            findings: r.findings,
            context: { root: '', known: false, exists: () => false, ignoreFile: undefined },
          };
          for (const at of [0, Math.floor(job.text.length / 2), job.text.length - 1])
            hoverAt(ctx, at);
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
 * Runs the jobs in a worker. A job that runs for longer than `hangMs` is reported as hung (its
 * worker is terminated and a new one takes the remaining jobs). Resolves with every job's CPU time.
 */
export async function runTimed(jobs: Job[], hangMs: number): Promise<JobResult[]> {
  const results: JobResult[] = [];
  let rest = jobs;
  while (rest.length > 0) {
    const hung = await runSome(rest, hangMs, results);
    if (hung === undefined) break;
    results.push({ id: hung, ms: hangMs, error: `hung (over ${hangMs} ms)` });
    rest = rest.slice(rest.findIndex((j) => j.id === hung) + 1);
  }
  return results;
}

/** Resolves with the id of the job that hung, or undefined when all finished. */
function runSome(jobs: Job[], hangMs: number, results: JobResult[]): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'timedWorker.js'), {
      workerData: { timedWorker: true, jobs },
    });
    let current: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        if (current === undefined) reject(new Error('the worker did not start'));
        else resolve(current);
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
        resolve(undefined);
      }
    });
    worker.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    arm();
  });
}
