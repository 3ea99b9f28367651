// hostile.mjs OUT_DIR: a site built from content whose every field tries
// to break out of its context (text, attributes, URLs, JSON-LD in
// <script>) must come out with the text intact and no markup injected.
import fs from 'node:fs';
import path from 'node:path';

// Usage: hostile.mjs prepare CONTENT_COPY   (rewrites it with hostile text)
//        hostile.mjs check OUT_DIR
const [mode, dir] = process.argv.slice(2);
const evil = `</script><script>alert(1)</script> "quotes" 'single' <b>bold</b> --> & done`;
const yamlText = JSON.stringify(evil); // a JSON string is a YAML string

if (mode === 'prepare') {
  const setKey = (file, key, value) => {
    const s = fs.readFileSync(file, 'utf8');
    const re = new RegExp(`^${key}: .*$`, 'm');
    fs.writeFileSync(file, re.test(s) ? s.replace(re, () => `${key}: ${value}`)
      : s.replace(/^---\n/, () => `---\n${key}: ${value}\n`));
  };
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    setKey(path.join(dir, f), 'title', yamlText);
    setKey(path.join(dir, f), 'description', yamlText);
  }
  setKey(path.join(dir, 'site.yaml'), 'title', yamlText);
  fs.writeFileSync(path.join(dir, 'exercises', 'evil.md'), `---
title: ${yamlText}
description: ${yamlText}
category: stretch
frequency: ${yamlText}
duration: ${yamlText}
summary: ${yamlText}
---
Text with <script>alert(1)</script> raw HTML.
`);
  process.exit(0);
}
const out = dir;
let passed = 0, failed = 0;
const check = (ok, what) => { if (ok) passed++; else { failed++; console.log(`FAIL ${what}`); } };
const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');

const pages = ['index.html', 'causes/index.html', 'faq/index.html', 'schedule/index.html',
  'exercises/index.html', 'exercises/evil/index.html', '404.html'];
for (const p of pages) {
  const s = fs.readFileSync(path.join(out, p), 'utf8');
  const ld = [...s.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)];
  check(ld.length >= (p === '404.html' ? 0 : 1), `${p}: has JSON-LD`);
  check((s.match(/<script/g) || []).length === ld.length, `${p}: no <script> but the JSON-LD blocks`);
  check((s.match(/<\/script>/g) || []).length === ld.length, `${p}: no stray </script>`);
  check(!/<b>bold<\/b>/.test(s), `${p}: no injected <b>`);
  // The only comment: cmark's marker where it dropped raw HTML.
  check(!/<!--(?! raw HTML omitted -->)/.test(s), `${p}: no comment opened by the text`);
  check(!/\son\w+=/.test(s), `${p}: no event handler attribute`);
  for (const m of ld) {
    let data = null;
    try { data = JSON.parse(m[1]); } catch { /* reported below */ }
    check(data !== null, `${p}: JSON-LD parses`);
    if (data && data.name && p !== 'faq/index.html' && p !== '404.html')
      check(data.name === evil, `${p}: JSON-LD name is the title, exactly: ${JSON.stringify(data.name)}`);
  }
  const title = s.match(/<title>([^<]*)<\/title>/);
  check(title && decode(title[1]).startsWith(p === 'index.html' ? evil : evil + ' | ') || p === '404.html',
    `${p}: <title> shows the title as text`);
  const desc = s.match(/<meta name="description" content="([^"]*)">/);
  check(desc && decode(desc[1]) === evil, `${p}: meta description attribute round-trips`);
}
const ex = fs.readFileSync(path.join(out, 'exercises/evil/index.html'), 'utf8');
check(ex.includes('"activityFrequency":"\\u003c/script\\u003e'), 'JSON-LD escapes < in strings as \\u003c');
check(ex.includes('<p>Text with <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> raw HTML.</p>'),
  'raw HTML in Markdown is dropped (unsafe_html is off)');
const sched = fs.readFileSync(path.join(out, 'schedule/index.html'), 'utf8');
check(sched.includes(`data-label="How often">${'&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt; --&gt; &amp; done'}</td>`),
  'schedule cell escapes the frequency');
console.log(`hostile: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
