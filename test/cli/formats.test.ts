import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import * as yaml from 'js-yaml';
import { isDockerfileName } from '../../server/src/cli/discover';
import { REPO } from '../helpers/lspClient';
import { ALL_RULES } from '../../server/src/rules';
import { tempTree } from '../helpers/tempTree';

const BIN = path.join(REPO, 'bin', 'layerwise.js');

function layerwise(
  args: string[],
  cwd = REPO,
  options: { input?: string; env?: Record<string, string> } = {},
) {
  const env = { ...process.env, ...options.env };
  delete env['NO_COLOR'];
  delete env['FORCE_COLOR'];
  Object.assign(env, options.env);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: options.input ?? '',
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(files: Record<string, string>): string {
  return tempTree('layerwise-ci-', files, { repository: true });
}

/** The official SARIF 2.1.0 schema (draft-04), shipped as a fixture, compiled with Ajv. */
function sarifValidator() {
  const schema = JSON.parse(
    fs.readFileSync(
      path.join(REPO, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'),
      'utf8',
    ),
  ) as Record<string, unknown>;
  // Ajv 8 speaks draft-06+: the only draft-04 keywords the file uses are `$schema` and `id`.
  delete schema['$schema'];
  schema['$id'] = schema['id'];
  delete schema['id'];
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

const APT = 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\n';

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number; endColumn: number };
        };
      }[];
    }[];
    invocations: { toolConfigurationNotifications: { message: { text: string } }[] }[];
  }[];
}

describe('layerwise check output formats', () => {
  const validate = sarifValidator();

  it('sarif: valid against the official 2.1.0 schema, rules carry their docs page', () => {
    const r = layerwise(['check', '--format', 'sarif', 'test/fixtures/guide/python-before']);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    const run = log.runs[0]!;
    assert.deepEqual(
      run.tool.driver.rules.map((x) => x.id),
      ALL_RULES.map((x) => x.meta.id).sort(),
    );
    for (const rule of run.tool.driver.rules)
      assert.match(rule.helpUri, new RegExp(`^https://.*/docs/rules/${rule.id}\\.md$`));
    const pip = run.results.find((x) => x.ruleId === 'pip-no-cache-dir')!;
    assert.equal(run.tool.driver.rules[pip.ruleIndex]!.id, 'pip-no-cache-dir');
    assert.equal(pip.level, 'warning');
    assert.equal(
      pip.locations[0]!.physicalLocation.artifactLocation.uri,
      'test/fixtures/guide/python-before/Dockerfile',
    );
    assert.equal(pip.locations[0]!.physicalLocation.region.startLine, 4);
    assert.equal(run.results.find((x) => x.ruleId === 'full-base-image')!.level, 'note');
  });

  it('sarif: stays valid with odd file names, notices, unused suppressions and config problems', () => {
    const dir = project({
      'odd name #1/Dockerfile': `# layerwise ignore=pip-no-cache-dir\n${APT}`,
      'bin/Dockerfile': '\u0000\u0001',
      '.layerwise.json': '{"rules": {"not-a-rule": "off"}}',
    });
    const r = layerwise(['check', '--format', 'sarif', '--report-unused-suppressions', '.'], dir);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    const uris = log.runs[0]!.results.map(
      (x) => x.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    assert.ok(uris.includes('odd%20name%20%231/Dockerfile'), uris.join());
    const ids = log.runs[0]!.results.map((x) => x.ruleId);
    assert.ok(ids.includes('unused-suppression') && ids.includes('layerwise'));
    assert.match(
      log.runs[0]!.invocations[0]!.toolConfigurationNotifications[0]!.message.text,
      /Unknown rule id "not-a-rule"/,
    );
  });

  it('checkstyle: XML with every checked file and escaped messages', () => {
    const dir = project({ 'a/Dockerfile': APT, 'b/Dockerfile': 'FROM scratch\nCOPY x /x\n' });
    const r = layerwise(['check', '--format', 'checkstyle', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<checkstyle version="4\.3">/,
    );
    assert.match(r.stdout, /<file name="a\/Dockerfile">\n {4}<error /);
    assert.match(
      r.stdout,
      /\n {4}<error line="2" column="23" severity="warning" message="`apt-get install` without `--no-install-recommends` [^"<>]*" source="layerwise\.apt-no-install-recommends"\/>\n/,
    );
    assert.match(r.stdout, /<file name="b\/Dockerfile"\/?>/);
    for (const [, value] of r.stdout.matchAll(/="([^"]*)"/g))
      assert.ok(!/<|&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/.test(value!), `escaped: ${value}`);
    assert.ok(r.stdout.includes('&amp;&amp;') || !r.stdout.includes('&&'));
    assert.match(r.stdout, /<\/checkstyle>\n?$/);
  });

  it('github: one workflow command per finding, properties escaped', () => {
    const dir = project({ 'x,y:z/Dockerfile': APT });
    const r = layerwise(['check', '--format', 'github', '.'], dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    const apt = lines.find((l) => l.includes('apt-no-install-recommends'))!;
    assert.match(
      apt,
      /^::warning file=x%2Cy%3Az\/Dockerfile,line=2,col=\d+,endLine=2,endColumn=\d+,title=Layerwise apt-no-install-recommends::`apt-get install`/,
    );
    assert.ok(lines.every((l) => /^::(error|warning|notice) file=/.test(l)));
  });

  it('json: unchanged shape, plus `bytes` where a saving is sourced', () => {
    const r = layerwise(['check', '--format', 'json', '-'], REPO, { input: APT });
    const found = JSON.parse(r.stdout) as Record<string, unknown>[];
    for (const f of found)
      if ('bytes' in f) assert.ok(typeof f['bytes'] === 'number' && f['bytes'] > 0);
    const keys = (f: Record<string, unknown>) => Object.keys(f).filter((k) => k !== 'bytes');
    assert.ok(
      found.some((f) => 'bytes' in f),
      'the apt lists on Debian 12 carry their size',
    );
    assert.deepEqual(keys(found[0]!).sort(), [
      'column',
      'endColumn',
      'endLine',
      'file',
      'fixable',
      'line',
      'message',
      'rule',
      'severity',
    ]);
    assert.equal(found[0]!['file'], '<stdin>');
  });

  it('text: colours only when asked or on a terminal, never with NO_COLOR', () => {
    const plain = layerwise(['check', '-'], REPO, { input: APT });
    assert.ok(!plain.stdout.includes('\u001b['));
    const forced = layerwise(['check', '--color', '-'], REPO, { input: APT });
    assert.ok(forced.stdout.includes('\u001b[33mwarning\u001b[0m'));
    const env = layerwise(['check', '-'], REPO, { input: APT, env: { FORCE_COLOR: '1' } });
    assert.ok(env.stdout.includes('\u001b['));
    const no = layerwise(['check', '-'], REPO, {
      input: APT,
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    assert.ok(!no.stdout.includes('\u001b['));
    const flag = layerwise(['check', '--no-color', '-'], REPO, {
      input: APT,
      env: { FORCE_COLOR: '1' },
    });
    assert.ok(!flag.stdout.includes('\u001b['));
  });
});

describe('layerwise check exit status and inputs', () => {
  // info (full-base-image), warning (apt-*), no error.
  const input = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n';

  it('--fail-level decides the exit status', () => {
    const expect: Record<string, number> = { error: 0, warning: 1, info: 1, hint: 1, none: 0 };
    for (const [level, code] of Object.entries(expect)) {
      const r = layerwise(['check', '--fail-level', level, '-'], REPO, { input });
      assert.equal(r.code, code, `${level}: ${r.stderr}`);
    }
    // An application image (a program copied in and run) on a full base: information only.
    const infoOnly =
      'FROM python:3.12\nCOPY app.py /app/\nUSER app\nCMD ["python", "/app/app.py"]\n';
    assert.equal(layerwise(['check', '-'], REPO, { input: infoOnly }).code, 0);
    assert.equal(layerwise(['check', '--fail-level=info', '-'], REPO, { input: infoOnly }).code, 1);
    assert.equal(layerwise(['check', '--fail-level', 'fatal', '-'], REPO, { input }).code, 2);
  });

  it('stdin with --stdin-filename: shown name, context folder and config of that path', () => {
    const dir = project({
      'svc/package.json': '{}',
      'svc/.layerwise.json': '{"rules": {"missing-cache-mount": "off"}}',
    });
    const text = 'FROM node:20\nCOPY . .\nRUN npm ci\n';
    const r = layerwise(
      ['check', '--format', 'json', '--stdin-filename', 'svc/Dockerfile', '-'],
      dir,
      { input: text },
    );
    const found = JSON.parse(r.stdout) as { file: string; rule: string }[];
    assert.ok(found.every((f) => f.file === 'svc/Dockerfile'));
    assert.ok(
      found.some((f) => f.rule === 'dockerignore-missing'),
      'context known',
    );
    assert.ok(!found.some((f) => f.rule === 'missing-cache-mount'), 'config applied');
    const bare = JSON.parse(
      layerwise(['check', '--format', 'json', '-'], dir, { input: text }).stdout,
    ) as {
      rule: string;
    }[];
    assert.ok(!bare.some((f) => f.rule === 'dockerignore-missing'), 'no context without a name');
    assert.equal(layerwise(['check', '--stdin-filename', 'x', 'Dockerfile'], dir).code, 2);
    assert.equal(layerwise(['check', '-', '-'], dir).code, 2);
  });

  it('a target stage: --target wins over the config, which wins over the default', () => {
    // Both stages are application images (a program copied in and run).
    const text =
      'FROM python:3.12 AS build\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\nFROM python:3.12-slim AS runtime\nCOPY app.py /app/\nUSER app\nCMD ["python", "/app/app.py"]\n';
    const dir = project({ Dockerfile: text, 'app.py': 'print(1)\n' });
    const full = (args: string[]) =>
      (
        JSON.parse(layerwise(['check', '--format', 'json', ...args, 'Dockerfile'], dir).stdout) as {
          rule: string;
        }[]
      ).some((f) => f.rule === 'full-base-image');
    assert.equal(full([]), false);
    fs.writeFileSync(path.join(dir, '.layerwise.json'), '{"target": "build"}');
    assert.equal(full([]), true);
    assert.equal(full(['--target', 'runtime']), false);
  });
});

describe('configuration discovery and precedence (CLI)', () => {
  it('nearest .layerwise.json applies; --config replaces it; --no-config ignores it', () => {
    const dir = project({
      '.layerwise.json': '{"rules": {"apt-no-install-recommends": "error"}}',
      'a/Dockerfile': APT,
      'b/.layerwise.json': '{"rules": {"apt-no-install-recommends": "off"}}',
      'b/Dockerfile': APT,
      'other.json': '{"rules": {"apt-no-install-recommends": "hint"}}',
    });
    const sev = (args: string[], file: string) =>
      (
        JSON.parse(layerwise(['check', '--format', 'json', ...args, file], dir).stdout) as {
          rule: string;
          severity: string;
        }[]
      ).find((f) => f.rule === 'apt-no-install-recommends')?.severity;
    assert.equal(sev([], 'a/Dockerfile'), 'error');
    assert.equal(sev([], 'b/Dockerfile'), undefined);
    assert.equal(sev(['--config', 'other.json'], 'b/Dockerfile'), 'hint');
    assert.equal(sev(['--no-config'], 'b/Dockerfile'), 'warning');
  });

  it('config failLevel and ignore; the --fail-level flag wins', () => {
    const dir = project({
      '.layerwise.json': '{"failLevel": "error", "ignore": ["vendor/"]}',
      Dockerfile: APT,
      'vendor/x/Dockerfile': 'FROM debian:12\nRUN apt-get install -y a\n',
    });
    const r = layerwise(['check', '--format', 'json', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file));
    assert.deepEqual([...files], ['Dockerfile']);
    assert.equal(layerwise(['check', '--fail-level', 'warning', '.'], dir).code, 1);
    // A file named explicitly is checked even when ignored.
    assert.match(
      layerwise(['check', 'vendor/x/Dockerfile'], dir).stdout,
      /vendor\/x\/Dockerfile:2/,
    );
  });

  it('.hadolint.yaml applies when there is no .layerwise.json, unless turned off', () => {
    const dir = project({
      '.hadolint.yaml':
        'ignored:\n  - DL3015\noverride:\n  error:\n    - DL3009\nfailure-threshold: error\n',
      Dockerfile: APT,
    });
    const r = layerwise(['check', '--format', 'json', 'Dockerfile'], dir);
    const found = JSON.parse(r.stdout) as { rule: string; severity: string }[];
    assert.ok(!found.some((f) => f.rule === 'apt-no-install-recommends'));
    assert.equal(found.find((f) => f.rule === 'apt-lists-not-cleaned')!.severity, 'error');
    assert.equal(r.code, 1);
    const off = layerwise(['check', '--format', 'json', '--no-hadolint-config', 'Dockerfile'], dir);
    assert.ok(
      (JSON.parse(off.stdout) as { rule: string }[]).some(
        (f) => f.rule === 'apt-no-install-recommends',
      ),
    );
  });

  it('a broken .layerwise.json: one clear message, defaults, no crash', () => {
    const dir = project({
      '.layerwise.json': '{"rules": {"apt-no-install-recommends": "off",}}',
      Dockerfile: APT,
    });
    const r = layerwise(['check', 'Dockerfile'], dir);
    assert.equal(r.code, 1);
    const messages = r.stderr.split('\n').filter((l) => l.includes('.layerwise.json'));
    assert.equal(messages.length, 1, r.stderr);
    assert.match(
      messages[0]!,
      /^layerwise: \.layerwise\.json:1:47: \.layerwise\.json is not valid JSON \(expected a property name in double quotes but found '}'\); Layerwise uses its defaults/,
    );
    assert.match(r.stdout, /apt-no-install-recommends/);
  });

  it('.pre-commit-hooks.yaml runs the CLI on the files it would find itself', () => {
    const hooks = yaml.load(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as {
      id: string;
      entry: string;
      files: string;
      language: string;
    }[];
    assert.deepEqual(
      hooks.map((h) => [h.id, h.entry, h.language]),
      [
        ['layerwise', 'layerwise check', 'node'],
        ['layerwise-fix', 'layerwise fix', 'node'],
      ],
    );
    // pre-commit uses Python regexes; `(?i)` is its case-insensitive flag.
    const re = new RegExp(hooks[0]!.files.replace(/^\(\?i\)/, ''), 'i');
    for (const p of [
      'Dockerfile',
      'a/Dockerfile.dev',
      'b/api.Dockerfile',
      'Containerfile',
      'x/y.dockerfile',
    ])
      assert.ok(re.test(p) && isDockerfileName(path.basename(p)), p);
    for (const p of ['Dockerfiles/README.md', 'docker-compose.yml', 'a/mydockerfile'])
      assert.ok(!re.test(p) && !isDockerfileName(path.basename(p)), p);
  });

  it('`npx layerwise check .` runs the package bin', () => {
    const dir = project({ Dockerfile: APT });
    const r = spawnSync('npx', ['--no-install', 'layerwise', 'check', dir], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /apt-no-install-recommends/);
  });
});
