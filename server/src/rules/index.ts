/** The rule registry: an explicit list, sorted by id. Adapters never import a rule by name. */
import type { DockerfileRule } from '../engine/types';
import { rule as aptListsNotCleaned } from './apt-lists-not-cleaned';
import { rule as aptNoInstallRecommends } from './apt-no-install-recommends';
import { rule as copyAllBeforeInstall } from './copy-all-before-install';
import { rule as dockerignoreMissing } from './dockerignore-missing';
import { rule as fullBaseImage } from './full-base-image';
import { rule as missingCacheMount } from './missing-cache-mount';
import { rule as pipNoCacheDir } from './pip-no-cache-dir';

export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  aptListsNotCleaned,
  aptNoInstallRecommends,
  copyAllBeforeInstall,
  dockerignoreMissing,
  fullBaseImage,
  missingCacheMount,
  pipNoCacheDir,
];

export const ALL_RULES = DOCKERFILE_RULES;
