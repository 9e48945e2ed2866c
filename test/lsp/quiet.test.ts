/**
 * Quiet and truthful on screen, measured over LSP on realistic Dockerfiles: few code lenses in the
 * default mode, hovers that fit without scrolling, one size unit, short digests, and a quick-fix
 * menu without two entries that make the same edit.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, Diagnostic, Hover, Range } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { REPO, TestClient } from '../helpers/lspClient';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'quiet');
const FILES = [
  'multistage/Dockerfile',
  'monorepo/services/billing/Dockerfile',
  'notebook/Dockerfile',
];
const FULL_DIGEST = /sha256:[0-9a-f]{64}/i;

function markdown(h: Hover | null): string {
  assert.ok(h, 'a hover');
  const c = h.contents;
  assert.ok(typeof c === 'object' && 'kind' in c, 'markdown contents');
  return c.value;
}

/** Rendered lines before wrapping: blank markdown lines are paragraph gaps, not lines of text. */
const lineCount = (md: string): number => md.split('\n').filter((l) => l.trim() !== '').length;
/** About 15 lines of a hover box (~90 characters wide): catches long paragraphs that wrap. */
const SQUIGGLE_CHARS = 1400;

const overlaps = (a: Range, b: Range): boolean =>
  !(
    a.end.line < b.start.line ||
    (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line ||
    (b.end.line === a.start.line && b.end.character < a.start.character)
  );

interface Opened {
  file: string;
  uri: string;
  text: string;
  diagnostics: Diagnostic[];
  lenses: CodeLens[];
}

describe('quiet and truthful on screen (default settings)', () => {
  // The service is built from the monorepo root, as its header says.
  const client = new TestClient({
    debounceMs: 0,
    buildContexts: { 'monorepo/services/*/Dockerfile': 'monorepo' },
  });
  const opened: Opened[] = [];

  before(async () => {
    await client.start(URI.file(FIXTURES).toString());
    for (const file of FILES) {
      const full = path.join(FIXTURES, file);
      const uri = URI.file(full).toString();
      const text = readFileSync(full, 'utf8');
      await client.open(uri, text);
      const diagnostics = await client.current(uri);
      const lenses = (await client.codeLenses(uri)) ?? [];
      opened.push({ file, uri, text, diagnostics, lenses });
    }
  });
  after(async () => assert.equal(await client.stop(), 0));

  it('at most 3 code lenses per 40 lines, each short, one size unit per lens', () => {
    for (const { file, text, lenses } of opened) {
      const lines = text.split('\n').length;
      const per40 = (lenses.length * 40) / Math.max(lines, 40);
      const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`);
      assert.ok(
        per40 <= 3,
        `${file}: ${per40.toFixed(1)} lenses per 40 lines\n${titles.join('\n')}`,
      );
      for (const l of lenses) {
        const title = l.command?.title ?? '';
        assert.ok(title.length <= 80, `${file}: ${title}`);
        assert.ok(!(/compressed/i.test(title) && /on disk/i.test(title)), `${file}: ${title}`);
      }
    }
  });

  it('the notebook image (Ubuntu, conda) gets no Debian package figures and says what is not counted', () => {
    const { lenses } = opened.find((o) => o.file.startsWith('notebook'))!;
    for (const l of lenses) assert.doesNotMatch(l.command?.title ?? '', /~\d+ MB \(estimate\)/);
  });

  it('squiggle hovers fit in 15 lines and carry no before/after', async () => {
    let checked = 0;
    for (const { file, uri, diagnostics } of opened) {
      for (const d of diagnostics) {
        const md = markdown(await client.hover(uri, d.range.start));
        if (!md.includes(String(d.code))) continue; // another part (e.g. the image card) is first
        checked++;
        assert.ok(lineCount(md) <= 15, `${file} ${d.code}: ${lineCount(md)} lines\n${md}`);
        assert.ok(md.length <= SQUIGGLE_CHARS, `${file} ${d.code}: ${md.length} characters\n${md}`);
        assert.doesNotMatch(md, /^(Before|After):$/m, `${file} ${d.code}`);
        assert.doesNotMatch(md, FULL_DIGEST);
      }
    }
    assert.ok(checked >= 5, `hovered ${checked} findings`);
  });

  it('base-image hovers fit in 25 lines, with digests shortened', async () => {
    let checked = 0;
    for (const { file, uri, text } of opened) {
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        const m = /^FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(lines[line]!);
        if (!m) continue;
        const md = markdown(await client.hover(uri, { line, character: m[0].length - 1 }));
        checked++;
        assert.ok(lineCount(md) <= 25, `${file}:${line + 1}: ${lineCount(md)} lines\n${md}`);
        assert.doesNotMatch(md, FULL_DIGEST, `${file}:${line + 1}`);
      }
    }
    assert.ok(checked >= 8, `hovered ${checked} FROM lines`);
  });

  it('a builder stage says its size does not ship and lists no alternatives', async () => {
    const { uri, text } = opened.find((o) => o.file.startsWith('multistage'))!;
    const line = text
      .split('\n')
      .findIndex((l) => l.startsWith('FROM python:') && l.endsWith('py-build'));
    const md = markdown(await client.hover(uri, { line, character: 8 }));
    assert.match(md, /^_Builder: its size does not ship/);
    assert.doesNotMatch(md, /\| Alternative/);
  });

  it('no two code actions make the same edit', async () => {
    for (const { file, uri, diagnostics } of opened) {
      for (const d of diagnostics) {
        const here = diagnostics.filter((o) => overlaps(o.range, d.range));
        const actions = await client.codeActions(uri, here);
        const edits = actions.map((a) => JSON.stringify(a.edit ?? a.command));
        const titles = actions.map((a) => a.title);
        assert.equal(new Set(edits).size, edits.length, `${file} ${d.code}: ${titles.join(' | ')}`);
      }
    }
  });
});
