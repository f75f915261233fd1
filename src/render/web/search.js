// awaaz search: reads ?q= from the page's address, loads the index files it
// needs as plain <script> elements (so it works from file:// as from a web
// server: no fetch, no modules) and shows the results. Words are folded by
// the rules of src/render/web/search.rs (words); tests/search.rs runs
// both on the same words.
(function () {
  'use strict';

  var script = document.currentScript;
  var data = new URL('data/', script.src);
  var root = new URL('../', script.src);

  var MAX_TERM_CHARS = 64;
  var PER_PAGE = 10;
  var IGNORED = '\u00AD\u200C\u200D\u2060\uFEFF\'\u2019\u0640';
  var DIGIT_ZEROS = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
    0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0x1946, 0x1C40,
    0x1C50, 0xABF0, 0xFF10
  ];
  var WORD = /[\p{L}\p{M}\p{Nd}\u00AD\u200C\u200D\u2060\uFEFF'\u2019]+/gu;

  function droppedMark(c) {
    return (c >= 0x0300 && c <= 0x036F) ||
      c === 0x093C || c === 0x09BC || c === 0x0A3C || c === 0x0ABC || c === 0x0B3C ||
      c === 0x0C3C || c === 0x0CBC ||
      (c >= 0x064B && c <= 0x065F) || c === 0x0670 ||
      (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) || c === 0x06E7 ||
      c === 0x06E8 || (c >= 0x06EA && c <= 0x06ED);
  }

  function letterVariant(c) {
    switch (c) {
      case 0x064A: case 0x0649: return 0x06CC;
      case 0x0643: return 0x06A9;
      case 0x06C1: case 0x06BE: case 0x06D5: case 0x0629: case 0x06C3: return 0x0647;
      case 0x0671: return 0x0627;
      default: return c;
    }
  }

  function asciiDigit(c) {
    for (var i = 0; i < DIGIT_ZEROS.length; i++) {
      if (c >= DIGIT_ZEROS[i] && c < DIGIT_ZEROS[i] + 10) return 0x30 + c - DIGIT_ZEROS[i];
    }
    return c;
  }

  // One word as the index holds it (search.rs: words, fold_char).
  function foldWord(word) {
    var out = '';
    for (var c of word) {
      var code = c.codePointAt(0);
      if (code < 0x80) {
        if (c !== '\'') out += c.toLowerCase();
        continue;
      }
      if (IGNORED.indexOf(c) >= 0) continue;
      for (var d of c.normalize('NFD')) {
        if (droppedMark(d.codePointAt(0))) continue;
        for (var l of d.toLowerCase()) {
          out += String.fromCodePoint(asciiDigit(letterVariant(l.codePointAt(0))));
        }
      }
    }
    return out;
  }

  // The words of `text`, folded, each with where it is: [folded, start, end].
  function words(text) {
    var out = [];
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(text)) !== null) {
      var folded = foldWord(m[0]);
      var chars = Array.from(folded).length;
      if (chars > 0 && chars <= MAX_TERM_CHARS) {
        out.push([folded, m.index, m.index + m[0].length]);
      }
    }
    return out;
  }

  // Whether an indexed term answers query word `q`: it starts with q (a
  // one-letter word must be the whole term).
  function answers(term, q) {
    return Array.from(q).length > 1 ? term.startsWith(q) : term === q;
  }

  var index = null;
  var termShards = {};
  var docGroups = {};
  var loading = {};
  var onIndex = [];

  window.awaazSearch = {
    index: function (m) {
      index = m;
      onIndex.splice(0).forEach(function (f) { f(); });
    },
    terms: function (n, map) { termShards[n] = map; },
    docs: function (n, list) { docGroups[n] = list; },
    fold: foldWord,
    words: function (text) { return words(text).map(function (w) { return w[0]; }); },
    timing: null
  };

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = new URL(name, data).href;
        s.onload = function () { resolve(performance.now()); };
        s.onerror = function () { reject(new Error(name)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  function indexReady() {
    return new Promise(function (resolve) {
      if (index) resolve(); else onIndex.push(resolve);
    });
  }

  // The term shards that can hold terms answering `q`.
  function shardsFor(q) {
    var firsts = index.terms;
    var lo = 0, hi = firsts.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= q) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    var out = [at];
    if (Array.from(q).length > 1) {
      while (at + 1 < firsts.length && firsts[at + 1].startsWith(q)) out.push(++at);
    }
    return out;
  }

  function termFile(n) { return 't' + n + '-' + index.termFiles[n] + '.js'; }
  function docFile(g) { return 'd' + g + '-' + index.docFiles[g] + '.js'; }

  function languageOf(id) {
    for (var i = 0; i < index.languages.length; i++) {
      var l = index.languages[i];
      if (id >= l[2] && id < l[3]) return l;
    }
    return index.languages[0];
  }

  // Documents answering the query words, best first: those with every
  // word, then by weight (title, summary, repeated; whole words before
  // prefixes), then newest first.
  function rank(queryWords) {
    var found = {};
    queryWords.forEach(function (q, qi) {
      shardsFor(q).forEach(function (n) {
        var shard = termShards[n];
        for (var term in shard) {
          if (!answers(term, q)) continue;
          var exact = term === q ? 1 : 0;
          var list = shard[term];
          var id = 0;
          for (var i = 0; i < list.length; i++) {
            id += list[i] >> 2;
            var weight = (list[i] & 3) + exact;
            var f = found[id] || (found[id] = { id: id, words: {}, count: 0, score: 0 });
            if (!(qi in f.words)) { f.words[qi] = weight; f.count++; f.score += weight; }
            else if (weight > f.words[qi]) { f.score += weight - f.words[qi]; f.words[qi] = weight; }
          }
        }
      });
    });
    return Object.keys(found).map(function (k) { return found[k]; }).sort(function (a, b) {
      return b.count - a.count || b.score - a.score || a.id - b.id;
    });
  }

  var box = document.getElementById('search');
  if (!box) return;
  var texts = box.dataset;
  var lang = document.documentElement.lang;
  var digits = Array.from(texts.digits || '0123456789');

  function number(n) {
    return String(n).replace(/[0-9]/g, function (d) { return digits[d]; });
  }

  function say(template, n, q) {
    // The query is isolated: an English word in an Urdu sentence keeps
    // its own direction, and the sentence its own.
    return template.replace('{n}', number(n)).replace('{q}', '\u2068' + q + '\u2069');
  }

  function element(name, attributes, children) {
    var e = document.createElement(name);
    for (var a in attributes) e.setAttribute(a, attributes[a]);
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  // `text` as nodes, each word answering a query word in <mark>.
  function marked(text, queryWords, from, to) {
    var nodes = [];
    var at = from;
    words(text.slice(from, to)).forEach(function (w) {
      var hit = queryWords.some(function (q) { return answers(w[0], q); });
      if (!hit) return;
      nodes.push(text.slice(at, from + w[1]));
      nodes.push(element('mark', {}, [text.slice(from + w[1], from + w[2])]));
      at = from + w[2];
    });
    nodes.push(text.slice(at, to));
    return nodes.filter(function (n) { return n !== ''; });
  }

  // The part of `text` around its first word answering the query.
  function snippet(text, queryWords) {
    var first = words(text).find(function (w) {
      return queryWords.some(function (q) { return answers(w[0], q); });
    });
    var start = 0;
    if (first && first[1] > 60) {
      start = text.lastIndexOf(' ', first[1] - 50) + 1;
    }
    var end = Math.min(text.length, start + 200);
    if (end < text.length) {
      var space = text.lastIndexOf(' ', end);
      if (space > start) end = space;
    }
    var nodes = marked(text, queryWords, start, end);
    if (start > 0) nodes.unshift('… ');
    if (end < text.length) nodes.push(' …');
    return nodes;
  }

  function resultItem(id, queryWords) {
    var doc = docGroups[Math.floor(id / index.docsPerFile)][id % index.docsPerFile];
    var l = languageOf(id);
    // The middle dot reads as the Urdu zero next to a number: right-to-left
    // results use the Arabic comma (as partials/sep.html does).
    var meta = [doc[2], doc[3]].filter(Boolean).join(l[1] === 'rtl' ? '، ' : ' · ');
    return element('li', { lang: l[0], dir: l[1] }, [
      element('h2', { class: 'result-title' }, [
        element('a', { href: new URL(doc[0], root).href }, marked(doc[1], queryWords, 0, doc[1].length))
      ]),
      element('p', { class: 'result-meta' }, [meta]),
      element('p', { class: 'result-snippet' }, snippet(doc[4], queryWords))
    ]);
  }

  // Shows `ids` in `list` PER_PAGE at a time, with a button for more.
  function showIn(list, ids, queryWords, from) {
    var part = ids.slice(from, from + PER_PAGE);
    var groups = {};
    part.forEach(function (id) { groups[Math.floor(id / index.docsPerFile)] = true; });
    return Promise.all(Object.keys(groups).map(function (g) { return load(docFile(g)); })).then(function () {
      part.forEach(function (id) { list.appendChild(resultItem(id, queryWords)); });
      var rest = ids.length - from - part.length;
      var old = list.nextElementSibling;
      if (old && old.classList.contains('more')) old.remove();
      if (rest > 0) {
        var more = element('button', { type: 'button', class: 'more' }, [texts.more]);
        more.addEventListener('click', function () {
          more.disabled = true;
          showIn(list, ids, queryWords, from + PER_PAGE).then(function () {
            var next = list.children[from + PER_PAGE];
            if (next) next.querySelector('a').focus();
          });
        });
        list.after(more);
      }
    });
  }

  var status = document.getElementById('search-status');
  var results = document.getElementById('search-results');
  var field = document.getElementById('search-q');

  function run(query) {
    var started = performance.now();
    var queryWords = [];
    words(query).forEach(function (w) {
      if (queryWords.indexOf(w[0]) < 0) queryWords.push(w[0]);
    });
    if (queryWords.length === 0) return;
    status.textContent = texts.loading;
    indexReady().then(function () {
      var names = [];
      queryWords.forEach(function (q) {
        shardsFor(q).forEach(function (n) {
          if (names.indexOf(termFile(n)) < 0) names.push(termFile(n));
        });
      });
      return Promise.all(names.map(load));
    }).then(function () {
      var ranked = rank(queryWords);
      var mine = [], others = [];
      ranked.forEach(function (r) { (languageOf(r.id)[0] === lang ? mine : others).push(r.id); });
      results.textContent = '';
      var shown = [];
      if (mine.length > 0) {
        var list = element('ol', { class: 'results' });
        results.appendChild(list);
        shown.push(showIn(list, mine, queryWords, 0));
      }
      if (others.length > 0) {
        var otherList = element('ol', { class: 'results', id: 'search-others', hidden: '' });
        var toggle = element('button', {
          type: 'button', class: 'others', 'aria-expanded': 'false', 'aria-controls': 'search-others'
        }, [say(texts.others, others.length, query)]);
        var opened = false;
        toggle.addEventListener('click', function () {
          var open = toggle.getAttribute('aria-expanded') !== 'true';
          toggle.setAttribute('aria-expanded', String(open));
          otherList.hidden = !open;
          if (open && !opened) {
            opened = true;
            showIn(otherList, others, queryWords, 0);
          }
        });
        if (mine.length === 0) {
          // Nothing in the reader's language: the others are the results.
          otherList.hidden = false;
          results.appendChild(otherList);
          shown.push(showIn(otherList, others, queryWords, 0));
        } else {
          results.appendChild(toggle);
          results.appendChild(otherList);
        }
      }
      var total = mine.length || others.length;
      status.textContent = total === 0 ? say(texts.none, 0, query)
        : say(total === 1 ? texts.one : texts.results, total, query);
      return Promise.all(shown);
    }).then(function () {
      var loads = Object.keys(loading).map(function (k) { return loading[k]; });
      return Promise.all(loads).then(function (times) {
        window.awaazSearch.timing = {
          started: started,
          lastLoaded: Math.max.apply(null, times),
          shown: performance.now()
        };
        box.dataset.done = 'true';
      });
    }).catch(function () {
      status.textContent = texts.failed;
      box.dataset.done = 'true';
    });
  }

  var query = new URLSearchParams(location.search).get('q') || '';
  if (field) field.value = query;
  run(query);
  if (!query) box.dataset.done = 'true';
})();
