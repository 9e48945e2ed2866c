// `npm run fuzz -- [--runs N] [--seed S] [--no-shrink] [--triage [--suggestions]]`: the property-based fuzz
// test (test/fuzz) with more cases than CI runs, and a random seed unless one is given. It bundles
// the test with esbuild into a temporary folder, so it needs no `tsc -b` first.
// --triage runs cases without stopping at the first failure and groups failures by invariant;
// --suggestions also runs fix-all with suggestions there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = value('--runs') ?? '100000';
const seed = value('--seed') ?? String(Date.now() % 2 ** 31);
const triage = args.includes('--triage');

const out = mkdtempSync(join(tmpdir(), 'layerwise-fuzz-'));
try {
  const entry = triage ? 'test/fuzz/triage.ts' : 'test/fuzz/fuzz.test.ts';
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: out,
    logLevel: 'warning',
  });
  const file = join(out, triage ? 'triage.js' : 'fuzz.test.js');
  console.log(`fuzz: ${runs} cases, seed ${seed}${triage ? ' (triage)' : ''}`);
  const result = triage
    ? spawnSync(
        process.execPath,
        [file, '--runs', runs, '--seed', seed, ...args.filter((a) => a === '--suggestions')],
        { stdio: 'inherit' },
      )
    : spawnSync(process.execPath, ['--test', '--test-reporter=spec', file], {
        stdio: 'inherit',
        env: {
          ...process.env,
          LAYERWISE_FUZZ_RUNS: runs,
          LAYERWISE_FUZZ_SEED: seed,
          ...(args.includes('--no-shrink') ? { LAYERWISE_FUZZ_NO_SHRINK: '1' } : {}),
        },
      });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
