import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitShell } from '../../../server/src/parse/shell';

const argvs = (text: string) =>
  splitShell({ text, offset: (i) => i }).map((c) => c.words.map((w) => w.value));

describe('shell splitter', () => {
  it('splits lists on && || ; | & and newlines', () => {
    assert.deepEqual(argvs('a 1 && b || c; d | e & f\ng'), [
      ['a', '1'],
      ['b'],
      ['c'],
      ['d'],
      ['e'],
      ['f'],
      ['g'],
    ]);
  });
  it('keeps quoted words whole and strips the quotes', () => {
    assert.deepEqual(argvs(`echo "a b" 'c d' e\\ f`), [['echo', 'a b', 'c d', 'e f']]);
  });
  it('does not split inside $(…) or backticks', () => {
    assert.deepEqual(argvs('echo $(a && b) `c; d`'), [['echo', '$(a && b)', '`c; d`']]);
  });
  it('drops redirections and leading assignments', () => {
    const [c] = splitShell({
      text: 'DEBIAN_FRONTEND=noninteractive apt-get install -y x > /dev/null 2>&1',
      offset: (i) => i,
    });
    assert.deepEqual(
      c!.words.map((w) => w.value),
      ['apt-get', 'install', '-y', 'x'],
    );
    assert.deepEqual(
      c!.assignments.map((w) => w.value),
      ['DEBIAN_FRONTEND=noninteractive'],
    );
  });
  it('skips compound-command keywords', () => {
    assert.deepEqual(argvs('if [ -f x ]; then apt-get update; fi'), [
      ['[', '-f', 'x', ']'],
      ['apt-get', 'update'],
    ]);
  });
  it('descends into sh -c scripts with exact offsets', () => {
    const text = `sh -c 'apt-get install -y curl'`;
    const cmds = splitShell({ text, offset: (i) => i });
    const inner = cmds.find((c) => c.depth === 1)!;
    assert.equal(text.slice(inner.words[1]!.start, inner.words[1]!.end), 'install');
  });
  it('keeps a closing keyword used as an argument', () => {
    assert.deepEqual(argvs('echo done; for x in a; do echo $x; done'), [
      ['echo', 'done'],
      ['for', 'x', 'in', 'a'],
      ['echo', '$x'],
    ]);
  });
  it('ignores comments in scripts', () => {
    assert.deepEqual(argvs('# setup\napt-get update # refresh\n'), [['apt-get', 'update']]);
  });
  it('never throws on unbalanced quotes and parens', () => {
    assert.doesNotThrow(() => argvs(`echo "unterminated $(x 'y`));
  });
  it('skips a bash `&>file` redirection (it used to loop forever)', () => {
    assert.deepEqual(argvs('make &> /dev/null && make install &>>log'), [
      ['make'],
      ['make', 'install'],
    ]);
  });
  it('maps characters of quoted and joined words to the document', () => {
    // The logical text of `RUN echo a"b c"\<LF>d`: the continuation is gone, offsets jump by 2.
    const doc = 'RUN echo a"b c"\\\nd';
    const logical = 'echo a"b c"d';
    const offset = (i: number) => (i < 11 ? 4 + i : 4 + i + 2);
    const [c] = splitShell({ text: logical, offset });
    const w = c!.words[1]!;
    assert.equal(w.value, 'ab cd');
    assert.deepEqual(
      w.offsets.map((o) => doc[o]),
      ['a', 'b', ' ', 'c', 'd'],
    );
    assert.equal(w.end - w.start, 'a"b c"\\\nd'.length);
  });
});
