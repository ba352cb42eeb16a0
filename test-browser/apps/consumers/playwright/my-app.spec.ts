// The README's "In Playwright tests", with the fixtures it documents.
import { test, expect } from 'ohos-netkit/playwright';

test.use({ netkitRelayOptions: { sandboxDir: 'test-files', outbound: { allowLoopbackOnly: true } } });
test.use({ netkitConfig: { device: { internetPermission: false } } });

test('the app talks to its server', async ({ page, netkitRelay, netkitConfig }) => {
  await page.goto('http://127.0.0.1:5173/');
  expect(netkitRelay.url).toContain('ws://');
  expect(netkitRelay.token.length).toBeGreaterThan(31);
  expect(netkitRelay.connections.map((connection) => connection.phase)).toEqual([]);
  const listening: { host: string; port: number } = await netkitRelay.whenListening(8080);
  expect(listening.port).toBeGreaterThan(0);
  expect(netkitConfig.useRelay).toBeUndefined();
});

test.describe('direct connections', () => {
  test.use({ netkitConfig: { useRelay: 'auto' } });
  test('stay on the browser', async ({ page }) => {
    await page.routeWebSocket(/\/chat$/, (route) => route.onMessage((message) => route.send(`echo: ${message}`)));
  });
});

test.describe("the README's example", () => {
  test.use({ netkitConfig: { useRelay: 'auto' } });

  test('the app talks to its server', async ({ page, netkitRelay }) => {
    await page.goto('http://127.0.0.1:5173/');
    await expect.poll(() => netkitRelay.connections.map(({ op, phase }) => `${op} ${phase}`)).toContain('connect open');
    const { port } = await netkitRelay.whenListening(8080);
    expect(port).not.toBe(8080);
    await expect(page.getByText('http 200')).toBeVisible();
  });
});
