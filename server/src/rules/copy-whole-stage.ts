import { unquote } from '../parse/words';
import type { Stage } from '../parse/model';
import { copyInfo, destPath, isContextWide, resolvePath } from '../analysis/copies';
import { chainInstructions, stageByRef } from '../analysis/stages';
import { shippedStages } from '../analysis/copies';
import type { DockerfileRule } from './types';

/** Directories a stage filled with a context-wide COPY (its sources and local dependencies). */
function contextDirs(stage: Stage): string[] {
  const dirs: string[] = [];
  for (const ins of chainInstructions(stage)) {
    const info = copyInfo(ins);
    if (!info || !isContextWide(info)) continue;
    const dest = destPath(info);
    if (dest) dirs.push(dest.length > 1 ? dest.replace(/(?<!\/)\/+$/, '') : dest);
  }
  return dirs;
}

function within(dir: string, path: string): boolean {
  return path === '/' || dir === path || dir.startsWith(`${path}/`);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'copy-whole-stage',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    roles: ['application'],
    fixable: false,
    aliases: ['hadolint DL3067'],
    docs: {
      summary:
        'The final stage copies a whole builder stage or image, the builder’s work directory with its sources and dev dependencies, or the same files twice.',
      why: 'The point of a multi-stage build is to ship only the build result. `COPY --from=build / /` brings the builder’s entire file system along (toolchain included), and copying the folder the builder filled with `COPY . .` ships sources, tests, caches and dev dependencies: the final image ends up about as large as the builder.',
      before:
        'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app /app\nCMD ["node", "dist/index.js"]\n',
      after:
        'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCMD ["node", "dist/index.js"]\n',
      fix: 'No automatic fix: only you know which artifacts the program needs. Copy them by name (`COPY --from=build /app/dist ./dist`, the binary, a virtualenv, production `node_modules`).',
    },
  },
  check({ model, report }) {
    for (const stage of shippedStages(model)) {
      // `--from` and sources of earlier copies of this stage: the same copy twice ships twice.
      const seen = new Map<string, number>();
      for (const ins of stage.instructions) {
        if (ins.onbuild) continue;
        const info = copyInfo(ins);
        if (!info || info.from === undefined || ins.keyword !== 'COPY') continue;
        const key = `${info.from}\0${info.sources.map((w) => unquote(w.text)).join('\0')}`;
        const first = seen.get(key);
        if (first !== undefined && info.sources.length > 0) {
          report({
            message: `This copies the same files from \`${info.from}\` as line ${first + 1} again: they ship twice, in two layers. Remove one of the copies.`,
            start: info.sources[0]!.start,
            end: info.sources.at(-1)!.end,
          });
          continue;
        }
        seen.set(key, ins.raw.startLine);
        const source = stageByRef(model, info.from, stage);
        if (!source) {
          // An image's whole file system (`COPY --from=node:20 / /`), except into `scratch`,
          // where that is a deliberate way to flatten the image.
          const whole = info.sources.find((w) => resolvePath('/', unquote(w.text)) === '/');
          if (whole && stage.from?.image.toLowerCase() !== 'scratch') {
            report({
              message: `\`COPY --from=${info.from} /\` copies the whole file system of the \`${info.from}\` image into the shipped image: copy only the files the program needs.`,
              start: whole.start,
              end: whole.end,
            });
          }
          continue;
        }
        const dirs = contextDirs(source);
        for (const word of info.sources) {
          const path = resolvePath('/', unquote(word.text).replace(/\/\*$/, ''));
          const whole = path === '/';
          const dir = whole ? undefined : dirs.find((d) => within(d, path));
          if (!whole && dir === undefined) continue;
          const name = source.name ?? String(source.index);
          report({
            message: whole
              ? `\`COPY --from=${info.from} /\` copies the whole \`${name}\` stage (toolchain and all) into the shipped image: copy only the files the program needs.`
              : `\`${word.text}\` is where \`${name}\` copied the build context: sources, tests and dev dependencies ship with the image. Copy only the build output.`,
            start: word.start,
            end: word.end,
          });
        }
      }
    }
  },
};
