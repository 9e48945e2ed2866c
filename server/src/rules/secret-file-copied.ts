import type { DockerfileModel, Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import { unquote, type Word, trimTrailingSlashes } from '../parse/words';
import { createMatcher, parseDockerignore } from '../parse/dockerignore';
import {
  contextWideSource,
  copyInfo,
  destPath,
  isContextWide,
  ownInstructions,
  resolvePath,
  type CopyInfo,
} from '../analysis/copies';
import { addInstructionFlag, commandText, ensureSyntaxDirective } from '../analysis/edits';
import { runUser } from '../analysis/stages';
import { basename, detectTool } from '../analysis/tools';
import type { BuildContext } from '../analysis/context';
import { holdsSecret } from '../analysis/secretContent';
import type { DeclaredChange, DockerfileRule, Edit, Fix } from './types';

const CREDENTIAL_FILES = new Set([
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.pgpass',
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
]);
/** Folders whose contents are credentials. */
const CREDENTIAL_DIRS = new Set(['.ssh', '.aws', '.gnupg']);
const ENV_EXAMPLES = /^\.env\.(example|sample|template|dist|defaults?)$/i;
/** Certificates (public) that share the `.pem` extension with private keys. */
const CERTIFICATE = /(cert|chain|bundle|(^|[-_.])ca([-_.]|$)|pub)/i;

/** Why a path (as written in a COPY) names a credentials file, or undefined. */
export function credentialKind(path: string): string | undefined {
  const p = path.replace(/(?<!\/)\/+$/, '');
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (CREDENTIAL_FILES.has(base) || CREDENTIAL_DIRS.has(base)) return base;
  if (/(^|\/)\.aws\/credentials$/.test(p)) return '.aws/credentials';
  if (/(^|\/)\.docker\/config\.json$/.test(p)) return '.docker/config.json';
  if ((base === '.env' || base.startsWith('.env.') || base === '.env*') && !ENV_EXAMPLES.test(base))
    return '.env';
  if (/\.key$/i.test(base)) return 'private key';
  if (/\.pem$/i.test(base) && !CERTIFICATE.test(base)) return 'private key';
  return undefined;
}

/** Credentials files at the context root that a context-wide COPY would send along. */
const CONTEXT_SECRETS = [
  '.env',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  'id_rsa',
  '.aws/credentials',
  '.docker/config.json',
];

/** What the file's text says: a credential, none, or unknown (no text, or a folder). */
function judge(context: BuildContext, rel: string, kind: string): boolean | undefined {
  const text = context.readText?.(rel);
  return text === undefined ? undefined : holdsSecret(kind, text);
}

function copiedContextSecrets(context: BuildContext): string[] {
  if (!context.known) return [];
  const present = CONTEXT_SECRETS.filter(
    (f) => context.exists(f) && judge(context, f, credentialKind(f)!) !== false,
  );
  if (present.length === 0 || !context.ignoreFile) return present;
  const matcher = createMatcher(parseDockerignore(context.ignoreFile.text));
  return present.filter((f) => !matcher.isExcluded(f));
}

/** Tools that read each credentials file, for the secret-mount fix. */
const READERS: Record<string, (cmd: ShellCommand, ins: Instruction) => boolean> = {
  '.npmrc': (cmd, ins) => ['npm', 'yarn', 'pnpm', 'bun'].includes(detectTool(cmd, ins)?.tool ?? ''),
  '.netrc': (cmd, ins) =>
    ['pip', 'uv', 'poetry', 'go'].includes(detectTool(cmd, ins)?.tool ?? '') ||
    ['curl', 'wget', 'git'].includes(basename(cmd.words[0])),
};

/** The file's path in the image when the COPY's destination says it unambiguously. */
function copiedTo(info: CopyInfo, base: string): string | undefined {
  const destText = unquote(info.dest?.text ?? '');
  const dest = destPath(info);
  if (!dest) return undefined;
  if (destText.endsWith('/') || destText === '.' || destText === './')
    return resolvePath(dest, base);
  return dest.slice(dest.lastIndexOf('/') + 1) === base ? dest : undefined;
}

/** `rm -f .npmrc` and the operator before it, as one span to delete. */
function removalSpan(
  model: DockerfileModel,
  ins: Instruction,
  cmd: ShellCommand,
  target: string,
): Edit | undefined {
  if (basename(cmd.words[0]) !== 'rm' || cmd.depth !== 0) return undefined;
  const args = cmd.words.slice(1).filter((w) => !w.value.startsWith('-'));
  if (args.length === 0 || !args.every((w) => resolvePath(ins.workdir, w.value) === target))
    return undefined;
  if (!['&&', ';', '\n'].includes(cmd.prev)) return undefined;
  const top = ins.run!.commands.filter((c) => c.depth === 0);
  const before = top[top.indexOf(cmd) - 1];
  if (!before) return undefined;
  // Only blanks, line continuations and the operator may lie between the two commands.
  const gap = model.text.slice(before.end, cmd.start);
  const escape = model.scan.escape === '`' ? '`' : '\\\\';
  // Blanks and line continuations, at most one `&&` or `;` (written so that it cannot backtrack).
  const joiner = escape === '`' ? /^[\s`]*(?:(?:&&|;)[\s`]*)?$/ : /^[\s\\]*(?:(?:&&|;)[\s\\]*)?$/;
  if (!joiner.test(gap)) return undefined;
  return { start: before.end, end: cmd.end, newText: '' };
}

function secretMountFix(model: DockerfileModel, info: CopyInfo, kind: string): Fix | undefined {
  const ins = info.ins;
  const reads = READERS[kind];
  if (!reads || ins.keyword !== 'COPY' || ins.onbuild || info.from !== undefined) return undefined;
  if (info.heredoc || info.sources.length !== 1 || ins.json) return undefined;
  if (ins.flags.some((f) => !['chown', 'chmod', 'link'].includes(f.name))) return undefined;
  const target = copiedTo(info, kind);
  if (!target) return undefined;
  const later = ownInstructions(ins.stage).filter((i) => i.index > ins.index);
  // Child stages (`FROM <this stage>`) inherit the file and might read it too.
  const children = model.stages.filter((s) => s !== ins.stage && s.parent === ins.stage);
  if (children.length > 0) return undefined;
  const users = later.filter((i) => i.run?.commands.some((c) => reads(c, i)));
  const run = users[0];
  if (users.length !== 1 || !run?.run || run.run.form === 'exec') return undefined;
  const edits: Edit[] = [];
  const changes: DeclaredChange[] = [];
  for (const c of run.run.commands) {
    const removal = removalSpan(model, run, c, target);
    if (!removal) continue;
    edits.push(removal);
    changes.push({ kind: 'removes-command', command: commandText(model, c) });
  }
  // Any other mention of the file (a later COPY, `--userconfig .npmrc`) makes the use unclear.
  const mentions = later.some((i) => {
    let text = model.text.slice(i.start, i.end);
    if (i === run)
      for (const e of edits)
        text =
          text.slice(0, e.start - i.start) +
          ' '.repeat(e.end - e.start) +
          text.slice(e.end - i.start);
    return text.includes(kind);
  });
  if (mentions) return undefined;
  const user = runUser(run);
  if (!user) return undefined;
  const uid = user.uid !== undefined ? `,uid=${user.uid}` : '';
  const mount = `--mount=type=secret,id=${kind.slice(1)},target=${target}${uid}`;
  changes.push({ kind: 'inserts-mount', mount });
  const lines = model.lines;
  edits.push(
    {
      start: lines.lineStart(ins.raw.startLine),
      end: lines.nextLineStart(ins.raw.endLine),
      newText: '',
    },
    addInstructionFlag(run, mount),
  );
  const syntax = ensureSyntaxDirective(model);
  if (syntax) edits.push(syntax);
  return { title: 'Use a secret mount', safety: 'suggestion', kind: 'quickfix', edits, changes };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'secret-file-copied',
    category: 'security',
    severity: 'error',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    docs: {
      summary:
        'A credentials file (`.npmrc`, `.netrc`, `.env`, an SSH or TLS private key, cloud credentials) is copied into the image.',
      why: 'A file copied into a layer stays in that layer, even if a later RUN deletes it: `docker save` or any registry pull gives it to everyone who can read the image, and a builder stage’s layers end up in shared build caches. Credentials needed during the build belong in a BuildKit secret mount, which is never written to a layer.',
      before:
        'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nCOPY .npmrc ./\nRUN npm ci && rm -f .npmrc\n',
      after:
        '# syntax=docker/dockerfile:1\nFROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci\n',
      fix: '**Use a secret mount** deletes the COPY, mounts the file as `--mount=type=secret,id=<name>,target=<where it was copied>` (with `uid=` for a known non-root USER) on the one RUN that reads it (npm, yarn, pnpm or bun for `.npmrc`; pip, uv, poetry, go, curl, wget or git for `.netrc`), drops the now-pointless `rm` of the file from that RUN, and adds `# syntax=docker/dockerfile:1` when there is no syntax directive. Build with `docker build --secret id=npmrc,src=.npmrc .`. A suggestion: it changes the build command. Not offered when another step or stage may read the file, or for keys and `.env` files, whose use Layerwise cannot see. Judged by content where the file is in the build context: an `.npmrc` only with `_authToken`, `_auth` or `_password` (a `${NPM_TOKEN}` reference is not a secret), an `.env` only with a non-empty value, a key only with a `-----BEGIN … PRIVATE KEY-----` header. A file Layerwise cannot read (no context, another stage, a glob) is reported as a warning: it may hold secrets.',
    },
  },
  check({ model, context, report }) {
    const contextSecrets = copiedContextSecrets(context);
    for (const ins of model.instructions) {
      const info = copyInfo(ins);
      if (!info) continue;
      let flagged = false;
      for (const word of info.sources) {
        if (info.heredoc && word.text.startsWith('<<')) continue;
        const path = unquote(word.text);
        const kind = credentialKind(path);
        if (!kind) continue;
        flagged = true;
        const verdict = contentVerdict(context, info, path, kind);
        if (verdict === false) continue;
        const fix = info.sources.length === 1 ? secretMountFix(model, info, kind) : undefined;
        report(finding(word, kind, fix, verdict));
      }
      const dest = info.dest;
      const destText = dest ? unquote(dest.text) : '';
      if (!flagged && dest && info.sources.length === 1 && !destText.endsWith('/')) {
        const kind = credentialKind(destText);
        const body = info.heredoc ? heredocBody(model, info) : undefined;
        const verdict = body === undefined ? undefined : holdsSecret(kind ?? '', body);
        if (kind && verdict !== false) report(finding(dest, kind, undefined, verdict));
      }
      if (!flagged && isContextWide(info) && contextSecrets.length > 0) {
        const word = contextWideSource(info)!;
        report({
          message: `\`${word.text}\` copies ${contextSecrets.map((f) => `\`${f}\``).join(', ')} from the build context into the image: exclude ${contextSecrets.length > 1 ? 'them' : 'it'} in .dockerignore.`,
          start: word.start,
          end: word.end,
        });
      }
    }
  },
};

/** A context file's content verdict (undefined: not a plain context path, or text unknown). */
function contentVerdict(
  context: BuildContext,
  info: CopyInfo,
  path: string,
  kind: string,
): boolean | undefined {
  if (info.from !== undefined || /[*?[\]]/.test(path) || path.startsWith('/')) return undefined;
  const rel = trimTrailingSlashes(path.replace(/^(\.\/)+/, ''));
  if (context.known && !context.exists(rel)) return undefined;
  return judge(context, rel, kind);
}

/** The text a `COPY <<EOF <dest>` writes (its only heredoc). */
function heredocBody(model: DockerfileModel, info: CopyInfo): string | undefined {
  const docs = info.ins.raw.heredocs;
  if (docs.length !== 1) return undefined;
  return model.text.slice(docs[0]!.bodyStart, docs[0]!.bodyEnd);
}

function finding(word: Word, kind: string, fix: Fix | undefined, verdict: boolean | undefined) {
  const id = kind.startsWith('.') ? kind.slice(1) : kind;
  const how = fix
    ? ` The fix mounts it as a BuildKit secret instead: the build then needs \`--secret id=${id},src=<file>\`.`
    : ' Use a BuildKit secret mount on the RUN that needs it (built with `--secret id=…`).';
  const what =
    verdict === true
      ? `\`${unquote(word.text)}\` holds credentials (${kind})`
      : `\`${unquote(word.text)}\` is a credentials file (${kind}) and may hold secrets`;
  return {
    message: `${what}: copied into a layer it stays in the image even if a later step deletes it.${how}`,
    start: word.start,
    end: word.end,
    fixes: fix ? [fix] : [],
    // Only a file whose text shows a credential is an error; an unread one is worth a look.
    severity: verdict === true ? undefined : ('warning' as const),
  };
}
