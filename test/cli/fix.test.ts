import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { unifiedDiff } from '../../server/src/cli/diff';
import { keepLineEndings } from '../../server/src/cli/fix';
import { run, type CliIO } from '../../server/src/cli/main';
import { ChangedOnDiskError, safeWrite } from '../../server/src/cli/safeWrite';
import { REPO } from '../helpers/lspClient';

const BIN = path.join(REPO, 'bin', 'layerwise.js');

function layerwise(args: string[], cwd: string, input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-fix-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\n');
  return dir;
}

const BEFORE =
  'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\nUSER app\n';
const AFTER =
  'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir flask\nUSER app\n';

describe('layerwise fix (CLI process)', () => {
  it('applies every safe fix, prints what changed, leaves suggestions, exit as check', () => {
    const dir = tempDir();
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, BEFORE);
    const r = layerwise(['fix', '.'], dir);
    assert.equal(fs.readFileSync(file, 'utf8'), AFTER);
    assert.match(r.stdout, /^Fixed Dockerfile: .*apt-lists-not-cleaned: .*pip-no-cache-dir: /m);
    // Suggestions are left and still reported: --no-install-recommends may drop a package the
    // build needs, a cache mount changes how the image is built.
    assert.match(r.stdout, /apt-no-install-recommends/);
    assert.match(r.stderr, /Applied 2 fixes to 1 file/);
    assert.equal(r.code, 1, 'the apt-no-install-recommends warning is left');
    assert.equal(layerwise(['fix', '--fail-level', 'error', '.'], dir).code, 0);
    // A second run changes nothing.
    const again = layerwise(['fix', 'Dockerfile'], dir);
    assert.match(again.stderr, /Applied 0 fixes to 0 files/);
    assert.equal(fs.readFileSync(file, 'utf8'), AFTER);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
  });

  it('--include-suggestions also applies suggestions such as cache mounts', () => {
    const dir = tempDir();
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, BEFORE);
    layerwise(['fix', '--include-suggestions', 'Dockerfile'], dir);
    assert.match(fs.readFileSync(file, 'utf8'), /--mount=type=cache/);
  });

  it('--dry-run prints a unified diff that patch applies, and writes nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, BEFORE);
    const r = layerwise(['fix', '--dry-run', 'Dockerfile'], dir);
    assert.equal(fs.readFileSync(file, 'utf8'), BEFORE);
    assert.equal(
      r.stdout,
      [
        '--- a/Dockerfile',
        '+++ b/Dockerfile',
        '@@ -1,4 +1,4 @@',
        ' FROM debian:12-slim',
        '-RUN apt-get update && apt-get install -y curl',
        '-RUN pip install flask',
        '+RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
        '+RUN pip install --no-cache-dir flask',
        ' USER app',
        '',
      ].join('\n'),
    );
    assert.match(r.stderr, /Would fix Dockerfile/);
    const patched = spawnSync('patch', ['-p1', '--dry-run', '-s'], { cwd: dir, input: r.stdout });
    assert.equal(patched.status, 0, patched.stderr?.toString());
  });

  it('keeps the file mode, CRLF line endings and the byte-order mark', () => {
    const dir = tempDir();
    const file = path.join(dir, 'Dockerfile');
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf(BEFORE))]),
    );
    fs.chmodSync(file, 0o640);
    layerwise(['fix', 'Dockerfile'], dir);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), crlf(AFTER));
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
  });

  it('writes through a symlink and keeps the link', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'real.Dockerfile'), BEFORE);
    fs.symlinkSync('real.Dockerfile', path.join(dir, 'Dockerfile'));
    layerwise(['fix', 'Dockerfile'], dir);
    assert.ok(fs.lstatSync(path.join(dir, 'Dockerfile')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real.Dockerfile'), 'utf8'), AFTER);
  });

  it('standard input: the fixed text goes to stdout', () => {
    const r = layerwise(['fix', '-'], tempDir(), BEFORE);
    assert.equal(r.stdout, AFTER);
  });

  it('refuses to write a file that changed on disk meanwhile: exit 2, the other change kept', () => {
    const dir = tempDir();
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, BEFORE);
    // Another program saves the file between our read and our write (patched on the real module
    // object, which every importer's namespace reads through).
    const nodeFs = createRequire(__filename)('node:fs') as typeof fs;
    const realOpen = nodeFs.openSync;
    const patched = (p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode | null): number => {
      if (flags === 'wx') fs.writeFileSync(file, 'FROM edited:1\n');
      return realOpen(p, flags ?? 'r', mode);
    };
    nodeFs.openSync = patched as typeof realOpen;
    const err: string[] = [];
    let code: number;
    try {
      code = run(['fix', file], {
        out: () => undefined,
        err: (s) => err.push(s),
        readStdin: () => Buffer.from(''),
        stdoutIsTTY: false,
        stderrIsTTY: false,
        env: {},
        cwd: dir,
      });
    } finally {
      nodeFs.openSync = realOpen;
    }
    assert.equal(code, 2);
    assert.match(err.join('\n'), /changed on disk while it was being fixed; not written/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'FROM edited:1\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['.dockerignore', '.git', 'Dockerfile']);
  });
});

describe('safeWrite', () => {
  it('refuses when the file changed since it was read, and leaves no temporary file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-write-'));
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, 'FROM a\n');
    const read = fs.readFileSync(file);
    fs.writeFileSync(file, 'FROM b\n'); // someone else saved meanwhile
    assert.throws(() => safeWrite(file, read, Buffer.from('FROM c\n')), ChangedOnDiskError);
    assert.equal(fs.readFileSync(file, 'utf8'), 'FROM b\n');
    assert.deepEqual(fs.readdirSync(dir), ['Dockerfile']);
    safeWrite(file, fs.readFileSync(file), Buffer.from('FROM c\n'));
    assert.equal(fs.readFileSync(file, 'utf8'), 'FROM c\n');
    assert.deepEqual(fs.readdirSync(dir), ['Dockerfile']);
  });
});

describe('keepLineEndings', () => {
  it('gives added lines the CRLF of a CRLF file, leaves LF and mixed files alone', () => {
    assert.equal(keepLineEndings('a\r\nb\r\n', 'a\r\nx\nb\r\n'), 'a\r\nx\r\nb\r\n');
    assert.equal(keepLineEndings('a\nb\n', 'a\nx\nb\n'), 'a\nx\nb\n');
    assert.equal(keepLineEndings('a\r\nb\n', 'a\r\nx\nb\n'), 'a\r\nx\nb\n');
  });
});

/** Applies a unified diff produced by unifiedDiff (a small reference applier for the test). */
function applyPatch(old: string, patch: string): string {
  const a = old.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
  const lines = patch.split('\n');
  const out: string[] = [];
  let at = 0;
  for (let i = 2; i < lines.length; i++) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i]!);
    if (!h) continue;
    let start = Number(h[1]) - 1;
    if (h[2] === '0') start++;
    while (at < start) out.push(a[at++]!);
    for (i++; i < lines.length && !lines[i]!.startsWith('@@'); i++) {
      const l = lines[i]!;
      if (l === '') continue;
      const noEol = lines[i + 1] === '\\ No newline at end of file';
      if (l[0] === ' ' || l[0] === '-') {
        assert.equal(a[at]!.replace(/(\r\n|\n|\r)$/, ''), l.slice(1));
        if (l[0] === ' ') out.push(a[at]!);
        at++;
      } else if (l[0] === '+') out.push(l.slice(1) + (noEol ? '' : '\n'));
      if (noEol) i++;
    }
    i--;
  }
  while (at < a.length) out.push(a[at++]!);
  return out.join('');
}

describe('unifiedDiff', () => {
  it('round-trips through a patch applier and matches diff -u hunks (property test)', () => {
    const line = fc.constantFrom('FROM a', 'RUN b', 'COPY . .', '', 'RUN c \\', '  && d', '# x');
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.array(line, { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        (x, y, ex, ey) => {
          const a = x.join('\n') + (ex && x.length ? '\n' : '');
          const b = y.join('\n') + (ey && y.length ? '\n' : '');
          const d = unifiedDiff(a, b, 'Dockerfile');
          if (a === b) return d === '';
          return applyPatch(a, d) === b;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with GNU diff -u (hunk merging, numbering, missing final newline)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-diff-'));
    const a = Array.from({ length: 30 }, (_, i) => `RUN step ${i}`).join('\n') + '\n';
    for (const gap of [5, 6, 7, 8]) {
      const b =
        a
          .replace('RUN step 3\n', 'RUN step 3 --flag\n')
          .replace(`RUN step ${4 + gap}\n`, '')
          .replace('RUN step 0\n', '') + 'CMD x';
      fs.writeFileSync(path.join(dir, 'a'), a);
      fs.writeFileSync(path.join(dir, 'b'), b);
      const gnu = spawnSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' }).stdout;
      const hunks = (s: string) => s.split('\n').slice(2).join('\n');
      assert.equal(hunks(unifiedDiff(a, b, 'x')), hunks(gnu), `gap ${gap}`);
    }
  });
});

describe('progress line', () => {
  function io(stderrIsTTY: boolean) {
    const progress: string[] = [];
    const out: string[] = [];
    const value: CliIO = {
      out: (s) => out.push(s),
      err: () => undefined,
      progress: (s) => progress.push(s),
      readStdin: () => Buffer.from(''),
      stdoutIsTTY: false,
      stderrIsTTY,
      env: {},
      cwd: REPO,
    };
    return { value, progress, out };
  }

  it('shows on a terminal for big trees, is cleared at the end, and never touches stdout', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-progress-'));
    for (let i = 0; i < 25; i++) {
      fs.mkdirSync(path.join(dir, `s${i}`));
      fs.writeFileSync(path.join(dir, `s${i}`, 'Dockerfile'), 'FROM scratch\n');
    }
    const tty = io(true);
    run(['check', '--format', 'json', dir], tty.value);
    assert.ok(tty.progress[0]!.startsWith('\r\u001b[K[1/25] '), tty.progress[0]);
    assert.ok(tty.progress.some((p) => p.includes('[25/25]')));
    assert.equal(tty.progress.at(-1), '\r\u001b[K');
    assert.doesNotThrow(() => JSON.parse(tty.out.join('\n')));
    const pipe = io(false);
    run(['check', '--format', 'json', dir], pipe.value);
    assert.deepEqual(pipe.progress, []);
  });
});
