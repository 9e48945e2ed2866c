import { describeImage } from '../knowledge/baseImages';
import { parseImageRef } from '../knowledge/imageRef';
import { baseImage, stageChain } from '../analysis/stages';
import { imageRole, ruleAppliesTo } from '../analysis/roles';
import { stagePlatform } from '../analysis/platform';
import { toolUses } from '../analysis/tools';
import type { DockerfileRule, Fix } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'full-base-image',
    category: 'size',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    // SDK, test and development images need the full image; a base image picks it on purpose.
    roles: ['application'],
    docs: {
      summary:
        'The shipped image is built on the full variant of an image that publishes a slimmer one.',
      why: 'Full variants of the official language images carry compilers, headers and hundreds of Debian packages: `python:3.12` is several times the size of `python:3.12-slim`. A runtime rarely needs them; build in a full image if you must, and ship a slim one.',
      before: 'FROM python:3.12\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      after: 'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      fix: '**Switch to `<tag>-slim`** rewrites the image reference of the stage that names it (the final stage or a stage it is built FROM). The `-alpine` variant is offered only as another distribution (musl libc, apk), never as the same version, and never for OS images (Ubuntu, Debian) or a chain that installs packages with apt/yum/dnf; with no slim variant and no such alternative there is no finding. A suggestion: check that the program needs nothing from the full image (compilers, headers, extra system libraries). Not offered for ARG-built references. Judges application images only (not base, SDK/toolchain, test or development images).',
    },
  },
  check({ model, report }) {
    const stage = model.finalStage;
    if (!stage?.from) return;
    if (!ruleAppliesTo(rule.meta, imageRole(model, stage).role, stagePlatform(stage))) return;
    // The stage whose FROM names the image: the final stage or a stage it is built FROM.
    const base = baseImage(stage);
    const info = base?.info;
    const from = base?.root.from;
    if (!base || !info || !from || !info.isFullVariant) return;
    // An ARG-built reference cannot be rewritten without dropping the ARG, nor one split by a
    // line continuation (the edit would swallow the lines in between, comments included).
    const editable =
      from.imageText === from.image &&
      model.text.slice(from.imageStart, from.imageEnd) === from.imageText;
    const fixes: Fix[] = [];
    if (editable && info.slimRef) {
      fixes.push({
        title: `Switch to ${info.slimRef}`,
        safety: 'suggestion',
        kind: 'quickfix',
        edits: [{ start: from.imageStart, end: from.imageEnd, newText: info.slimRef }],
        preferred: true,
      });
    }
    // Alpine is another distribution (musl libc, apk): offered only for a language image whose
    // chain installs no system packages (apt/yum/dnf commands would not run there).
    const chain = stageChain(stage).flatMap((s) => s.instructions);
    const systemPackages = toolUses(chain).some((u) => NON_APK.has(u.tool));
    const osImage = OS_FAMILIES.has(info.family);
    const alpine = !osImage && !systemPackages ? info.alpineRef : undefined;
    if (editable && alpine) {
      fixes.push({
        title: `Switch to ${alpine} (another distribution, musl libc: check native dependencies)`,
        safety: 'suggestion',
        kind: 'quickfix',
        edits: [{ start: from.imageStart, end: from.imageEnd, newText: alpine }],
      });
    }
    const where =
      base.root === stage
        ? ''
        : ` (the base of stage \`${base.root.name ?? base.root.index}\`, which the shipped stage is built FROM)`;
    const slim = info.slimRef
      ? `; \`${info.slimRef}\` is a far smaller variant of the same version and distribution`
      : '';
    const other = alpine
      ? `${slim ? ', and' : ';'} \`${alpine}\` is smaller still but a different distribution (Alpine, musl libc)`
      : '';
    if (!slim && !other) return; // no variant that would still build this file
    // The on-disk difference, only when both figures are sourced on-disk sizes.
    const fullMB = info.size?.uncompressedMB;
    const slimRef = info.slimRef ? parseImageRef(info.slimRef) : undefined;
    const slimMB = slimRef ? describeImage(slimRef)?.size?.uncompressedMB : undefined;
    const saved =
      fullMB !== undefined && slimMB !== undefined && fullMB > slimMB
        ? (fullMB - slimMB) * 1e6
        : undefined;
    const much = saved !== undefined ? ` (about ${Math.round(saved / 1e6)} MB less on disk)` : '';
    report({
      message: `\`${from.image}\`${where} is the full ${info.familyTitle} image${slim}${much}${other}.`,
      ...(saved !== undefined ? { bytes: saved } : {}),
      start: from.imageStart,
      end: from.imageEnd,
      fixes,
    });
  },
};

/** Tools of distributions other than Alpine. */
const NON_APK = new Set(['apt', 'yum', 'dnf', 'microdnf', 'zypper']);
/** Distribution images: Alpine is a different OS for them, never a variant. */
const OS_FAMILIES = new Set(['debian', 'ubuntu', 'ubi', 'fedora', 'rockylinux', 'almalinux']);
