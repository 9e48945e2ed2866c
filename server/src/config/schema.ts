/**
 * The JSON Schema of `.layerwise.json`, generated from the rule registry. `npm run sync-manifest`
 * writes it to schemas/layerwise.schema.json (contributed to VS Code through jsonValidation) and a
 * test checks the file is current and agrees with the parser in config.ts.
 */
import type { RuleMeta } from '../rules/types';
import { FAIL_LEVELS, RULE_LEVELS } from './config';
import { IMAGE_ROLES } from '../rules/types';

export const SCHEMA_PATH = 'schemas/layerwise.schema.json';

const SEVERITY_NAMES = { error: 'error', warning: 'warning', info: 'info', hint: 'hint' } as const;

export function configSchema(rules: readonly { meta: RuleMeta }[]): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const r of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    ruleProps[r.meta.id] = {
      enum: [...RULE_LEVELS],
      markdownDescription: `${r.meta.docs.summary} (default: \`${SEVERITY_NAMES[r.meta.severity]}\`)`,
    };
  }
  const nonEmpty = { type: 'string', minLength: 1, pattern: '\\S' };
  const roleSchema = {
    enum: [...IMAGE_ROLES],
    markdownDescription:
      'The kind of image the Dockerfile makes, when Layerwise’s evidence is wrong: `application`, `base` (built FROM by others), `toolchain` (SDK, compiler or CI image), `test` or `development`. Rules judge each kind by what it is for; a `# layerwise role=<role>` comment in the file wins.',
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Layerwise project configuration (.layerwise.json)',
    description:
      'Settings shared by the Layerwise editor extension and the layerwise CLI for the Dockerfiles below this folder.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        type: 'object',
        markdownDescription:
          'Severity per rule id: `off`, `hint`, `info`, `warning` or `error`. VS Code `layerwise.rules` settings win over these.',
        properties: ruleProps,
        additionalProperties: false,
      },
      ignore: {
        type: 'array',
        markdownDescription:
          'Path patterns (relative to this file) of Dockerfiles not to analyse, gitignore-style: `vendor/`, `**/testdata/**`, `Dockerfile.legacy`.',
        items: nonEmpty,
      },
      failLevel: {
        enum: [...FAIL_LEVELS],
        markdownDescription:
          'The lowest severity that makes `layerwise check` exit with status 1 (default `warning`; `none` never fails). `--fail-level` wins.',
      },
      target: {
        ...nonEmpty,
        markdownDescription:
          'The build target: the stage treated as the shipped image (default: the last stage). `--target` wins.',
      },
      role: roleSchema,
      dockerfiles: {
        type: 'object',
        markdownDescription:
          'Per-Dockerfile settings by path pattern (relative to this file); the first matching pattern applies. Example: `{ "docker/api.Dockerfile": { "context": ".", "target": "runtime" } }`.',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            context: {
              ...nonEmpty,
              markdownDescription:
                'The build context folder, relative to this file (default: the Dockerfile’s folder). It must lie inside the workspace folder or repository holding this file, links resolved; otherwise it is ignored.',
            },
            target: {
              ...nonEmpty,
              markdownDescription: 'The build target stage for this Dockerfile.',
            },
            role: roleSchema,
          },
        },
      },
      reportUnusedSuppressions: {
        type: 'boolean',
        markdownDescription:
          'Report `# layerwise ignore=` comments that suppress nothing (default `false`).',
      },
    },
  };
}

/** The schema file's text, as `npm run sync-manifest` writes it. */
export function configSchemaText(rules: readonly { meta: RuleMeta }[]): string {
  return `${JSON.stringify(configSchema(rules), null, 2)}\n`;
}
