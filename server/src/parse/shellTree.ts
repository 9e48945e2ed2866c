/**
 * The structure of a shell script: lists, and-or lists, pipelines, simple and compound commands,
 * each with its redirections and here-documents, with exact spans in the script text. The
 * splitter in shell.ts answers "which commands run, with which words"; this answers "where does
 * a command end" — after its redirections, the here-document bodies it reads and the keyword
 * that closes it — so an edit can be placed without changing what the script means. It never
 * throws, runs in linear time, and reports the first syntax error instead of guessing past it.
 */
import { ParseFailure } from './shellLexer';
import { Parser } from './shellGrammar';
import type { ShAndOr, ShScript } from './shellTreeTypes';

export type {
  ShAndOr,
  ShCommand,
  ShCompound,
  ShCompoundKind,
  ShList,
  ShPipeline,
  ShRedirect,
  ShScript,
  ShSimple,
  ShToken,
} from './shellTreeTypes';

/**
 * Parses a script. The text is what the shell reads: for a RUN, the instruction's joined line
 * (here-document bodies, when present, follow it after a newline).
 */
export function parseShellScript(text: string): ShScript {
  const p = new Parser(text);
  try {
    const list = p.list(new Set(), 'top');
    p.skipSeparators();
    if (p.i < text.length) p.fail(`unexpected ${JSON.stringify(text.slice(p.i, p.i + 8))}`);
    if (p.pending.length) p.fail('here-document without a body');
    return { list };
  } catch (e) {
    if (e instanceof ParseFailure) {
      return { list: { items: [], start: 0, end: 0 }, error: { message: e.message, at: e.at } };
    }
    throw e;
  }
}

/** Where a command can be appended to a script so that it runs last, after everything else. */
export type AppendPlace =
  | {
      /** Index in the text right after the last item (its redirections and closing keyword included). */
      at: number;
      /** The script's last item, as parsed. */
      last: ShAndOr;
    }
  | { refused: string };

/**
 * The place after the whole last item of the script's top-level list. Refused when the script
 * does not parse, is empty, ends in a background command (`cmd &`: an appended command would
 * run alongside it), or its last command replaces or ends the shell (`exec`, `exit`), so that
 * an appended command would never run.
 */
export function appendPlace(script: ShScript): AppendPlace {
  if (script.error) return { refused: `the script does not parse: ${script.error.message}` };
  const last = script.list.items.at(-1);
  if (!last) return { refused: 'the script is empty' };
  if (last.terminator === '&') return { refused: 'the script ends with a background command' };
  const pipe = last.pipelines.at(-1)!;
  const cmd = pipe.commands.at(-1)!;
  if (pipe.commands.length === 1 && cmd.kind === 'simple') {
    const name = cmd.words[0]?.text;
    if (name === 'exec') return { refused: 'the script ends with exec' };
    if (name === 'exit' && last.ops.at(-1) !== '||')
      return { refused: 'the script ends with exit' };
  }
  return { at: last.end, last };
}
