import {
  ALPINE_PITFALLS,
  alt,
  finishInfo,
  setSize,
  joinTag,
  parseLibraryTag,
  windowsInfo,
  withTag,
  type Describer,
} from './common';
import { SIZES } from './figures';
import type { Alternative, SizeFigure } from './types';

/**
 * Server images whose default tag is already built on a Debian slim base and that also publish
 * `-alpine`. Their default is not a "full" variant in the full-base-image sense: nothing like a
 * `-slim` tag exists, and Alpine is a trade-off rather than a strict improvement.
 */
interface ServiceSpec {
  family: string;
  familyTitle: string;
  aliases: readonly string[];
  suits: string;
  /** Measured figures apply to every tag of the variant, labelled with the measured tag. */
  size?: SizeFigure;
  alpineSize?: SizeFigure;
  alpinePitfalls?: readonly string[];
  /** Tokens that are real variants of this image and may appear in tags. */
  flags?: readonly string[];
}

const SERVICES: Readonly<Record<string, ServiceSpec>> = {
  nginx: {
    family: 'nginx',
    familyTitle: 'NGINX (Docker Official Image)',
    aliases: ['stable', 'mainline'],
    suits: 'serving static files and reverse proxying',
    size: SIZES.nginx,
    alpineSize: SIZES.nginxAlpine,
    flags: ['perl', 'otel'],
  },
  httpd: {
    family: 'httpd',
    familyTitle: 'Apache httpd (Docker Official Image)',
    aliases: [],
    suits: 'serving static files and Apache module-based setups',
  },
  postgres: {
    family: 'postgres',
    familyTitle: 'PostgreSQL (Docker Official Image)',
    aliases: [],
    suits: 'running PostgreSQL (usually as a service, not a base for your app)',
    size: SIZES.postgres,
    alpineSize: SIZES.postgresAlpine,
    alpinePitfalls: [
      'collations that rely on libc locales behave differently under musl; prefer ICU collations',
    ],
  },
  redis: {
    family: 'redis',
    familyTitle: 'Redis (Docker Official Image)',
    aliases: [],
    suits: 'running Redis (usually as a service, not a base for your app)',
    size: SIZES.redis,
    alpineSize: SIZES.redisAlpine,
  },
};

const describeService: Describer = (ctx) => {
  const spec = SERVICES[ctx.repo];
  if (!spec) return undefined;
  const t = parseLibraryTag(ctx.tag, spec.aliases);
  if (t.windows) return windowsInfo(ctx, spec.family, spec.familyTitle, t.windows, t.version);
  const isAlpine = t.alpine !== undefined;
  const understood = [...t.flags].every((f) => spec.flags?.includes(f));
  const alternatives: Alternative[] = [];
  if (!isAlpine && understood && t.flags.size === 0) {
    alternatives.push(
      alt(
        withTag(ctx.name, joinTag(t.version, 'alpine')),
        'alpine',
        'musl; usually smaller',
        spec.alpineSize,
      ),
    );
  }
  if (spec.family === 'nginx' && !t.slim && understood && t.flags.size === 0) {
    alternatives.push(
      alt(
        withTag(ctx.name, joinTag(t.version, 'alpine', 'slim')),
        'alpine',
        'Alpine without the extra modules (njs, image filter, …)',
      ),
    );
  }
  const info = finishInfo(
    {
      family: spec.family,
      familyTitle: spec.familyTitle,
      variant: isAlpine ? 'alpine' : 'other',
      variantTitle: isAlpine
        ? `alpine${t.slim ? '-slim' : ''} (musl)`
        : `default (Debian${t.suite ? ` ${t.suite}` : ''} slim base)`,
      libc: isAlpine ? 'musl' : 'glibc',
      shell: true,
      packageManager: isAlpine ? 'apk' : 'apt',
      suits: spec.suits,
      pitfalls: isAlpine
        ? [...(spec.alpinePitfalls ?? []), ...ALPINE_PITFALLS]
        : ['already built on a slim Debian base; `-alpine` trims it further at the cost of musl'],
      alternatives,
      isFullVariant: false,
    },
    withTag(ctx.name, ctx.tag),
  );
  if (t.version !== undefined) info.version = t.version;
  // Only the default and plain alpine variants were measured.
  const size = t.flags.size > 0 || t.slim ? undefined : isAlpine ? spec.alpineSize : spec.size;
  setSize(info, size);
  return info;
};

export const SERVICE_DESCRIBERS: readonly Describer[] = [describeService];
