// Folds texts with the search script's own rules, for tests/search.rs to
// compare with the index's (src/render/web/search.rs).
//
//   node fold.mjs SEARCH_JS < texts.json     prints the words of each text
//
// The script runs as on a page that is not a search page: it defines
// window.awaazSearch and stops.

import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(process.argv[2], 'utf8');
const context = {
  window: {},
  document: { currentScript: { src: 'file:///site/search/search.js' }, getElementById: () => null },
  URL,
  performance,
};
vm.createContext(context);
vm.runInContext(source, context);
const texts = JSON.parse(readFileSync(0, 'utf8'));
console.log(JSON.stringify(texts.map((t) => Array.from(context.window.awaazSearch.words(t)))));
