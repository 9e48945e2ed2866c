/**
 * The kind of image a Dockerfile makes — application, base, toolchain, test or development —
 * with the evidence for it. Rules declare the roles they apply to (`RuleMeta.roles`): a base
 * image's maintainers chose root and a shell CMD on purpose, an SDK image exists to carry its
 * compilers, a test image runs its devDependencies.
 *
 * Precedence: a `# layerwise role=<role>` comment, then `.layerwise.json` `role`, then the build
 * configuration (dev containers, dev targets, other Dockerfiles built FROM this one), then what
 * the file itself shows.
 */
import type { DockerfileModel, Stage } from '../parse/model';
import { IMAGE_ROLES, isImageRole, type ImageRole, type RuleMeta } from '../rules/types';
import { stagePlatform, type Platform } from './platform';
import { feedingStages } from './stages';
import {
  installsTestBrowsers,
  keptToolchain,
  nameWords,
  programCopy,
  startCommand,
  startsNoProgram,
  testBaseImage,
  testRunnerIn,
} from './roleSignals';

export { IMAGE_ROLES, isImageRole, type ImageRole };

/** What the workspace knows about how a Dockerfile is built (all optional). */
export interface RoleFacts {
  /** `.layerwise.json` `role` for this file (its `dockerfiles` entry, else the top-level key). */
  configRole?: ImageRole;
  /** Role of the build that builds this file's target: `development` for a dev container or dev target. */
  buildRole?: 'shipped' | 'development';
  /** Where the build configuration says so, e.g. `.devcontainer/devcontainer.json`. */
  buildSource?: string;
  /** Other Dockerfiles of the workspace built FROM the image this file makes (their paths). */
  builtFromBy?: readonly string[];
  /** The Dockerfile's path relative to the workspace or scanned folder (never absolute). */
  path?: string;
}

export interface RoleDecision {
  role: ImageRole;
  /** One short sentence, for the FROM hover. */
  evidence: string;
  source: 'comment' | 'config' | 'build' | 'inferred';
}

const ROLE_COMMENT = /^layerwise[ \t]+role[ \t]*=[ \t]*([A-Za-z-]+)/i;

/**
 * The `# layerwise role=` comment for a stage: in the comment lines right above its FROM, else
 * one written before the first FROM (for the whole file).
 */
export function roleComment(
  model: DockerfileModel,
  stage: Stage,
): { role: ImageRole; line: number } | undefined {
  const comments = model.scan.comments;
  const byLine = new Map(comments.map((c) => [c.line, c]));
  const fromLine = stage.fromInstruction?.raw.startLine;
  if (fromLine !== undefined) {
    for (let l = fromLine - 1; byLine.has(l); l--) {
      const m = ROLE_COMMENT.exec(byLine.get(l)!.text);
      const role = m?.[1]?.toLowerCase();
      if (role && isImageRole(role)) return { role, line: l };
    }
  }
  const firstFrom = model.stages[0]?.fromInstruction?.raw.startLine ?? Infinity;
  for (const c of comments) {
    if (c.line >= firstFrom) break;
    const role = ROLE_COMMENT.exec(c.text)?.[1]?.toLowerCase();
    if (role && isImageRole(role)) return { role, line: c.line };
  }
  return undefined;
}

const DEVELOPMENT_WORDS = new Set(['dev', 'devel', 'develop', 'development', 'devcontainer']);
const TEST_WORDS = new Set(['test', 'tests', 'testing', 'e2e', 'playwright', 'cypress']);
const TOOLCHAIN_WORDS = new Set(['sdk', 'toolchain', 'toolchains', 'builder', 'buildenv', 'ci']);

const quoteCmd = (argv: readonly string[]): string => `\`${argv.join(' ')}\``;

/** The role of the image built with `stage` as its target. */
export function imageRole(
  model: DockerfileModel,
  stage: Stage,
  facts: RoleFacts = {},
): RoleDecision {
  const comment = roleComment(model, stage);
  if (comment) {
    return {
      role: comment.role,
      evidence: `set by the \`# layerwise role=${comment.role}\` comment on line ${comment.line + 1}`,
      source: 'comment',
    };
  }
  if (facts.configRole) {
    return {
      role: facts.configRole,
      evidence: 'set by `role` in .layerwise.json',
      source: 'config',
    };
  }
  if (facts.buildRole === 'development') {
    return {
      role: 'development',
      evidence: `built as a development image${facts.buildSource ? ` by ${facts.buildSource}` : ''}`,
      source: 'build',
    };
  }
  if (facts.builtFromBy?.length) {
    return {
      role: 'base',
      evidence: `other Dockerfiles are built FROM it (${facts.builtFromBy.slice(0, 2).join(', ')})`,
      source: 'build',
    };
  }
  return inferRole(stage, facts.path);
}

function inferRole(stage: Stage, path: string | undefined): RoleDecision {
  const inferred = (role: ImageRole, evidence: string): RoleDecision => ({
    role,
    evidence,
    source: 'inferred',
  });
  const stageWords = nameWords(stage.name);
  const pathWords = nameWords(path?.replace(/[^/\\]*$/, '')).concat(
    nameWords(path?.replace(/^.*[/\\]/, '').replace(/^dockerfile[-_.]?/i, '')),
  );
  const dev = stageWords.find((w) => DEVELOPMENT_WORDS.has(w));
  if (dev) return inferred('development', `the stage is named \`${stage.name}\``);
  if (pathWords.includes('devcontainer')) return inferred('development', `its path is ${path}`);

  const start = startCommand(stage);
  const runner = testRunnerIn([...(start.entrypoint ?? []), ...(start.cmd ?? [])]);
  if (runner) return inferred('test', `it starts the test runner \`${runner}\``);
  const testImage = testBaseImage(stage);
  if (testImage) return inferred('test', `it is built on the test-runner image \`${testImage}\``);
  const testWord = stageWords.find((w) => TEST_WORDS.has(w));
  if (testWord) return inferred('test', `the stage is named \`${stage.name}\``);
  const noProgramStarted = startsNoProgram(start);
  if (noProgramStarted && installsTestBrowsers(stage)) {
    return inferred('test', 'it installs browsers for tests and starts no program');
  }

  if (stage.instructions.some((i) => i.onbuild)) {
    return inferred('base', 'it has ONBUILD instructions: it is meant to be built FROM');
  }
  const copy = programCopy(stage);
  const what = start.cmd ?? start.entrypoint;
  if (copy) {
    const words = copy.words.map((w) => w.text).join(' ');
    const copied = words.length > 40 ? `${words.slice(0, 39)}…` : words;
    return inferred(
      'application',
      `it copies a program in (\`${copy.keyword} ${copied}\`)${what ? ` and runs ${quoteCmd(what)}` : ''}`,
    );
  }
  const toolWord =
    stageWords.find((w) => TOOLCHAIN_WORDS.has(w)) ?? pathWords.find((w) => TOOLCHAIN_WORDS.has(w));
  if (toolWord && noProgramStarted) {
    return inferred(
      'toolchain',
      `${stageWords.includes(toolWord) ? `the stage is named \`${stage.name}\`` : `its path is ${path}`}, and it copies no program in`,
    );
  }
  const toolchain = noProgramStarted ? keptToolchain(stage) : undefined;
  if (toolchain) {
    return inferred(
      'toolchain',
      `it keeps a toolchain (\`${toolchain}\`), copies no program in and starts none`,
    );
  }
  if (noProgramStarted) {
    return inferred(
      'base',
      what
        ? `it copies no program in and starts a shell or interpreter (${quoteCmd(what)})`
        : 'it copies no program in and sets no CMD',
    );
  }
  return inferred(
    'application',
    what ? `it runs ${quoteCmd(what)}` : 'the default: nothing marks it as another kind of image',
  );
}

/**
 * The role that judges a stage: the shipped image's role for the stages that feed it (the
 * final stage, the stages it is built FROM and copies from); a stage that does not feed it is
 * judged as the image it would make as a target (facts from the build apply to the target only).
 */
export function stageRole(
  model: DockerfileModel,
  stage: Stage,
  facts: RoleFacts = {},
): RoleDecision {
  const final = model.finalStage;
  if (!final || stage.index < 0) return { role: 'application', evidence: '', source: 'inferred' };
  if (feedingStages(model).has(stage)) return imageRole(model, final, facts);
  return imageRole(model, stage, { path: facts.path, configRole: undefined });
}

/** The stage an offset of the document falls in (the instructions before the first FROM: none). */
export function stageAt(model: DockerfileModel, offset: number): Stage | undefined {
  let found: Stage | undefined;
  for (const s of model.stages) {
    const start = s.fromInstruction?.start ?? Infinity;
    if (start <= offset) found = s;
    else break;
  }
  return found;
}

/** Whether a rule applies to an image of this role on this platform (absent lists: all). */
export function ruleAppliesTo(
  meta: Pick<RuleMeta, 'roles' | 'platforms'>,
  role: ImageRole,
  platform: Platform,
): boolean {
  return (
    (!meta.roles || meta.roles.includes(role)) &&
    (!meta.platforms || meta.platforms.includes(platform))
  );
}

/**
 * For the runner: whether a rule's finding at `offset` stands, given the role and platform of
 * the stage it is in. Findings before the first FROM (or in a file with no stage) always stand.
 */
export function findingApplies(
  model: DockerfileModel,
  meta: Pick<RuleMeta, 'roles' | 'platforms'>,
  offset: number,
  facts: RoleFacts = {},
): boolean {
  return findingJudge(model, facts)(meta, offset);
}

/**
 * {@link findingApplies} for one analysis: each stage's role and platform are worked out once,
 * not once per finding (the runner asks for every finding of every rule, on every keystroke).
 */
export function findingJudge(
  model: DockerfileModel,
  facts: RoleFacts = {},
): (meta: Pick<RuleMeta, 'roles' | 'platforms'>, offset: number) => boolean {
  const judged = new Map<Stage, { role: ImageRole; platform: ReturnType<typeof stagePlatform> }>();
  return (meta, offset) => {
    if (!meta.roles && !meta.platforms) return true;
    const stage = stageAt(model, offset);
    if (!stage) return true;
    let j = judged.get(stage);
    if (!j) {
      j = { role: stageRole(model, stage, facts).role, platform: stagePlatform(stage) };
      judged.set(stage, j);
    }
    return ruleAppliesTo(meta, j.role, j.platform);
  };
}
