/**
 * What every benchmark worker shares: the inputs, the timing loop and the JSON it prints. One
 * worker process runs one tool, so no tool warms or pollutes another's heap or JIT.
 */
import { bigFile, generateCorpus, longFile, longRun, type CorpusFile } from './corpus';

export interface Tool {
  name: string;
  version: string;
  /** Analyses one Dockerfile; returns how many problems it reported (for the record only). */
  dockerfile(text: string, file?: CorpusFile): number;
  /** Called before each file so no per-text cache carries over from the previous round. */
  reset?(): void;
  /** Extra measurements only this tool makes (label → milliseconds). */
  extra?(): Record<string, number>;
}

export interface ScaleInput {
  id: string;
  label: string;
  make(): string;
}

export const SCALE_INPUTS: ScaleInput[] = [
  { id: '1mb', label: '1 MB file', make: () => bigFile(1024 * 1024) },
  { id: '10k', label: '10,000-line file', make: () => longFile(10000) },
  { id: 'run500', label: 'RUN, 500 continuation lines', make: () => longRun(500) },
  { id: 'run5000', label: 'RUN, 5,000 continuation lines', make: () => longRun(5000) },
  { id: 'run20000', label: 'RUN, 20,000 continuation lines', make: () => longRun(20000) },
];

export interface WorkerResult {
  tool: string;
  version: string;
  corpus?: {
    files: number;
    bytes: number;
    lines: number;
    rounds: number;
    roundMs: number[];
    /** CPU ms per file (median round ÷ files). */
    msPerFile: number;
    wallMsPerFile: number;
    findings: number;
    crashes: { file: string; error: string }[];
  };
  /** ms: CPU; wallMs: wall clock (medians). */
  scale: Record<
    string,
    { ms: number; wallMs: number; rounds: number; bytes: number; lines: number }
  >;
  extra: Record<string, number>;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Wall-clock milliseconds. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * CPU milliseconds of this process (user + system, every thread: the GC's helpers count). On a
 * busy machine this is what a tool costs; wall time also counts waiting for a CPU.
 */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface Timed {
  cpu: number[];
  wall: number[];
}

/**
 * Runs `fn` `warmup` times untimed, then timed rounds until at least `min` rounds and either
 * `max` rounds or `budgetMs` of wall time; returns each round's CPU and wall milliseconds.
 */
export function rounds(
  fn: () => void,
  opts: { warmup: number; min: number; max: number; budgetMs: number },
): Timed {
  for (let i = 0; i < opts.warmup; i++) fn();
  const timed: Timed = { cpu: [], wall: [] };
  let spent = 0;
  while (timed.cpu.length < opts.min || (timed.cpu.length < opts.max && spent < opts.budgetMs)) {
    const w = now();
    const c = cpuNow();
    fn();
    timed.cpu.push(cpuNow() - c);
    const dw = now() - w;
    timed.wall.push(dw);
    spent += dw;
  }
  return timed;
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Worker entry: `node worker.js [--corpus] [--scale id,id] [--extra]`, prints one JSON line. */
export function runWorker(tool: Tool, argv = process.argv.slice(2)): void {
  const result: WorkerResult = { tool: tool.name, version: tool.version, scale: {}, extra: {} };
  const scaleArg = argv[argv.indexOf('--scale') + 1];
  const scaleIds = argv.includes('--scale') && scaleArg ? scaleArg.split(',') : [];

  if (argv.includes('--corpus')) {
    const files = generateCorpus().filter((f) => f.kind === 'dockerfile');
    const crashes: { file: string; error: string }[] = [];
    let findings = 0;
    // The first pass records crashes and counts; later passes only time.
    for (const f of files) {
      tool.reset?.();
      try {
        findings += tool.dockerfile(f.text, f);
      } catch (e) {
        crashes.push({ file: f.name, error: String((e as Error)?.message ?? e).slice(0, 120) });
      }
    }
    const round = (): void => {
      for (const f of files) {
        tool.reset?.();
        try {
          tool.dockerfile(f.text, f);
        } catch {
          // Counted in the first pass; a crash still costs its time here.
        }
      }
    };
    const timed = rounds(round, { warmup: 3, min: 7, max: 30, budgetMs: 4000 });
    result.corpus = {
      files: files.length,
      bytes: files.reduce((a, f) => a + f.text.length, 0),
      lines: files.reduce((a, f) => a + lineCount(f.text), 0),
      rounds: timed.cpu.length,
      roundMs: timed.cpu,
      msPerFile: median(timed.cpu) / files.length,
      wallMsPerFile: median(timed.wall) / files.length,
      findings,
      crashes,
    };
  }

  for (const input of SCALE_INPUTS.filter((s) => scaleIds.includes(s.id))) {
    const text = input.make();
    const once = (): void => {
      tool.reset?.();
      try {
        tool.dockerfile(text);
      } catch {
        // A crash on a big input is reported by its time; the corpus pass records messages.
      }
    };
    const small = text.length < 100_000;
    const timed = rounds(once, {
      warmup: small ? 5 : 1,
      min: 3,
      max: small ? 40 : 15,
      budgetMs: 3000,
    });
    result.scale[input.id] = {
      ms: median(timed.cpu),
      wallMs: median(timed.wall),
      rounds: timed.cpu.length,
      bytes: text.length,
      lines: lineCount(text),
    };
  }

  if (argv.includes('--extra') && tool.extra) result.extra = tool.extra();
  process.stdout.write(JSON.stringify(result) + '\n');
}
