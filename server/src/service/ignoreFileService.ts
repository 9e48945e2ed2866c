import * as path from 'node:path';
/**
 * The language service of `.dockerignore` files: the context the file filters and the Dockerfiles
 * it serves come from the disk and the editors' text (disk/ignoreContext.ts).
 */
import { contextSizeTitle, contextSizeTooltip } from '../analysis/contextSummary';
import { UNKNOWN_CONTEXT, type BuildContext } from '../analysis/context';
import { ignoreFileSetup } from '../disk/ignoreContext';
import { fixAll } from '../engine/fixAll';
import { ignoreFileSuppressEdit, lintDockerignore } from '../engine/lintDockerignore';
import { ruleHoverMarkdown } from '../features/hovers/rule';
import { parseDockerignore } from '../parse/dockerignore';
import { kindOfDocument } from '../parse/fileKind';
import { buildModel } from '../parse/model';
import { LineIndex } from '../parse/text';
import { ALL_RULES } from '../rules';
import type { RuleMeta } from '../rules/types';
import { contextDirOf } from './buildPlan';
import { patternMarkdown } from './patternHover';
import type {
  DocumentInput,
  FileSettings,
  LanguageService,
  ProjectHost,
  SuppressAction,
} from './types';

let metaById: Map<string, RuleMeta> | undefined;
function ruleMeta(id: string): RuleMeta | undefined {
  metaById ??= new Map(ALL_RULES.map((r) => [r.meta.id, r.meta]));
  return metaById.get(id);
}

function lint(doc: DocumentInput, settings: FileSettings, host: ProjectHost, text = doc.text) {
  const options = { rules: settings.rules, maxChars: settings.maxChars };
  if (!doc.path) return { ...lintDockerignore(text, options), context: UNKNOWN_CONTEXT };
  const setup = ignoreFileSetup(doc.path, text, {
    contextDirFor: (f) => contextDirOf(f, host),
    overlay: host.overlay,
    candidates: host.openDockerfiles?.(),
  });
  const result = lintDockerignore(text, {
    ...options,
    context: setup.context,
    dockerfiles: setup.dockerfiles.map((d) => buildModel(d.text)),
  });
  return { ...result, context: setup.context };
}

export const ignoreFileService: LanguageService = {
  analyze(doc, settings, host) {
    const r = lint(doc, settings, host);
    return {
      kind: 'dockerignore',
      path: doc.path,
      version: doc.version,
      text: doc.text,
      lines: new LineIndex(doc.text),
      findings: r.findings,
      notices: r.notices,
      errors: r.errors,
      context: r.context,
    };
  },

  fixAll(doc, settings, host, options) {
    return fixAll(doc.text, (t) => lint(doc, settings, host, t).findings, options);
  },

  /**
   * A `# layerwise ignore=` line above the pattern silences the findings on that pattern's line;
   * a global one silences the rule in the whole file.
   */
  suppressActions(analysis, ruleId, offset) {
    const out: SuppressAction[] = [];
    const line = analysis.lines.lineAt(offset);
    const onPattern = parseDockerignore(analysis.text).patterns.some((p) => p.line === line);
    for (const scope of ['pattern', 'file'] as const) {
      if (scope === 'pattern' && !onPattern) continue;
      const edit = ignoreFileSuppressEdit(analysis.text, ruleId, offset, scope);
      const where = scope === 'pattern' ? 'for this pattern' : 'in this file';
      if (edit) out.push({ title: `Ignore ${ruleId} ${where}`, scope, edit });
    }
    return out;
  },

  readsFile(analysis, file, host) {
    if (!analysis.path || kindOfDocument(path.basename(file)) !== 'dockerfile') return false;
    if (analysis.path === `${file}.dockerignore`) return true;
    return (
      path.basename(analysis.path) === '.dockerignore' &&
      path.resolve(contextDirOf(file, host)) === path.dirname(analysis.path)
    );
  },

  refactorsAt: () => [],

  /** On a pattern: how many context files it matches and decides; on a finding: its rule. */
  async hover(analysis, offset, scans) {
    const file = parseDockerignore(analysis.text);
    const index = file.patterns.findIndex((p) => offset >= p.start && offset <= p.end);
    const parts: string[] = [];
    let range: { start: number; end: number } | undefined;
    const pattern = index >= 0 ? file.patterns[index] : undefined;
    const context: BuildContext = analysis.context;
    if (pattern && pattern.error === undefined && pattern.cleaned !== '' && context.known) {
      range = pattern;
      const stats = await scans.patterns(context.root, analysis.text);
      if (stats) parts.push(patternMarkdown(pattern.negated, stats.patterns[index]!, stats));
    }
    const hits = analysis.findings.filter(
      (f) => offset >= f.start && offset <= f.end && ruleMeta(f.ruleId),
    );
    for (const id of new Set(hits.map((f) => f.ruleId)))
      parts.push(ruleHoverMarkdown(ruleMeta(id)!));
    range ??= hits[0];
    if (parts.length === 0 || !range) return undefined;
    return { markdown: parts.join('\n\n---\n\n'), start: range.start, end: range.end };
  },

  /** The lens at the top of the file: what the context sends with it. */
  async lenses(analysis, mode, scans) {
    if (mode === 'off') return [];
    const s = await scans.size(analysis.context);
    if (!s) return [];
    return [
      {
        start: 0,
        end: 0,
        title: contextSizeTitle(s),
        tooltip: contextSizeTooltip(s),
        kind: 'context',
      },
    ];
  },
};
