import type { Frame, Page } from '@playwright/test';

/**
 * Runs JavaScript source as an ES module in the page and waits until it has been
 * evaluated. Bare specifiers resolve through the harness page's import map, exactly
 * as they would for a `<script type="module">` in that page; an evaluation error
 * rejects.
 */
export async function runModule(page: Page | Frame, source: string): Promise<void> {
  await page.evaluate(async (code) => {
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    try {
      await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }, source);
}
