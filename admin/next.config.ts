import path from 'node:path';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

/**
 * The admin UI. It is served by our own Node server (src/main.ts), which routes /api to the Hono API and the
 * rest here. Type checking is `npm run typecheck`'s job (tsc over the whole workspace), so the build skips it
 * and stays fast on two cores.
 */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true },
  turbopack: { root: path.resolve(import.meta.dirname, '..') },
  images: { unoptimized: true },
};

export default withNextIntl(config);
