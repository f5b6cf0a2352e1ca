import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAPTCHA_HEIGHT, CAPTCHA_WIDTH, captchaPng } from './captcha-image.ts';
import { startLoginWorld, type LoginWorld } from './test-support.ts';

/** Pixels clearly darker than the light background: the drawn characters. */
function inkPixels(png: PNG): number {
  let n = 0;
  for (let i = 0; i < png.width * png.height; i++) if (png.data[i * 4]! < 120 && png.data[i * 4 + 1]! < 120 && png.data[i * 4 + 2]! < 120) n++;
  return n;
}

describe('captcha image', () => {
  it('is a PNG of 160×60 that a standard decoder reads, with the characters drawn on it', () => {
    const png = PNG.sync.read(captchaPng('7×8=?'));
    expect([png.width, png.height]).toEqual([CAPTCHA_WIDTH, CAPTCHA_HEIGHT]);
    // 5 glyphs of a 5×7 font scaled by 4: each lit cell is 16 pixels.
    expect(inkPixels(png)).toBeGreaterThan(5 * 8 * 16);
    expect(inkPixels(PNG.sync.read(captchaPng('1-1=?')))).toBeGreaterThan(0);
  });

  describe('GET /captchaImage with the captcha on', () => {
    let w: LoginWorld;
    beforeEach(async () => {
      w = await startLoginWorld({ captchaEnabled: true });
    });
    afterEach(async () => {
      await w.stop();
    });

    it('sends a raster image (PNG bytes in img, as FastBee sends JPEG bytes), and the answer check is unchanged', async () => {
      const b = w.browser();
      const cap = (await b.get('/captchaImage')).body;
      const bytes = Buffer.from(cap.img, 'base64');
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(PNG.sync.read(bytes).width).toBe(CAPTCHA_WIDTH);
      const answer = (await b.get(`/__mock/captcha/${cap.uuid}`)).body.answer as string;
      expect((await b.post('/login', { username: 'admin', password: 'admin123', code: `${Number(answer) + 1}`, uuid: cap.uuid })).body).toEqual({
        code: 500,
        msg: '验证码错误',
      });
      const again = (await b.get('/captchaImage')).body;
      const right = (await b.get(`/__mock/captcha/${again.uuid}`)).body.answer as string;
      expect((await b.post('/login', { username: 'admin', password: 'admin123', code: right, uuid: again.uuid })).body.code).toBe(200);
    });
  });
});
