import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.ts';

// The shared settings, plus a one-time UI build for the browser tests (skipped when the build is current).
export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      globalSetup: [new URL('./test/e2e/global-setup.ts', import.meta.url).pathname],
    },
  }),
);
