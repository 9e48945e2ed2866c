import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNKNOWN_CONTEXT } from '../../../../server/src/analysis/context';
import { hoverAt } from '../../../../server/src/features/hovers';
import { instructionHover } from '../../../../server/src/features/hovers/instruction';
import {
  DIRECTIVE_DOCS,
  FLAG_DOCS,
  INSTRUCTION_DOCS,
  MOUNT_DOCS,
  REFERENCE_URL,
} from '../../../../server/src/knowledge/instructions';
import { buildModel } from '../../../../server/src/parse/model';

/** The instruction hover at `needle` (+ delta) in `text`, with the text its range covers. */
function hover(text: string, needle: string, delta = 1): { md: string; range: string } | undefined {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' not in text`);
  const ctx = { model: buildModel(text), findings: [], context: UNKNOWN_CONTEXT };
  const part = instructionHover(ctx, at + delta);
  return part && { md: part.markdown, range: text.slice(part.start, part.end) };
}

function md(text: string, needle: string, delta = 1): string {
  const h = hover(text, needle, delta);
  assert.ok(h, `a hover at '${needle}'`);
  return h.md;
}

const link = (anchor: string) => `(${REFERENCE_URL}#${anchor})`;

describe('instruction hovers', () => {
  it('keywords explain the instruction, with its reference section', () => {
    const cases: [string, string, RegExp, string][] = [
      ['FROM debian:12\nRUN make\n', 'RUN', /instruction text, the build args in scope/, 'run'],
      ['FROM debian:12\nCOPY . .\n', 'COPY', /checksums the copied files/, 'copy'],
      ['FROM debian:12\nADD x.tar /x\n', 'ADD', /checked on every build and re-downloaded/, 'add'],
      ['FROM debian:12\nARG V\n', 'ARG', /first used, not here/, 'arg'],
      ['FROM debian:12\nENV A=1\n', 'ENV', /stored in the image config/, 'env'],
      ['FROM debian:12\nUSER app\n', 'USER', /rest of the stage/, 'user'],
      ['FROM debian:12\nWORKDIR /app\n', 'WORKDIR', /`RUN cd dir` does not carry over/, 'workdir'],
      ['FROM debian:12\nSHELL ["/bin/bash", "-c"]\n', 'SHELL', /pipefail/, 'shell'],
      ['FROM debian:12\nEXPOSE 80\n', 'EXPOSE', /does not publish them/, 'expose'],
      ['FROM debian:12\nHEALTHCHECK CMD true\n', 'HEALTHCHECK', /--start-period/, 'healthcheck'],
      ['FROM debian:12\nONBUILD COPY . /src\n', 'ONBUILD', /trigger/, 'onbuild'],
      ['FROM debian:12\nLABEL a=b\n', 'LABEL', /metadata/, 'label'],
      ['FROM debian:12\n', 'FROM', /build stage/, 'from'],
    ];
    for (const [text, keyword, fact, anchor] of cases) {
      const h = hover(text, `${keyword}${keyword === 'FROM' ? ' ' : ''}`);
      assert.ok(h, keyword);
      assert.equal(h.range, keyword);
      assert.ok(h.md.startsWith(`**\`${keyword}\`** — `), h.md);
      assert.match(h.md, fact, keyword);
      assert.ok(h.md.includes(link(anchor)), `${keyword} links its section`);
    }
  });

  it('CMD and ENTRYPOINT say which form is used and what it means for signals', () => {
    assert.match(md('FROM x\nCMD ["node", "s.js"]\n', 'CMD'), /_Exec form:_ the program is PID 1/);
    assert.match(md('FROM x\nCMD node s.js\n', 'CMD'), /_Shell form:_ .*not PID 1/);
    assert.match(
      md('FROM x\nENTRYPOINT node s.js\n', 'ENTRYPOINT'),
      /_Shell form:_ .*`CMD` and `docker run` arguments are ignored/,
    );
    assert.match(md('FROM x\nRUN ["make"]\n', 'RUN'), /_Exec form:_ .*without a shell/);
    assert.match(md('FROM x\nRUN <<EOF\nmake\nEOF\n', 'RUN'), /_Heredoc form:_/);
  });

  it('the instruction inside ONBUILD is explained as a trigger', () => {
    const h = hover('FROM x\nONBUILD RUN make\n', 'RUN');
    assert.equal(h?.range, 'RUN');
    assert.match(h!.md, /^\*\*`RUN`\*\*/);
    assert.match(h!.md, /As an `ONBUILD` trigger, it does not run in this build/);
  });

  it('COPY and ADD flags explain the flag', () => {
    const text = [
      'FROM x',
      'COPY --from=build --chown=app:app --chmod=755 --link --exclude=*.md --parents ./a/ /dst/',
      'ADD --checksum=sha256:abc --keep-git-dir=true --unpack=true https://e.com/r.git /src',
      '',
    ].join('\n');
    const cases: [string, RegExp, string][] = [
      ['--from', /earlier build stage, an image or a named build context/, 'copy---from'],
      ['--chown', /owner of the copied files.*numeric IDs/s, 'copy---chown'],
      ['--chmod', /octal .* symbolic/, 'copy---chmod'],
      ['--link', /empty layer of their own/, 'copy---link'],
      ['--exclude', /leaves out paths matching/, 'copy---exclude'],
      ['--parents', /keeps the parent directories/, 'copy---parents'],
      ['--checksum', /becomes the cache key/, 'add---checksum'],
      ['--keep-git-dir', /keeps the `\.git` directory/, 'add---keep-git-dir'],
      ['--unpack', /local tar archives are extracted by default/, 'add---unpack'],
    ];
    for (const [flag, fact, anchor] of cases) {
      const h = hover(text, flag, 3);
      assert.ok(h, flag);
      assert.ok(h.range.startsWith(flag), `${flag}: range ${h.range}`);
      assert.match(h.md, fact, flag);
      assert.ok(h.md.includes(link(anchor)), `${flag} links ${anchor}`);
    }
    assert.match(md(text, '--chown', 3), /^\*\*`COPY --chown`\*\*/);
    assert.match(md(text, 'ADD --checksum', 6), /^\*\*`ADD --checksum`\*\*/);
  });

  it('unknown flags are called out', () => {
    assert.match(
      md('FROM x\nCOPY --frm=a b c\n', '--frm'),
      /`--frm`\*\* is not an option of `COPY`/,
    );
  });

  it('remote ADD sources: URL and Git repository', () => {
    const text =
      'FROM x\nADD https://example.com/a.tar.gz /opt/\nADD git@github.com:moby/buildkit.git#v0.14.1:docs /d\nADD local.txt /l\n';
    assert.match(md(text, 'https://example.com'), /ETag .*`--checksum=sha256:…` pins the content/s);
    assert.ok(md(text, 'https://example.com').includes(link('adding-files-from-a-url')));
    assert.match(md(text, 'git@github.com'), /a moving branch rebuilds this and every later step/);
    assert.ok(md(text, 'git@github.com').includes(link('adding-files-from-a-git-repository')));
    assert.equal(hover(text, 'local.txt'), undefined);
  });

  it('RUN --mount: each type and the option under the cursor', () => {
    const text = [
      'FROM x',
      'RUN --mount=type=cache,id=npm,target=/root/.npm,sharing=locked,from=base,source=/c,mode=0700,uid=1000,gid=1000 npm ci',
      'RUN --mount=type=secret,id=token,env=TOKEN,required=true make',
      'RUN --mount=type=bind,source=src,target=/src,rw make',
      'RUN --mount=type=tmpfs,target=/tmp,size=64m make',
      'RUN --mount=type=ssh,id=default,required git clone git@host:r.git',
      'RUN --mount=target=/ctx make',
      'RUN --mount=type=volume,target=/v make',
      '',
    ].join('\n');
    const cache = hover(text, 'sharing=', 2)!;
    assert.equal(cache.range, 'sharing=locked');
    assert.match(cache.md, /^\*\*`RUN --mount=type=cache`\*\*/);
    for (const opt of ['id', 'target', 'from', 'source', 'mode', 'uid', 'gid']) {
      assert.match(cache.md, new RegExp(`- \`${opt}\` — `), opt);
    }
    assert.match(cache.md, /- \*\*`sharing`\*\* — .*`locked`: a concurrent build waits/);
    assert.match(cache.md, /Other options: `ro`\./);
    assert.ok(cache.md.includes(link('run---mounttypecache')));

    const secret = md(text, 'type=secret', 2);
    assert.match(secret, /without writing it to the layer or the build cache/);
    assert.match(secret, /- `required` — `true` fails the step/);
    assert.match(secret, /- `env` — expose the secret as this environment variable/);
    assert.ok(secret.includes(link('run---mounttypesecret')));

    const bind = md(text, 'type=bind', 2);
    assert.match(bind, /checksums of the mounted files/);
    assert.match(bind, /- `rw` — allow writes; they are thrown away/);

    const tmpfs = md(text, 'size=', 1);
    assert.match(tmpfs, /- \*\*`size`\*\* — upper limit/);
    assert.ok(tmpfs.includes(link('run---mounttypetmpfs')));

    const ssh = md(text, 'type=ssh', 2);
    assert.match(ssh, /forwards the SSH agent/);
    assert.ok(ssh.includes(link('run---mounttypessh')));

    assert.match(md(text, '--mount=target=/ctx', 3), /^\*\*`RUN --mount=type=bind`\*\*/);
    assert.match(md(text, 'type=volume', 2), /`type=volume` is not a mount type/);
  });

  it('RUN --network and --security', () => {
    assert.match(md('FROM x\nRUN --network=none pip install .\n', '--network'), /no access/);
    assert.match(
      md('FROM x\nRUN --security=insecure make\n', '--security'),
      /`security\.insecure` entitlement/,
    );
  });

  it('heredoc markers and terminators', () => {
    const text =
      'FROM x\nRUN <<EOF\napt-get update\nEOF\nCOPY <<-"CONF" /etc/app.conf\n\tkey=1\n\tCONF\n';
    const marker = hover(text, '<<EOF', 2)!;
    assert.equal(marker.range, '<<EOF');
    assert.match(marker.md, /^\*\*`heredoc`\*\* — the lines up to the terminator/);
    assert.ok(marker.md.includes(link('here-documents')));
    assert.equal(hover(text, '\nEOF', 2)?.range, 'EOF');
    assert.match(md(text, '<<-"CONF"', 3), /quoting the marker/);
    assert.equal(hover(text, 'apt-get update', 2), undefined);
  });

  it('parser directives', () => {
    const text =
      '# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=JSONArgsRecommended\nFROM x\n';
    assert.match(md(text, 'syntax'), /^\*\*`# syntax`\*\* — names the Dockerfile frontend/);
    assert.ok(md(text, 'syntax').includes(link('syntax')));
    assert.match(md(text, 'escape'), /backtick/);
    assert.match(md(text, 'check='), /`error=true` makes violations fail the build/);
    // Not a directive once an instruction came first.
    assert.equal(hover('FROM x\n# syntax=docker/dockerfile:1\n', 'syntax'), undefined);
  });

  it('HEALTHCHECK and FROM flags', () => {
    assert.match(
      md('FROM x\nHEALTHCHECK --interval=5m CMD curl -f http://localhost/\n', '--interval'),
      /^\*\*`HEALTHCHECK --interval`\*\* — time between checks \(default 30s\)/,
    );
    assert.match(
      md('FROM --platform=$BUILDPLATFORM golang:1.22\n', '--platform'),
      /\$BUILDPLATFORM/,
    );
  });

  it('is joined with the other hovers and stays quiet on plain arguments', () => {
    const text = 'FROM python:3.12-slim\nRUN pip install flask\n';
    const ctx = { model: buildModel(text), findings: [], context: UNKNOWN_CONTEXT };
    assert.equal(hover(text, 'flask'), undefined);
    const joined = hoverAt(ctx, text.indexOf('RUN') + 1);
    assert.ok(joined?.markdown.startsWith('**`RUN`**'));
  });

  it('every entry is short and links the reference', () => {
    const docs = [
      ...Object.values(INSTRUCTION_DOCS),
      ...Object.values(FLAG_DOCS).flatMap((d) => Object.values(d)),
      ...Object.values(MOUNT_DOCS),
      ...Object.values(DIRECTIVE_DOCS),
    ];
    for (const d of docs) {
      const words = d.paragraphs.join(' ').split(/\s+/).length;
      assert.ok(words <= 110, `${d.title}: ${words} words`);
      assert.ok(d.refTitle.length > 0 && d.ref.length > 0, d.title);
    }
  });
});
