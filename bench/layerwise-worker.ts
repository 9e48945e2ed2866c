/**
 * Benchmark worker for Layerwise itself: full analysis (model + every rule + suppressions) with the
 * build context each corpus file was written for, plus measurements only Layerwise has.
 */
import { contextFromList, type BuildContext } from '../server/src/engine/context';
import { lintDockerfile } from '../server/src/engine/lint';
import { buildModel } from '../server/src/parse/model';
import { clearPropertyCache } from '../server/src/parse/properties';
import { createMatcher, parseDockerignore } from '../server/src/parse/dockerignore';
import { DOCKERFILE_RULES } from '../server/src/rules';
import { generateCorpus, longFile, type CorpusFile } from './corpus';
import { median, rounds, runWorker, type Tool } from './harness';

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
    const ignore = file.ignore !== undefined ? { path: '/bench/.dockerignore', text: file.ignore } : undefined;
    c = contextFromList('/bench', file.context, ignore);
    contexts.set(file, c);
  }
  return c;
}

function perFile(files: CorpusFile[], fn: (f: CorpusFile) => void): number {
  const times = rounds(
    () => {
      for (const f of files) {
        clearPropertyCache();
        fn(f);
      }
    },
    { warmup: 3, min: 7, max: 30, budgetMs: 2000 },
  );
  return median(times) / files.length;
}

const tool: Tool = {
  name: 'layerwise full analysis',
  version: (require('../package.json') as { version: string }).version,
  dockerfile: (text, file) => lintDockerfile(text, { context: contextOf(file) }).findings.length,
  reset: clearPropertyCache,
  extra() {
    const out: Record<string, number> = {};
    const corpus = generateCorpus();
    const dockerfiles = corpus.filter((f) => f.kind === 'dockerfile');
    const ignores = corpus.filter((f) => f.kind === 'dockerignore');
    out['corpus: model only (ms/file)'] = perFile(dockerfiles, (f) => void buildModel(f.text));
    const paths = ['src/index.ts', 'node_modules/x/index.js', '.git/HEAD', 'docs/a.md', 'README.md'];
    out['corpus: .dockerignore parse + match 5 paths (ms/file)'] = perFile(ignores, (f) => {
      const m = createMatcher(parseDockerignore(f.text));
      for (const p of paths) m.isExcluded(p);
    });
    // What each rule costs on the 10,000-line file: full analysis with only that rule, minus the
    // same analysis with no rule at all.
    const text = longFile(10000);
    const time = (registry: typeof DOCKERFILE_RULES): number =>
      median(
        rounds(
          () => {
            clearPropertyCache();
            lintDockerfile(text, { context: GENERIC_CONTEXT, registry });
          },
          { warmup: 2, min: 5, max: 15, budgetMs: 1500 },
        ),
      );
    const base = time([]);
    out['10k-line file: model, no rules (ms)'] = base;
    for (const rule of DOCKERFILE_RULES) {
      out[`10k-line file: rule ${rule.meta.id} (ms)`] = Math.max(0, time([rule]) - base);
    }
    return out;
  },
};

runWorker(tool);
