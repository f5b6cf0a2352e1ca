/**
 * The "请在微信客户端打开链接" page's dev panel: "continue in this browser" marks the browser as
 * inside WeChat (a cookie on the mock's origin, named by the script tag's data-cookie;
 * docs/mock-wechat.md#the-browsers-wechat-user) and loads the authorize URL again.
 */
const cookieName = (document.currentScript as HTMLScriptElement | null)?.dataset.cookie ?? '';
const button = document.querySelector<HTMLButtonElement>('[data-testid=dev-continue]');
button?.addEventListener('click', () => {
  document.cookie = `${cookieName}=1; path=/; SameSite=Lax`;
  location.reload();
});
