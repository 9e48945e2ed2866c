/**
 * Whole-engine timing on hostile input: 1 MB single lines of the characters parsers and regexes
 * choke on, behind every instruction keyword, and 10 MB files. Each analysis runs in a worker with
 * a watchdog and must finish within a CPU-time limit (linear work on 1 MB takes well under one).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_CHARS, lintDockerfile } from '../../../server/src/engine/lint';
import { lintDockerignore } from '../../../server/src/engine/lintDockerignore';
import { runTimed, type Job } from './timedWorker';

const MB = 1024 * 1024;
/** CPU-time limit for one 1 MB analysis; a quadratic one would take hours. */
const LIMIT_MS = 8000;

/** What follows a keyword, then a pump repeated to 1 MB, then what ends the line. */
const HEADS = [
  'FROM ',
  'FROM python:',
  'FROM --platform=',
  'RUN ',
  'RUN apt-get install -y ',
  'RUN pip install ',
  'RUN sh -',
  'RUN npm ci && ',
  'RUN <<EOF\n',
  'RUN --mount=type=cache,target=',
  'COPY ',
  'COPY --from=',
  'ADD https://example.com/',
  'ENV A=',
  'ARG ',
  'WORKDIR /',
  'USER ',
  'LABEL a=',
  'CMD ["',
  '# syntax=',
  '#a=a',
  '# layerwise ignore=',
  '',
];

const PUMPS = [
  ' ',
  '\t',
  'a',
  '1',
  '/',
  '\\',
  '`',
  '$',
  '${',
  '${A:-',
  '$(',
  '"',
  "'",
  '-',
  '--',
  'c',
  '&& ',
  '<<',
  '#',
  '=',
  ':',
  '.',
  '\u00a0',
  '\u2028',
  'é',
];

/** A fixed selection of (head, pump) pairs: every pump and every head at least twice, not all 575. */
function lines(): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = [];
  HEADS.forEach((head, h) => {
    for (const k of [h, h + 7, h + 13]) {
      const pump = PUMPS[k % PUMPS.length]!;
      const body = pump.repeat(Math.ceil(MB / pump.length));
      out.push({
        id: `${JSON.stringify(head)} + ${JSON.stringify(pump)}×1MB`,
        text: `FROM debian:12\n${head}${body}!\n`,
      });
    }
  });
  return out;
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

describe('hostile input: 1 MB lines and 10 MB files', () => {
  it(`every 1 MB line is analysed within ${LIMIT_MS / 1000} s of CPU time, without errors`, async (t) => {
    const jobs: Job[] = [
      ...lines().map((l) => ({ kind: 'dockerfile' as const, id: l.id, text: l.text })),
      ...PUMPS.slice(0, 12).map((p) => ({
        kind: 'dockerignore' as const,
        id: `.dockerignore ${JSON.stringify(p)}×1MB`,
        text: `node_modules\n${p.repeat(Math.ceil(MB / p.length))}x\n# layerwise ignore= ${p.repeat(1000)}\n`,
      })),
    ];
    const results = await runTimed(jobs, 60_000);
    const bad = results
      .filter((r) => r.ms > LIMIT_MS || r.error)
      .map((r) => `${r.id}: ${r.ms.toFixed(0)} ms${r.error ? ` ${r.error}` : ''}`);
    const worst = [...results].sort((a, b) => b.ms - a.ms)[0]!;
    t.diagnostic(
      `${results.length} analyses of 1 MB; slowest ${worst.ms.toFixed(0)} ms (${worst.id})`,
    );
    assert.deepEqual(bad, []);
  });

  it('a 10 MB Dockerfile stops at the size limit at once, with one notice', () => {
    const text = 'FROM python:3.12\nRUN pip install flask\n'.repeat(Math.ceil((10 * MB) / 40));
    const t0 = process.cpuUsage();
    const r = lintDockerfile(text);
    assert.ok(cpuMs(t0) < 1000, `${cpuMs(t0)} ms`);
    assert.equal(r.findings.length, 0);
    assert.equal(r.notices.length, 1);
    assert.match(
      r.notices[0]!.message,
      /over the 4 MB analysis limit \(layerwise\.maxFileSizeMB\)/,
    );
    assert.ok(text.length > DEFAULT_MAX_CHARS);
    const ignore = lintDockerignore('node_modules\n'.repeat(Math.ceil((10 * MB) / 13)));
    assert.equal(ignore.notices.length, 1);
  });

  it('a 10 MB Dockerfile with the limit raised ends within the time budget and says what it skipped', () => {
    const text = 'FROM python:3.12\nRUN pip install flask && apt-get install -y curl\n'.repeat(
      Math.ceil((10 * MB) / 66),
    );
    const t0 = process.cpuUsage();
    const r = lintDockerfile(text, { maxChars: 64 * MB, timeBudgetMs: 500 });
    const ms = cpuMs(t0);
    assert.ok(ms < 60_000, `${ms} ms`);
    assert.deepEqual(r.errors, []);
    // Parsing 10 MB alone takes longer than 500 ms: the notice says the rules were skipped.
    assert.equal(r.notices.length, 1, JSON.stringify(r.notices));
    assert.match(
      r.notices[0]!.message,
      /time budget \(layerwise\.timeBudgetMs\): \d+ of \d+ rules did not run/,
    );
  });
});
