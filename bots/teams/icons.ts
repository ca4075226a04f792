/**
 * The two Teams app icons, drawn in code (a 192×192 colour icon and a 32×32 white-on-transparent
 * outline) and encoded as PNG with fflate's zlib. `deno run bots/teams/icons.ts` rewrites
 * `bots/teams/app/color.png` and `bots/teams/app/outline.png`.
 *
 * @module
 */
import { zlibSync } from "fflate";

/** RGBA pixels, row-major. */
type Paint = (x: number, y: number, size: number) => [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes a square RGBA image as PNG.
 *
 * @example
 * ```ts
 * const png = encodePng(32, () => [255, 255, 255, 255]);
 * ```
 */
export function encodePng(size: number, paint: Paint): Uint8Array {
  const raw = new Uint8Array(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(paint(x, y, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  header.set([8, 6, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlibSync(raw)),
    chunk("IEND", new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A ring with a check mark: "CI passed", readable at 32 px. */
function mark(x: number, y: number, size: number): boolean {
  const c = (size - 1) / 2;
  const r = Math.hypot(x - c, y - c) / size;
  const ring = r > 0.36 && r < 0.46;
  const u = x / size;
  const v = y / size;
  const stroke = 0.06;
  const left = u > 0.28 && u < 0.45 && Math.abs(v - (0.52 + (u - 0.28))) < stroke;
  const right = u >= 0.43 && u < 0.72 && Math.abs(v - (0.69 - (u - 0.43) * 1.05)) < stroke;
  return ring || left || right;
}

/**
 * The 192×192 colour icon (white mark on blue).
 *
 * @example
 * ```ts
 * await Deno.writeFile("bots/teams/app/color.png", colorIcon());
 * ```
 */
export function colorIcon(): Uint8Array {
  return encodePng(
    192,
    (x, y, size) => mark(x, y, size) ? [255, 255, 255, 255] : [37, 99, 235, 255],
  );
}

/**
 * The 32×32 outline icon (white on transparent, as Teams requires).
 *
 * @example
 * ```ts
 * await Deno.writeFile("bots/teams/app/outline.png", outlineIcon());
 * ```
 */
export function outlineIcon(): Uint8Array {
  return encodePng(32, (x, y, size) => mark(x, y, size) ? [255, 255, 255, 255] : [0, 0, 0, 0]);
}

if (import.meta.main) {
  await Deno.writeFile(new URL("./app/color.png", import.meta.url), colorIcon());
  await Deno.writeFile(new URL("./app/outline.png", import.meta.url), outlineIcon());
}
