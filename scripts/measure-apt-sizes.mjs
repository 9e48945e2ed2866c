// Regenerates server/src/knowledge/aptPackageData.ts: for each common package, which Debian 12
// packages `apt-get install` adds to a `debian:bookworm-slim` image, and their installed sizes.
//
// Needs a Debian 12 (bookworm) machine with the default apt sources and `apt-get update` done; it
// installs nothing. apt solves each install against a dpkg status file that lists exactly the
// packages of debian:bookworm-slim (the image's package list as published by docker-library's
// repo-info), and the sizes are the `Installed-Size` fields of the archive's package index.
// Usage: node scripts/measure-apt-sizes.mjs [--out FILE]
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const OUT =
  outArg > 0 ? process.argv[outArg + 1] : path.join(REPO, 'server/src/knowledge/aptPackageData.ts');

// debian:bookworm-slim's binary packages (repo-info repos/debian/local/bookworm-slim.md, 2026-09-18).
const SLIM =
  `libacl1 adduser apt libapt-pkg6.0 libattr1 libaudit-common libaudit1 base-files base-passwd
bash libbz2-1.0 libdebconfclient0 coreutils dash libdb5.3 debconf debian-archive-keyring debianutils
diffutils dpkg e2fsprogs libcom-err2 libext2fs2 libss2 logsave findutils gcc-12-base libgcc-s1
libstdc++6 libc-bin libc6 libgmp10 gpgv libgnutls30 grep gzip hostname init-system-helpers
libcap-ng0 libcap2 libffi8 libgcrypt20 libgpg-error0 libidn2-0 libmd0 libseccomp2 libselinux1
libsemanage-common libsemanage2 libsepol2 libtasn1-6 libunistring2 libcrypt1 libzstd1 liblz4-1 mawk
libtinfo6 ncurses-base ncurses-bin libhogweed6 libnettle8 libp11-kit0 libpam-modules
libpam-modules-bin libpam-runtime libpam0g libpcre2-8-0 perl-base sed login passwd libsystemd0
libudev1 sysvinit-utils tar tzdata usr-is-merged bsdutils libblkid1 libmount1 libsmartcols1
libuuid1 mount util-linux util-linux-extra libxxhash0 liblzma5 zlib1g`.split(/\s+/);

// Packages often installed in Dockerfiles.
const ROOTS = `autoconf automake build-essential bzip2 ca-certificates chromium clang cmake curl
default-libmysqlclient-dev default-mysql-client dnsutils ffmpeg file fonts-liberation g++ gcc gettext
ghostscript git gnupg gosu htop imagemagick iputils-ping jq less libcurl4-openssl-dev libffi-dev
libgl1 libglib2.0-0 libjpeg-dev libpng-dev libpq-dev libpq5 libsqlite3-dev libssl-dev libtool
libxml2-dev libxslt1-dev locales make nano netcat-openbsd nginx nodejs npm openjdk-17-jdk-headless
openjdk-17-jre-headless openssh-client pkg-config poppler-utils postgresql-client procps python3
python3-dev python3-pip python3-venv redis-tools rsync sqlite3 sudo supervisor tesseract-ocr tini
tzdata unzip vim wget xz-utils zip zlib1g-dev`.split(/\s+/);

const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-sizes-'));
fs.mkdirSync(path.join(work, 'cache/archives/partial'), { recursive: true });

// The index stanza and Installed-Size of the candidate version of every available package.
const stanzas = new Map();
const kib = new Map();
for (const stanza of sh('apt-cache', ['dumpavail']).split('\n\n')) {
  const field = (name) => new RegExp(`^${name}: (.*)$`, 'm').exec(stanza)?.[1];
  const name = field('Package');
  if (!name) continue;
  stanzas.set(name, stanza);
  kib.set(`${name}=${field('Version')}`, Number(field('Installed-Size') ?? 0));
}

// A dpkg status file holding exactly the slim image's packages.
const status = SLIM.map((name) => {
  const stanza = stanzas.get(name);
  if (!stanza) throw new Error(`${name} is not in the package index`);
  return stanza.replace(/^(Package: .*)$/m, '$1\nStatus: install ok installed');
}).join('\n\n');
fs.writeFileSync(path.join(work, 'status'), `${status}\n`);

// `dumpavail` lists one version per package; a newer one from the updates or security suite is
// looked up on its own.
function installedKiB(name, version) {
  const key = `${name}=${version}`;
  if (!kib.has(key)) {
    const size = /^Installed-Size: (\d+)$/m.exec(sh('apt-cache', ['show', key]))?.[1];
    if (size === undefined) throw new Error(`no Installed-Size for ${key}`);
    kib.set(key, Number(size));
  }
  return kib.get(key);
}

const APT_OPTIONS = [
  '-s',
  '-o',
  `Dir::Cache=${path.join(work, 'cache')}`,
  // The Docker images' apt config turns the binary cache off; keeping it makes each solve faster.
  '-o',
  'Dir::Cache::pkgcache=pkgcache.bin',
  '-o',
  'Dir::Cache::srcpkgcache=srcpkgcache.bin',
  '-o',
  `Dir::State::status=${path.join(work, 'status')}`,
];

/** What `apt-get install` of one package would add: name → Installed-Size in KiB. */
async function adds(name, recommends) {
  const { stdout } = await execFileAsync(
    'apt-get',
    [...APT_OPTIONS, '-o', `APT::Install-Recommends=${recommends}`, 'install', name],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return [...stdout.matchAll(/^Inst (\S+) \((\S+)/gm)].map((m) => [m[1], m[2]]);
}

// One solve first builds apt's binary cache; then two at a time (the solves are CPU-bound).
await adds('bzip2', false);
const jobs = ROOTS.flatMap((root) => [
  [root, false],
  [root, true],
]);
const solved = new Map();
await Promise.all(
  [0, 1].map(async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      solved.set(`${job[0]} ${job[1]}`, await adds(job[0], job[1]));
      if (job[1]) process.stderr.write(`${job[0]} `);
    }
  }),
);
process.stderr.write('\n');

const sizes = new Map();
const rows = [];
for (const root of ROOTS) {
  const norec = new Map(solved.get(`${root} false`).map(([n, v]) => [n, installedKiB(n, v)]));
  const rec = new Map(solved.get(`${root} true`).map(([n, v]) => [n, installedKiB(n, v)]));
  for (const [n, s] of [...norec, ...rec]) sizes.set(n, s);
  const extra = [...rec.keys()].filter((n) => !norec.has(n));
  rows.push([root, [...norec.keys()].sort(), extra.sort()]);
}

/** Long space-separated lists as an array of strings of at most ~90 characters. */
function chunks(items, indent) {
  const lines = [];
  let cur = '';
  for (const item of items) {
    if (cur && cur.length + 1 + item.length > 90) {
      lines.push(cur);
      cur = item;
    } else cur = cur ? `${cur} ${item}` : item;
  }
  if (cur) lines.push(cur);
  return lines.map((l) => `${indent}'${l}',`).join('\n');
}

const date = new Date().toISOString().slice(0, 10);
const names = [...sizes.keys()].sort();
const text = `// Generated by scripts/measure-apt-sizes.mjs from the Debian 12 archive — do not edit by hand.

/** When the package index was read. */
export const APT_DATA_DATE = '${date}';

/** \`name:KiB\`: the Installed-Size of every package an install below adds. */
export const APT_INSTALLED_KIB: readonly string[] = [
${chunks(
  names.map((n) => `${n}:${sizes.get(n)}`),
  '  ',
)}
];

/**
 * Per requested package: the packages \`apt-get install --no-install-recommends\` adds to
 * debian:bookworm-slim (itself included), then the further ones it adds with recommends.
 */
export const APT_ADDS: Readonly<Record<string, readonly [readonly string[], readonly string[]]>> = {
${rows
  .map(
    ([root, norec, extra]) =>
      `  '${root}': [\n    [\n${chunks(norec, '      ')}\n    ],\n    [${extra.length ? `\n${chunks(extra, '      ')}\n    ` : ''}],\n  ],`,
  )
  .join('\n')}
};
`;
// Formatted as the repository's prettier config says, so `npm run lint` accepts the file.
const prettier = await import('prettier');
const options = (await prettier.resolveConfig(OUT)) ?? {};
fs.writeFileSync(OUT, await prettier.format(text, { ...options, filepath: OUT }));
fs.rmSync(work, { recursive: true, force: true });
process.stderr.write(`wrote ${OUT}: ${ROOTS.length} packages, ${names.length} sizes\n`);
