import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDockerignore } from '../../../server/src/engine/lintDockerignore';
import type { DockerignoreRule } from '../../../server/src/rules/types';

const ids = (text: string, rules?: Record<string, 'off' | 'error'>) =>
  lintDockerignore(text, { rules }).findings.map(
    (f) => `${f.ruleId}@${text.slice(f.start, f.end)}`,
  );

describe('lintDockerignore', () => {
  it('runs the ignore-file rules', () => {
    assert.deepEqual(ids('a\na\n[x\n'), [
      'dockerignore-duplicate@a',
      'dockerignore-invalid-pattern@[x',
    ]);
  });

  it('honours # layerwise ignore= above a pattern and global ignore anywhere', () => {
    assert.deepEqual(ids('a\n# layerwise ignore=dockerignore-duplicate -- on purpose\na\n'), []);
    assert.deepEqual(ids('a\n# layerwise ignore=dockerignore-duplicate\n# note\na\nb\nb\n'), [
      'dockerignore-duplicate@b',
    ]);
    assert.deepEqual(ids('[x\na\na\n# layerwise global ignore=dockerignore-invalid-pattern\n'), [
      'dockerignore-duplicate@a',
    ]);
  });

  it('severity overrides and off', () => {
    const f = lintDockerignore('a\na\n', { rules: { 'dockerignore-duplicate': 'error' } });
    assert.equal(f.findings[0]!.severity, 'error');
    assert.deepEqual(ids('a\na\n', { 'dockerignore-duplicate': 'off' }), []);
  });

  it('a throwing rule is reported, the others still run', () => {
    const boom: DockerignoreRule = {
      meta: { ...({} as DockerignoreRule['meta']), id: 'boom', appliesTo: 'dockerignore' },
      check() {
        throw new Error('boom');
      },
    };
    const r = lintDockerignore('a\n', { registry: [boom] });
    assert.equal(r.errors[0]!.ruleId, 'boom');
  });

  it('binary or huge input gets one notice', () => {
    assert.equal(lintDockerignore('a\u0000b').notices.length, 1);
    assert.equal(lintDockerignore('a'.repeat(100), { maxChars: 10 }).notices.length, 1);
  });
});
