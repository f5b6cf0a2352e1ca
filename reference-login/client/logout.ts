import { $, api, removeToken } from './common.ts';

/** The 退出登录 button in the pages' header (pages/home.tsx, Nav). */
export function logoutButton(): void {
  var btn = $<HTMLButtonElement>('logout');
  if (!btn) return;
  btn.addEventListener('click', () => {
    btn!.disabled = true;
    api('POST', '/logout').then(() => {
      removeToken();
      location.replace('/login');
    });
  });
}
