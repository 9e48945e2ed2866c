import * as path from 'node:path';
/** The language service of Dockerfiles. */
import { UNKNOWN_CONTEXT } from '../analysis/context';
import { contextWideCopies, contextWideSourceAt } from '../features/lenses/contextSize';
import { fsContext } from '../disk/fsContext';
import { fixAll } from '../engine/fixAll';
import { lintDockerfile } from '../engine/lint';
import { ignoreEdit, UNUSED_SUPPRESSION } from '../engine/suppressions';
import type { FeatureContext } from '../features/types';
import { hoverAt } from '../features/hovers';
import { lensesFor } from '../features/lenses';
import type { ContextSummary } from '../analysis/contextSummary';
import { LineIndex } from '../parse/text';
import { DOCKERFILE_RULES } from '../rules';
import type {
  DocumentAnalysis,
  DocumentInput,
  FileSettings,
  LanguageService,
  ProjectHost,
  SuppressAction,
} from './types';

function contextOf(doc: DocumentInput, host: ProjectHost) {
  if (!doc.path) return UNKNOWN_CONTEXT;
  return fsContext(doc.path, host.contextDirFor(doc.path), host.overlay, host.diskFacts);
}

function lintOptions(settings: FileSettings, host: ProjectHost) {
  return {
    registry: host.registry,
    rules: settings.rules,
    target: settings.target,
    maxChars: settings.maxChars,
    timeBudgetMs: settings.timeBudgetMs,
  };
}

function features(analysis: DocumentAnalysis, scan?: ContextSummary): FeatureContext | undefined {
  if (!analysis.model) return undefined;
  return {
    model: analysis.model,
    findings: analysis.findings,
    context: analysis.context,
    scan: () => scan,
  };
}

export const dockerfileService: LanguageService = {
  analyze(doc, settings, host, previous) {
    const context = contextOf(doc, host);
    const result = lintDockerfile(doc.text, {
      ...lintOptions(settings, host),
      context,
      reportUnusedSuppressions: settings.reportUnusedSuppressions,
      // Typing re-parses only the instructions it touched.
      previous: previous?.model,
      incremental: true,
    });
    return {
      kind: 'dockerfile',
      path: doc.path,
      version: doc.version,
      text: doc.text,
      lines: previous?.text === doc.text ? previous.lines : new LineIndex(doc.text),
      findings: result.findings,
      notices: result.notices,
      errors: result.errors,
      context,
      model: result.model,
    };
  },

  fixAll(doc, settings, host, options) {
    const context = contextOf(doc, host);
    const base = { ...lintOptions(settings, host), context, reportUnusedSuppressions: false };
    return fixAll(doc.text, (t) => lintDockerfile(t, base).findings, options);
  },

  suppressActions(analysis, ruleId, offset) {
    const model = analysis.model;
    // An unused ignore comment is not silenced by another comment: its fix removes it.
    if (!model || ruleId === UNUSED_SUPPRESSION) return [];
    const out: SuppressAction[] = [];
    for (const scope of ['instruction', 'file'] as const) {
      const edit = ignoreEdit(model, DOCKERFILE_RULES, ruleId, offset, scope);
      const where = scope === 'instruction' ? 'for this instruction' : 'in this file';
      if (edit) out.push({ title: `Ignore ${ruleId} ${where}`, scope, edit });
    }
    return out;
  },

  readsFile(analysis, file) {
    if (!analysis.path) return false;
    if (file === `${analysis.path}.dockerignore`) return true;
    // The context root of this analysis (settings may move it), else the Dockerfile's folder.
    const root = analysis.context.root || path.dirname(analysis.path);
    return path.basename(file) === '.dockerignore' && path.dirname(file) === root;
  },

  async hover(analysis, offset, scans) {
    const model = analysis.model;
    if (!model) return undefined;
    const scan = contextWideSourceAt(model, offset)
      ? await scans.size(analysis.context)
      : undefined;
    const ctx = features(analysis, scan);
    return ctx && hoverAt(ctx, offset);
  },

  async lenses(analysis, mode, scans) {
    const model = analysis.model;
    if (!model || mode === 'off') return [];
    // The context scan runs here, on request, never on the typing path.
    const scan =
      contextWideCopies(model).length > 0 ? await scans.size(analysis.context) : undefined;
    const ctx = features(analysis, scan);
    return ctx ? lensesFor(ctx, mode) : [];
  },
};
