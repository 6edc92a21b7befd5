// The scripted check of bench/scale/run.sh: an editor signs in and saves through nginx (sticky, WebSocket), then a
// reader polls the event's page through nginx's cache until the edit shows, and once straight on the other instance.
// Prints one JSON line. usage: node edit-through.mjs NGINX_URL OTHER_INSTANCE_URL EMAIL PASSWORD
import { chromium } from 'playwright-core';

const [base, other, email, password] = process.argv.slice(2);
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
// The reader's copy is in nginx's cache before the save.
await fetch(`${base}${readerHref}`);
const marker = `Saved through nginx at ${Date.now()}.`;
const summary = page.locator('#event-summary');
await summary.fill(`${await summary.inputValue()}\n\n${marker}`);
const savedAt = Date.now();
await page.getByRole('button', { name: 'Save changes' }).click();
await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
await context.close();

const otherAtOnce = (await (await fetch(`${other}${readerHref}`)).text()).includes(marker);
let seconds = null, cacheStatus = '';
for (let tries = 0; tries < 150; tries++) {
  const response = await fetch(`${base}${readerHref}`);
  cacheStatus = response.headers.get('x-cache-status') ?? '';
  if ((await response.text()).includes(marker)) { seconds = (Date.now() - savedAt) / 1000; break; }
  await new Promise(r => setTimeout(r, 1000));
}
await browser.close();
console.log('CHECK ' + JSON.stringify({ otherInstanceAtOnce: otherAtOnce, secondsThroughNginx: seconds, lastCacheStatus: cacheStatus }));
if (!otherAtOnce || seconds === null || seconds > 90) process.exit(1);
