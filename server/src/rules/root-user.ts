import type { Instruction } from '../parse/model';
import { unquote } from '../parse/words';
import { majorOf } from '../knowledge/images/common';
import { baseImage, stageChain, type BaseImage } from '../analysis/stages';
import { ownInstructions } from '../analysis/copies';
import type { DockerfileRule, Fix } from './types';

/** Images that already run as a non-root user, or whose entrypoint manages its own user. */
function runsAsNonRootOrManaged(base: BaseImage): boolean {
  const info = base.info;
  if (base.scratch || !info) return true;
  const tag = (base.ref?.tag ?? '').toLowerCase();
  if (info.family === 'distroless' && tag.split('-').includes('nonroot')) return true;
  if (info.family === 'chainguard' && !tag.endsWith('dev')) return true;
  if (info.variant === 'chiseled' || info.variant === 'windows') return true;
  // Official server images start as root on purpose: they bind low ports or chown their data
  // directory, then drop privileges themselves.
  return ['nginx', 'httpd', 'postgres', 'redis'].includes(info.family);
}

/** The lines that create (if needed) and switch to a non-root user on this image, or undefined. */
function userLines(base: BaseImage): string[] | undefined {
  const info = base.info!;
  if (info.family === 'distroless' || info.family === 'chainguard') return ['USER nonroot'];
  if (info.family === 'node') return ['USER node'];
  if (info.family === 'dotnet' && (majorOf(info.version) ?? 0) >= 8) return ['USER app'];
  if (info.shell !== true) return undefined;
  if (info.packageManager === 'apk') return ['RUN adduser -D -u 10001 app', 'USER app'];
  if (['apt', 'yum', 'dnf'].includes(info.packageManager ?? ''))
    return ['RUN useradd --create-home --uid 10001 app', 'USER app'];
  return undefined;
}

function isRoot(user: string): boolean {
  const name = unquote(user).split(':')[0];
  return name === 'root' || name === '0';
}

export const rule: DockerfileRule = {
  meta: {
    id: 'root-user',
    category: 'security',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['hadolint DL3002'],
    docs: {
      summary: 'The shipped image runs as root: its final stage sets no `USER`, or sets `root`.',
      why: 'A process running as root in a container is root on the container’s file system and, if it escapes through a kernel or runtime bug, much closer to root on the host. Kubernetes’ `runAsNonRoot` refuses such images. Most apps need no privileges: bind ports above 1024 and run as an unprivileged user.',
      before: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n',
      after: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "index.js"]\n',
      fix: '**Add USER** inserts a `USER` line before the final stage’s `CMD`/`ENTRYPOINT` (or at its end): `nonroot` on distroless and Chainguard images, `node` on Node.js images, `app` on .NET 8+ images, and elsewhere a `useradd` (Debian, Ubuntu, RHEL) or `adduser -D` (Alpine) line that creates user `app` with uid 10001 first. A suggestion: files the app writes must be writable by that user (`COPY --chown=`), and ports below 1024 need extra capabilities. Not offered for images whose users Layerwise does not know. The rule stays quiet for `scratch`, distroless `:nonroot`, Chainguard, chiseled and Windows images, official server images that drop privileges themselves (nginx, httpd, postgres, redis), and images it does not know (they may set a USER).',
    },
  },
  check({ model, report }) {
    const stage = model.finalStage;
    if (!stage?.from) return;
    const base = baseImage(stage);
    if (!base || runsAsNonRootOrManaged(base)) return;
    let lastUser: Instruction | undefined;
    for (const s of stageChain(stage)) {
      lastUser = ownInstructions(s)
        .filter((i) => i.keyword === 'USER')
        .at(-1);
      if (lastUser) break;
    }
    const userWord = lastUser?.words[0];
    if (lastUser && (!userWord || !isRoot(userWord.text))) return;

    const own = ownInstructions(stage);
    const after = lastUser && lastUser.stage === stage ? lastUser.index : -1;
    const run = own.find(
      (i) => i.index > after && (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'),
    );
    const fixes: Fix[] = [];
    const lines = userLines(base);
    // After an unterminated heredoc, appended lines would only extend its body.
    const appendable = !!run || !own.at(-1)?.raw.heredocs.some((h) => !h.terminated);
    if (lines && appendable) {
      const eol = model.lines.eol;
      const last = own.at(-1)!;
      const indent = run
        ? /^[ \t]*/.exec(model.text.slice(model.lines.lineStart(run.raw.startLine)))![0]
        : '';
      fixes.push({
        title: `Add ${lines.at(-1)}`,
        safety: 'suggestion',
        kind: 'quickfix',
        edits: [
          run
            ? {
                start: run.start,
                end: run.start,
                newText: lines.map((l) => `${l}${eol}${indent}`).join(''),
              }
            : { start: last.end, end: last.end, newText: lines.map((l) => `${eol}${l}`).join('') },
        ],
        preferred: true,
      });
    }
    const from = stage.from;
    report(
      userWord
        ? {
            message: `The shipped image runs as \`${userWord.text}\`: switch to an unprivileged user before the program starts.`,
            start: userWord.start,
            end: userWord.end,
            fixes,
          }
        : {
            message: `The final stage sets no USER, so the program runs as root (the default of \`${base.image}\`): add a non-root USER.`,
            start: from.imageStart,
            end: from.imageEnd,
            fixes,
          },
    );
  },
};
