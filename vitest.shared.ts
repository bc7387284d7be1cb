import { defineConfig } from 'vitest/config';

/**
 * The vitest settings every workspace shares. The machine has two cores, so at most two test files run at
 * once; each file gets its own database (see @joycity/db/testing), so files never share state.
 */
export const sharedTestConfig = defineConfig({
  test: {
    globalSetup: [new URL('./db/src/testing/global-setup.ts', import.meta.url).pathname],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // expect.poll waits for a browser or another process; under CI load its 1 s default is a coin toss.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default'],
  },
});
