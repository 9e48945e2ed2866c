import {
  ALPINE_PITFALLS,
  FACTS,
  alt,
  finishInfo,
  joinTag,
  majorOf,
  parseLibraryTag,
  setSize,
  windowsInfo,
  withTag,
  type Describer,
} from './common';
import { SIZES } from './figures';
import type { Alternative, Libc, SizeFigure, VariantKind } from './types';

/** Temurin LTS lines that publish JRE images, for suggestions from the deprecated openjdk image. */
const TEMURIN_LTS = new Set([8, 11, 17, 21, 25]);

interface JavaShape {
  kind: VariantKind;
  title: string;
  libc: Libc;
  packageManager: string;
  size?: SizeFigure;
}

const describeTemurin: Describer = (ctx) => {
  if (ctx.repo !== 'eclipse-temurin') return undefined;
  const t = parseLibraryTag(ctx.tag);
  if (t.windows)
    return windowsInfo(
      ctx,
      'eclipse-temurin',
      'Eclipse Temurin (Docker Official Image)',
      t.windows,
      t.version,
    );
  const jre = t.flags.has('jre');
  const ubi = [...t.flags].some((f) => f.startsWith('ubi'));
  const understood = [...t.flags].every(
    (f) => f === 'jre' || f === 'jdk' || f.startsWith('ubi') || f === 'minimal',
  );
  const what = jre ? 'JRE' : 'JDK';
  const shape: JavaShape = t.alpine
    ? {
        kind: 'alpine',
        title: `${what} on Alpine (musl)`,
        libc: 'musl',
        packageManager: 'apk',
        ...(jre ? { size: SIZES.temurinJreAlpine } : {}),
      }
    : ubi
      ? {
          kind: 'minimal',
          title: `${what} on UBI minimal`,
          libc: 'glibc',
          packageManager: 'microdnf',
        }
      : jre
        ? {
            kind: 'slim',
            title: 'JRE on Ubuntu',
            libc: 'glibc',
            packageManager: 'apt',
            size: SIZES.temurinJre,
          }
        : {
            kind: 'full',
            title: 'JDK on Ubuntu',
            libc: 'glibc',
            packageManager: 'apt',
            size: SIZES.temurinJdk,
          };

  const v = t.version;
  const major = majorOf(v);
  const alternatives: Alternative[] = [];
  let slimRef: string | undefined;
  let alpineRef: string | undefined;
  if (v !== undefined && understood) {
    const jreAlpine = withTag(ctx.name, `${v}-jre-alpine`);
    const jreRef = withTag(ctx.name, joinTag(v, 'jre', t.suite));
    const noCompiler = 'only when nothing compiles at run time';
    if (!(t.alpine && jre))
      alternatives.push(
        alt(jreAlpine, 'alpine', `JRE on musl; ${noCompiler}`, SIZES.temurinJreAlpine),
      );
    if (!jre || t.alpine || ubi)
      alternatives.push(
        alt(
          jreRef,
          'slim',
          `same Ubuntu base without the compiler; ${noCompiler}`,
          SIZES.temurinJre,
        ),
      );
    if (major === 17 || major === 21) {
      alternatives.push(
        alt(
          `gcr.io/distroless/java${major}-debian12`,
          'distroless',
          `Debian JRE without a shell; ${noCompiler}`,
        ),
      );
    }
    if (shape.kind === 'full') {
      slimRef = jreRef;
      alpineRef = jreAlpine;
    }
  }
  const selfRef = withTag(ctx.name, ctx.tag);
  const info = finishInfo(
    {
      family: 'eclipse-temurin',
      familyTitle: 'Eclipse Temurin (Docker Official Image)',
      variant: shape.kind,
      variantTitle: shape.title,
      libc: shape.libc,
      shell: true,
      packageManager: shape.packageManager,
      suits: jre
        ? 'running JVM apps that compile nothing at run time'
        : 'compiling Java (javac, jlink); a builder stage',
      pitfalls: [
        ...(jre
          ? [
              'no javac, jshell or jlink: anything that compiles at run time (un-precompiled JSPs, some scripting engines) needs the JDK',
            ]
          : [
              'used as the final stage it ships javac, jshell and jlink that a running app rarely needs',
            ]),
        ...(t.alpine ? ALPINE_PITFALLS : []),
      ],
      alternatives,
      isFullVariant: shape.kind === 'full' && slimRef !== undefined,
    },
    selfRef,
  );
  if (v !== undefined) info.version = v;
  setSize(info, shape.size);
  if (slimRef) info.slimRef = slimRef;
  if (alpineRef) info.alpineRef = alpineRef;
  if (shape.kind === 'full' && slimRef) {
    info.multiStage = {
      build: selfRef,
      ship: slimRef,
      note: 'compile (or `jlink` a custom runtime) in the JDK stage; ship the JRE',
    };
  }
  return info;
};

const describeOpenjdk: Describer = (ctx) => {
  if (ctx.repo !== 'openjdk') return undefined;
  const t = parseLibraryTag(ctx.tag);
  if (t.windows)
    return windowsInfo(
      ctx,
      'openjdk',
      'OpenJDK (deprecated Docker Official Image)',
      t.windows,
      t.version,
    );
  const kind: VariantKind = t.alpine ? 'alpine' : t.slim ? 'slim' : 'full';
  const major = majorOf(t.version);
  const lts = major !== undefined && TEMURIN_LTS.has(major);
  const alternatives: Alternative[] = lts
    ? [
        alt(
          `eclipse-temurin:${major}-jre-alpine`,
          'alpine',
          'maintained JRE on musl; only when nothing compiles at run time',
          SIZES.temurinJreAlpine,
        ),
        alt(
          `eclipse-temurin:${major}-jre`,
          'slim',
          'maintained JRE; only when nothing compiles at run time',
          SIZES.temurinJre,
        ),
        alt(
          `eclipse-temurin:${major}-jdk`,
          'full',
          'maintained JDK, when you need the compiler',
          SIZES.temurinJdk,
        ),
      ]
    : [];
  const slimRef =
    kind !== 'full' || t.version === undefined
      ? undefined
      : lts
        ? `eclipse-temurin:${major}-jre`
        : withTag(ctx.name, `${t.version}-slim`);
  const selfRef = withTag(ctx.name, ctx.tag);
  const info = finishInfo(
    {
      family: 'openjdk',
      familyTitle: 'OpenJDK (deprecated Docker Official Image)',
      variant: kind,
      variantTitle:
        kind === 'full' ? 'JDK' : kind === 'slim' ? 'slim JDK (Debian)' : 'JDK on Alpine (musl)',
      libc: kind === 'alpine' ? 'musl' : 'glibc',
      shell: true,
      packageManager: kind === 'alpine' ? 'apk' : kind === 'slim' ? 'apt' : 'unknown',
      suits: 'nothing new: the image is deprecated',
      pitfalls: [
        'deprecated on Docker Hub and no longer updated for released Java versions (8u and 11u builds were removed; only early-access builds continued); switch to `eclipse-temurin` or another maintained JDK',
        ...(kind === 'alpine' ? ALPINE_PITFALLS : []),
      ],
      alternatives,
      isFullVariant: slimRef !== undefined,
      facts: [FACTS.openjdkDeprecated, FACTS.openjdkBuildsRemoved],
    },
    selfRef,
  );
  if (t.version !== undefined) info.version = t.version;
  if (slimRef) info.slimRef = slimRef;
  if (kind === 'full' && lts) info.alpineRef = `eclipse-temurin:${major}-jre-alpine`;
  if (kind === 'full' && lts) {
    info.multiStage = {
      build: `eclipse-temurin:${major}-jdk`,
      ship: `eclipse-temurin:${major}-jre`,
      note: 'compile in the JDK stage; ship the JRE',
    };
  }
  return info;
};

export const JAVA_DESCRIBERS: readonly Describer[] = [describeTemurin, describeOpenjdk];
