/**
 * mvdan/sh (the parser behind shfmt) through the sh-syntax package's WebAssembly build, loaded
 * once and called synchronously. sh-syntax's own `parse` compiles and starts a fresh instance per
 * call (about 10 ms); the meaning check makes thousands of calls, so this keeps one instance and
 * passes the text the way the module's exports expect: `wasmAlloc` returns the address of a Go
 * slice header, whose first word is the address of the bytes. Test-only: the server never runs it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface MvPos {
  Offset: number;
  Line: number;
  Col: number;
}

export interface MvWord {
  Lit: string;
  Pos: MvPos;
  End: MvPos;
}

export interface MvRedirect {
  Op: string;
  N: { Value: string } | null;
  Word: MvWord | null;
  Hdoc: MvWord | null;
  Pos: MvPos;
  End: MvPos;
}

export interface MvStmt {
  Cmd: { Pos: MvPos; End: MvPos } | null;
  Negated: boolean;
  Background: boolean;
  Redirs: MvRedirect[];
  Pos: MvPos;
  End: MvPos;
}

/** Statements with character (not byte) offsets, or the parse error. */
export interface MvResult {
  stmts: MvStmt[];
  error?: string;
}

/** The few WebAssembly types used here (the project compiles without the DOM library). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

interface Exports {
  memory: { buffer: ArrayBuffer };
  wasmAlloc(size: number): number;
  wasmFree(ptr: number): void;
  process(...args: (number | boolean)[]): number;
}

let compiled: object | undefined;
let wasm: Exports | undefined;
let calls = 0;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function instance(): Exports {
  // A fresh instance now and then: the module never frees its results.
  if (wasm && calls++ % 5000 !== 0) return wasm;
  const pkg = createRequire(__filename).resolve('sh-syntax/package.json', {
    paths: [process.cwd(), __dirname],
  });
  const req = createRequire(pkg);
  req('./vendors/wasm_exec.cjs');
  compiled ??= new WA.Module(readFileSync(req.resolve('./main.wasm')));
  type GoRuntime = { importObject: object; run(i: object): Promise<void> };
  const Go = (globalThis as unknown as { Go: new () => GoRuntime }).Go;
  const go = new Go();
  const inst = new WA.Instance(compiled, go.importObject);
  void go.run(inst);
  wasm = inst.exports as Exports;
  return wasm;
}

/** Parses bash text; offsets in the result are indices into `text`. */
export function mvdanParse(text: string): MvResult {
  const ex = instance();
  const held: number[] = [];
  const put = (bytes: Uint8Array): number => {
    const header = ex.wasmAlloc(Math.max(1, bytes.byteLength));
    held.push(header);
    const data = new DataView(ex.memory.buffer).getUint32(header, true);
    new Uint8Array(ex.memory.buffer).set(bytes, data);
    return data;
  };
  const name = encoder.encode('');
  const body = encoder.encode(text);
  const stop = encoder.encode('');
  const np = put(name);
  const tp = put(body);
  const sp = put(stop);
  // (file, text, print, keepComments, variant=bash, stopAt, recoverErrors, printer options…)
  const r = ex.process(
    np,
    0,
    0,
    tp,
    body.byteLength,
    body.byteLength,
    false,
    false,
    1,
    sp,
    0,
    0,
    0,
    false,
    2,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
  );
  const out = new Uint8Array(ex.memory.buffer).subarray(r);
  const json = decoder.decode(out.subarray(0, out.indexOf(0)));
  for (const h of held) ex.wasmFree(h);
  const parsed = JSON.parse(json) as {
    file: { Stmts: MvStmt[] };
    parseError?: { Text: string } | null;
    message?: string;
  };
  if (parsed.parseError || parsed.message) {
    return { stmts: [], error: parsed.parseError?.Text ?? parsed.message };
  }
  const toChar = byteToChar(text, body.byteLength);
  const fix = (p: MvPos): void => {
    p.Offset = toChar(p.Offset);
  };
  for (const s of parsed.file.Stmts) {
    fix(s.Pos);
    fix(s.End);
    if (s.Cmd) {
      fix(s.Cmd.Pos);
      fix(s.Cmd.End);
    }
    for (const r of s.Redirs) {
      fix(r.Pos);
      fix(r.End);
      if (r.Word) {
        fix(r.Word.Pos);
        fix(r.Word.End);
      }
      if (r.Hdoc) {
        fix(r.Hdoc.Pos);
        fix(r.Hdoc.End);
      }
    }
  }
  return { stmts: parsed.file.Stmts };
}

function byteToChar(text: string, bytes: number): (b: number) => number {
  if (bytes === text.length) return (b) => b;
  const map = new Int32Array(bytes + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (c >= 0x10000) i++;
  }
  map[bytes] = text.length;
  return (x) => (x >= 0 && x <= bytes ? map[x]! : x);
}
