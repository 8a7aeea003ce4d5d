import { defineConfig } from 'vitest/config';

// Two projects: "server" (unit + HTTP integration tests against a real database, chosen by
// JX_TEST_DB=pglite|postgres) and "e2e" (the browser suite in Debian Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // Guards against a hang, not speed limits (speed is measured in bench/): generous enough that
          // the suite passes with two busy CPU loops beside it on two cores (issue #11 item 12).
          testTimeout: 120_000,
          hookTimeout: 300_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          setupFiles: ['e2e/setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // expect.poll waits 1 s by default: less than a sorted re-fetch can take under CI load (a
          // pinyin-order run failed so); 15 s, as a browser test waits for what a user would see.
          expect: { poll: { timeout: 15_000 } },
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
