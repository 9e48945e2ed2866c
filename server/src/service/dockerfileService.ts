import * as path from 'node:path';
/** The language service of Dockerfiles. */
import { UNKNOWN_CONTEXT } from '../analysis/context';
import { contextWideCopies, contextWideSourceAt } from '../features/lenses/contextSize';
import { stageRole } from '../analysis/roles';
import { fsContext } from '../disk/fsContext';
import { fixAll } from '../engine/fixAll';
import { lintDockerfile } from '../engine/lint';
import { ignoreEdit, UNUSED_SUPPRESSION } from '../engine/suppressions';
import type { FeatureContext } from '../features/types';
import { hoverAt } from '../features/hovers';
import { lensesFor } from '../features/lenses';
import type { ContextSummary } from '../analysis/contextSummary';
import type { DockerfileModel } from '../parse/model';
import { LineIndex } from '../parse/text';
import { DOCKERFILE_RULES } from '../rules';
import { planBuilds, recordContextFix, type BuildPlan } from './buildPlan';
import type {
  DocumentAnalysis,
  DocumentInput,
  FileSettings,
  LanguageService,
  ProjectHost,
  SuppressAction,
} from './types';

/** The build analysed and its context (none known for an unsaved document or stdin). */
function setup(doc: DocumentInput, settings: FileSettings, host: ProjectHost) {
  if (!doc.path) return { plan: undefined, context: UNKNOWN_CONTEXT };
  const plan = planBuilds(doc.path, settings, host, doc.text);
  const context = fsContext(doc.path, plan.chosen.context, host.overlay, host.diskFacts);
  return { plan, context };
}

function lintOptions(settings: FileSettings, host: ProjectHost, plan: BuildPlan | undefined) {
  return {
    registry: host.registry,
    rules: settings.rules,
    target: plan?.chosen.target ?? settings.target,
    build: plan?.facts,
    roleFacts: plan?.roleFacts ?? (settings.role ? { configRole: settings.role } : undefined),
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
    ...(shipped(analysis) ? { shippedStages: shipped(analysis) } : {}),
  };
}

/** The stages the shipped builds make (names, or the last stage's index without a target). */
function shipped(analysis: DocumentAnalysis): ReadonlySet<string> | undefined {
  const builds = analysis.plan?.builds.filter((b) => b.role === 'shipped') ?? [];
  if (!builds.some((b) => b.target)) return undefined;
  const last = (analysis.model?.stages.length ?? 1) - 1;
  return new Set(builds.map((b) => b.target?.toLowerCase() ?? String(last)));
}

export const dockerfileService: LanguageService = {
  analyze(doc, settings, host, previous) {
    const { plan, context } = setup(doc, settings, host);
    const result = lintDockerfile(doc.text, {
      ...lintOptions(settings, host, plan),
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
      ...(plan ? { plan } : {}),
    };
  },

  fixAll(doc, settings, host, options) {
    const { plan, context } = setup(doc, settings, host);
    const base = { ...lintOptions(settings, host, plan), context, reportUnusedSuppressions: false };
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

  refactorsAt(analysis, offset) {
    const model = analysis.model;
    if (!model || !analysis.plan || !analysis.path || !stageOfFrom(model, offset)) return [];
    const fix = recordContextFix(analysis.plan, analysis.path);
    return fix ? [fix] : [];
  },

  async hover(analysis, offset, scans) {
    const model = analysis.model;
    if (!model) return undefined;
    const scan = contextWideSourceAt(model, offset)
      ? await scans.size(analysis.context)
      : undefined;
    const ctx = features(analysis, scan);
    const part = ctx && hoverAt(ctx, offset);
    // On a FROM: how the image is built (never silent about a guessed context).
    const stage = analysis.plan && stageOfFrom(model, offset);
    const from = stage?.fromInstruction;
    if (!stage || !from) return part;
    const role = stageRole(model, stage, analysis.plan!.roleFacts);
    const why = role.evidence ? ` — ${role.evidence}` : '';
    const build = `**Build:** ${analysis.plan!.description}  \n**Role:** ${role.role}${why}`;
    return part
      ? { ...part, markdown: `${part.markdown}\n\n---\n\n${build}` }
      : { markdown: build, start: from.start, end: from.end };
  },

  async lenses(analysis, mode, scans) {
    const model = analysis.model;
    if (!model || mode === 'off') return [];
    // The context scan runs here, on request, never on the typing path.
    const scan =
      contextWideCopies(model).length > 0 ? await scans.size(analysis.context) : undefined;
    const ctx = features(analysis, scan);
    const lenses = ctx ? lensesFor(ctx, mode) : [];
    // How the image is built, above the FROM of the stage built, when a configuration or an
    // inference (not the default) decided it.
    const plan = analysis.plan;
    const stage = model.finalStage;
    if (plan && stage?.fromInstruction && plan.chosen.origin !== 'default') {
      const at = stage.fromInstruction.start;
      const title =
        plan.description.length > 80 ? `${plan.description.slice(0, 77)}…` : plan.description;
      lenses.unshift({ start: at, end: at, title, tooltip: plan.description, kind: 'build' });
    }
    return lenses;
  },
};

/** The stage whose FROM instruction holds an offset, if any. */
function stageOfFrom(model: DockerfileModel, offset: number) {
  return model.stages.find(
    (s) =>
      s.fromInstruction && offset >= s.fromInstruction.start && offset <= s.fromInstruction.end,
  );
}
