/**
 * Which user the shipped program runs as, and how that was seen: the last `USER` of the stage
 * chain, else the base image's default user (knowledge/images/users.ts); root that an
 * ENTRYPOINT/CMD, or the entrypoint script copied in from the build context, hands over to an
 * unprivileged user (gosu, su-exec, setpriv, …) counts as non-root.
 */
import type { Instruction, Stage } from '../parse/model';
import { unquote } from '../parse/words';
import { parseImageRef } from '../knowledge/imageRef';
import { defaultUser } from '../knowledge/images/users';
import type { BuildContext } from './context';
import { copyInfo, destPath, resolvePath } from './copies';
import { stagePlatform } from './platform';
import { startCommand } from './roleSignals';
import { baseImage, chainInstructions } from './stages';

export interface RuntimeUser {
  kind: 'root' | 'non-root' | 'unknown';
  /** How it was seen, a phrase that completes "…, so the program runs as root" style messages. */
  how: string;
  /** The last USER instruction of the chain, if any. */
  userInstruction: Instruction | undefined;
}

export function isRootUser(user: string): boolean {
  const name = unquote(user).split(':')[0];
  return name === 'root' || name === '0';
}

/** Programs that run a command as another user. */
const DROP_IN_ARGV = new Set([
  'gosu',
  'su-exec',
  'setpriv',
  's6-setuidgid',
  's6-applyuidgid',
  'runuser',
  'setuidgid',
]);
/** The same in a script's text: the tool name is capture group 1. */
const DROP_IN_SCRIPT =
  /(?:^|[\s;&|(`$])(gosu|su-exec|s6-setuidgid|s6-applyuidgid|runuser|setuidgid|setpriv\s[^\n]*--reuid|chroot\s+--userspec|chpst\s+-u|sudo\s(?:-\S+\s+)*-u)\b/m;

function dropInArgv(argv: readonly string[]): string | undefined {
  const words = argv.flatMap((a) => a.split(/\s+/)).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.replace(/^.*\//, '');
    if (DROP_IN_ARGV.has(w)) return w;
    if (w === 'chroot' && words.some((x) => x.startsWith('--userspec'))) return 'chroot --userspec';
    if (w === 'chpst' && words[i + 1] === '-u') return 'chpst -u';
  }
  return undefined;
}

/** Script text without comment lines (a commented-out `gosu` does not count). */
function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');
}

/**
 * The build-context file a COPY/ADD put at `scriptPath` (absolute in the image, or a bare name
 * found on the PATH), with its text when the context can give it.
 */
function copiedScript(
  stage: Stage,
  script: string,
  context: BuildContext,
): { source: string; text: string | undefined } | undefined {
  const name = script.replace(/^.*\//, '');
  const absolute = script.startsWith('/');
  for (const ins of [...chainInstructions(stage)].reverse()) {
    const info = copyInfo(ins);
    if (!info || info.from !== undefined || info.heredoc || !info.dest) continue;
    const dest = destPath(info);
    if (!dest) continue;
    const destIsDir = unquote(info.dest.text).endsWith('/') || info.sources.length > 1;
    for (const w of info.sources) {
      const src = unquote(w.text).replace(/^\.\//, '');
      if (/^https?:/i.test(src) || src.includes('*')) continue;
      const srcName = src.replace(/\/$/, '').replace(/^.*\//, '');
      const candidates: { at: string; file: string }[] = destIsDir
        ? [
            { at: resolvePath(dest, srcName), file: src },
            { at: resolvePath(dest, name), file: `${src.replace(/\/$/, '')}/${name}` },
          ]
        : [
            { at: dest, file: src },
            { at: resolvePath(dest, name), file: `${src.replace(/\/$/, '')}/${name}` },
          ];
      for (const c of candidates) {
        const hit = absolute
          ? c.at === resolvePath(ins.workdir, script)
          : c.at.replace(/^.*\//, '') === name;
        if (hit) {
          const text = context.readText?.(c.file);
          if (text !== undefined || context.exists(c.file)) return { source: c.file, text };
        }
      }
    }
  }
  return undefined;
}

/** How the start command hands over to an unprivileged user, if it visibly does. */
export function privilegeDrop(stage: Stage, context: BuildContext): string | undefined {
  const start = startCommand(stage);
  const argv = [...(start.entrypoint ?? []), ...(start.cmd ?? [])];
  const inArgv = dropInArgv(argv);
  if (inArgv) {
    const where = start.entrypoint ? 'ENTRYPOINT' : 'CMD';
    return `its ${where} drops privileges with \`${inArgv}\``;
  }
  const scripts = argv
    .flatMap((a) => a.split(/\s+/))
    .filter((w) => /\.(sh|bash)$|entrypoint/i.test(w) || looksLikeStartScript(w))
    .slice(0, 3);
  for (const script of scripts) {
    const found = copiedScript(stage, script, context);
    if (!found?.text) continue;
    const m = DROP_IN_SCRIPT.exec(withoutComments(found.text));
    if (m) {
      const tool = m[1]!.split(/\s/)[0]!;
      return `its entrypoint script \`${found.source}\` (read from the build context) drops privileges with \`${tool}\``;
    }
  }
  return undefined;
}

export function runtimeUser(stage: Stage, context: BuildContext): RuntimeUser {
  const chain = chainInstructions(stage);
  const userInstruction = chain.filter((i) => i.keyword === 'USER').at(-1);
  const userWord = userInstruction?.words[0]?.text;
  const line = userInstruction ? userInstruction.raw.startLine + 1 : 0;
  const drop = (): string | undefined => privilegeDrop(stage, context);
  if (userWord !== undefined) {
    if (!isRootUser(userWord)) {
      return {
        kind: userWord.includes('$') ? 'unknown' : 'non-root',
        how: `\`USER ${userWord}\` on line ${line}`,
        userInstruction,
      };
    }
    const dropped = drop();
    if (dropped) return { kind: 'non-root', how: dropped, userInstruction };
    return { kind: 'root', how: `\`USER ${userWord}\` on line ${line}`, userInstruction };
  }
  if (stagePlatform(stage) === 'windows') {
    return { kind: 'unknown', how: 'a Windows image', userInstruction };
  }
  const base = baseImage(stage);
  if (!base || base.scratch) {
    return { kind: 'unknown', how: 'no base image with users', userInstruction };
  }
  const ref = base.ref ?? parseImageRef(base.image);
  const known = ref && defaultUser(ref);
  if (!known) {
    return {
      kind: 'unknown',
      how: `the default user of \`${base.image}\` is not known`,
      userInstruction,
    };
  }
  if (!known.root) {
    return {
      kind: 'non-root',
      how: `\`${base.image}\` runs as \`${known.user}\` (uid ${known.uid}) by default`,
      userInstruction,
    };
  }
  const dropped = drop();
  if (dropped) return { kind: 'non-root', how: dropped, userInstruction };
  const ownsEntrypoint = chain.some((i) => i.keyword === 'ENTRYPOINT');
  if (known.dropsPrivileges && !ownsEntrypoint) {
    return { kind: 'non-root', how: known.dropsPrivileges, userInstruction };
  }
  return {
    kind: 'root',
    how: `no USER is set and \`${base.image}\` runs as root by default`,
    userInstruction,
  };
}

/** A path whose last segment names a start script (`/usr/local/bin/start-app`), read linearly. */
function looksLikeStartScript(word: string): boolean {
  if (!/^\/?[\w./-]*$/.test(word)) return false;
  return word
    .slice(word.lastIndexOf('/') + 1)
    .toLowerCase()
    .includes('start');
}
