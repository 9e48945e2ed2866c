import { SETTINGS_SCHEMA, SETTINGS_SECTION, SEVERITY_SETTINGS } from '../../shared/src/settings';
import { ALL_RULES } from './rules';

const SEVERITY_NAMES = {
  error: 'error',
  warning: 'warning',
  info: 'information',
  hint: 'hint',
} as const;

/** package.json `contributes.configuration`, generated from the shared schema and the registry. */
export function configurationContribution(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(SETTINGS_SCHEMA)) {
    properties[`${SETTINGS_SECTION}.${key}`] = {
      ...schema,
      scope: key === 'trace.server' ? 'window' : 'resource',
    };
  }
  const ruleProps: Record<string, unknown> = {};
  for (const r of [...ALL_RULES].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    ruleProps[r.meta.id] = {
      type: 'string',
      enum: [...SEVERITY_SETTINGS],
      markdownDescription: `${r.meta.docs.summary} (default: \`${SEVERITY_NAMES[r.meta.severity]}\`)`,
    };
  }
  properties[`${SETTINGS_SECTION}.rules`] = {
    ...(properties[`${SETTINGS_SECTION}.rules`] as object),
    properties: ruleProps,
    additionalProperties: false,
  };
  return { title: 'Layerwise', properties };
}
