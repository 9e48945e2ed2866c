import type { Flag } from './words';
import { unquote } from './words';

/** One `RUN --mount=…` flag. */
export interface Mount {
  type: string;
  target: string | undefined;
  id: string | undefined;
  from: string | undefined;
  source: string | undefined;
  options: Record<string, string>;
  flag: Flag;
}

const ALIASES: Record<string, string> = { dst: 'target', destination: 'target', src: 'source' };

/** Parses `type=cache,target=/root/.npm,sharing=locked` (quoted values allowed). */
export function parseMount(flag: Flag): Mount {
  const options: Record<string, string> = {};
  for (const part of splitCsv(flag.value ?? '')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (!key) continue;
    options[ALIASES[key] ?? key] = eq < 0 ? 'true' : unquote(part.slice(eq + 1).trim());
  }
  return {
    type: (options['type'] ?? 'bind').toLowerCase(),
    target: options['target'],
    id: options['id'],
    from: options['from'],
    source: options['source'],
    options,
    flag,
  };
}

function splitCsv(text: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quote = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = '';
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ',') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}
