import { expect, it } from 'vitest';
import { startSandbox } from './sandbox.ts';
import { StepError, StepRecorder } from './steps.ts';

it('a scenario made to fail names the step and shows what the target answered', async () => {
  const s = await startSandbox();
  try {
    // WeChat answers -1 to the code exchange; the step expects a signed-in user and fails.
    await s.wechat.fault({ endpoint: '/sns/oauth2/access_token', errcode: -1, times: 1 });
    const recorder = new StepRecorder(s.target.api.http.exchanges);
    const error = await recorder
      .step('zhangsan is signed in after the QR login', async () => {
        const render = await s.target.api.renderWebLogin();
        await s.wechat.http.get(render.qrconnectUrl!);
        const confirmed = await s.user('zhangsan').confirm(render.appid!);
        const back = new URL(confirmed.redirectUrl!);
        const { outcome } = await s.target.api.callback({ code: back.searchParams.get('code')!, state: back.searchParams.get('state')! });
        expect(outcome.kind, 'the callback outcome').toBe('loginId');
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepError);
    const message = (error as Error).message;
    expect(message).toContain('step "zhangsan is signed in after the QR login" failed');
    expect(message).toContain("expected 'errorId' to be 'loginId'");
    expect(message).toMatch(
      /the target last answered: GET http:\/\/127\.0\.0\.1:\d+\/auth\/callback\/wechat_open_web\?code=\w+&state=\w+ → HTTP 302 Location: \S+errorId=/,
    );
    expect(recorder.steps).toEqual([expect.objectContaining({ name: 'zhangsan is signed in after the QR login', status: 'failed' })]);
  } finally {
    await s.close();
  }
});
