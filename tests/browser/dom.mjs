// Parses pairs of HTML files in Chromium, as a browser reads them, and says
// which pairs do not make the same document: for tests/minify.rs, which
// gives a page as minify-html minified it and as awaaz's minifier did.
//
//   node dom.mjs PAIRS.json       PAIRS: [["a.html", "b.html"], …]
//
// Prints one JSON array: for each pair that differs, the two files and the
// first place they differ in the parsed document, written out with each
// element's attributes in name order (minify-html sorted them; their order
// means nothing to a browser).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.AWAAZ_CHROMIUM || '/usr/bin/chromium';
const pairs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const browser = await chromium.launch({ executablePath: CHROMIUM });
const page = await browser.newPage();
const differ = [];
for (const [a, b] of pairs) {
  const [da, db] = await page.evaluate(
    ([ta, tb]) => {
      const write = (node) => {
        if (node.nodeType === Node.TEXT_NODE) return JSON.stringify(node.data);
        if (node.nodeType === Node.COMMENT_NODE) return `<!--${node.data}-->`;
        if (node.nodeType !== Node.ELEMENT_NODE) return '';
        const attrs = Array.from(node.attributes, (a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
        const inner = node.tagName === 'TEMPLATE' ? node.content.childNodes : node.childNodes;
        return `<${node.tagName} ${attrs.join(' ')}>${Array.from(inner, write).join('')}</${node.tagName}>`;
      };
      const parse = (t) => write(new DOMParser().parseFromString(t, 'text/html').documentElement);
      return [parse(ta), parse(tb)];
    },
    [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')],
  );
  if (da !== db) {
    let i = 0;
    while (i < da.length && da[i] === db[i]) i++;
    differ.push({ a, b, at: i, in_a: da.slice(Math.max(0, i - 80), i + 80), in_b: db.slice(Math.max(0, i - 80), i + 80) });
  }
}
await browser.close();
console.log(JSON.stringify(differ));
