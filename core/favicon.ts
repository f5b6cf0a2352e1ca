import { encodePng } from './png.ts';

/**
 * The tab icon of each service: a rounded square in the service's colour with a white dot, drawn
 * as a 32×32 PNG at first use (4×4 samples a pixel, so the edges are smooth). Small enough to
 * encode here rather than ship image files.
 */

const SIZE = 32;

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
  const pixels = new Uint8Array(SIZE * SIZE * 4); // RGBA, transparent where nothing covers

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
      const at = (y * SIZE + x) * 4;
      if (!covered) continue;
      // Colour mixed by how much of the pixel the white dot covers; alpha by how much is covered at all.
      const w = dot / covered;
      pixels[at] = Math.round(r + (255 - r) * w);
      pixels[at + 1] = Math.round(g + (255 - g) * w);
      pixels[at + 2] = Math.round(b + (255 - b) * w);
      pixels[at + 3] = Math.round((covered / 16) * 255);
    }
  }
  const png = encodePng(SIZE, SIZE, 'rgba', pixels);
  icons.set(hex, png);
  return png;
}
