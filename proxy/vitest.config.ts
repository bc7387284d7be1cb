import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.ts';

// The shared settings, plus the admin UI's one-time build: the browser tests each start a real admin process,
// and two of them building it at once would collide ("another next build process is already running").
export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      globalSetup: [new URL('../admin/test/e2e/global-setup.ts', import.meta.url).pathname],
    },
  }),
);
