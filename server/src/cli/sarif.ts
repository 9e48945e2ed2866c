/**
 * SARIF 2.1.0 output (GitHub code scanning, Azure DevOps, IDE viewers). Every registry rule is
 * described with its docs page as helpUri, so a code-scanning alert links to the rule's page.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl } from '../../../shared/src/docsUrl';
import { UNUSED_SUPPRESSION } from '../engine/suppressions';
import type { RuleMeta, Severity } from '../rules/types';
import type { CliFinding } from './format';

export const PROJECT_URL = 'https://github.com/layerwise/layerwise';
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A problem in a config file, or a rule that failed, reported next to the results. */
export interface SarifNotification {
  level: 'error' | 'warning' | 'note';
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

/** GitHub's `problem.severity` for non-security rules. */
const PROBLEM: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'recommendation',
  hint: 'recommendation',
};

function pascal(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function plain(markdown: string): string {
  return markdown.replace(/`|\*\*/g, '');
}

function descriptor(meta: RuleMeta): Record<string, unknown> {
  const d = meta.docs;
  const url = docsUrl(meta.id);
  return {
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: plain(d.summary), markdown: d.summary },
    fullDescription: { text: plain(d.why), markdown: d.why },
    helpUri: url,
    help: {
      text: `${plain(d.summary)} ${plain(d.why)}${d.fix ? ` ${plain(d.fix)}` : ''} See ${url}`,
      markdown: `${d.summary}\n\n${d.why}\n\n${d.fix ? `${d.fix}\n\n` : ''}[Rule documentation](${url})`,
    },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['dockerfile', meta.category],
      precision: 'high',
      'problem.severity': PROBLEM[meta.severity],
      ...(meta.aliases?.length ? { aliases: meta.aliases } : {}),
    },
  };
}

const EXTRA: Record<string, { name: string; text: string; level: 'warning' | 'note' }> = {
  [UNUSED_SUPPRESSION]: {
    name: 'UnusedSuppression',
    text: 'An ignore comment that suppresses nothing.',
    level: 'warning',
  },
  layerwise: {
    name: 'NotAnalysed',
    text: 'A file Layerwise did not analyse (binary, or over the size limit).',
    level: 'note',
  },
};

function artifactLocation(file: string): Record<string, unknown> {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const uri = file
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join('/');
  return { uri, uriBaseId: 'SRCROOT' };
}

export function formatSarif(
  findings: readonly CliFinding[],
  rules: readonly { meta: RuleMeta }[],
  options: { version: string; cwd: string; notifications?: SarifNotification[] },
): string {
  const descriptors = [...rules]
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
    .map((r) => descriptor(r.meta));
  const index = new Map<string, number>(descriptors.map((d, i) => [d['id'] as string, i]));
  for (const f of findings) {
    if (index.has(f.rule)) continue;
    const extra = EXTRA[f.rule] ?? {
      name: pascal(f.rule),
      text: f.rule,
      level: 'warning' as const,
    };
    index.set(f.rule, descriptors.length);
    descriptors.push({
      id: f.rule,
      name: extra.name,
      shortDescription: { text: extra.text },
      helpUri: `${PROJECT_URL}#${f.rule === UNUSED_SUPPRESSION ? 'suppressions' : 'command-line'}`,
      defaultConfiguration: { level: extra.level },
    });
  }
  const results = findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule)!,
    level: LEVEL[f.severity],
    message: { text: f.message },
    ...(f.bytes !== undefined ? { properties: { bytes: f.bytes } } : {}),
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.file),
          region: {
            startLine: f.line,
            startColumn: f.column,
            endLine: f.endLine,
            endColumn: f.endColumn,
          },
        },
      },
    ],
  }));
  const notes = options.notifications ?? [];
  const notification = (n: SarifNotification): Record<string, unknown> => ({
    level: n.level,
    message: { text: n.message },
    ...(n.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(n.file),
                ...(n.line ? { region: { startLine: n.line, startColumn: n.column ?? 1 } } : {}),
              },
            },
          ],
        }
      : {}),
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Layerwise',
            informationUri: PROJECT_URL,
            version: options.version,
            ...(/^\d+\.\d+\.\d+/.test(options.version) ? { semanticVersion: options.version } : {}),
            rules: descriptors,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolConfigurationNotifications: notes.filter((n) => n.file).map(notification),
            toolExecutionNotifications: notes.filter((n) => !n.file).map(notification),
          },
        ],
        originalUriBaseIds: {
          SRCROOT: {
            uri: pathToFileURL(
              options.cwd.endsWith(path.sep) ? options.cwd : options.cwd + path.sep,
            ).href,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
