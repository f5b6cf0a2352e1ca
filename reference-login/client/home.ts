/** The home page's script: its header's 退出登录. */
import { logoutButton } from './logout.ts';

logoutButton();
