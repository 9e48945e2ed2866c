/**
 * Benchmark worker for Layerwise itself: full analysis (model + every rule + suppressions) with the
 * build context each corpus file was written for, plus measurements only Layerwise has.
 */
import { NO_BUILD_FACTS } from '../server/src/analysis/buildFacts';
import * as fs from 'node:fs';
import { contextFromList, type BuildContext } from '../server/src/analysis/context';
import { lintDockerfile } from '../server/src/engine/lint';
import { buildModel } from '../server/src/parse/model';
import { clearAnalysisCaches } from '../server/src/analysis/caches';
import { createMatcher, parseDockerignore } from '../server/src/parse/dockerignore';
import { DOCKERFILE_RULES } from '../server/src/rules';
import { generateCorpus, longFile, rng, type CorpusFile } from './corpus';
import { cpuNow, median, rounds, runWorker, type Tool } from './harness';

// Scaling inputs get a typical application context, so context-aware rules do their work.
const GENERIC_CONTEXT = contextFromList('/bench', [
  'Dockerfile',
  'package.json',
  'package-lock.json',
  'requirements.txt',
  'go.mod',
  'go.sum',
  'src/index.ts',
]);

const contexts = new Map<CorpusFile, BuildContext>();
function contextOf(file: CorpusFile | undefined): BuildContext {
  if (!file) return GENERIC_CONTEXT;
  let c = contexts.get(file);
  if (!c) {
    const ignore =
      file.ignore !== undefined ? { path: '/bench/.dockerignore', text: file.ignore } : undefined;
    c = contextFromList('/bench', file.context, ignore);
    contexts.set(file, c);
  }
  return c;
}

function perFile(files: CorpusFile[], fn: (f: CorpusFile) => void): number {
  const times = rounds(
    () => {
      for (const f of files) {
        clearAnalysisCaches();
        fn(f);
      }
    },
    { warmup: 3, min: 7, max: 30, budgetMs: 2000 },
  );
  return median(times.cpu) / files.length;
}

const tool: Tool = {
  name: 'layerwise full analysis',
  // The orchestrator runs workers in the repo root.
  version: (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version,
  dockerfile: (text, file) => lintDockerfile(text, { context: contextOf(file) }).findings.length,
  reset: clearAnalysisCaches,
  extra() {
    const out: Record<string, number> = {};
    const corpus = generateCorpus();
    const dockerfiles = corpus.filter((f) => f.kind === 'dockerfile');
    const ignores = corpus.filter((f) => f.kind === 'dockerignore');
    out['corpus: model only (ms/file)'] = perFile(dockerfiles, (f) => void buildModel(f.text));
    const paths = [
      'src/index.ts',
      'node_modules/x/index.js',
      '.git/HEAD',
      'docs/a.md',
      'README.md',
    ];
    out['corpus: .dockerignore parse + match 5 paths (ms/file)'] = perFile(ignores, (f) => {
      const m = createMatcher(parseDockerignore(f.text));
      for (const p of paths) m.isExcluded(p);
    });
    // The engine alone on the 10,000-line file: a fresh analysis, the re-analysis after a
    // one-character edit (the editor's incremental path, no LSP), and each rule's own check on a
    // ready model (alone: helpers it shares with other rules are paid for here too).
    const text = longFile(10000);
    const time = (fn: () => void, max = 15): number =>
      median(rounds(fn, { warmup: 2, min: 5, max, budgetMs: 1500 }).cpu);
    out['10k-line file: model only, fresh (ms)'] = time(() => {
      clearAnalysisCaches();
      buildModel(text);
    });
    const random = rng(5);
    let previous = lintDockerfile(text, { context: GENERIC_CONTEXT, incremental: true }).model;
    let edited = text;
    const oneChar = (engine: 'model' | 'lint') => () => {
      // Alternately insert a letter at a random place and take it out again.
      if (edited === text) {
        const at = Math.floor(random() * text.length);
        edited = text.slice(0, at) + 'x' + text.slice(at);
      } else edited = text;
      if (engine === 'model') previous = buildModel(edited, { previous });
      else
        previous = lintDockerfile(edited, {
          context: GENERIC_CONTEXT,
          previous,
          incremental: true,
        }).model;
    };
    out['10k-line file: model only, after a one-character edit (ms)'] = time(oneChar('model'), 40);
    out['10k-line file: full analysis, after a one-character edit (ms)'] = time(
      oneChar('lint'),
      40,
    );
    for (const rule of DOCKERFILE_RULES) {
      const checks: number[] = [];
      const report = (): void => {};
      for (let i = 0; i < 6; i++) {
        const model = buildModel(text); // fresh: no per-model memo carries over between rounds
        const t = cpuNow();
        rule.check({ model, context: GENERIC_CONTEXT, build: NO_BUILD_FACTS, report });
        if (i > 0) checks.push(cpuNow() - t); // the first round warms up
      }
      out[`10k-line file: rule ${rule.meta.id} alone (ms)`] = median(checks);
    }
    return out;
  },
};

runWorker(tool);
