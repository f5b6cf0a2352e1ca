import type { AjaxResult, FastbeeApi } from './targets/fastbee-api.ts';
import type { WechatControl } from './wechat-control.ts';

/** A mini program: wx.login plus the getPhoneNumber button, then the login system's /wechat/miniLogin. */
export class MiniProgram {
  constructor(
    readonly appid: string,
    private readonly wechat: WechatControl,
    private readonly api: FastbeeApi,
  ) {}

  /** Both client codes for a persona: the wx.login code and the phone-number code (or the button's failure). */
  async codes(persona: string) {
    const code = await this.wechat.miniLogin(this.appid, persona);
    const phone = await this.wechat.miniPhone(this.appid, persona);
    return { code, phone };
  }

  async phoneLogin(persona: string): Promise<{ phone: Awaited<ReturnType<WechatControl['miniPhone']>>; result?: AjaxResult }> {
    const { code, phone } = await this.codes(persona);
    if (!phone.code) return { phone };
    return { phone, result: await this.api.miniLogin({ phoneCode: phone.code, code }) };
  }
}
