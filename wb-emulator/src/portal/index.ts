import type { HostModule } from '../hosts/host-modules.ts';
import { antibotHost } from './hosts/antibot.ts';
import { authHost } from './hosts/auth.ts';
import { cmpHost } from './hosts/cmp.ts';
import { communicationsHost, communicationsUpgrade } from './hosts/communications.ts';
import { contentHost } from './hosts/content.ts';
import { pricesHost } from './hosts/prices.ts';
import { reviewsHost } from './hosts/reviews.ts';
import { servicesHost } from './hosts/services.ts';
import { shellHost } from './hosts/shell.ts';
import { staticFeedbackHost } from './hosts/static-feedback.ts';
import { staticFilesHost } from './hosts/static-files.ts';
import { supplyHost } from './hosts/supply.ts';
import { weeklyReportHost } from './hosts/weekly-report.ts';

/**
 * The emulated seller portal: one HostModule per portal role of the catalogue (`@joycity/shared/wb`). The
 * browser side is a real SPA (see `web/`), bundled with esbuild on first use.
 */
export const PORTAL_MODULES: readonly HostModule[] = [
  { roles: ['portal-shell'], create: shellHost },
  { roles: ['portal-auth'], create: authHost },
  { roles: ['portal-finance'], create: servicesHost },
  { roles: ['portal-analytics'], create: weeklyReportHost },
  { roles: ['portal-prices'], create: pricesHost },
  { roles: ['portal-content'], create: contentHost },
  { roles: ['portal-reviews'], create: reviewsHost },
  { roles: ['portal-supply'], create: supplyHost },
  { roles: ['portal-cmp'], create: cmpHost },
  { roles: ['portal-communications'], create: communicationsHost, upgrade: communicationsUpgrade },
  { roles: ['portal-antibot'], create: antibotHost },
  { roles: ['static-files'], create: staticFilesHost },
  { roles: ['static-feedback'], create: staticFeedbackHost },
];

export { PORTAL_HOSTS, contentSecurityPolicy, originsOf } from './http/origins.ts';
export { PortalState, LIFETIMES } from './session/state.ts';
export { solvePow, fnv1a32 } from './session/pow.ts';
export { SHELL_ROUTES } from './hosts/shell.ts';
export { portalBundle } from './web/build.ts';
export { CookieJar, type StoredCookie } from './testing/cookie-jar.ts';
export {
  createPortalClient,
  PortalHttpError,
  type PortalClient,
  type PortalResponse,
  type PortalRequestInit,
} from './testing/portal-client.ts';
