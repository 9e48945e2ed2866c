/**
 * Bad input of every kind ends in an answer, never an exception: binary and empty files, files of
 * only comments, unknown instructions, rules that misbehave, and build contexts that are missing,
 * unreadable or full of symlinks pointing out of them (never followed).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contextFromList } from '../../../server/src/analysis/context';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { lintDockerignore } from '../../../server/src/engine/lintDockerignore';
import type { DockerfileRule } from '../../../server/src/rules/types';
import { contextPath, fsContext } from '../../../server/src/disk/fsContext';
import { DOCKERFILE_RULES } from '../../../server/src/rules';

const rule = (id: string, check: DockerfileRule['check']): DockerfileRule => ({
  meta: {
    id,
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    docs: { summary: 'Test rule.', why: 'Tests.', before: '', after: '' },
  },
  check,
});

describe('bad files', () => {
  const binaries: [string, string][] = [
    ['NUL bytes', 'FROM x\u0000\u0001\u0002RUN y'],
    [
      'a PNG header',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).toString('utf8'),
    ],
    ['UTF-16 read as UTF-8', Buffer.from('\ufeffFROM python:3.12\n', 'utf16le').toString('utf8')],
    ['a gzip stream', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]).toString('utf8')],
  ];
  for (const [name, text] of binaries) {
    it(`a binary file (${name}) gets one notice and no rule runs`, () => {
      let ran = false;
      const r = lintDockerfile(text, { registry: [rule('spy', () => void (ran = true))] });
      assert.equal(r.notices.length, 1);
      assert.match(r.notices[0]!.message, /binary/);
      assert.deepEqual(r.findings, []);
      assert.equal(ran, false);
      assert.equal(lintDockerignore(text).notices.length, 1);
    });
  }

  it('a NUL late in a long file is text: it is analysed', () => {
    const r = lintDockerfile(
      `FROM python:3.12\n${'# pad\n'.repeat(2000)}RUN pip install x\u0000y\n`,
    );
    assert.equal(r.notices.length, 0);
    assert.ok(r.findings.some((f) => f.ruleId === 'pip-no-cache-dir'));
  });

  const quiet: [string, string][] = [
    ['an empty file', ''],
    ['only blanks', ' \n\t\n\r\n'],
    ['only a BOM', '\ufeff'],
    ['only comments', '# one\n#two\n   # three\n'],
    ['only directives', '# syntax=docker/dockerfile:1\n# escape=`\n'],
    ['only a continuation', '\\\n\\\n'],
    ['unknown instructions', 'FOO bar\nBAR baz qux\n123 456\n'],
    [
      'instructions without arguments',
      'FROM\nRUN\nCOPY\nENV\nARG\nUSER\nWORKDIR\nONBUILD\nHEALTHCHECK\nSHELL\n',
    ],
    ['a lone heredoc marker', 'RUN <<\nCOPY <<EOF\n'],
    ['invalid JSON forms', 'CMD ["a", \nRUN ["x"\nENTRYPOINT [}\n'],
  ];
  for (const [name, text] of quiet) {
    it(`${name}: no exception, no rule failure`, () => {
      const r = lintDockerfile(text);
      assert.deepEqual(r.errors, []);
      assert.equal(r.notices.length, 0);
      for (const f of r.findings) assert.ok(f.start >= 0 && f.end <= text.length);
      assert.deepEqual(lintDockerignore(text).errors, []);
    });
  }
});

describe('rules that misbehave are contained', () => {
  const text = 'FROM python:3.12\nRUN pip install flask\n';

  it('a rule that throws is skipped and named; every other rule still reports', () => {
    const r = lintDockerfile(text, {
      registry: [
        rule('throws', () => {
          throw new Error('boom');
        }),
        ...DOCKERFILE_RULES,
      ],
    });
    assert.deepEqual(
      r.errors.map((e) => [e.ruleId, (e.error as Error).message]),
      [['throws', 'boom']],
    );
    assert.ok(r.findings.some((f) => f.ruleId === 'pip-no-cache-dir'));
  });

  it('a finding outside the document is clamped and logged; a fix with bad edits is dropped', () => {
    const r = lintDockerfile(text, {
      registry: [
        rule('liar', ({ report }) => {
          report({
            message: 'out of range',
            start: -5,
            end: 1e9,
            fixes: [
              {
                title: 'past the end',
                safety: 'safe',
                kind: 'quickfix',
                edits: [{ start: 0, end: 1e9, newText: '' }],
              },
              {
                title: 'overlapping',
                safety: 'safe',
                kind: 'quickfix',
                edits: [
                  { start: 0, end: 5, newText: 'a' },
                  { start: 3, end: 8, newText: 'b' },
                ],
              },
              {
                title: 'fine',
                safety: 'safe',
                kind: 'quickfix',
                edits: [{ start: 0, end: 0, newText: '# ok\n' }],
              },
            ],
          });
        }),
      ],
    });
    const f = r.findings.find((x) => x.ruleId === 'liar')!;
    assert.equal(f.start, 0);
    assert.equal(f.end, text.length);
    assert.deepEqual(
      f.fixes.map((x) => x.title),
      ['fine'],
    );
    assert.equal(r.errors.length, 1);
    assert.match(String(r.errors[0]!.error), /outside the document/);
  });

  it('past the time budget no further rule starts, and one notice says how many were skipped', () => {
    const slow = rule('slow', () => {
      const until = Date.now() + 60;
      while (Date.now() < until) {
        // busy
      }
    });
    let later = 0;
    const counter = rule('later', () => void later++);
    const r = lintDockerfile(text, { registry: [slow, counter, counter], timeBudgetMs: 20 });
    assert.equal(later, 0);
    assert.equal(r.notices.length, 1);
    assert.match(r.notices[0]!.message, /2 of 3 rules did not run/);
  });
});

describe('build contexts on disk', () => {
  let root: string;
  let ctx: string;
  let outside: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-ctx-'));
    ctx = path.join(root, 'ctx');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(ctx, 'src', 'inner'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'x');
    fs.writeFileSync(path.join(outside, 'ignore'), '*\n');
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\n');
    fs.writeFileSync(path.join(ctx, 'src', 'inner', 'a.txt'), 'a');
    fs.symlinkSync(outside, path.join(ctx, 'out-abs')); // absolute target outside
    fs.symlinkSync('../outside', path.join(ctx, 'out-rel')); // relative target outside
    fs.symlinkSync('src/inner', path.join(ctx, 'in-rel')); // stays inside
    fs.symlinkSync('/src', path.join(ctx, 'in-abs')); // BuildKit: absolute targets start at the context root
    fs.symlinkSync('loop-b', path.join(ctx, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(ctx, 'loop-b'));
    fs.symlinkSync(path.join(outside, 'ignore'), path.join(ctx, '.dockerignore'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('never follows a link out of the context, on the way or at the end', () => {
    const c = fsContext(path.join(ctx, 'Dockerfile'), ctx);
    assert.equal(c.known, true);
    assert.equal(c.exists('out-abs'), true, 'the link itself is sent');
    assert.equal(c.isDirectory?.('out-abs'), false, 'as a link, not a folder');
    assert.equal(c.exists('out-abs/secret.txt'), false);
    assert.equal(c.exists('out-rel/secret.txt'), false);
    assert.equal(c.exists('../outside/secret.txt'), false);
    assert.equal(c.exists('/../outside/secret.txt'), false);
    // An absolute target starts at the context root: <ctx>/tmp/… does not exist.
    assert.equal(contextPath(ctx, 'out-abs/secret.txt'), undefined);
    const p = contextPath(ctx, 'out-rel/secret.txt');
    assert.ok(p === undefined || p.startsWith(ctx + path.sep), `${p} stays inside`);
  });

  it('resolves links that stay inside the context, as BuildKit does', () => {
    const c = fsContext(path.join(ctx, 'Dockerfile'), ctx);
    assert.equal(c.exists('in-rel/a.txt'), true);
    assert.equal(c.exists('in-abs/inner/a.txt'), true);
    assert.equal(contextPath(ctx, 'in-abs/inner/a.txt'), path.join(ctx, 'src', 'inner', 'a.txt'));
  });

  it('gives up on a link loop instead of hanging', () => {
    const c = fsContext(path.join(ctx, 'Dockerfile'), ctx);
    assert.equal(c.exists('loop-a/x'), false);
    assert.equal(contextPath(ctx, 'loop-a/x'), undefined);
  });

  it('does not read an ignore file that is a link (it may point anywhere)', () => {
    const c = fsContext(path.join(ctx, 'Dockerfile'), ctx);
    assert.equal(c.ignoreFile, undefined);
  });

  it('a missing context, or a file given as one, is simply unknown', () => {
    for (const bad of [path.join(root, 'missing'), path.join(ctx, 'Dockerfile')]) {
      const c = fsContext(path.join(bad, 'Dockerfile'), bad);
      assert.equal(c.known, false);
      assert.equal(c.exists('Dockerfile'), false);
      assert.equal(c.ignoreFile, undefined);
    }
  });

  it('an unreadable folder in the context is a missing one, not an error', () => {
    const locked = path.join(ctx, 'locked');
    fs.mkdirSync(locked);
    fs.writeFileSync(path.join(locked, 'f'), 'x');
    fs.chmodSync(locked, 0o000);
    try {
      const c = fsContext(path.join(ctx, 'Dockerfile'), ctx);
      // As root the folder is still readable; as anyone else it is not. Either way: an answer.
      assert.equal(typeof c.exists('locked/f'), 'boolean');
      const r = lintDockerfile(
        'FROM python:3.12\nCOPY locked/f .\nCOPY . .\nRUN pip install -r requirements.txt\n',
        { context: c },
      );
      assert.deepEqual(r.errors, []);
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });

  it('a context listing with hostile paths answers false, not an exception', () => {
    const c = contextFromList('/ctx', ['a', 'b/c']);
    for (const p of ['', '/', '..', '../..', '\u0000', 'a/../../b', '//a', 'a\\b', '~', '\uD800'])
      assert.equal(typeof c.exists(p), 'boolean');
  });
});
