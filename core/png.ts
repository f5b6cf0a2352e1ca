import { deflateSync } from 'node:zlib';

/**
 * PNG (RFC 2083) of 8-bit pixels, unfiltered, in one zlib stream: the images the services draw
 * themselves (the tab icon, the login captcha) are small enough that this is all they need.
 */

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
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const COLOUR_TYPE = { rgb: 2, rgba: 6 } as const;

/** `pixels`: the rows top to bottom, 3 (rgb) or 4 (rgba) bytes a pixel, no padding. */
export function encodePng(width: number, height: number, format: keyof typeof COLOUR_TYPE, pixels: Uint8Array): Buffer {
  const stride = width * (format === 'rgb' ? 3 : 4);
  // One filter byte (0, none) before each row.
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, COLOUR_TYPE[format], 0, 0, 0], 8); // 8 bits a channel, the colour type, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
