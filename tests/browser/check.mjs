// Checks a built awaaz site the way readers meet it: every HTML file through
// the Nu HTML Checker, then the home page, a story, a petition, a Despatch
// issue and an article, in English, Hindi and Urdu, in Chromium at a cheap
// phone's width (360 × 800):
//
//   - axe-core (WCAG 2.0 and 2.1, levels A and AA): no serious or critical
//     violation;
//   - no horizontal scrolling;
//   - `lang` on <html> is the page's language; Urdu is laid out right to left;
//   - nothing is requested from another host, and every request is answered.
//
// The 404 page is checked the same way, at an address no page has.
//
//   node check.mjs OUT            OUT: the output folder of `awaaz build`
//   AWAAZ_SCREENSHOTS=DIR         also save a full-page screenshot of each page
//
// Prints a summary and exits 1 when anything failed (2 on wrong usage).
// The pages are those of the sample site in this repository (content/).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

const VIEWPORT = { width: 360, height: 800 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const CHROMIUM = process.env.AWAAZ_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Each kind of page, by language: pages of the sample site that exist in all three. */
const PAGES = {
  home: { en: '/', hi: '/hi/', ur: '/ur/' },
  story: {
    en: '/stories/no-name-night/',
    hi: '/hi/stories/no-name-night/',
    ur: '/ur/stories/no-name-night/',
  },
  petition: {
    en: '/petitions/end-demand/',
    hi: '/hi/petitions/end-demand/',
    ur: '/ur/petitions/end-demand/',
  },
  issue: { en: '/despatch/2026-11/', hi: '/hi/despatch/2026-11/', ur: '/ur/despatch/2026-11/' },
  article: {
    en: '/despatch/2026-11/editorial/',
    hi: '/hi/despatch/2026-11/editorial/',
    ur: '/ur/despatch/2026-11/editorial/',
  },
};
// The search page with results: its results are drawn by its script, so
// the checks wait for them (checkPage).
PAGES.search = {
  en: '/search/?q=shelter+petition',
  hi: '/hi/search/?q=%E0%A4%9C%E0%A4%AE%E0%A4%BE%E0%A4%A8%E0%A4%A4',
  ur: '/ur/search/?q=%D8%B3%D9%84%D8%B7%D8%A7%D9%86%DB%81',
};
const RTL = new Set(['ur']);
/** An address no page has: the server answers it with 404.html, which is checked too. */
const NOT_FOUND = '/no-such-page/';


const failures = [];
const notes = [];
function fail(where, message) {
  failures.push(`${where}: ${message}`);
}

async function main() {
  const out = process.argv[2];
  if (!out || !existsSync(path.join(out, 'index.html'))) {
    console.error('usage: node check.mjs OUT   (OUT: a built site, with OUT/index.html)');
    process.exit(2);
  }
  const root = path.resolve(out);

  const htmlFiles = listFiles(root).filter((f) => f.endsWith('.html'));
  validateHtml(root, htmlFiles);

  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  let checked = 0;
  try {
    checked = await checkInBrowser(root, origin);
  } finally {
    server.close();
  }

  for (const note of notes) console.log(`note: ${note}`);
  console.log(
    `checked ${htmlFiles.length} HTML files with the Nu HTML Checker and ${checked} pages in Chromium at ${VIEWPORT.width}×${VIEWPORT.height}`,
  );
  if (failures.length > 0) {
    console.log(`\n${failures.length} problem(s):`);
    for (const f of failures) console.log(`- ${f}`);
    process.exit(1);
  }
  console.log('all checks passed');
}

/** Every file under `dir`, absolute, sorted. */
function listFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full));
    else found.push(full);
  }
  return found.sort();
}

// ---------------------------------------------------------------- Nu checker

function validateHtml(root, htmlFiles) {
  const jar = path.join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
  if (!existsSync(jar)) {
    fail('vnu', `${jar} is missing: run \`npm ci\` in tests/browser`);
    return;
  }
  // vnu takes a folder and checks each HTML file in it: no command line
  // grows with the site. UTF-8 so that Hindi and Urdu file names survive.
  const run = spawnSync(
    'java',
    ['-Dfile.encoding=UTF-8', '-Dsun.jnu.encoding=UTF-8', '-jar', jar,
      '--errors-only', '--skip-non-html', '--format', 'json', root],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
  );
  if (run.error) {
    fail('vnu', `cannot run java: ${run.error.message}`);
    return;
  }
  let report;
  try {
    report = JSON.parse(run.stderr);
  } catch {
    fail('vnu', `unexpected output (exit ${run.status}):\n${run.stderr}${run.stdout}`);
    return;
  }
  const fileOf = (m) => (m.url ? path.relative(root, fileURLToPath(m.url.replace(/^file:\/(?!\/)/, 'file:///'))) : '?');
  const messages = report.messages.map((m) => ({ ...m, file: fileOf(m) }));
  messages.sort((a, b) => a.file.localeCompare(b.file) || (a.lastLine ?? 0) - (b.lastLine ?? 0)
    || (a.firstColumn ?? a.lastColumn ?? 0) - (b.firstColumn ?? b.lastColumn ?? 0));
  for (const m of messages) {
    const file = m.file;
    const at = m.lastLine ? `:${m.lastLine}:${m.firstColumn ?? m.lastColumn ?? 1}` : '';
    const extract = m.extract ? ` — near \`${m.extract.replace(/\s+/g, ' ')}\`` : '';
    fail(`vnu ${file}${at}`, `${m.type}: ${m.message}${extract}`);
  }
  if (report.messages.length === 0 && run.status !== 0) {
    fail('vnu', `exited ${run.status} without messages:\n${run.stdout}`);
  }
  if (htmlFiles.length === 0) fail('vnu', 'no HTML files to check');
}

// ---------------------------------------------------------------- browser

async function checkInBrowser(root, origin) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    fail('browser', `playwright-core is missing (${e.message}): run \`npm ci\` in tests/browser`);
    return 0;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const shots = process.env.AWAAZ_SCREENSHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  let checked = 0;
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const visits = [];
    for (const [kind, byLang] of Object.entries(PAGES)) {
      for (const [lang, url] of Object.entries(byLang)) {
        if (existsSync(path.join(root, url.split('?')[0], 'index.html'))) visits.push({ kind, lang, url, status: 200 });
        else fail(`${lang} ${kind} ${url}`, 'the page is not in the build (has the sample content changed?)');
      }
    }
    visits.push({ kind: 'not-found', lang: defaultLanguage(root), url: NOT_FOUND, status: 404 });
    for (const visit of visits) {
      const where = `${visit.lang} ${visit.kind} ${visit.url}`;
      const page = await context.newPage();
      try {
        await checkPage(page, origin, visit, where);
        if (shots) {
          await page.screenshot({ path: path.join(shots, `${visit.lang}-${visit.kind}.png`), fullPage: true });
        }
        checked += 1;
      } catch (e) {
        fail(where, `could not be checked: ${e.message}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return checked;
}

/** The language of the home page at the root: the site's default language. */
function defaultLanguage(root) {
  const html = readFileSync(path.join(root, 'index.html'), 'utf8');
  const m = html.match(/<html[^>]*\slang=["']?([A-Za-z-]+)/);
  return m ? m[1] : 'en';
}

async function checkPage(page, origin, { url, lang, status }, where) {
  const foreign = [];
  const unanswered = [];
  // Every request is recorded; one to another host is refused, so the
  // check never depends on (or leaks to) the network.
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(`${origin}/`) || target.startsWith('data:')) route.continue();
    else route.abort('blockedbyclient');
  });
  page.on('request', (req) => {
    const target = req.url();
    if (!target.startsWith(`${origin}/`) && !target.startsWith('data:')) foreign.push(target);
  });
  page.on('response', (res) => {
    // the page itself is compared with the status it should have, below
    const isPage = res.request().isNavigationRequest() && res.frame() === page.mainFrame();
    if (res.status() >= 400 && !isPage) unanswered.push(`${res.status()} ${res.url()}`);
  });

  const response = await page.goto(origin + url, { waitUntil: 'load' });
  if (!response || response.status() !== status) {
    fail(where, `answered ${response ? response.status() : 'nothing'}, expected ${status}`);
  }
  if (await page.$('#search')) await page.waitForSelector('#search[data-done]', { timeout: 10000 });
  await page.evaluate(() => document.fonts.ready);

  for (const target of foreign) fail(where, `requests another host: ${target}`);
  for (const u of unanswered) fail(where, `request failed: ${u}`);

  const layout = await page.evaluate(() => {
    const html = document.documentElement;
    const main = document.querySelector('main');
    const width = window.innerWidth;
    // what sticks out on the side a page can scroll to (the end of the
    // line), to say where a scrollbar comes from
    const rtl = getComputedStyle(html).direction === 'rtl';
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (rtl ? r.left < -0.5 : r.right > width + 0.5)) {
        const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
        wide.push(`${name} (${Math.round(r.left)}…${Math.round(r.right)})`);
      }
    }
    return {
      lang: html.lang,
      dir: html.dir,
      mainDirection: main ? getComputedStyle(main).direction : null,
      scrollWidth: html.scrollWidth,
      innerWidth: width,
      wide: wide.slice(0, 8),
    };
  });
  if (layout.lang !== lang) fail(where, `<html lang="${layout.lang}">, expected "${lang}"`);
  if (layout.scrollWidth > layout.innerWidth) {
    fail(where, `scrolls sideways: ${layout.scrollWidth} px wide in a ${layout.innerWidth} px window; wider than the window: ${layout.wide.join(', ')}`);
  }
  if (RTL.has(lang)) {
    if (layout.dir !== 'rtl') fail(where, `<html dir="${layout.dir}">, expected "rtl"`);
    if (layout.mainDirection !== 'rtl') fail(where, `<main> has direction ${layout.mainDirection}, expected rtl`);
  }

  await page.addScriptTag({ path: require.resolve('axe-core') });
  const axe = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  for (const v of axe.violations) {
    const targets = v.nodes.map((n) => n.target.join(' ')).join(' | ');
    const line = `axe ${v.id} (${v.impact}): ${v.help} — ${targets}`;
    if (FAILING_IMPACTS.has(v.impact)) fail(where, line);
    else notes.push(`${where}: ${line}`);
  }
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
