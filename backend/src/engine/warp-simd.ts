/**
 * The two inner loops of warp.ts as WebAssembly SIMD (8 samples per instruction), with
 * exactly the same integer arithmetic, so frames are bit-identical to the JavaScript
 * path (a test holds them to that). The module is a few dozen instructions, written
 * here as bytes next to their text form; there is no toolchain to install.
 *
 *   hfilter(src, dst, n, fx):  dst[x] = (s[x] << 8) + (s[x+1] − s[x])·fx      (u8 → u16, pure shift)
 *   vblend(up, lo, out, n, fy): out[x] = (up[x]·(256 − fy) + lo[x]·fy + 32768) >> 16   (u16 → u8)
 *   hgather(src, tab, dst, n):  like hfilter with a per-sample (index, weight) i32 pair (zooms; scalar)
 *
 * Both process 8 samples per step and may read up to 16 and write up to 14 bytes past
 * `n`; callers leave that much slack after every buffer.
 */

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

// Instructions used below.
const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const i32const = (n: number): number[] => [0x41, ...sleb(n)];
const I32_ADD = [0x6a];
const I32_SUB = [0x6b];
const I32_SHL = [0x74];
const I32_GE_U = [0x4f];
const I32_MUL = [0x6c];
const I32_LOAD = (offset: number): number[] => [0x28, 2, ...uleb(offset)];
const I32_LOAD8_U = (offset: number): number[] => [0x2d, 0, ...uleb(offset)];
const I32_STORE16 = [0x3b, 1, 0];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const mem = (op: number, offset: number): number[] => [...simd(op), 0, ...uleb(offset)]; // align hint 0
const V128_LOAD = (offset: number): number[] => mem(0x00, offset);
const LOAD8X8_U = (offset: number): number[] => mem(0x02, offset);
const V128_STORE = (offset: number): number[] => mem(0x0b, offset);
const STORE64_LANE0 = [...mem(0x5b, 0), 0];
const I16X8_SPLAT = simd(0x10);
const I32X4_SPLAT = simd(0x11);
const I8X16_NARROW_I16X8_U = simd(102);
const I16X8_NARROW_I32X4_U = simd(134);
const I16X8_SHL = simd(139);
const I16X8_ADD = simd(142);
const I16X8_SUB = simd(145);
const I16X8_MUL = simd(149);
const I32X4_SHR_U = simd(173);
const I32X4_ADD = simd(174);
const I32X4_EXTMUL_LOW_I16X8_U = simd(190);
const I32X4_EXTMUL_HIGH_I16X8_U = simd(191);

/** `while (ptr < end) { body }` */
const loopWhileBelow = (ptr: number, end: number, body: number[]): number[] => [
  0x02, 0x40, 0x03, 0x40,
  ...get(ptr), ...get(end), ...I32_GE_U, 0x0d, 1,
  ...body,
  0x0c, 0, 0x0b, 0x0b,
];
const addTo = (local: number, n: number): number[] => [...get(local), ...i32const(n), ...I32_ADD, ...set(local)];
const body = (locals: [number, number][], code: number[]): number[] => {
  const content = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...code, 0x0b];
  return [...uleb(content.length), ...content];
};

function hfilterBody(): number[] {
  // params: 0 src, 1 dst, 2 n, 3 fx; locals: 4 fxv, 5 a (v128), 6 end (i32)
  return body([[2, V128], [1, I32]], [
    ...get(3), ...I16X8_SPLAT, ...set(4),
    ...get(1), ...get(2), ...i32const(1), ...I32_SHL, ...I32_ADD, ...set(6), // end = dst + 2n
    ...loopWhileBelow(1, 6, [
      ...get(0), ...LOAD8X8_U(0), ...set(5), // a = s[x..x+8]
      ...get(1),
      ...get(5), ...i32const(8), ...I16X8_SHL, // a << 8
      ...get(0), ...LOAD8X8_U(1), ...get(5), ...I16X8_SUB, ...get(4), ...I16X8_MUL, // (b − a)·fx
      ...I16X8_ADD, ...V128_STORE(0),
      ...addTo(0, 8), ...addTo(1, 16),
    ]),
  ]);
}

function vblendBody(): number[] {
  // params: 0 up, 1 lo, 2 out, 3 n, 4 fy; locals: 5 wu, 6 wl, 7 round, 8 u, 9 l, 10 t (v128), 11 end (i32)
  const half = (extmul: number[]): number[] => [
    ...get(8), ...get(5), ...extmul, ...get(9), ...get(6), ...extmul, ...I32X4_ADD,
    ...get(7), ...I32X4_ADD, ...i32const(16), ...I32X4_SHR_U,
  ];
  return body([[6, V128], [1, I32]], [
    ...get(4), ...I16X8_SPLAT, ...set(6),
    ...i32const(256), ...get(4), ...I32_SUB, ...I16X8_SPLAT, ...set(5),
    ...i32const(32768), ...I32X4_SPLAT, ...set(7),
    ...get(2), ...get(3), ...I32_ADD, ...set(11), // end = out + n
    ...loopWhileBelow(2, 11, [
      ...get(0), ...V128_LOAD(0), ...set(8),
      ...get(1), ...V128_LOAD(0), ...set(9),
      ...half(I32X4_EXTMUL_LOW_I16X8_U), ...half(I32X4_EXTMUL_HIGH_I16X8_U),
      ...I16X8_NARROW_I32X4_U, ...set(10),
      ...get(2), ...get(10), ...get(10), ...I8X16_NARROW_I16X8_U, ...STORE64_LANE0,
      ...addTo(0, 16), ...addTo(1, 16), ...addTo(2, 8),
    ]),
  ]);
}

function hgatherBody(): number[] {
  // params: 0 src, 1 tab, 2 dst, 3 n; locals: 4 end, 5 a, 6 p (i32)
  return body([[3, I32]], [
    ...get(2), ...get(3), ...i32const(1), ...I32_SHL, ...I32_ADD, ...set(4), // end = dst + 2n
    ...loopWhileBelow(2, 4, [
      ...get(0), ...get(1), ...I32_LOAD(0), ...I32_ADD, ...set(6), // p = src + index
      ...get(6), ...I32_LOAD8_U(0), ...set(5), // a = s[p]
      ...get(2),
      ...get(5), ...i32const(8), ...I32_SHL,
      ...get(6), ...I32_LOAD8_U(1), ...get(5), ...I32_SUB, ...get(1), ...I32_LOAD(4), ...I32_MUL,
      ...I32_ADD, ...I32_STORE16,
      ...addTo(1, 8), ...addTo(2, 2),
    ]),
  ]);
}

function moduleBytes(): Uint8Array {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32]]), 0], [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 0]])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [1], [0]])),
    ...section(7, vec([[...name('hfilter'), 0x00, 0], [...name('vblend'), 0x00, 1], [...name('hgather'), 0x00, 2]])),
    ...section(10, vec([hfilterBody(), vblendBody(), hgatherBody()])),
  ]);
}

/** The slice of the WebAssembly API used here (the project's TS lib settings do not declare it). */
type WasmMemory = { readonly buffer: ArrayBuffer; grow(pages: number): number };
type WasmApi = {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

export type SimdKernels = {
  memory: WasmMemory;
  hfilter: (src: number, dst: number, n: number, fx: number) => void;
  vblend: (up: number, lo: number, out: number, n: number, fy: number) => void;
  hgather: (src: number, tab: number, dst: number, n: number) => void;
};

/** The kernels, or null where WebAssembly SIMD is unavailable (the JavaScript path is used then). */
export function loadSimdKernels(): SimdKernels | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const memory = new wasm.Memory({ initial: 1 });
    const instance = new wasm.Instance(new wasm.Module(moduleBytes()), { env: { mem: memory } });
    const { hfilter, vblend, hgather } = instance.exports as unknown as Omit<SimdKernels, 'memory'>;
    return { memory, hfilter, vblend, hgather };
  } catch {
    return null;
  }
}
