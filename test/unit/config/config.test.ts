import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import fc from 'fast-check';
import { parseConfig } from '../../../server/src/config/config';
import { compileGlob } from '../../../server/src/config/glob';
import { parseHadolintConfig } from '../../../server/src/config/hadolint';
import { parseJson } from '../../../server/src/config/json';
import { ConfigLoader } from '../../../server/src/config/load';
import { configSchema, SCHEMA_PATH } from '../../../server/src/config/schema';
import { hadolintCodes } from '../../../server/src/engine/suppressions';
import { ALL_RULES } from '../../../server/src/rules';
import { tempTree } from '../../helpers/tempTree';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const IDS = new Set(ALL_RULES.map((r) => r.meta.id));

function project(files: Record<string, string>): string {
  return tempTree('layerwise-config-', files, { repository: true });
}

describe('parseJson', () => {
  it('agrees with JSON.parse on valid input and keeps offsets', () => {
    const text = '{ "a": [1, -2.5e3, true, null, "x\\u00e9\\n"], "b": {} }';
    const root = parseJson(text);
    assert.equal(root.type, 'object');
    if (root.type !== 'object') return;
    assert.equal(text.slice(root.props[1]!.keyStart, root.props[1]!.keyEnd), '"b"');
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const t = JSON.stringify(v, null, 1) ?? 'null';
        const toJs = (n: ReturnType<typeof parseJson>): unknown =>
          n.type === 'object'
            ? Object.fromEntries(n.props.map((p) => [p.key, toJs(p.value)]))
            : n.type === 'array'
              ? n.items.map(toJs)
              : n.type === 'null'
                ? null
                : n.value;
        assert.deepEqual(toJs(parseJson(t)), JSON.parse(t));
      }),
    );
  });

  it('rejects what JSON.parse rejects, with an offset', () => {
    for (const bad of ['{', '{"a":1,}', "{'a':1}", '[1 2]', '{"a":1} x', '"\n"', '01', '']) {
      assert.throws(() => JSON.parse(bad));
      assert.throws(
        () => parseJson(bad),
        (e: Error & { offset?: number }) => typeof e.offset === 'number',
      );
    }
  });
});

describe('parseConfig', () => {
  it('reads every key', () => {
    const { config, problems } = parseConfig(
      JSON.stringify({
        $schema: './schemas/layerwise.schema.json',
        rules: {
          'missing-cache-mount': 'off',
          'full-base-image': 'information',
          'pip-no-cache-dir': 'error',
        },
        ignore: ['vendor/'],
        failLevel: 'info',
        target: 'runtime',
        dockerfiles: { 'docker/api.Dockerfile': { context: '.', target: 'api' } },
        reportUnusedSuppressions: true,
      }),
      IDS,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      rules: {
        'missing-cache-mount': 'off',
        'full-base-image': 'info',
        'pip-no-cache-dir': 'error',
      },
      ignore: ['vendor/'],
      failLevel: 'info',
      target: 'runtime',
      dockerfiles: [{ pattern: 'docker/api.Dockerfile', context: '.', target: 'api' }],
      reportUnusedSuppressions: true,
    });
  });

  it('broken JSON: exactly one error, at the right place, and defaults', () => {
    const text = '{\n  "rules": { "missing-cache-mount": "off", }\n}\n';
    const { config, problems } = parseConfig(text, IDS);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, 'error');
    assert.match(problems[0]!.message, /not valid JSON .*defaults/);
    assert.equal(text[problems[0]!.start], '}');
    assert.deepEqual(config.rules, {});
  });

  it('a wrong value is reported where it is, ignored, and the rest applies', () => {
    const text =
      '{"rules": {"no-such-rule": "off", "pip-no-cache-dir": "loud", "full-base-image": "off"}, "failLevel": 3}';
    const { config, problems } = parseConfig(text, IDS);
    assert.deepEqual(config.rules, { 'full-base-image': 'off' });
    assert.deepEqual(
      problems.map((p) => text.slice(p.start, p.end)),
      ['"no-such-rule"', '"loud"', '3'],
    );
  });
});

describe('hadolint configuration', () => {
  const codes = hadolintCodes(ALL_RULES);
  it('maps ignored, override and failure-threshold onto aliased rules', () => {
    const { config, problems } = parseHadolintConfig(
      'ignored:\n  - DL3015\n  - DL3008\noverride:\n  error:\n    - DL3042\n  style:\n    - DL3009\n    - DL3015\nfailure-threshold: error\n',
      codes,
    );
    assert.deepEqual(problems, []);
    assert.equal(config.rules['apt-no-install-recommends'], 'off'); // ignored wins over override
    assert.equal(config.rules['pip-no-cache-dir'], 'error');
    assert.equal(config.rules['apt-lists-not-cleaned'], 'hint');
    assert.equal(config.failLevel, 'error');
  });
  it('broken YAML is one error and no settings; empty is fine', () => {
    const r = parseHadolintConfig('ignored: [DL3015\n', codes);
    assert.equal(r.problems.length, 1);
    assert.deepEqual(r.config.rules, {});
    assert.deepEqual(parseHadolintConfig('', codes).problems, []);
    assert.equal(parseHadolintConfig('- a\n- b\n', codes).problems.length, 1);
  });
});

describe('path patterns', () => {
  const m = (p: string, rel: string) => compileGlob(p).matches(rel);
  it('gitignore-like matching', () => {
    assert.ok(m('vendor', 'vendor/x/Dockerfile'));
    assert.ok(m('vendor/', 'a/vendor/Dockerfile'));
    assert.ok(!m('/vendor', 'a/vendor/Dockerfile'));
    assert.ok(m('/vendor', 'vendor/Dockerfile'));
    assert.ok(m('**/testdata/**', 'x/y/testdata/Dockerfile'));
    assert.ok(m('docker/*.Dockerfile', 'docker/api.Dockerfile'));
    assert.ok(!m('docker/*.Dockerfile', 'docker/sub/api.Dockerfile'));
    assert.ok(m('Dockerfile.?', 'a/Dockerfile.x'));
    assert.ok(m('Dockerfile.[ab]', 'Dockerfile.b'));
    assert.ok(!m('Dockerfile.[!ab]', 'Dockerfile.b'));
    assert.ok(!m('', 'Dockerfile'));
    assert.ok(m('./services/**/Dockerfile', 'services/Dockerfile'));
  });
});

describe('ConfigLoader', () => {
  it('finds the nearest .layerwise.json walking up, and resolves context, target and ignore', () => {
    const dir = project({
      '.layerwise.json': JSON.stringify({
        rules: { 'pip-no-cache-dir': 'off' },
        ignore: ['third_party'],
        target: 'prod',
        dockerfiles: { 'services/api/Dockerfile': { context: 'services', target: 'api' } },
      }),
      'services/api/Dockerfile': 'FROM x\n',
      'services/web/Dockerfile': 'FROM x\n',
      'third_party/lib/Dockerfile': 'FROM x\n',
      'nested/.layerwise.json': '{"rules": {}}',
      'nested/Dockerfile': 'FROM x\n',
    });
    const loader = new ConfigLoader();
    const api = loader.forFile(path.join(dir, 'services/api/Dockerfile'));
    assert.equal(api.source?.path, path.join(dir, '.layerwise.json'));
    assert.deepEqual(api.rules, { 'pip-no-cache-dir': 'off' });
    assert.equal(api.context, path.join(dir, 'services'));
    assert.equal(api.target, 'api');
    const web = loader.forFile(path.join(dir, 'services/web/Dockerfile'));
    assert.equal(web.target, 'prod');
    assert.equal(web.context, undefined);
    assert.ok(loader.forFile(path.join(dir, 'third_party/lib/Dockerfile')).ignored);
    assert.deepEqual(loader.forFile(path.join(dir, 'nested/Dockerfile')).rules, {});
  });

  it('falls back to .hadolint.yaml only without .layerwise.json, and only when allowed', () => {
    const dir = project({ '.hadolint.yaml': 'ignored: [DL3042]\n', 'app/Dockerfile': 'FROM x\n' });
    const file = path.join(dir, 'app/Dockerfile');
    assert.deepEqual(new ConfigLoader().forFile(file).rules, { 'pip-no-cache-dir': 'off' });
    assert.equal(new ConfigLoader({ hadolint: false }).forFile(file).source, undefined);
    fs.writeFileSync(path.join(dir, '.layerwise.json'), '{}');
    assert.deepEqual(new ConfigLoader().forFile(file).rules, {});
  });

  it('stops at the repository root and caches until cleared', () => {
    const outer = project({ '.layerwise.json': '{"rules": {"pip-no-cache-dir": "off"}}' });
    const inner = path.join(outer, 'repo');
    fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
    const loader = new ConfigLoader({ hadolint: false });
    assert.equal(loader.forFile(path.join(inner, 'Dockerfile')).source, undefined);
    fs.writeFileSync(path.join(inner, '.layerwise.json'), '{"target": "x"}');
    assert.equal(loader.forFile(path.join(inner, 'Dockerfile')).source, undefined); // cached
    loader.clear();
    assert.equal(loader.forFile(path.join(inner, 'Dockerfile')).target, 'x');
  });

  it('an unreadable or broken file gives problems and defaults, never an exception', () => {
    const dir = project({ '.layerwise.json': '{ nope' });
    const cfg = new ConfigLoader().forFile(path.join(dir, 'Dockerfile'));
    assert.equal(cfg.source!.problems.length, 1);
    assert.deepEqual(cfg.rules, {});
    const folder = project({});
    fs.mkdirSync(path.join(folder, '.layerwise.json'));
    assert.equal(new ConfigLoader().forFile(path.join(folder, 'Dockerfile')).source, undefined);
    const explicit = new ConfigLoader({ explicit: path.join(folder, 'missing.json') });
    assert.equal(explicit.forFile(path.join(folder, 'Dockerfile')).source!.problems.length, 1);
  });
});

describe('schemas/layerwise.schema.json', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const schema = configSchema(ALL_RULES);
  const validate = ajv.compile(schema);

  it('is current (npm run sync-manifest writes it from the registry)', () => {
    const file = JSON.parse(fs.readFileSync(path.join(REPO, SCHEMA_PATH), 'utf8')) as unknown;
    assert.deepEqual(file, schema);
  });

  it('is contributed to VS Code for .layerwise.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation?: { fileMatch: string; url: string }[] };
    };
    assert.deepEqual(pkg.contributes.jsonValidation, [
      { fileMatch: '.layerwise.json', url: `./${SCHEMA_PATH}` },
    ]);
  });

  it('accepts exactly what the parser accepts without problems', () => {
    const ids = [...IDS, 'no-such-rule'];
    const value = fc.oneof(
      fc.constantFrom('off', 'hint', 'info', 'information', 'warning', 'error', 'loud', '', ' '),
      fc.integer(),
      fc.boolean(),
    );
    const config = fc.record(
      {
        rules: fc.oneof(fc.dictionary(fc.constantFrom(...ids), value), fc.constant([])),
        ignore: fc.oneof(fc.array(fc.constantFrom('vendor/', '', 'a/**', ' ')), fc.constant('x')),
        failLevel: fc.constantFrom('error', 'warning', 'info', 'hint', 'none', 'information', 1),
        target: fc.constantFrom('runtime', '', ' ', 3),
        dockerfiles: fc.dictionary(
          fc.constantFrom('Dockerfile', 'a/*'),
          fc.oneof(
            fc.record(
              { context: fc.constantFrom('.', '', 2), target: fc.constantFrom('x', '') },
              { requiredKeys: [] },
            ),
            fc.constant({ other: 1 }),
            fc.constant('x'),
          ),
        ),
        reportUnusedSuppressions: fc.oneof(fc.boolean(), fc.constant('yes')),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(config, (c) => {
        const valid = validate(c);
        const { problems } = parseConfig(JSON.stringify(c), IDS);
        assert.equal(
          valid,
          problems.length === 0,
          `${JSON.stringify(c)} → ${JSON.stringify(problems)}`,
        );
      }),
      { numRuns: 500 },
    );
  });
});
