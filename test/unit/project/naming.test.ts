import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roleOfTarget } from '../../../server/src/project/role';
import { MASKED, looksSecret, maskedValue } from '../../../server/src/project/secrets';

describe('secret-looking names (BuildKit’s tokens, camelCase split)', () => {
  for (const n of [
    'NPM_TOKEN',
    'GITHUB_TOKEN',
    'DB_PASSWORD',
    'AWS_SECRET_ACCESS_KEY',
    'apiKey',
    'API_KEY',
    'APIKEY',
    'BASIC_AUTH',
    'registryPasswd',
    'SSH_PASSPHRASE',
  ])
    it(`${n} looks secret`, () => assert.ok(looksSecret(n)));
  for (const n of [
    'NODE_ENV',
    'VERSION',
    'PUBLIC_KEY',
    'KEYBOARD',
    'TOKENIZER_MODEL',
    'AUTHOR',
    'GO_VERSION',
  ])
    it(`${n} does not`, () => assert.ok(!looksSecret(n)));
  it('masks by name or by the variables read', () => {
    assert.equal(maskedValue('NPM_TOKEN', 'x'), MASKED);
    assert.equal(maskedValue('REGISTRY', 'x', ['REGISTRY_PASSWORD']), MASKED);
    assert.equal(maskedValue('MODE', 'prod', ['MODE']), 'prod');
  });
});

describe('role of a target', () => {
  const table: [string | undefined, string][] = [
    [undefined, 'shipped'],
    ['runtime', 'shipped'],
    ['prod', 'shipped'],
    ['dev', 'development'],
    ['development', 'development'],
    ['test', 'development'],
    ['integration-tests', 'development'],
    ['debug', 'development'],
    ['builder_dev', 'development'],
    ['devices', 'shipped'],
    ['latest', 'shipped'],
  ];
  for (const [t, role] of table) it(`${t} → ${role}`, () => assert.equal(roleOfTarget(t), role));
});
