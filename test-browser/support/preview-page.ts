/**
 * Helpers for tests of the live preview's page (preview/page): open it as a user does,
 * find the editor, point at a word in it, keep screenshots, and collect the page's own
 * errors (a test of the page ends with none).
 */
import { expect as baseExpect, type Locator, type Page, type TestInfo } from '@playwright/test';

// The tests wait for what the page shows, never for a time: the test's timeout bounds the whole.
const expect = baseExpect.configure({ timeout: 0 });

/** The editor's text as it shows it (CodeMirror draws lines as elements: no line breaks here). */
export const code = (page: Page): Locator => page.locator('#editor .cm-content');

/** Opens the preview at `url` and waits until it is ready: the example in the editor, Run enabled (TypeScript may still be loading). */
export async function openPreview(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

/** Kept as a test artifact: test-results/<the test>/<name>.png. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}

/** The page's own errors (uncaught exceptions, console errors of the page itself), as they happen. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The examples print with console.error themselves (their output, passed on by their run's frame, run-realm.js): only the page's own count.
    if (message.type() === 'error' && !message.location().url.includes('/preview/build/run-realm.js')) {
      errors.push(`console.error: ${message.text()} (${message.location().url})`);
    }
  });
  return errors;
}

/** Moves the mouse over the middle of `word`'s first occurrence in the editor (as a user points at it). */
export async function hoverWord(page: Page, word: string): Promise<void> {
  const point = await page.evaluate((wanted) => {
    const content = document.querySelector('#editor .cm-content');
    if (content === null) return undefined;
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at + Math.floor(wanted.length / 2));
      range.setEnd(node, at + Math.floor(wanted.length / 2) + 1);
      const box = range.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
    return undefined;
  }, word);
  if (point === undefined) throw new Error(`"${word}" is not in the editor's visible lines`);
  await page.mouse.move(point.x, point.y);
}
