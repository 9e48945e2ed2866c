/**
 * Dockerfiles generated from a template (official-image repositories, build systems): their
 * findings belong to the template, and editing a copy breaks the repository's own check that
 * copies match it. Recognised by a header comment saying so.
 */
import type { DockerfileModel } from '../parse/model';
import type { BuildContext } from './context';

export interface GeneratedInfo {
  generated: boolean;
  /** The header words that say so, e.g. `DO NOT EDIT`. */
  evidence: string | undefined;
  /** The template the repository shows for it (a path relative to the build context). */
  template?: string;
  /** The header comment that says so (offsets in the document). */
  start?: number;
  end?: number;
}

/** How far into the file a header is looked for: the comments before the first instruction. */
const HEADER_LINES = 30;

const GENERATED =
  /\b(do not edit|don't edit|automatically generated|auto-?generated|generated (?:by|from|via|with|using)|this file is generated)\b/i;

/** Template files beside a generated Dockerfile (or one folder up, e.g. a per-version copy). */
const TEMPLATES = [
  'Dockerfile.template',
  'Dockerfile.tmpl',
  'Dockerfile.tpl',
  'Dockerfile.j2',
  'Dockerfile.jinja',
  'Dockerfile.in',
  'Dockerfile-debian.template',
  'Dockerfile-alpine.template',
  'apply-templates.sh',
];

export function isGenerated(model: DockerfileModel, context?: BuildContext): GeneratedInfo {
  const firstInstructionLine = model.instructions[0]?.raw.startLine ?? Infinity;
  for (const c of model.scan.comments) {
    if (c.line >= Math.min(firstInstructionLine, HEADER_LINES)) break;
    const m = GENERATED.exec(c.text);
    if (m) {
      const template = findTemplate(context);
      return {
        generated: true,
        evidence: m[1],
        ...(template ? { template } : {}),
        start: c.start,
        end: c.end,
      };
    }
  }
  return { generated: false, evidence: undefined };
}

/** The first template the build context shows: in its root, or one folder up. */
function findTemplate(context: BuildContext | undefined): string | undefined {
  if (!context?.known) return undefined;
  for (const dir of ['', '../']) {
    for (const name of TEMPLATES) {
      if (context.exists(`${dir}${name}`)) return `${dir}${name}`;
    }
  }
  return undefined;
}
