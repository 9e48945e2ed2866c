/** Edits of .dockerignore text shared by its rules and the Dockerfile rules that change it. */
import type { LineIndex } from '../parse/text';
import type { Edit } from '../rules/types';

/** The file's line break (`\r\n` when its first line break is one). */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Appends lines at the end, starting a new line first when the last one is unterminated. */
export function appendLines(text: string, lines: readonly string[]): Edit {
  const eol = eolOf(text);
  const needsBreak = text.length > 0 && !/[\r\n]$/.test(text);
  return {
    start: text.length,
    end: text.length,
    newText: (needsBreak ? eol : '') + lines.map((l) => l + eol).join(''),
  };
}

/** Removes a whole line with its line break (the one before it, for an unterminated last line). */
export function removeLine(lines: LineIndex, line: number): Edit {
  const start = lines.lineStart(line);
  const next = lines.nextLineStart(line);
  if (next > lines.lineEnd(line) || line === 0) return { start, end: next, newText: '' };
  // Last line without a break: take the previous line's break instead.
  return { start: lines.lineEnd(line - 1), end: next, newText: '' };
}

/**
 * Escapes a context path for use as a .dockerignore pattern that matches exactly it: the glob
 * characters, and the ones Docker's regexp translation leaves as operators.
 */
export function escapePattern(relPath: string): string {
  return relPath.replace(/[\\*?[\]|{}^]/g, '\\$&');
}
