/**
 * Every parser on broken and hostile text: never throws, stays fast, and keeps secret values out
 * of what it returns.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PARSERS, type ConfigFileKind } from '../../../server/src/project/discover';
import { isolatedHelpers } from '../../../server/src/project/types';
import { FIXTURES } from './helpers';

const SAMPLES: [ConfigFileKind, string][] = [
  ['compose', 'monorepo/compose.yaml'],
  ['bake', 'bake/docker-bake.hcl'],
  ['bake', 'bake/docker-bake.release.json'],
  ['workflow', 'workflow/.github/workflows/ci.yml'],
  ['devcontainer', 'devcontainer/.devcontainer/devcontainer.json'],
  ['package', 'scripts/package.json'],
  ['makefile', 'scripts/Makefile'],
  ['shell', 'scripts/scripts/release.sh'],
];

const NAMES: Record<ConfigFileKind, string> = {
  compose: '/ws/compose.yaml',
  bake: '/ws/docker-bake.hcl',
  workflow: '/ws/.github/workflows/ci.yml',
  devcontainer: '/ws/.devcontainer/devcontainer.json',
  package: '/ws/package.json',
  makefile: '/ws/Makefile',
  shell: '/ws/build.sh',
};

function run(kind: ConfigFileKind, text: string): void {
  const start = process.hrtime.bigint();
  const r = PARSERS[kind](
    NAMES[kind],
    text,
    isolatedHelpers('/ws', { '/ws/.env': 'NPM_TOKEN=topsecretvalue\n' }),
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.ok(ms < 2000, `${kind} took ${ms} ms`);
  assert.ok(!JSON.stringify(r).includes('topsecretvalue'));
}

/** The fixture text with a slice cut out, a slice repeated, or random characters put in. */
const mutated = (text: string) =>
  fc
    .tuple(
      fc.nat(text.length),
      fc.nat(200),
      fc.constantFrom('cut', 'dup', 'insert'),
      fc.string({ maxLength: 20 }),
    )
    .map(([at, len, op, s]) => {
      if (op === 'cut') return text.slice(0, at) + text.slice(at + len);
      if (op === 'dup')
        return text.slice(0, at + len) + text.slice(at, at + len) + text.slice(at + len);
      return text.slice(0, at) + s + text.slice(at);
    });

describe('project parsers on broken input', () => {
  for (const [kind, rel] of SAMPLES) {
    const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
    it(`${rel}: mutations never throw`, () => {
      fc.assert(
        fc.property(mutated(text), (t) => run(kind, t)),
        { numRuns: 150, seed: 13 },
      );
    });
  }

  for (const kind of Object.keys(NAMES) as ConfigFileKind[]) {
    it(`${kind}: random and hostile text never throws`, () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), (t) => run(kind, t)),
        { numRuns: 150, seed: 7 },
      );
      for (const t of [
        '['.repeat(20000),
        '{'.repeat(20000),
        '"${'.repeat(5000),
        'x = ' + '('.repeat(5000),
        '${{ '.repeat(5000),
        '$('.repeat(5000),
        'docker build ' + '-f '.repeat(5000),
        'a:\n' + '  '.repeat(3000) + 'b: c\n',
        '\u0000\uFEFF\uD800',
      ])
        run(kind, t);
    });
  }
});
