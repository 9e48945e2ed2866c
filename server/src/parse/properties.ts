import type * as DockerfileAst from 'dockerfile-ast';
import { flatCopy, type RawInstruction } from './scanner';

// Loaded on the first ARG or ENV, not at server start: it is a large share of the start-up work.
let parser: typeof DockerfileAst.DockerfileParser | undefined;
function dockerfileParser(): typeof DockerfileAst.DockerfileParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= (require('dockerfile-ast') as typeof DockerfileAst).DockerfileParser;
  return parser;
}

/** `NAME=value` of an ARG or ENV instruction (value unquoted); value undefined for `ARG NAME`. */
export interface Property {
  name: string;
  value: string | undefined;
  /** Document span of the name. */
  nameStart: number;
  nameEnd: number;
}

// dockerfile-ast knows ARG/ENV quoting, escapes and the legacy `ENV k v` form; parsing one
// instruction's text at a time keeps it linear, and identical instructions hit the cache.
const cache = new Map<string, { name: string; value: string | undefined; nameAt: number }[]>();
const CACHE_LIMIT = 5000;

/** Empties the cache (benchmarks measure analysis from scratch). */
export function clearPropertyCache(): void {
  cache.clear();
}

export function parseProperties(text: string, raw: RawInstruction, escape: string): Property[] {
  const chunk = text.slice(raw.start, raw.end);
  let parsed = cache.get(escape + chunk);
  if (!parsed) {
    // A slice keeps the whole document alive; the cache must hold only its own small copy.
    const own = flatCopy(escape + chunk);
    parsed = parseChunk(own.slice(1), escape);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(own, parsed);
  }
  return parsed.map((p) => ({
    name: p.name,
    value: p.value,
    nameStart: raw.start + p.nameAt,
    nameEnd: raw.start + p.nameAt + p.name.length,
  }));
}

function parseChunk(chunk: string, escape: string) {
  const prefix = escape === '`' ? '# escape=`\n' : '';
  const doc = dockerfileParser().parse(prefix + chunk);
  const lineStarts = [0];
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === '\n') lineStarts.push(i + 1);
  const at = (line: number, ch: number) => {
    const l = line - (prefix ? 1 : 0);
    return (lineStarts[l] ?? 0) + ch;
  };
  const props = [
    ...doc.getARGs().flatMap((a) => {
      const p = a.getProperty();
      return p ? [p] : [];
    }),
    ...doc.getENVs().flatMap((e) => e.getProperties()),
  ];
  return props.map((p) => {
    const r = p.getNameRange();
    return {
      name: p.getName(),
      // dockerfile-ast's getValue() is the value with quotes and escapes processed (what the
      // build sees); getUnescapedValue() is the raw text as written.
      value: p.getValue() ?? undefined,
      nameAt: at(r.start.line, r.start.character),
    };
  });
}
