import { deflateSync } from 'node:zlib';

/**
 * The tab icon of each service: a rounded square in the service's colour with a white dot, drawn
 * as a 32×32 PNG at first use (4×4 samples a pixel, so the edges are smooth). Small enough to
 * encode here rather than ship image files.
 */

const SIZE = 32;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Where a point of the icon falls: outside, on the coloured square, or on the white dot. */
function shade(x: number, y: number): 'none' | 'square' | 'dot' {
  const r = 7; // corner radius
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 'none';
  return (x - 16) ** 2 + (y - 16) ** 2 <= 7.5 ** 2 ? 'dot' : 'square';
}

const icons = new Map<string, Buffer>();

/** The icon in colour `hex` (#rrggbb). */
export function faviconPng(hex: string): Buffer {
  const cached = icons.get(hex);
  if (cached) return cached;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  // One filter byte (0, none) before each row of RGBA pixels.
  const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let square = 0;
      let dot = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const s = shade(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
          if (s === 'square') square++;
          else if (s === 'dot') dot++;
        }
      }
      const covered = square + dot;
      const at = y * (1 + SIZE * 4) + 1 + x * 4;
      if (!covered) continue;
      // Colour mixed by how much of the pixel the white dot covers; alpha by how much is covered at all.
      const w = dot / covered;
      raw[at] = Math.round(r + (255 - r) * w);
      raw[at + 1] = Math.round(g + (255 - g) * w);
      raw[at + 2] = Math.round(b + (255 - b) * w);
      raw[at + 3] = Math.round((covered / 16) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  icons.set(hex, png);
  return png;
}
