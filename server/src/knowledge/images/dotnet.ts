import {
  ALPINE_PITFALLS,
  FACTS,
  alt,
  finishInfo,
  majorOf,
  parseLibraryTag,
  UBUNTU_SUITES,
  windowsInfo,
  withTag,
  type Describer,
} from './common';
import type { Alternative, VariantKind } from './types';

const DOTNET_REPO = /^mcr\.microsoft\.com\/dotnet\/(sdk|aspnet|runtime|runtime-deps)$/;

const DOTNET_ROLE = {
  sdk: { title: 'SDK', suits: 'building and publishing .NET apps; a builder stage' },
  aspnet: { title: 'ASP.NET Core runtime', suits: 'running framework-dependent ASP.NET Core apps' },
  runtime: { title: '.NET runtime', suits: 'running framework-dependent console and worker apps' },
  'runtime-deps': {
    title: 'runtime dependencies only',
    suits: 'self-contained or native AOT apps that bring their own runtime',
  },
} as const;

const describeDotnet: Describer = (ctx) => {
  const m = DOTNET_REPO.exec(ctx.repo);
  if (!m) return undefined;
  const role = m[1] as keyof typeof DOTNET_ROLE;
  const t = parseLibraryTag(ctx.tag);
  const title = `.NET (${DOTNET_ROLE[role].title})`;
  if (t.windows) return windowsInfo(ctx, 'dotnet', title, t.windows, t.version);
  const chiseled = t.flags.has('chiseled');
  const distroless = t.flags.has('distroless');
  const azure = [...t.flags].some(
    (f) => f.startsWith('azurelinux') || f.startsWith('mariner') || f === 'cbl',
  );
  const kind: VariantKind = chiseled
    ? 'chiseled'
    : distroless
      ? 'distroless'
      : t.alpine
        ? 'alpine'
        : role === 'sdk'
          ? 'full'
          : role === 'runtime-deps'
            ? 'minimal'
            : 'slim';
  const suite =
    t.suite === undefined
      ? 'Debian'
      : UBUNTU_SUITES.has(t.suite)
        ? `Ubuntu ${t.suite}`
        : `Debian ${t.suite}`;
  const base = chiseled ? 'Ubuntu chiseled' : t.alpine ? 'Alpine' : azure ? 'Azure Linux' : suite;
  const noShell = chiseled || distroless;
  const prefix = ctx.name.slice(0, ctx.name.lastIndexOf('/') + 1);
  const v = t.version;
  const major = majorOf(v);
  const chiselTag =
    major === undefined ? undefined : major >= 9 ? 'noble-chiseled' : 'jammy-chiseled';
  const runtimeRepo = role === 'sdk' ? 'aspnet' : role;
  const alternatives: Alternative[] = [];
  let slimRef: string | undefined;
  let alpineRef: string | undefined;
  if (v !== undefined) {
    const same = (tag: string) => `${prefix}${runtimeRepo}:${tag}`;
    if (role === 'sdk') {
      // Runtime images share the SDK's tag scheme, but SDK feature bands (8.0.100) are not runtime versions.
      const runtimeTag = (ctx.tag ?? v).replace(/^(\d+\.\d+)\.\d+/, '$1');
      alternatives.push(
        alt(
          same(runtimeTag),
          t.alpine ? 'alpine' : 'slim',
          'ASP.NET Core runtime without the SDK; use `runtime` for console apps',
        ),
      );
      if (!t.alpine && !noShell) slimRef = same(runtimeTag);
    }
    if (!t.alpine) {
      const ref = same(`${v}-alpine`);
      alternatives.push(alt(ref, 'alpine', 'musl; globalization-invariant unless ICU is added'));
      if (role === 'sdk' && !noShell) alpineRef = ref;
    }
    if (!chiseled && chiselTag) {
      alternatives.push(
        alt(
          same(`${v}-${chiselTag}`),
          'chiseled',
          "no shell, non-root; Microsoft's .NET 8 report measured a sample API at ~49 MB compressed here vs ~91 MB on the Ubuntu image",
        ),
      );
    }
  }
  const selfRef = withTag(ctx.name, ctx.tag);
  const pitfalls: string[] = [];
  if (role === 'sdk')
    pitfalls.push(
      'the SDK is only needed to build; shipping it adds compilers, NuGet and the CLI to production',
    );
  if (noShell) {
    pitfalls.push('no shell or package manager; runs as a non-root user by default');
    if (chiseled) pitfalls.push('no ICU or time zone data unless you pick the `-extra` tag');
  }
  if (t.alpine)
    pitfalls.push('globalization-invariant mode by default (no ICU)', ...ALPINE_PITFALLS);
  const info = finishInfo(
    {
      family: 'dotnet',
      familyTitle: title,
      variant: kind,
      variantTitle: `${DOTNET_ROLE[role].title} on ${base}`,
      libc: t.alpine ? 'musl' : 'glibc',
      shell: !noShell,
      packageManager: noShell ? null : t.alpine ? 'apk' : azure ? 'tdnf' : 'apt',
      suits: DOTNET_ROLE[role].suits,
      pitfalls,
      alternatives,
      isFullVariant: slimRef !== undefined,
      facts: chiselTag ? [FACTS.dotnetSizeReport] : [],
    },
    selfRef,
  );
  if (v !== undefined) info.version = v;
  if (slimRef) {
    info.slimRef = slimRef;
    info.multiStage = {
      build: selfRef,
      ship: slimRef,
      note: '`dotnet publish` in the SDK stage; copy the publish output',
    };
  }
  if (alpineRef && slimRef) info.alpineRef = alpineRef;
  return info;
};

export const DOTNET_DESCRIBERS: readonly Describer[] = [describeDotnet];
