/**
 * Property-based fuzzing of the engine. The default test run checks LAYERWISE_FUZZ_RUNS cases
 * (20,000 unless set) with a fixed seed, so CI is reproducible; `npm run fuzz -- --runs N` runs more
 * with a random seed. A failure prints the broken invariant, the seed and the shrunk case as
 * JSON: paste it into regressions.test.ts, then fix the bug.
 */
import fc from 'fast-check';
import { describe, it, type TestContext } from 'node:test';
import {
  applyMutation,
  contextSpec,
  dockerfileText,
  garbageText,
  mutations,
  NASTY_TOKENS,
  target,
  toContext,
  type ContextSpec,
} from './arbitraries';
import { fixtures } from './corpus';
import { checkCase, checkIgnoreCase, cpuMs, meaningStats, stats } from './invariants';

const TOTAL = Number(process.env['LAYERWISE_FUZZ_RUNS'] ?? 20_000);
const SEED_ENV = process.env['LAYERWISE_FUZZ_SEED'];
const SEED = SEED_ENV === 'random' ? Date.now() % 2 ** 31 : Number(SEED_ENV ?? 20_260_601);
const NO_SHRINK = process.env['LAYERWISE_FUZZ_NO_SHRINK'] === '1';

/** Share of the cases each property gets. */
const SHARE = { generated: 0.4, fixtures: 0.3, mutatedGenerated: 0.15, garbage: 0.05, ignore: 0.1 };

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL * share));
}

/** A case as plain data: what a regression test needs. */
export interface CaseSpec {
  text: string;
  context?: ContextSpec | undefined;
  target?: string | undefined;
  /** For .dockerignore cases: the Dockerfile the ignore file serves. */
  dockerfile?: string | undefined;
}

function run<T>(
  t: TestContext,
  name: string,
  arb: fc.Arbitrary<T>,
  toCase: (v: T) => CaseSpec,
  check: (c: CaseSpec) => void,
  numRuns: number,
): void {
  const before = stats.cases;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const details = fc.check(
    fc.property(arb, (v) => {
      check(toCase(v));
    }),
    { numRuns, seed: SEED, endOnFailure: NO_SHRINK },
  );
  const ms = performance.now() - t0;
  if (details.failed) {
    const c = details.counterexample ? toCase(details.counterexample[0]) : undefined;
    const err = details.errorInstance;
    throw new Error(
      `${name}: ${err instanceof Error ? err.message : String(err)}\n\nseed ${details.seed}, path ${details.counterexamplePath}, after ${details.numRuns} cases and ${details.numShrinks} shrinks\ncase: ${JSON.stringify(c)}`,
    );
  }
  t.diagnostic(
    `${name}: ${stats.cases - before} cases in ${(ms / 1000).toFixed(1)} s (${(cpuMs(cpu0) / 1000).toFixed(1)} s CPU), seed ${SEED}`,
  );
}

const checkDockerfile = (c: CaseSpec): void =>
  checkCase({ text: c.text, context: toContext(c.context), target: c.target });

const corpus = fixtures();

describe(`fuzz: ${TOTAL} cases, seed ${SEED}`, () => {
  it('generated Dockerfiles', (t) => {
    const arb = fc.record({ text: dockerfileText, context: contextSpec, target });
    run(t, 'generated', arb, (v) => v, checkDockerfile, runs(SHARE.generated));
  });

  it('mutated fixtures', (t) => {
    const arb = fc.record({
      fixture: fc.nat(corpus.length - 1),
      ops: mutations,
      ownContext: fc.boolean(),
      context: contextSpec,
      target,
    });
    run(
      t,
      'mutated fixtures',
      arb,
      (v) => {
        const f = corpus[v.fixture]!;
        const context = v.ownContext
          ? { files: f.files.filter((x) => x !== '.dockerignore'), ignore: f.ignoreText }
          : v.context;
        return { text: v.ops.reduce(applyMutation, f.text), context, target: v.target };
      },
      checkDockerfile,
      runs(SHARE.fixtures),
    );
  });

  it('mutated generated Dockerfiles', (t) => {
    const arb = fc.record({ text: dockerfileText, ops: mutations, context: contextSpec, target });
    run(
      t,
      'mutated generated',
      arb,
      (v) => ({ text: v.ops.reduce(applyMutation, v.text), context: v.context, target: v.target }),
      checkDockerfile,
      runs(SHARE.mutatedGenerated),
    );
  });

  it('garbage (random code points, bytes decoded as UTF-8, token soup)', (t) => {
    const arb = fc.record({ text: garbageText, context: contextSpec });
    run(t, 'garbage', arb, (v) => v, checkDockerfile, runs(SHARE.garbage));
  });

  it('.dockerignore files', (t) => {
    const patterns = fc.constantFrom(
      '.git',
      'node_modules',
      '**/*.pyc',
      '!src',
      '!',
      '*',
      '**',
      '/abs',
      '../up',
      'a/**/b',
      '[a-',
      '\\',
      '# comment',
      'src # not a comment',
      '  spaced  ',
      'dir/',
      '!dir/keep',
      '.env*',
      '?',
      '[!a]',
      '**/**/**/x',
      '*a*a*a*a*a*a*a*a*b',
      'requirements.txt',
      'Dockerfile',
      '.dockerignore',
    );
    const text = fc.oneof(
      fc
        .array(fc.oneof(patterns, fc.constantFrom(...NASTY_TOKENS)), { maxLength: 20 })
        .map((a) => a.join('\n')),
      fc
        .tuple(fc.array(patterns, { maxLength: 12 }), mutations)
        .map(([a, ops]) => ops.reduce(applyMutation, a.join('\n') + '\n')),
      garbageText,
    );
    const dockerfile = fc.option(
      fc.oneof(
        dockerfileText,
        fc.nat(corpus.length - 1).map((i) => corpus[i]!.text),
      ),
      {
        nil: undefined,
      },
    );
    const arb = fc.record({ text, dockerfile, context: contextSpec });
    run(
      t,
      '.dockerignore',
      arb,
      (v) => v,
      (c) => checkIgnoreCase(c.text, toContext(c.context), c.dockerfile),
      runs(SHARE.ignore),
    );
  });

  it('totals', (t) => {
    t.diagnostic(
      `cases ${stats.cases}, analysed ${stats.analysed}, findings ${stats.findings}, fixes applied ${stats.fixesApplied}, fix-all runs ${stats.fixAllRuns} (${stats.fixAllChanged} changed the text), hovers ${stats.hovers}; meaning check: ${meaningStats.runs} RUNs (${meaningStats.commands} commands, ${meaningStats.probes} mvdan/sh parses) over ${stats.meaningChecks} fixes, ${stats.meaningUndeclared} problems of undeclared fixes (allow-list), ${stats.meaningDisagreements} scripts the two parsers read differently; slowest analysis ${stats.maxLintMs.toFixed(0)} ms (${stats.maxLintChars} chars)`,
    );
  });
});
