// Measures a timeline's embed as readers' browsers get it, in Debian's Chromium, against the embed's budgets:
// at most 30 KB compressed in at most 4 requests, no WebSocket, Lighthouse mobile accessibility 100 and
// performance at least 95, no axe violations. Adapted from ../../../shared/tools/pagecheck/measure.mjs.
//
// usage: node measure.mjs APP_URL [--slug SLUG] [--runs N] [--out FILE.json]     (loopback URLs only)
//
// Three views of the same embed, then the server's time per response:
//   frame    the embed URL opened on its own (what Lighthouse scores): document, stylesheet, frame script;
//   article  an article page on another origin that includes /embed.js and a <div data-timeline>: the loader plus the
//            frame's requests, all counted against the app's origin; the article page itself is not counted;
//   repeat   the same article opened again a moment later in the same browser: what a reader's next article costs.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const app = new URL(args.find(a => /^https?:/.test(a)) ?? 'http://127.0.0.1:5299');
if (!['127.0.0.1', 'localhost', '[::1]'].includes(app.hostname)) throw new Error('Point this only at an app served on loopback.');
const slug = opt('--slug', 'north-korean-workers-in-russia');
const runs = Number(opt('--runs', '3'));
const embedUrl = new URL(`/embed/t/${slug}`, app).href;
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BUDGET = { bytes: 30 * 1024, requests: 4, websockets: 0, accessibility: 100, performance: 95, axe: 0 };

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function lighthouseRun() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-'));
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: ['--headless=new', ...FLAGS, `--user-data-dir=${dir}`] });
  try {
    const { lhr } = await lighthouse(embedUrl, { port: chrome.port, output: 'json', logLevel: 'error' });
    if (lhr.runtimeError) throw new Error(lhr.runtimeError.message);
    const audit = id => lhr.audits[id]?.numericValue ?? -1;
    const items = lhr.audits['network-requests']?.details?.items ?? [];
    return {
      scores: Object.fromEntries(Object.entries(lhr.categories).map(([k, v]) => [k, Math.round((v.score ?? 0) * 100)])),
      fcp_ms: Math.round(audit('first-contentful-paint')), lcp_ms: Math.round(audit('largest-contentful-paint')),
      tbt_ms: Math.round(audit('total-blocking-time')), cls: audit('cumulative-layout-shift'),
      bytes: items.reduce((sum, i) => sum + (i.transferSize || 0), 0), requests: items.length,
      failed: Object.values(lhr.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map(a => a.id),
    };
  } finally {
    await chrome.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Every request the page makes to the app's origin, with its transfer size (headers plus compressed body).
function recordTraffic(page) {
  const log = { requests: [], websockets: 0 };
  page.on('websocket', () => log.websockets++);
  page.on('requestfinished', async request => {
    const url = new URL(request.url());
    if (url.origin !== app.origin) return;
    const response = await request.response();
    const sizes = await request.sizes();
    log.requests.push({
      path: url.pathname, status: response?.status(), encoding: (await response?.headerValue('content-encoding')) ?? 'identity',
      bytes: sizes.responseHeadersSize + sizes.responseBodySize,
    });
  });
  return log;
}

// A response taken from the browser's cache transfers nothing; a revalidated one (304) still costs its headers.
const summarise = log => ({
  requests: log.requests.length, bytes: log.requests.reduce((sum, r) => sum + r.bytes, 0), websockets: log.websockets,
  from_browser_cache: log.requests.filter(r => r.bytes === 0).length,
  detail: log.requests,
});

async function articleServer() {
  const server = http.createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>An article</title></head><body><h1>An article</h1><p>Text before the embed.</p>
<div data-timeline="${slug}"><a href="${new URL(`/t/${slug}`, app)}">The timeline</a></div>
<p>Text after the embed.</p><script src="${new URL('/embed.js', app)}" async></script></body></html>`);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

async function browserViews() {
  const browser = await chromium.launch({ executablePath: CHROME, args: FLAGS });
  const { server, url: articleUrl } = await articleServer();
  try {
    const frameContext = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const framePage = await frameContext.newPage();
    const frameLog = recordTraffic(framePage);
    await framePage.goto(embedUrl, { waitUntil: 'networkidle' });
    await frameContext.close();

    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    const articleLog = recordTraffic(page);
    await page.goto(articleUrl);
    await page.frameLocator('iframe').locator('footer').waitFor();
    await page.waitForLoadState('networkidle');
    const fittedHeight = await page.locator('iframe').evaluate(f => f.getBoundingClientRect().height);
    const repeat = await context.newPage();
    const repeatLog = recordTraffic(repeat);
    await repeat.goto(articleUrl);
    await repeat.frameLocator('iframe').locator('footer').waitFor();
    await repeat.waitForLoadState('networkidle');
    await context.close();

    const axe = {};
    for (const colorScheme of ['light', 'dark']) {
      // axe is injected as an inline script, which the embed's Content-Security-Policy rightly refuses.
      const axeContext = await browser.newContext({ colorScheme, viewport: { width: 360, height: 800 }, bypassCSP: true });
      const axePage = await axeContext.newPage();
      await axePage.goto(embedUrl);
      await axePage.evaluate(() => document.querySelectorAll('details').forEach(d => { d.open = true; }));
      await axePage.addScriptTag({ path: path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules/axe-core/axe.min.js') });
      const result = await axePage.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      axe[colorScheme] = result.violations.map(v => `${v.id} (${v.impact}, ${v.nodes.length})`);
      await axeContext.close();
    }
    return { frame: summarise(frameLog), article: { ...summarise(articleLog), fitted_height_px: Math.round(fittedHeight) }, repeat: summarise(repeatLog), axe };
  } finally {
    server.close();
    await browser.close();
  }
}

// Server time per response: the same embed again (from the output cache), and embeds never asked for before (each a
// distinct cache key, so rendered from the database). Sequential requests over one connection from this machine.
async function serverTimes(count = 200) {
  const time = async url => {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { 'accept-encoding': 'br' } });
    await response.arrayBuffer();
    return performance.now() - t0;
  };
  await time(embedUrl);
  const cached = [], rendered = [];
  for (let i = 0; i < count; i++) cached.push(await time(embedUrl));
  for (let i = 0; i < count / 4; i++) rendered.push(await time(`${embedUrl}?start=bench-${Date.now()}-${i}`));
  const p = (values, q) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length * q)] * 100) / 100;
  return { cached_ms: { p50: p(cached, 0.5), p95: p(cached, 0.95), n: cached.length }, rendered_ms: { p50: p(rendered, 0.5), p95: p(rendered, 0.95), n: rendered.length } };
}

const views = await browserViews();
const server = await serverTimes();
const lighthouseRuns = [];
for (let i = 0; i < runs; i++) lighthouseRuns.push(await lighthouseRun());
const score = category => lighthouseRuns.map(r => r.scores[category]);
const result = {
  date: new Date().toISOString(), url: embedUrl, chromium: CHROME, machine: `${os.cpus().length} × ${os.cpus()[0]?.model?.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
  ...views,
  server,
  lighthouse: {
    preset: 'mobile', runs,
    performance: { median: median(score('performance')), min: Math.min(...score('performance')), max: Math.max(...score('performance')) },
    accessibility: { median: median(score('accessibility')), min: Math.min(...score('accessibility')) },
    best_practices: median(score('best-practices')), seo: median(score('seo')),
    fcp_ms: median(lighthouseRuns.map(r => r.fcp_ms)), lcp_ms: median(lighthouseRuns.map(r => r.lcp_ms)),
    tbt_ms: median(lighthouseRuns.map(r => r.tbt_ms)), cls: median(lighthouseRuns.map(r => r.cls)),
    bytes: lighthouseRuns[0].bytes, requests: lighthouseRuns[0].requests, failed_audits: lighthouseRuns[0].failed,
  },
};
const checks = {
  [`frame transfer ≤ ${BUDGET.bytes} B`]: result.frame.bytes <= BUDGET.bytes,
  [`article transfer ≤ ${BUDGET.bytes} B`]: result.article.bytes <= BUDGET.bytes,
  [`article requests ≤ ${BUDGET.requests}`]: result.article.requests <= BUDGET.requests,
  'no WebSocket': result.article.websockets === 0 && result.frame.websockets === 0,
  [`accessibility = ${BUDGET.accessibility}`]: result.lighthouse.accessibility.min >= BUDGET.accessibility,
  [`performance ≥ ${BUDGET.performance}`]: result.lighthouse.performance.min >= BUDGET.performance,
  'no axe violation': result.axe.light.length === 0 && result.axe.dark.length === 0,
};
result.budgets = checks;
const file = opt('--out');
if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
console.log(Object.entries(checks).map(([name, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${name}`).join('\n'));
process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1;
