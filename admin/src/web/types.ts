import type { AccountView, UserView } from '../api/views.ts';

/** The answer of GET /api/auth/me, which our server hands every page. */
export interface Me {
  user: UserView;
  permissions: string[];
  sessionId: string;
  csrfToken: string;
}

export type { AccountView, UserView };
