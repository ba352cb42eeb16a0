import { expect, test } from '@playwright/test';
import { startPreview, type Preview } from '../preview/serve.js';

// The live preview (`npm start`): the guide's complete client example, run in the page
// against the preview's own echo server, logs exactly what the device would log.

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(0);
});
test.afterAll(async () => {
  await preview.close();
});

test('the preview runs the guide client example and shows the device log', async ({ page }, testInfo) => {
  await page.goto(preview.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#source')).toHaveValue(new RegExp(`let defaultIpAddress = "${preview.upstream.url}/bye";`));
  await page.locator('#run').click();
  const log = page.locator('#log li');
  await expect(log).toHaveText([
    '— run 1 —',
    'Connected successfully',
    'on open, status:{"status":101,"message":"Switching Protocols"}',
    'Message send successfully',
    'on message, message:Hello, server!',
    'on message, message:bye',
    'Connection closed successfully',
    'on close, code is 1000, reason is CLOSE_NORMAL',
  ]);
  // Kept as a test artifact: test-results/<this test>/preview.png.
  const path = testInfo.outputPath('preview.png');
  await page.screenshot({ path });
  await testInfo.attach('preview', { path, contentType: 'image/png' });
});
