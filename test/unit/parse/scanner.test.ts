import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDockerfile } from '../../../server/src/parse/scanner';

const kw = (text: string) => scanDockerfile(text).instructions.map((i) => i.keyword);
const logical = (text: string) => scanDockerfile(text).instructions.map((i) => i.logical);

describe('scanner (BuildKit line rules)', () => {
  it('splits instructions and skips comments and blank lines', () => {
    assert.deepEqual(kw('# c\nFROM a\n\nrun echo hi\n'), ['FROM', 'RUN']);
  });
  it('joins continuations and drops comment and empty lines inside them', () => {
    assert.deepEqual(logical('RUN a \\\n# note\n\n  && b\n'), ['RUN a   && b']);
  });
  it('maps every logical character back to the document', () => {
    const text = 'RUN a \\\n  && b\n';
    const ins = scanDockerfile(text).instructions[0]!;
    for (let i = 0; i < ins.logical.length; i++) assert.equal(text[ins.map[i]!], ins.logical[i]);
  });
  it('an escaped escape character does not continue the line (Windows paths)', () => {
    assert.deepEqual(kw('FROM a\nRUN dir c:\\\\\nRUN echo next\n'), ['FROM', 'RUN', 'RUN']);
  });
  it('honours the escape directive', () => {
    const s = scanDockerfile('# escape=`\nFROM a\nRUN a `\n  b\nCOPY c:\\ d\n');
    assert.equal(s.escape, '`');
    assert.deepEqual(
      s.instructions.map((i) => i.logical),
      ['FROM a', 'RUN a   b', 'COPY c:\\ d'],
    );
  });
  it('reads directives only at the top', () => {
    const s = scanDockerfile(
      '# syntax=docker/dockerfile:1\n# check=skip=all\nFROM a\n# escape=`\n',
    );
    assert.deepEqual(
      s.directives.map((d) => d.name),
      ['syntax', 'check'],
    );
    assert.equal(s.escape, '\\');
  });
  it('reads heredoc bodies, with <<- tab stripping and quoted names', () => {
    const text =
      'RUN <<EOF\napt-get update\nEOF\nCOPY <<-"END" /x\n\thello\n\tEND\nRUN echo done\n';
    const s = scanDockerfile(text);
    assert.deepEqual(
      s.instructions.map((i) => i.keyword),
      ['RUN', 'COPY', 'RUN'],
    );
    const [h1] = s.instructions[0]!.heredocs;
    assert.equal(text.slice(h1!.bodyStart, h1!.bodyEnd), 'apt-get update\n');
    const [h2] = s.instructions[1]!.heredocs;
    assert.equal(h2!.quoted, true);
    assert.equal(h2!.stripTabs, true);
  });
  it('an unterminated heredoc runs to the end without throwing', () => {
    const s = scanDockerfile('FROM a\nRUN <<EOF\necho x\n');
    assert.equal(s.instructions.length, 2);
    assert.equal(s.instructions[1]!.heredocs[0]!.terminated, false);
  });
  it('handles CRLF, a BOM and a missing final newline', () => {
    const s = scanDockerfile('\ufeffFROM a\r\nRUN b \\\r\n  c');
    assert.deepEqual(
      s.instructions.map((i) => i.logical),
      ['FROM a', 'RUN b   c'],
    );
    assert.equal(s.bom, true);
  });
  it('survives empty, comment-only and continuation-at-EOF input', () => {
    assert.deepEqual(kw(''), []);
    assert.deepEqual(kw('# only\n# comments'), []);
    assert.deepEqual(logical('RUN a \\\n# c\n'), ['RUN a ']);
  });
});
