/** The rule registry: an explicit list, sorted by id. Adapters never import a rule by name. */
import type { AnyRule, DockerfileRule, DockerignoreRule } from './types';
import { rule as addRemoteArchive } from './add-remote-archive';
import { rule as apkNoCache } from './apk-no-cache';
import { rule as aptListsNotCleaned } from './apt-lists-not-cleaned';
import { rule as aptNoInstallRecommends } from './apt-no-install-recommends';
import { rule as aptUpdateAlone } from './apt-update-alone';
import { rule as buildToolsInFinalStage } from './build-tools-in-final-stage';
import { rule as chownInSeparateLayer } from './chown-in-separate-layer';
import { rule as cleanupInSeparateLayer } from './cleanup-in-separate-layer';
import { rule as consecutiveRun } from './consecutive-run';
import { rule as copyAllBeforeInstall } from './copy-all-before-install';
import { rule as copyWholeStage } from './copy-whole-stage';
import { rule as dockerignoreCommentNotFirst } from './dockerignore-comment-not-first';
import { rule as dockerignoreDuplicate } from './dockerignore-duplicate';
import { rule as dockerignoreExcludesCopied } from './dockerignore-excludes-copied';
import { rule as dockerignoreIneffectiveNegation } from './dockerignore-ineffective-negation';
import { rule as dockerignoreInvalidPattern } from './dockerignore-invalid-pattern';
import { rule as dockerignoreMissing } from './dockerignore-missing';
import { rule as dockerignoreMissingEntry } from './dockerignore-missing-entry';
import { rule as fullBaseImage } from './full-base-image';
import { rule as generatedFile } from './generated-file';
import { rule as goCgoStatic } from './go-cgo-static';
import { rule as goStripSymbols } from './go-strip-symbols';
import { rule as latestTag } from './latest-tag';
import { rule as missingCacheMount } from './missing-cache-mount';
import { rule as npmCacheNotCleaned } from './npm-cache-not-cleaned';
import { rule as npmDevDependencies } from './npm-dev-dependencies';
import { rule as npmInstallNotCi } from './npm-install-not-ci';
import { rule as pipNoCacheDir } from './pip-no-cache-dir';
import { rule as pkgCacheNotCleaned } from './pkg-cache-not-cleaned';
import { rule as rootUser } from './root-user';
import { rule as secretFileCopied } from './secret-file-copied';
import { rule as secretInArgEnv } from './secret-in-arg-env';
import { rule as singleStageBuild } from './single-stage-build';
import { rule as stableLayerAfterCopy } from './stable-layer-after-copy';
import { rule as unusedStage } from './unused-stage';

export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  addRemoteArchive,
  apkNoCache,
  aptListsNotCleaned,
  aptNoInstallRecommends,
  aptUpdateAlone,
  buildToolsInFinalStage,
  chownInSeparateLayer,
  cleanupInSeparateLayer,
  consecutiveRun,
  copyAllBeforeInstall,
  copyWholeStage,
  dockerignoreExcludesCopied,
  dockerignoreMissing,
  fullBaseImage,
  generatedFile,
  goCgoStatic,
  goStripSymbols,
  latestTag,
  missingCacheMount,
  npmCacheNotCleaned,
  npmDevDependencies,
  npmInstallNotCi,
  pipNoCacheDir,
  pkgCacheNotCleaned,
  rootUser,
  secretFileCopied,
  secretInArgEnv,
  singleStageBuild,
  stableLayerAfterCopy,
  unusedStage,
];

/** Rules that run on `.dockerignore` files (lintDockerignore). */
export const DOCKERIGNORE_RULES: readonly DockerignoreRule[] = [
  dockerignoreCommentNotFirst,
  dockerignoreDuplicate,
  dockerignoreIneffectiveNegation,
  dockerignoreInvalidPattern,
  dockerignoreMissingEntry,
];

/** Both registries, sorted by id. */
export const ALL_RULES: readonly AnyRule[] = [...DOCKERFILE_RULES, ...DOCKERIGNORE_RULES].sort(
  (a, b) => (a.meta.id < b.meta.id ? -1 : 1),
);
