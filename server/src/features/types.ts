import type { DockerfileModel } from '../parse/model';
import type { BuildContext } from '../analysis/context';
import type { ContextSummary } from '../analysis/contextSummary';
import type { Finding } from '../rules/types';

/** What hover and lens providers may read: one analysed Dockerfile version. */
export interface FeatureContext {
  model: DockerfileModel;
  findings: readonly Finding[];
  context: BuildContext;
  /** What the build context sends, when a scan has finished (the server scans off the typing path). */
  scan?: () => ContextSummary | undefined;
}

export interface HoverPart {
  markdown: string;
  start: number;
  end: number;
}

/** A code lens: a line of text shown above the instruction at `start`. */
export interface Lens {
  start: number;
  end: number;
  title: string;
  /** Shown when the pointer rests on the lens. */
  tooltip?: string;
}

export type HoverProvider = (ctx: FeatureContext, offset: number) => HoverPart | undefined;
export type LensProvider = (ctx: FeatureContext) => Lens[];
