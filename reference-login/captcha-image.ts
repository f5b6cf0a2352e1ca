import { randomInt } from 'node:crypto';
import { encodePng } from '../core/png.ts';

/**
 * The captcha as a PNG, drawn with a 5×7 bitmap font. FastBee sends a raster image (kaptcha's
 * JPEG, 160×60) and its pages prefix it with `data:image/gif;base64,`; browsers pick a raster
 * decoder by the bytes' signature, so a PNG shows under that prefix where an SVG does not.
 * docs/reference-login.md ("captcha image") has the details.
 */
export const CAPTCHA_WIDTH = 160;
export const CAPTCHA_HEIGHT = 60;

/** Rows of 5 bits, top to bottom, for the characters a math question uses. */
const FONT: Record<string, string[]> = {
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['####.', '....#', '....#', '.###.', '....#', '....#', '####.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  '+': ['.....', '..#..', '..#..', '#####', '..#..', '..#..', '.....'],
  '-': ['.....', '.....', '.....', '#####', '.....', '.....', '.....'],
  '×': ['.....', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '.....'],
  '=': ['.....', '.....', '#####', '.....', '#####', '.....', '.....'],
  '?': ['.###.', '#...#', '....#', '...#.', '..#..', '.....', '..#..'],
};

const SCALE = 4;
const ADVANCE = 5 * SCALE + 8;

type Rgb = [number, number, number];

class Canvas {
  readonly px: Uint8Array;
  constructor(
    readonly w: number,
    readonly h: number,
    bg: Rgb,
  ) {
    this.px = new Uint8Array(w * h * 3);
    for (let i = 0; i < w * h; i++) this.px.set(bg, i * 3);
  }
  set(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    this.px.set(c, (y * this.w + x) * 3);
  }
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
    // Bresenham
    const dx = Math.abs(x1 - x0),
      dy = -Math.abs(y1 - y0),
      sx = x0 < x1 ? 1 : -1,
      sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.set(x0, y0, c);
      if (x0 === x1 && y0 === y1) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }
  /** A glyph scaled by SCALE, sheared by `slant` pixels per row so characters lean like kaptcha's. */
  glyph(ch: string, x: number, y: number, slant: number, c: Rgb): void {
    const rows = FONT[ch];
    if (!rows) return;
    rows.forEach((row, r) => {
      for (let col = 0; col < 5; col++) {
        if (row[col] !== '#') continue;
        for (let dy = 0; dy < SCALE; dy++) {
          const py = y + r * SCALE + dy;
          const shift = Math.round((3.5 * SCALE - (py - y)) * slant);
          for (let dx = 0; dx < SCALE; dx++) this.set(x + col * SCALE + dx + shift, py, c);
        }
      }
    });
  }
}

const shade = (lo: number, hi: number): Rgb => [randomInt(lo, hi), randomInt(lo, hi), randomInt(lo, hi)];

/** The question drawn on a light background with noise lines, leaning characters and a little jitter. */
export function captchaPng(text: string): Buffer {
  const canvas = new Canvas(CAPTCHA_WIDTH, CAPTCHA_HEIGHT, [243, 245, 249]);
  for (let i = 0; i < 5; i++)
    canvas.line(randomInt(0, CAPTCHA_WIDTH), randomInt(0, CAPTCHA_HEIGHT), randomInt(0, CAPTCHA_WIDTH), randomInt(0, CAPTCHA_HEIGHT), shade(150, 210));
  const chars = [...text];
  let x = Math.max(2, Math.floor((CAPTCHA_WIDTH - chars.length * ADVANCE + 8) / 2));
  for (const ch of chars) {
    const y = Math.floor((CAPTCHA_HEIGHT - 7 * SCALE) / 2) + randomInt(-5, 6);
    canvas.glyph(ch, x, y, randomInt(-15, 16) / 100, shade(20, 90));
    x += ADVANCE;
  }
  return encodePng(canvas.w, canvas.h, 'rgb', canvas.px);
}
