/**
 * The harness API (`wxmock/harness`): start a sandbox, play the WeChat user, the apps, the SMS
 * inbox and the browser. Browser steps need the optional peer puppeteer-core; nothing here needs
 * a test runner (the scenario pack's `scenario()` is Vitest's and stays with the pack).
 */
export { startSandbox, sandboxOptionsFromEnv, type Sandbox, type SandboxOptions } from './sandbox.ts';
export * from './control.ts';
export type { TargetAdapter, TargetPages, TargetApps } from './targets/adapter.ts';
export { referenceTarget, fastbeeTarget } from './targets/targets.ts';
export { fastbeePages, type FastbeePagesOptions } from './targets/fastbee-pages.ts';
export { FastbeeDefect, FASTBEE_DEFECTS, type FastbeeDefectId } from './targets/fastbee-defects.ts';
export { FastbeeWatch } from './targets/fastbee-watch.ts';
export { routeWechatHosts, WECHAT_WEB_HOSTS } from './wechat-hosts.ts';
export { WechatBrowser, WECHAT_USER_AGENT } from './wechat-browser.ts';
export { launchBrowser, findChromium, CHROMIUM_ARGS, type LaunchedBrowser } from './browser.ts';
export { StepRecorder, StepError } from './steps.ts';
