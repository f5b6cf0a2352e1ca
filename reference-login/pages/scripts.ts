import type { ClientScript } from '../../core/client-scripts.ts';

/** The pages' scripts (reference-login/client/, docs/architecture.md "Browser code"), served by app.ts. */
export const PAGE_SCRIPTS = {
  login: { path: '/assets/login.js', source: 'reference-login/client/login.ts' },
  home: { path: '/assets/home.js', source: 'reference-login/client/home.ts' },
  profile: { path: '/assets/profile.js', source: 'reference-login/client/profile.ts' },
} satisfies Record<string, ClientScript>;
