import { type Browser, chromium, type Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, Stack } from '../support/stack';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

describe('admin app in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in, shows dependency health and records a heartbeat sent from the page', async () => {
    const page = await browser.newPage();
    await page.goto(stack.baseUrl);

    await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password' }).waitFor();

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByTestId('current-user')
      .filter({ hasText: `${ADMIN_EMAIL} (admin)` })
      .waitFor();

    const dependencies = page.getByRole('table', { name: 'Dependencies' });
    await dependencies.getByRole('row', { name: /postgres up/ }).waitFor();
    await dependencies.getByRole('row', { name: /redis up/ }).waitFor();

    const before = await page.locator('tr[data-state="recorded"]').count();
    await page.getByRole('button', { name: 'Send heartbeat' }).click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('tr[data-state="recorded"]').length > count,
      before,
      { timeout: 15_000 },
    );
    await expectNoQueuedRows(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});

async function expectNoQueuedRows(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelectorAll('tr[data-state="queued"]').length === 0,
    null,
    {
      timeout: 15_000,
    },
  );
}
