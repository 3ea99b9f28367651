// check-site.mjs OUT_DIR: checks a built site the way a reader's browser
// would meet it, independently of pamphlet's own link check.
// Prints one line per failure and "site: N passed, M failed".
import fs from 'node:fs';
import path from 'node:path';

const out = process.argv[2];
let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else { failed++; console.log(`FAIL ${what}`); }
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}
const files = walk(out).map((f) => path.relative(out, f));
const html = files.filter((f) => f.endsWith('.html'));

const pages = ['index.html', 'causes/index.html', 'exercises/index.html',
  'schedule/index.html', 'prevention/index.html', 'faq/index.html', '404.html',
  'assets/style.css', 'exercise-sheet.pdf'];
const exercises = ['chest-stretch', 'shoulder-rolls', 'neck-stretch',
  'lat-pulldowns', 'rows', 'scapular-squeezes', 'swimming', 'cycling', 'yoga'];
for (const p of pages) check(files.includes(p), `${p} exists`);
for (const e of exercises)
  check(files.includes(`exercises/${e}/index.html`), `exercise page ${e} exists`);
check(!files.includes('sitemap.xml'), 'no sitemap.xml without base_url');

const ids = new Map();
const text = new Map();
for (const f of html) {
  const s = fs.readFileSync(path.join(out, f), 'utf8');
  text.set(f, s);
  ids.set(f, new Set([...s.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1])));
}

const count = (s, re) => (s.match(re) || []).length;
// The Spanish translation is under es/: its pages say so.
const langOf = (f) => (f.startsWith('es/') ? 'es' : 'en');
for (const p of pages.filter((x) => x !== '404.html' && x !== 'assets/style.css'))
  check(files.includes(`es/${p}`), `es/${p} exists`);
for (const [f, s] of text) {
  check(new RegExp(`^<!DOCTYPE html>\\n<html lang="${langOf(f)}">`).test(s), `${f}: doctype and lang`);
  check(count(s, /<h1[\s>]/g) === 1, `${f}: exactly one h1`);
  check(/<title>[^<]+<\/title>/.test(s), `${f}: title`);
  check(/<meta name="description" content="[^"]+">/.test(s), `${f}: meta description`);
  check(s.includes('<meta name="viewport" content="width=device-width, initial-scale=1">'), `${f}: viewport`);
  check(/<a class="skip-link" href="#main">/.test(s) && ids.get(f).has('main'), `${f}: skip link to #main`);
  check(/Content-Security-Policy" content="default-src 'none'/.test(s), `${f}: CSP`);
  // Its own icon: else browsers fetch /favicon.ico from the server's root,
  // outside a site that lives in a sub-folder.
  check(/<link rel="icon" href="[^"]*assets\/icon\.svg" type="image\/svg\+xml">/.test(s), `${f}: site icon`);
  check(s.includes('class="disclaimer"'), `${f}: disclaimer in footer`);
  check(!/<script(?! type="application\/ld\+json")/.test(s), `${f}: no script but JSON-LD`);
  if (f !== '404.html') {
    const local = f.replace(/^es\//, '');
    check(count(s, /aria-current="page"/g) === 1 || local.startsWith('exercises/') && local !== 'exercises/index.html',
      `${f}: nav marks the current page`);
    check(/(Last reviewed on|Revisado el) <time datetime="\d{4}-\d\d-\d\d">/.test(s), `${f}: review date`);
    // The language menu: this page in the other language, marked.
    check(count(s, /<nav class="languages"/g) === 1 && count(s, /aria-current="true"/g) === 1,
      `${f}: a language menu, the current language marked`);
    check(s.includes('"@type":"MedicalWebPage"') && s.includes('"audienceType":"Patient"'), `${f}: MedicalWebPage JSON-LD`);
  }
  // Every JSON-LD block parses.
  for (const m of s.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)) {
    let ok = true;
    try { JSON.parse(m[1]); } catch { ok = false; }
    check(ok, `${f}: JSON-LD parses`);
  }
  // Links: relative, resolving to a file of the site, anchors existing.
  for (const m of s.matchAll(/\s(href|src)="([^"]*)"/g)) {
    const url = m[2].replace(/&amp;/g, '&');
    if (/^(mailto|tel):/.test(url)) continue;
    check(!/^[a-z]+:/i.test(url) && !url.startsWith('//'), `${f}: ${url} stays on this site`);
    check(f === '404.html' || !url.startsWith('/'), `${f}: ${url} is relative`);
    if (/^[a-z]+:/i.test(url) || url.startsWith('//')) continue;
    const [p, frag] = url.split('#');
    const base = url.startsWith('/') ? '' : path.dirname(f);
    let target = p === '' ? f : path.normalize(path.join(base, decodeURIComponent(p.replace(/^\//, ''))));
    if (p.endsWith('/')) target = path.join(target, 'index.html');
    check(files.includes(target), `${f}: link ${url} resolves (${target})`);
    if (frag && target.endsWith('.html'))
      check(ids.get(target)?.has(frag), `${f}: anchor ${url} exists`);
  }
}

const sched = text.get('schedule/index.html') || '';
check(/<table[^>]*>\s*<caption>/.test(sched), 'schedule: table with caption');
check(/<th scope="col"[^>]*>Exercise<\/th><th scope="col"[^>]*>How often<\/th><th scope="col"[^>]*>How much<\/th>/.test(sched),
  'schedule: header cells Exercise | How often | How much');
const rows = [...sched.matchAll(/<tr[^>]*><th scope="row"[^>]*><a [^>]*>([^<]*)<\/a><\/th><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td><\/tr>/g)]
  .map((m) => m.slice(1).join(' | '));
check(rows.length === 9, `schedule: 9 rows (got ${rows.length})`);
for (const want of ['Chest Stretch | 3-4 times per week | 30 seconds',
  'Lat Pulldowns | 2-3 times per week | 10-15 repetitions',
  'Swimming | 2-3 times per week | 20-30 minutes'])
  check(rows.includes(want), `schedule: row "${want}"`);
check(rows.indexOf('Chest Stretch | 3-4 times per week | 30 seconds') <
  rows.indexOf('Lat Pulldowns | 2-3 times per week | 10-15 repetitions') &&
  rows.indexOf('Lat Pulldowns | 2-3 times per week | 10-15 repetitions') <
  rows.indexOf('Swimming | 2-3 times per week | 20-30 minutes'), 'schedule: rows in article order');

const faq = text.get('faq/index.html') || '';
check(count(faq, /<details id="[^"]+">\s*<summary>[^<]+\?<\/summary>/g) === 3, 'faq: 3 questions as details/summary');
check(faq.includes('"@type":"FAQPage"') && count(faq, /"@type":"Question"/g) === 3, 'faq: FAQPage JSON-LD with 3 questions');

for (const e of exercises) {
  const s = text.get(`exercises/${e}/index.html`) || '';
  check(s.includes('"@type":"ExercisePlan"') && /"exerciseType":"(stretch|strength|aerobic)"/.test(s),
    `${e}: ExercisePlan JSON-LD`);
}
const chest = text.get('exercises/chest-stretch/index.html') || '';
check(chest.includes('"activityFrequency":"3-4 times per week"') && chest.includes('"activityDuration":"30 seconds"'),
  'chest-stretch: frequency and duration in ExercisePlan');
const idx = text.get('exercises/index.html') || '';
for (const c of ['Stretches', 'Strengthening exercises', 'Low-impact aerobic activities'])
  check(idx.includes(`>${c}</h2>`), `exercises index: group ${c}`);
check(fs.readFileSync(path.join(out, 'exercise-sheet.pdf')).subarray(0, 5).toString() === '%PDF-',
  'exercise-sheet.pdf is a PDF');

console.log(`site: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
