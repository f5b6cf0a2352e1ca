/** The harness API: start a sandbox, play the WeChat user, the apps, the SMS inbox and the browser. */
export { startSandbox, sandboxOptionsFromEnv, type Sandbox, type SandboxOptions } from './sandbox.ts';
export { scenario, type ScenarioContext } from './scenario.ts';
export { WechatControl, type FaultSpec, type QrSessionView } from './wechat-control.ts';
export { WechatUser } from './wechat-user.ts';
export { MobileApp } from './mobile-app.ts';
export { MiniProgram } from './mini-program.ts';
export { SmsInbox, type SmsMessage } from './sms-inbox.ts';
export { FastbeeApi, classifyRedirect, type AjaxResult, type CallbackOutcome } from './targets/fastbee-api.ts';
export type { TargetAdapter, TargetPages, TargetApps } from './targets/adapter.ts';
export { referenceTarget, fastbeeTarget } from './targets/targets.ts';
export { fastbeePages, type FastbeePagesOptions } from './targets/fastbee-pages.ts';
export { FastbeeDefect, FASTBEE_DEFECTS, type FastbeeDefectId } from './targets/fastbee-defects.ts';
export { FastbeeWatch } from './targets/fastbee-watch.ts';
export { routeWechatHosts, WECHAT_WEB_HOSTS } from './wechat-hosts.ts';
export { launchBrowser, findChromium, CHROMIUM_ARGS } from './browser.ts';
export { StepRecorder, StepError } from './steps.ts';
export { pollUntil } from './http.ts';
