// The editor of bench/reader/load.sh: signs in with Chromium and saves a published event of the seeded timeline again
// and again while the readers' load runs, changing its summary each time; after each save, checks with a plain GET of
// the event's reader page that readers see the new text at once (the save evicted the cached copies). Prints one JSON
// line; a check answered 429 is counted apart. usage: node saver.mjs BASE_URL EMAIL PASSWORD SECONDS
import { chromium } from 'playwright-core';

const [base, email, password, secondsArg] = process.argv.slice(2);
const until = Date.now() + Number(secondsArg) * 1000;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto(`${base}/account/login`);
await page.fill('#email', email);
await page.fill('#password', password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(/\/edit$/);
await page.goto(`${base}/edit/timelines/1`);
const href = await page.locator('a[href^="/edit/events/"]').first().getAttribute('href');
await page.goto(`${base}${href}`);
await page.getByTestId('event-state').filter({ hasText: 'Published' }).waitFor();
const readerHref = await page.locator('a[href^="/t/"][href*="/e/"]').first().getAttribute('href');
const summary = page.locator('#event-summary');
const original = await summary.inputValue();

const saves = [], stale = [], limited = [];
let status = '';
try {
  for (let n = 1; Date.now() < until; n++) {
    const marker = `Checked under load, save ${n}.`;
    await summary.fill(`${original}\n\n${marker}`);
    const started = Date.now();
    await page.getByRole('button', { name: 'Save changes' }).click();
    // The status line names the time of the save; wait until it is a new one.
    await page.waitForFunction(
      (previous) => {
        const text = document.querySelector('[data-testid="save-status"]')?.textContent ?? '';
        return text.startsWith('Saved.') && text !== previous;
      }, status);
    saves.push(Date.now() - started);
    status = await page.getByTestId('save-status').textContent();
    const reader = await fetch(`${base}${readerHref}`);
    // From the loopback address with no X-Forwarded-For: under ONE_ADDRESS=1 it shares the readers' limit.
    if (reader.status === 429) limited.push(n);
    else if (!(await reader.text()).includes(marker)) stale.push(n);
    // Status lines carry the time to the second: the next save comes in the next second.
    while (new Date().toISOString().slice(11, 19) === status.match(/\((\d\d:\d\d:\d\d) UTC\)/)?.[1]) await page.waitForTimeout(50);
  }
} finally {
  await summary.fill(original);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForFunction((previous) => (document.querySelector('[data-testid="save-status"]')?.textContent ?? '') !== previous, status);
  await context.close();
  await browser.close();
}
saves.sort((a, b) => a - b);
const pct = (p) => saves[Math.min(saves.length - 1, Math.floor(p * saves.length))];
console.log('SAVER ' + JSON.stringify({ saves: saves.length, p50_ms: pct(0.5), p99_ms: pct(0.99), max_ms: saves.at(-1), notVisibleAtOnce: stale.length, checksLimited: limited.length }));
