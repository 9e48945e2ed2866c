// Measures how well the resolver in server/src/knowledge/apt agrees with apt itself: for random
// install sets (1–5 packages, half from packages Dockerfiles commonly install, half drawn from the
// whole archive) it runs `apt-get install -s` against a dpkg status that lists exactly a base
// image's packages, with recommends on and off, and compares the package lists and the summed
// Installed-Size with resolveAptInstall's answer.
//
// Needs a Debian machine, root, the private apt directory that scripts/gen-apt-data.mjs made (same
// --apt-dir), and `npx tsc -b` (it loads the compiled resolver from out/).
// Usage: node scripts/apt-agreement.mjs [--sets 200] [--image debian:bookworm-slim] [--seed 1]
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { privateApt } from './gen-apt-data.mjs';

const execFileAsync = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const apt = require(path.join(REPO, 'out/server/src/knowledge/apt/index.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SETS = Number(arg('--sets', '200'));
const IMAGE = arg('--image', 'debian:bookworm-slim');
const aptRoot = arg('--apt-dir', path.join(os.tmpdir(), 'layerwise-apt'));

// Packages Dockerfiles commonly install (names present in bookworm and trixie where possible).
const COMMON = `autoconf automake build-essential bzip2 ca-certificates chromium clang cmake curl
default-libmysqlclient-dev default-mysql-client dnsutils ffmpeg file fonts-liberation g++ gcc gettext
ghostscript git gnupg gosu htop imagemagick iputils-ping jq less libcurl4-openssl-dev libffi-dev
libgl1 libglib2.0-0 libjpeg-dev libpng-dev libpq-dev libpq5 libsqlite3-dev libssl-dev libtool
libxml2-dev libxslt1-dev locales make nano netcat-openbsd nginx nodejs npm openjdk-17-jdk-headless
openssh-client pkg-config poppler-utils postgresql-client procps python3 python3-dev python3-pip
python3-venv redis-tools rsync sqlite3 sudo supervisor tesseract-ocr tini tzdata unzip vim wget
xz-utils zip zlib1g-dev libmagic1 libvips-dev libgomp1 default-jre-headless graphviz
libsm6 libxext6 libxrender1 fontconfig mariadb-client libmariadb-dev gdal-bin libgdal-dev
libgeos-dev libproj-dev ruby-full php-cli golang-go cargo rustc musl-tools gfortran
libopenblas-dev liblapack-dev swig protobuf-compiler libprotobuf-dev`.split(/\s+/);

/** A small seeded generator, so a run can be repeated. */
let seed = Number(arg('--seed', '1'));
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const base = apt.aptBaseSet(IMAGE);
if (!base) throw new Error(`no package list for ${IMAGE}`);
const { env } = privateApt(base.release, aptRoot);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-agreement-'));
fs.mkdirSync(path.join(work, 'cache/archives/partial'), { recursive: true });

// A dpkg status holding exactly the image's packages, at the archive's candidate versions.
const shown = execFileSync('apt-cache', ['show', '--no-all-versions', ...base.packages], {
  env,
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const status = shown
  .split(/\n\n+/)
  .filter((s) => /^Package: /m.test(s))
  .map((s) => s.replace(/^(Package: .*)$/m, '$1\nStatus: install ok installed'))
  .join('\n\n');
fs.writeFileSync(path.join(work, 'status'), `${status}\n`);

const options = [
  '-s',
  '-o',
  `Dir::State::status=${path.join(work, 'status')}`,
  '-o',
  `Dir::Cache=${path.join(work, 'cache')}`,
];

/** apt's answer: installed names, or undefined when apt cannot solve the set. */
async function aptAdds(names, recommends) {
  try {
    const { stdout } = await execFileAsync(
      'apt-get',
      [...options, '-o', `APT::Install-Recommends=${recommends}`, 'install', ...names],
      { env, encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    return [...stdout.matchAll(/^Inst (\S+)/gm)].map((m) => m[1]);
  } catch {
    return undefined;
  }
}

// The archive's real package names, for random draws: those the resolver knows.
const archiveNames = execFileSync('apt-cache', ['pkgnames'], {
  env,
  encoding: 'utf8',
  maxBuffer: 1 << 28,
})
  .split('\n')
  .filter(Boolean)
  .sort();
const sets = Array.from({ length: SETS }, () => {
  const size = 1 + Math.floor(random() * 5);
  return [
    ...new Set(Array.from({ length: size }, () => pick(random() < 0.5 ? COMMON : archiveNames))),
  ];
});

const sizeOf = new Map();
const report = [];
for (const recommends of [false, true]) {
  let aptBytes = 0;
  let diffBytes = 0;
  let exact = 0;
  let solved = 0;
  const rows = [];
  const jobs = sets.map((s, i) => [s, i]);
  await aptAdds(['bzip2'], false); // builds apt's cache once
  await Promise.all(
    [0, 1].map(async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const [names] = job;
        const fromApt = await aptAdds(names, recommends);
        if (!fromApt) continue;
        const ours = apt.resolveAptInstall(base.release, base.packages, names, { recommends });
        if (ours.unknown.length > 0) continue;
        solved++;
        for (const p of ours.added) sizeOf.set(p.name, p.bytes);
        const oursSet = new Set(ours.added.map((p) => p.name));
        const aptSet = new Set(fromApt);
        // apt's packages sized from the same data (a package the resolver missed is looked up).
        const bytes = fromApt.reduce((sum, n) => sum + (sizeOf.get(n) ?? lookup(n)), 0);
        aptBytes += bytes;
        diffBytes += Math.abs(bytes - ours.bytes);
        const missing = fromApt.filter((n) => !oursSet.has(n));
        const extra = [...oursSet].filter((n) => !aptSet.has(n));
        if (missing.length === 0 && extra.length === 0) exact++;
        else rows.push({ names, diff: ours.bytes - bytes, missing, extra });
      }
    }),
  );
  rows.sort((a, b) => Math.abs(b.diff) - Math.abs(a.diff));
  const byBytes = (100 * (1 - diffBytes / aptBytes)).toFixed(2);
  const bySets = ((100 * exact) / solved).toFixed(1);
  report.push(
    `${IMAGE}, recommends ${recommends ? 'on' : 'off'}: ${solved} sets apt solved; agreement by bytes ${byBytes} %, exact package sets ${bySets} %`,
  );
  for (const r of rows.slice(0, 8))
    report.push(
      `  ${r.names.join(' ')}: ${(r.diff / 1e6).toFixed(1)} MB; apt only: ${r.missing.slice(0, 6).join(' ')}; resolver only: ${r.extra.slice(0, 6).join(' ')}`,
    );
}

/** The size of a package the resolver did not add, from a one-package resolution. */
function lookup(name) {
  const r = apt.resolveAptInstall(base.release, new Set([...base.packages]), [name], {
    recommends: false,
  });
  const bytes = r?.added.find((p) => p.name === name)?.bytes ?? 0;
  sizeOf.set(name, bytes);
  return bytes;
}

process.stdout.write(`${report.join('\n')}\n`);
fs.rmSync(work, { recursive: true, force: true });
