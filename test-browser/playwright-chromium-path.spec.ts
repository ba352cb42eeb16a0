import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { findChromium } from './support/find-chromium.js';
import { installPackedPackage, type InstalledPackage } from './support/installed-package.js';
import { runUserPlaywright, type UserRun } from './support/user-playwright.js';

// A user's Playwright project on a machine without Playwright's own browser download
// (a container with the system's Chromium): its own config, one spec that imports
// ohos-netkit/playwright, run with `npx playwright test` as a child process
// (support/user-playwright.ts). Playwright's browser cache is an empty directory for it,
// so only the fixture's CHROMIUM_PATH, or the project's own executablePath, can give it a browser.

test.describe.configure({ timeout: 120_000 });

/** The user's spec; `fileUse` is a `test.use(…)` line of the file's own. */
const userSpec = (fileUse = ''): string => `import { test, expect } from 'ohos-netkit/playwright';
${fileUse}

test('the page runs, next to the relay', async ({ page, netkitRelay }) => {
  await page.setContent('<p>hello</p>');
  expect(await page.textContent('p')).toBe('hello');
  expect(netkitRelay.url).toMatch(/^ws:\\/\\/127\\.0\\.0\\.1:\\d+\\/ohos-netkit-relay$/);
  console.log(\`user agent: \${await page.evaluate(() => navigator.userAgent)}\`);
});
`;

let app: InstalledPackage;
test.beforeAll(async () => {
  app = await installPackedPackage(['@playwright/test']);
});
test.afterAll(async () => {
  await app?.remove();
});

/** Writes the user's playwright.config.ts with `use` (and the spec), runs `npx playwright test` in the project, resolves with its exit code and output. */
async function runUserProject(use: object, chromiumPath: string | undefined, fileUse?: string): Promise<UserRun> {
  await writeFile(join(app.dir, 'app.spec.ts'), userSpec(fileUse));
  const config = `import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  reporter: 'line',
  workers: 1,
  timeout: 30_000,
  use: ${JSON.stringify(use)},
});
`;
  await writeFile(join(app.dir, 'playwright.config.ts'), config);
  return runUserPlaywright(app.dir, [], { chromiumPath });
}

test("without CHROMIUM_PATH the user's project finds no browser (the check below cannot pass by accident)", async () => {
  const { code, output } = await runUserProject({}, undefined);
  expect(code, output).toBe(1);
  expect(output).toContain("Executable doesn't exist");
});

test('CHROMIUM_PATH gives the fixture its browser when the config names none', async () => {
  const { code, output } = await runUserProject({}, findChromium());
  expect(code, output).toBe(0);
  expect(output).toMatch(/1 passed/);
});

test("CHROMIUM_PATH joins the config's own launchOptions, which keep their args", async () => {
  const { code, output } = await runUserProject({ launchOptions: { args: ['--user-agent=set-by-the-config-args'] } }, findChromium());
  expect(code, output).toBe(0);
  expect(output).toContain('user agent: set-by-the-config-args');
});

test('an executablePath in the config wins over CHROMIUM_PATH', async () => {
  const { code, output } = await runUserProject({ launchOptions: { executablePath: findChromium() } }, '/nonexistent/chromium');
  expect(code, output).toBe(0);
  expect(output).toMatch(/1 passed/);
});

test("a spec file's own test.use({ launchOptions }) replaces the fixture's: CHROMIUM_PATH holds there only when the file names it, as the README says", async () => {
  const args = "args: ['--user-agent=set-by-the-file']";
  const without = await runUserProject({}, findChromium(), `test.use({ launchOptions: { ${args} } });`);
  expect(without.code, without.output).toBe(1);
  expect(without.output).toContain("Executable doesn't exist");
  const named = await runUserProject({}, findChromium(), `test.use({ launchOptions: { ${args}, executablePath: process.env.CHROMIUM_PATH } });`);
  expect(named.code, named.output).toBe(0);
  expect(named.output).toContain('user agent: set-by-the-file');
});
