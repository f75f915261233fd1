// Runs searches on a built awaaz site in Chromium, as a reader would: over
// HTTP from a local server and, for an offline copy, from its files
// (file://), and reports what each showed. The assertions are the caller's
// (tests/search.rs); this only looks.
//
//   node search.mjs SPEC.json
//
// SPEC: { "online": DIR, "offline": DIR or null, "cases": [{ "page": "/hi/search/",
// "q": "…" }], "noScript": "/search/" or null }
//
// Prints one JSON object: for each case and each way in ("http", "file"),
// the result links in the reader's language (`mine`), those behind the
// other-languages button (`others`), the status line, the marked words,
// every request to another host, every failed request and page error, and
// the script's timing. Addresses are given from the site's root
// (`/hi/stories/heera/`), so both ways compare alike.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.AWAAZ_CHROMIUM || '/usr/bin/chromium';
/** An address of the site as from its root: `/hi/stories/heera/`. */
function fromRoot(href, root) {
  if (!href.startsWith(root)) return href;
  return '/' + href.slice(root.length).replace(/index\.html$/, '');
}

async function search(context, url, root) {
  const page = await context.newPage();
  const seen = { requests: [], foreign: [], failed: [], errors: [] };
  page.on('request', (r) => {
    seen.requests.push(fromRoot(r.url(), root));
    if (!r.url().startsWith(root)) seen.foreign.push(r.url());
  });
  page.on('requestfailed', (r) => seen.failed.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) seen.failed.push(`${r.status()} ${r.url()}`); });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('#search[data-done]', { timeout: 10000 });
  const links = (sel) => page.$$eval(sel, (as) => as.map((a) => a.href));
  const mine = await links('#search-results > ol:not(#search-others) li a');
  let others = [];
  const toggle = await page.$('#search-results button.others');
  if (toggle) {
    await toggle.click();
    await page.waitForFunction(() => document.querySelectorAll('#search-others li').length > 0);
  }
  others = await links('#search-others li a');
  const result = {
    url,
    status: (await page.textContent('#search-status')).trim(),
    mine: mine.map((h) => fromRoot(h, root)),
    others: others.map((h) => fromRoot(h, root)),
    marked: await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent)),
    langs: await page.$$eval('#search-results li', (ls) => ls.map((l) => `${l.lang} ${l.dir}`)),
    timing: await page.evaluate(() => window.awaazSearch.timing),
    ...seen,
  };
  await page.close();
  return result;
}

async function main() {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  // Nothing leaves the machine: a request to another host is refused (and
  // reported by `foreign`).
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort('blockedbyclient'));
  const server = await serve(path.resolve(spec.online));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const out = { http: [], file: [], noScript: null };
  for (const c of spec.cases) {
    const q = encodeURIComponent(c.q);
    out.http.push(await search(context, `${origin}${c.page}?q=${q}`, `${origin}/`));
    if (spec.offline) {
      const root = pathToFileURL(path.resolve(spec.offline)).href + '/';
      out.file.push(await search(context, `${root}${c.page.slice(1)}index.html?q=${q}`, root));
    }
  }
  if (spec.noScript) {
    const quiet = await browser.newContext({ javaScriptEnabled: false });
    const page = await quiet.newPage();
    await page.goto(`${origin}${spec.noScript}?q=shelter`);
    out.noScript = {
      text: (await page.innerText('main')).trim(),
      links: (await page.$$eval('main a', (as) => as.map((a) => a.href))).map((h) => fromRoot(h, `${origin}/`)),
      scripts: await page.$$eval('script', (ss) => ss.length),
    };
    await quiet.close();
  }
  server.close();
  await browser.close();
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
