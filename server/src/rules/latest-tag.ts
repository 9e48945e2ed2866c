import { parseImageRef, writtenName } from '../knowledge/imageRef';
import { floatingTag, majorTagFor } from '../knowledge/majorTags';
import type { DockerfileRule, Fix } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'latest-tag',
    category: 'speed',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['hadolint DL3006', 'hadolint DL3007', 'Trivy DS-0001'],
    docs: {
      summary:
        '`FROM` names an image without a version: no tag, `:latest`, a release line (`:lts`, `:stable`, `:edge`) or a variant alone (`node:alpine`, `python:slim`), so the base moves under you.',
      why: '`latest` is whatever the publisher pushed last. When it moves, the next build silently gets a different base (a new language or OS major included), every layer above the `FROM` is rebuilt, and two builds of the same commit can differ. A version tag keeps builds reproducible and the cache valid; a digest (`@sha256:…`) pins it exactly. Unlike hadolint’s DL3006/DL3007, which stop at no tag and `latest`, this rule also reports release lines (`node:lts`, `nginx:stable`) and a variant alone (`nginx:alpine`): they move just the same. A distribution image’s codename (`debian:bookworm`, `buildpack-deps:noble`, `amd64/ubuntu:jammy`) or numbered release (`alpine3.20`) is a version; a program’s image with a codename alone (`node:bookworm`) still moves the program’s version.',
      before: 'FROM python\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      after: 'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      fix: '**Pin to `<image>:<major>`** sets the tag to the current major version where Layerwise’s image knowledge has it on record (`python:3`, `golang:1`, `rust:1`, `php:8`, `alpine:3`, `debian:13`), keeping the registry prefix and the rest of the line. For a variant alone it keeps the variant (`python:slim` → `python:3-slim`); release lines (`lts`, `stable`, `edge`) get no fix, as their current major is not on record. A suggestion: it changes what the build is based on, and a narrower tag (`3.12-slim`) or a digest pins tighter. Not offered for other images (pick the version you test with), nor for ARG-built references.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const from = stage.from;
      if (!from || stage.parent || !from.imageText) continue;
      if (from.image.toLowerCase() === 'scratch') continue;
      const ref = parseImageRef(from.image);
      // Unresolved ARGs, digests and tags other than `latest` are what the user chose.
      if (!ref || ref.digest !== undefined) continue;
      const floats = ref.tag === undefined ? 'line' : floatingTag(ref.repository, ref.tag);
      if (!floats) continue;
      const fixes: Fix[] = [];
      const major = majorTagFor(ref);
      // `python:slim` → `python:3-slim`; a release line (`lts`, `edge`) has no such mapping.
      const pinnedTag =
        ref.tag === undefined || ref.tag === 'latest'
          ? major?.tag
          : floats === 'variant' && major
            ? `${major.tag}-${ref.tag}`
            : undefined;
      // Not split by a line continuation: the edit would swallow the lines in between.
      const editable =
        from.imageText === from.image &&
        !/["']/.test(from.imageText) &&
        model.text.slice(from.imageStart, from.imageEnd) === from.imageText;
      if (pinnedTag && editable) {
        const pinned = `${writtenName(ref)}:${pinnedTag}`;
        fixes.push({
          title: `Pin to ${pinned}`,
          safety: 'suggestion',
          kind: 'quickfix',
          edits: [{ start: from.imageStart, end: from.imageEnd, newText: pinned }],
          preferred: true,
        });
      }
      const subject =
        ref.tag === undefined
          ? `\`${from.image}\` has no tag, so it means \`:latest\`, which`
          : ref.tag === 'latest'
            ? `\`${from.image}\``
            : `\`${from.image}\` names no version: \`:${ref.tag}\``;
      const example = pinnedTag ? ` (e.g. \`${writtenName(ref)}:${pinnedTag}\`)` : '';
      report({
        message: `${subject} moves whenever a new release is pushed: builds stop being reproducible and the cache breaks. Pin a version tag${example}.`,
        start: from.imageStart,
        end: from.imageEnd,
        fixes,
      });
    }
  },
};
