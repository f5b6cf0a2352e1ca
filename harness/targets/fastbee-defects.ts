/**
 * Defects of FastBee's web UI (open-source edition, vue/) that stop a flow of its own manual. The
 * FastBee page driver raises a FastbeeDefect when the page does what the defect makes it do, so a
 * report names FastBee's bug instead of a harness failure; once FastBee fixes it, the step passes.
 * docs/fastbee.md explains each one with the upstream fix.
 */
export const FASTBEE_DEFECTS = {
  a: {
    title: 'the ?bindId= page never offers binding',
    file: 'src/views/login.vue',
    why: 'methods defines checkBind twice; the later one wins and never sets the bindId the bind title, the 绑定并登录 button and (through a re-render) the alert with the 注册 link depend on, so the only button is 登录, which calls /login and binds nothing',
    fix: 'in the second checkBind(), after `this.loginForm.bindId = bindId;` add `this.bindId = bindId;` (and delete the first checkBind)',
  },
  b: {
    title: 'register-and-bind throws "bindRegister is not defined"',
    file: 'src/views/register.vue',
    why: 'handleRegister calls bindRegister() for a ?bindId= visit but the component never imports it: a ReferenceError, and the button stays on 注 册 中...',
    fix: "import { getCodeImg, checkBindId, getErrorMsg, socialLogin, bindRegister } from '@/api/login';",
  },
  c: {
    title: "the user centre's bind result handler calls .catch on undefined",
    file: 'src/views/system/user/profile/index.vue',
    why: 'getWxBindMsg() does this.$modal.msgSuccess(res.msg).catch(...), but msgSuccess returns nothing: a TypeError after the success toast, and an error result would never be shown by this handler',
    fix: 'getWxBindMsg(wxBindMsgId).then((res) => this.$modal.msgSuccess(res.msg));',
  },
  d: {
    title: 'the web UI has no SMS login form',
    file: 'src/views/login.vue',
    why: 'src/api/login.js defines getSmsLoginCaptcha and smsLogin (/notify/smsLoginCaptcha, /auth/sms/login) but no page uses them; the open-source backend has no such endpoints either',
    fix: 'add an SMS tab to login.vue that calls getSmsLoginCaptcha(phone) and smsLogin({ phonenumber, smsCode }), then setToken(res.data)',
  },
  e: {
    title: 'a failed unbind throws "response is not defined"',
    file: 'src/views/system/user/profile/index.vue',
    why: "handleSecureBind's .catch(() => this.$modal.msgError(response.msg)) names a variable that does not exist there: a ReferenceError (request.js has already shown the error toast)",
    fix: '.catch(() => { this.loading = false; });',
  },
  f: {
    title: 'bind-and-login sends no captcha uuid',
    file: 'src/views/login.vue',
    why: 'handleBindLogin sends { ...this.loginForm, uuid: this.uuid }; this.uuid is never set, so with the captcha on every bind is refused with 验证码已失效',
    fix: 'const params = { ...this.loginForm, bindId: this.bindId };',
  },
  g: {
    title: 'the register page asks a guarded endpoint for its logo before anyone signs in',
    file: 'springboot/fastbee-framework/src/main/java/com/fastbee/framework/config/SecurityConfig.java',
    why: "register.vue's created() calls getConfigKey('sys.logo.config'), which SecurityConfig does not permit anonymously: FastBee answers code 401 and request.js pops its 登录状态已过期 dialog on every visit (reference-login answers the public keys, so the driver never meets this one)",
    fix: '.antMatchers(HttpMethod.GET, "/system/config/configKey/sys.logo.config").permitAll() in SecurityConfig.java',
  },
} as const;

export type FastbeeDefectId = keyof typeof FASTBEE_DEFECTS;

/** A step FastBee's UI cannot do because of one of its own defects, named with its file. */
export class FastbeeDefect extends Error {
  readonly title: string;
  readonly file: string;

  constructor(
    readonly id: FastbeeDefectId,
    readonly observed: string,
  ) {
    const d = FASTBEE_DEFECTS[id];
    super(`FastBee defect (${id}) in ${d.file}: ${d.title}. Seen: ${observed}. Why: ${d.why}. Fix: ${d.fix}`);
    this.name = 'FastbeeDefect';
    this.title = d.title;
    this.file = d.file;
  }
}
