import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './support/find-chromium.js';

/**
 * The e2e suite: the built bundle in a real headless Chromium against real loopback
 * servers (fixtures.ts). Run `npm run build` first.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // The small apps' own tests run inside those apps, by the specs that install them.
  testIgnore: 'apps/**',
  outputDir: '../test-results',
  // Two cores: two workers, tests spread over both.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  forbidOnly: true,
  // Bounds, not budgets: a test waits for events, so these only end a test that is stuck.
  // Wide enough for a 2-core machine running two suites at once (CI beside a developer's run).
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // No HTML report: the list and the exit code are what a reader and CI need.
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'off',
  },
});
