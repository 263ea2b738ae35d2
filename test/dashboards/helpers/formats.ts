// Reading exported files back as their users' tools would: the texts drawn in an SVG, and a PNG checked chunk by
// chunk (signature, CRC of every chunk, IHDR first, IEND last, image data inflating to exactly its filtered rows).
import { crc32, inflateSync } from 'node:zlib';

/** The texts of an SVG's elements, entities decoded. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/>([^<>]+)</g)].map((m) => m[1]
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&apos;/g, '\'').replace(/&amp;/g, '&')
    .trim());
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bytes per pixel of each PNG colour type at 8 bits per sample. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Width and height of a well-formed 8-bit, non-interlaced PNG; throws saying what is wrong otherwise. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!SIGNATURE.every((b, i) => buf[i] === b)) throw new Error('not a PNG signature');
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < buf.length;) {
    if (at + 12 > buf.length) throw new Error(`truncated chunk at byte ${at}`);
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const end = at + 8 + length;
    if (end + 4 > buf.length) throw new Error(`chunk ${type} runs past the end`);
    if (crc32(buf.subarray(at + 4, end)) !== buf.readUInt32BE(end)) throw new Error(`bad CRC in chunk ${type}`);
    chunks.push({ type, data: buf.subarray(at + 8, end) });
    at = end + 4;
  }
  const [ihdr] = chunks;
  if (ihdr?.type !== 'IHDR' || ihdr.data.length !== 13) throw new Error('IHDR is not the first chunk');
  if (chunks.at(-1)!.type !== 'IEND') throw new Error('IEND is not the last chunk');
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  const [depth, colour, , , interlace] = ihdr.data.subarray(8);
  if (depth !== 8 || !(colour in CHANNELS) || interlace !== 0) throw new Error(`unexpected PNG format ${depth}/${colour}/${interlace}`);
  const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = 1 + width * CHANNELS[colour];
  if (pixels.length !== height * stride) throw new Error(`image data of ${pixels.length} bytes for ${width}×${height}`);
  for (let row = 0; row < height; row++) if (pixels[row * stride] > 4) throw new Error(`row ${row}: unknown filter`);
  return { width, height };
}
