// The editor's one flow, walked as a practised editor walks it: from a timeline's page, add a new source (its text
// pasted), find a phrase, take its whole sentence, make a new event from it, give it a title and publish it. Typing is
// a key every 100 ms, as a person types; every click and key is counted. Prints one JSON line per run.
// usage: node journey.mjs BASE_URL EMAIL PASSWORD TIMELINE_ID [RUNS]
import { chromium } from 'playwright-core';

const [base, email, password, timelineId, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const text = 'Officials in the region spoke to reporters on Monday. On March 3, 2025, about 200 North Korean workers arrived at a ' +
  'construction site near Moscow, the officials said. No one else has confirmed the figure. The company did not answer.';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
for (let run = 1; run <= runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/account/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/edit$/);
  await page.goto(`${base}/edit/timelines/${timelineId}`);
  await page.getByRole('link', { name: 'New event from a new source' }).waitFor();

  let clicks = 0, keys = 0;
  const click = async (locator) => { clicks++; await locator.click(); };
  const type = async (locator, value) => { await click(locator); keys += value.length; await locator.pressSequentially(value, { delay: 100 }); };
  const started = Date.now();
  await click(page.getByRole('link', { name: 'New event from a new source' }));
  await type(page.getByLabel('Title or headline'), `Workers reach a building site ${run}`);
  await type(page.getByLabel('Outlet', { exact: true }), 'Test Outlet');
  await click(page.getByLabel('Full text'));
  await page.getByLabel('Full text').fill(text); // pasted
  await click(page.getByRole('button', { name: 'Add source' }));
  await type(page.getByLabel('Find a phrase'), '200 North Korean workers');
  await click(page.locator('button.match').filter({ has: page.locator('strong', { hasText: /^200 North Korean workers$/ }) }).first());
  await click(page.getByRole('button', { name: 'Whole sentence' }));
  await page.getByTestId('selected-passage').filter({ hasText: /^On March 3/ }).waitFor();
  await click(page.getByRole('button', { name: 'New event from this passage' }));
  await page.getByTestId('backing-passage').waitFor();
  await type(page.locator('#event-title'), `Workers arrive near Moscow ${run}`);
  await click(page.getByRole('button', { name: 'Create and publish' }));
  await page.waitForURL(/\/edit\/events\/\d+$/);
  await page.locator('.excerpt-editor blockquote').waitFor();
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ run, clicks, keys, pastes: 1, seconds, typingSeconds: keys * 0.1 }));
  await context.close();
}
await browser.close();
