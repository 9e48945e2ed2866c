import {
  commandName,
  operands,
  options,
  pathOf,
  scriptCommands,
  sequences,
  topLevelCommands,
} from '../analysis/commands';
import { copyInfo, destPath } from '../analysis/copies';
import { deleteInstruction, insert, removeCommand, removeWord } from '../analysis/edits';
import { baseImage, chainInstructions } from '../analysis/stages';
import { detectTool } from '../analysis/tools';
import type { Instruction } from '../parse/model';
import type { ShellCommand, ShellWord } from '../parse/shell';
import { unquote } from '../parse/words';
import type { DockerfileModel, DockerfileRule, Edit, Fix } from './types';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|zip)$/i;
/** Archives tar can only read from a pipe when told the compression. */
const COMPRESSED = /\.(tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst)$/i;
const COMPRESSION_OPTIONS = ['--gzip', '--gunzip', '--bzip2', '--xz', '--zstd', '--auto-compress'];
/** Official images built on buildpack-deps, which ships curl. */
const WITH_CURL = new Set(['python', 'node', 'golang', 'rust', 'ruby']);

interface Use {
  run: Instruction;
  extract: ShellCommand;
  /** The archive path word the extractor reads. */
  file: ShellWord;
  remove: ShellCommand;
  removeWord: ShellWord;
}

function urlPath(url: string): string {
  return url.replace(/[?#].*$/, '');
}

/** `tar -x…f <archive>` / `unzip <archive>`: the word naming the archive. */
function extractedFile(
  cmd: ShellCommand,
  ins: Instruction,
  archive: string,
): ShellWord | undefined {
  const name = commandName(cmd);
  const words = cmd.words;
  if (name === 'unzip') {
    return operands(cmd).find((w) => pathOf(ins, w.value) === archive);
  }
  if (name !== 'tar') return undefined;
  const opts = options(cmd);
  const extracting =
    opts.some((o) => !o.startsWith('--') && o.includes('x')) ||
    opts.includes('--extract') ||
    opts.includes('--get') ||
    (/^[a-zA-Z]+$/.test(words[1]?.value ?? '') && words[1]!.value.includes('x')); // old style: `tar xzf file`
  if (!extracting) return undefined;
  for (let i = 1; i < words.length; i++) {
    const v = words[i]!.value;
    const next = words[i + 1];
    const shortF = /^-?[a-zA-Z]*f$/.test(v) && (v.startsWith('-') || i === 1);
    if ((shortF || v === '--file') && next && pathOf(ins, next.value) === archive) return next;
    if (v.startsWith('--file=') && pathOf(ins, v.slice(7)) === archive) return words[i];
  }
  return undefined;
}

/** The first later RUN of the sequence that mentions the archive, if it extracts and deletes it. */
function findUse(seq: Instruction[], from: number, archive: string): Use | undefined {
  for (const ins of seq.slice(from + 1)) {
    if (!ins.run) continue;
    const cmds = scriptCommands(ins);
    const mentions = cmds.some((c) =>
      c.words.some((w) => pathOf(ins, w.value.replace(/^--file=/, '')) === archive),
    );
    if (!mentions) continue;
    let extract: ShellCommand | undefined;
    let file: ShellWord | undefined;
    for (const c of cmds) {
      file = extractedFile(c, ins, archive);
      if (file) {
        extract = c;
        break;
      }
    }
    if (!extract || !file) return undefined;
    for (const c of cmds) {
      if (c.start < extract.start || commandName(c) !== 'rm') continue;
      const w = operands(c).find((o) => pathOf(ins, o.value) === archive);
      if (w) return { run: ins, extract, file, remove: c, removeWord: w };
    }
    return undefined;
  }
  return undefined;
}

/** curl where the image has it (or an earlier RUN installed it); busybox wget on Alpine. */
function downloader(stage: Instruction['stage'], before: Instruction): string | undefined {
  const chain = chainInstructions(stage).filter(
    (i) => i.stage !== before.stage || i.index < before.index,
  );
  const installed = (pkg: string): boolean =>
    chain.some((i) =>
      (i.run?.commands ?? []).some((c) => {
        const u = detectTool(c, i);
        return !!u && ['install', 'add'].includes(u.verb) && u.args.some((w) => w.value === pkg);
      }),
    );
  const info = baseImage(stage)?.info;
  if (installed('curl') || (info && WITH_CURL.has(info.family) && info.variant === 'full')) {
    return 'curl -fsSL';
  }
  if (installed('wget') || info?.variant === 'alpine') return 'wget -qO-';
  return undefined;
}

function quoteUrl(url: string): string | undefined {
  if (!/[^A-Za-z0-9_./:@%+=,~-]/.test(url)) return url;
  if (!url.includes("'") && !url.includes('$')) return `'${url}'`;
  return /["`\\]/.test(url) ? undefined : `"${url}"`;
}

/**
 * **Replace with one RUN curl … | tar …**: the extracting RUN downloads the archive itself and
 * pipes it into tar, the ADD and the `rm` of the archive go.
 */
function pipeFix(model: DockerfileModel, add: Instruction, url: string, use: Use): Fix | undefined {
  const { run, extract, file } = use;
  if (run.run?.form !== 'shell' || commandName(extract) !== 'tar') return undefined;
  if (add.raw.startLine !== add.raw.endLine) return undefined;
  const top = topLevelCommands(run);
  if (!top.includes(extract) || !['', '&&'].includes(extract.prev)) return undefined;
  if (extract.next === '|') return undefined;
  const path = urlPath(url);
  const opts = options(extract);
  const oldStyle =
    extract.words[1] && !extract.words[1].value.startsWith('-') ? extract.words[1].value : '';
  const told =
    opts.some((o) => !o.startsWith('--') && /[zjJ]/.test(o)) ||
    /[zjJ]/.test(oldStyle) ||
    opts.some((o) => COMPRESSION_OPTIONS.includes(o));
  if (COMPRESSED.test(path) && !told) return undefined;
  const get = downloader(run.stage, add);
  const quoted = quoteUrl(url);
  if (!get || !quoted) return undefined;
  const edits: Edit[] = [
    deleteInstruction(model, add),
    insert(extract.start, `${get} ${quoted} | `),
    file.value.startsWith('--file=')
      ? { start: file.start, end: file.end, newText: '--file=-' }
      : { start: file.start, end: file.end, newText: '-' },
  ];
  if (operands(use.remove).length === 1) {
    const e = removeCommand(model, use.remove, top);
    if (!e) return undefined;
    edits.push(e);
  } else edits.push(removeWord(model, use.removeWord));
  return {
    title: 'Replace with one RUN curl … | tar …',
    safety: 'suggestion',
    kind: 'quickfix',
    edits,
    preferred: true,
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'add-remote-archive',
    category: 'size',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['hadolint DL3010 (inverse case)', 'Parfum tarSomethingRmTheSomething'],
    docs: {
      summary:
        '`ADD <url>` downloads an archive that a later RUN extracts and deletes: the archive stays in the ADD layer.',
      why: '`ADD` stores the downloaded file in its own layer (remote archives are not extracted). Extracting and deleting it in a later RUN adds the extracted files and hides the archive, but its bytes remain in the image: it ships twice, compressed and extracted. Downloading and extracting in one RUN keeps only the extracted files.',
      before:
        'FROM node:20\nADD https://example.com/tool-1.2.tar.gz /tmp/\nRUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz\n',
      after:
        'FROM node:20\nRUN curl -fsSL https://example.com/tool-1.2.tar.gz | tar -xzf - -C /opt\n',
      fix: '**Replace with one RUN curl … | tar …** deletes the ADD, makes the extracting RUN download the archive and pipe it into `tar` (`-f -`), and drops the `rm` of the archive. It uses curl where the image has it (the full python, node, golang, rust and ruby images, or an earlier RUN installed it) and BusyBox `wget -qO-` on Alpine. A suggestion: it changes how the file is fetched (`ADD` needs no tool in the image). Not offered for zip files (unzip cannot read a pipe), for compressed archives whose `tar` command does not name the compression (tar cannot detect it on a pipe), or when the download tool is unknown. `ADD --checksum` (a verified download, used as it is) and local archives (which ADD extracts itself) are never reported.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const seq of sequences(stage)) {
        seq.forEach((ins, i) => {
          if (ins.keyword !== 'ADD' || ins.flags.some((f) => f.name === 'checksum')) return;
          const info = copyInfo(ins);
          if (!info || info.heredoc || !info.dest) return;
          const dest = destPath(info);
          if (!dest) return;
          for (const word of info.sources) {
            const url = unquote(word.text);
            const path = urlPath(url);
            if (!/^https?:\/\//i.test(url) || !ARCHIVE.test(path)) continue;
            const name = path.slice(path.lastIndexOf('/') + 1);
            const toDir = info.dest.text.endsWith('/') || info.sources.length > 1;
            const archive = toDir ? `${dest === '/' ? '' : dest}/${name}` : dest;
            const use = findUse(seq, i, archive);
            if (!use) continue;
            const fix = info.sources.length === 1 ? pipeFix(model, ins, url, use) : undefined;
            const line = model.lines.lineAt(use.run.start) + 1;
            report({
              message: `The archive ADD downloads stays in this layer although the RUN on line ${line} extracts and deletes it: download and extract in one RUN.`,
              start: word.start,
              end: word.end,
              fixes: fix ? [fix] : [],
            });
          }
        });
      }
    }
  },
};
