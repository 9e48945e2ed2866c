import type { DockerfileModel } from '../parse/model';
import type { BuildContext } from './context';
import type { Finding } from './types';

/** What hover and lens providers may read: one analysed Dockerfile version. */
export interface FeatureContext {
  model: DockerfileModel;
  findings: readonly Finding[];
  context: BuildContext;
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
}

export type HoverProvider = (ctx: FeatureContext, offset: number) => HoverPart | undefined;
export type LensProvider = (ctx: FeatureContext) => Lens[];
