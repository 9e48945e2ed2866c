import { majorOf } from '../knowledge/images/common';
import { baseImage, type BaseImage } from '../analysis/stages';
import { ownInstructions } from '../analysis/copies';
import { imageRole, ruleAppliesTo } from '../analysis/roles';
import { stagePlatform } from '../analysis/platform';
import { runtimeUser } from '../analysis/runtimeUser';
import type { DockerfileRule, Fix } from './types';

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

export const rule: DockerfileRule = {
  meta: {
    id: 'root-user',
    category: 'security',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['hadolint DL3002'],
    roles: ['application'],
    platforms: ['linux'],
    docs: {
      summary: 'The shipped image runs as root: its final stage sets no `USER`, or sets `root`.',
      why: 'A process running as root in a container is root on the container’s file system and, if it escapes through a kernel or runtime bug, much closer to root on the host. Kubernetes’ `runAsNonRoot` refuses such images. Most apps need no privileges: bind ports above 1024 and run as an unprivileged user.',
      before: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n',
      after: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "index.js"]\n',
      fix: '**Add USER** inserts a `USER` line before the final stage’s `CMD`/`ENTRYPOINT` (or at its end): `nonroot` on distroless and Chainguard images, `node` on Node.js images, `app` on .NET 8+ images, and elsewhere a `useradd` (Debian, Ubuntu, RHEL) or `adduser -D` (Alpine) line that creates user `app` with uid 10001 first. A suggestion: files the app writes must be writable by that user (`COPY --chown=`), and ports below 1024 need extra capabilities. Not offered for images whose users Layerwise does not know. The rule judges application images only (not base, toolchain, test or development images: see image roles) on Linux. It stays quiet when the base image already runs as a non-root user (distroless `:nonroot`, Chainguard, .NET chiseled, Bitnami, `nginx-unprivileged`, Red Hat language images), when the ENTRYPOINT/CMD or the entrypoint script copied in from the build context drops privileges (`gosu`, `su-exec`, `setpriv`, `s6-setuidgid`, `runuser`, `chroot --userspec`), when an official server image’s own entrypoint does (postgres, redis, mysql, mariadb, mongo) or its workers run unprivileged (nginx, httpd), and for `scratch` and images whose default user Layerwise does not know, unless the file itself sets `USER root`. The message says how the user was seen.',
    },
  },
  check({ model, context, report }) {
    const stage = model.finalStage;
    if (!stage?.from) return;
    // Base and toolchain images are built FROM or run by their users, who pick the user.
    if (!ruleAppliesTo(rule.meta, imageRole(model, stage).role, stagePlatform(stage))) return;
    const runtime = runtimeUser(stage, context);
    if (runtime.kind !== 'root') return;
    const base = baseImage(stage);
    if (!base) return;
    const lastUser = runtime.userInstruction;
    const userWord = lastUser?.words[0];

    const own = ownInstructions(stage);
    const after = lastUser && lastUser.stage === stage ? lastUser.index : -1;
    const run = own.find(
      (i) => i.index > after && (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'),
    );
    const fixes: Fix[] = [];
    const lines = base.info ? userLines(base) : undefined;
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
            message: `The shipped image runs as root (${runtime.how}): switch to an unprivileged user before the program starts.`,
            start: userWord.start,
            end: userWord.end,
            fixes,
          }
        : {
            message: `The program runs as root: ${runtime.how}. Add a non-root USER.`,
            start: from.imageStart,
            end: from.imageEnd,
            fixes,
          },
    );
  },
};
