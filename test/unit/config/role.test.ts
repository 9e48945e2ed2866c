import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../server/src/config/config';

void describe('.layerwise.json role', () => {
  void it('reads a top-level role and one per Dockerfile', () => {
    const { config, problems } = parseConfig(
      '{ "role": "base", "dockerfiles": { "ci/**": { "role": "toolchain" } } }',
      new Set(),
    );
    assert.deepEqual(problems, []);
    assert.equal(config.role, 'base');
    assert.equal(config.dockerfiles[0]!.role, 'toolchain');
  });
  void it('warns about an unknown role and ignores it', () => {
    const { config, problems } = parseConfig(
      '{ "role": "production", "dockerfiles": { "a": { "role": 3 } } }',
      new Set(),
    );
    assert.equal(config.role, undefined);
    assert.equal(config.dockerfiles[0]!.role, undefined);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!.message, /"application", "base"/);
  });
});
