// The checks themselves, each a function that returns a list of problems
// (empty when the page passes), so that the same code runs on the built
// site and on the broken fixtures that prove it catches what it should.
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { HERE, isLocal } from './common.mjs';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- vnu

export const VNU_JAR = path.join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');

// Runs the Nu Html Checker once over files (.html checked as HTML, .css
// as CSS) and returns Map(file -> [{type, message, line, extract}]).
export function vnu(files) {
  const out = execFileSync('java', ['-Xss1m', '-jar', VNU_JAR, '--also-check-css',
    '--format', 'json', '--exit-zero-always', '--stdout', ...files],
  { encoding: 'utf8', maxBuffer: 64 << 20 });
  const byFile = new Map(files.map((f) => [path.resolve(f), []]));
  for (const m of JSON.parse(out).messages) {
    const f = m.url ? fileURLToPath(m.url) : '(none)';
    if (!byFile.has(f)) byFile.set(f, []);
    byFile.get(f).push({ type: m.subType === 'warning' ? 'warning' : m.type,
      message: m.message, line: m.lastLine, extract: m.extract });
  }
  return byFile;
}

// vnu reads pages from disk, where 'self' in a Content-Security-Policy
// matches nothing and JSON-LD looks like an inline script: these two
// warnings are about how vnu loaded the file, not about the page.
export const vnuNoise = (m) => m.type === 'warning'
  && /violates Content Security Policy/.test(m.message);

// ---------------------------------------------------------------- axe

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// [{rule, impact, help, targets: [selector...]}] for one loaded page.
// Legacy mode runs axe.run() inside the page; the default mode runs
// axe.runPartial() in each frame and then opens a blank page to merge the
// results, which costs about half a second a page more. The pages have no
// frames (their Content-Security-Policy forbids them), so nothing is lost.
export async function axeViolations(page) {
  const r = await new AxeBuilder({ page, axeSource }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  return r.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`),
  }));
}

// ---------------------------------------------------------------- layout

// The layout a reader needs, measured in the browser:
// - the page does not scroll sideways (scrollWidth <= clientWidth);
// - every visible piece of text computes to at least minFont px;
// - no ordinary word is cut in two across lines;
// - every link, button and summary is at least 24 x 24 CSS px, except a
//   link that is inline in a sentence (WCAG 2.5.8's "Inline" exception):
//   display:inline, and its nearest block ancestor holds letters or digits
//   of its own outside any link. Such a link's height is set by the line
//   of text it sits in. The spacing exception is not used: a stand-alone
//   target smaller than 24 x 24 fails however far it is from the next.
export async function layoutProblems(page, { minFont }) {
  return page.evaluate(({ minFont }) => {
    const problems = [];
    const name = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      const p = el.parentElement;
      return p && p !== document.body && p !== document.documentElement ? `${name(p)} > ${s}` : s;
    };
    const text = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);

    const se = document.scrollingElement;
    if (se.scrollWidth > se.clientWidth) {
      const wide = [...document.body.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > se.clientWidth + 0.5)
        .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > se.clientWidth + 0.5))
        .slice(0, 3).map((el) => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
      problems.push(`scrolls sideways: ${se.scrollWidth}px of content in a ${se.clientWidth}px viewport; widest: ${wide.join(', ')}`);
    }

    const small = new Map();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.data.trim()) continue;
      const el = n.parentElement;
      if (!el || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < minFont - 0.01 && !small.has(el)) small.set(el, size);
    }
    for (const [el, size] of [...small].slice(0, 5))
      problems.push(`text at ${size}px (< ${minFont}px): ${name(el)} "${text(el)}"`);
    if (small.size > 5) problems.push(`... and ${small.size - 5} more elements with small text`);

    // Words cut in two across lines (a table column squeezed narrower
    // than its words by overflow-wrap: anywhere, say). Ordinary words only:
    // up to 20 letters; a longer token (an address) may have to break.
    const cut = [];
    const range = document.createRange();
    const words = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = words.nextNode(); n; n = words.nextNode()) {
      if (!n.parentElement.checkVisibility()) continue;
      for (const m of n.data.matchAll(/\p{L}{2,20}/gu)) {
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        if (rects.length > 1 && rects.some((r) => Math.abs(r.top - rects[0].top) > 1)) cut.push(`${name(n.parentElement)} "${m[0]}"`);
      }
    }
    for (const c of cut.slice(0, 5)) problems.push(`word cut across lines: ${c}`);
    if (cut.length > 5) problems.push(`... and ${cut.length - 5} more words cut across lines`);

    const blockOf = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement)
        if (!getComputedStyle(p).display.startsWith('inline')) return p;
      return document.body;
    };
    const ownText = (block, target) => {
      // Text in block that is not inside a link (or inside the target).
      let s = '';
      const w = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode())
        if (!n.parentElement.closest('a, button, summary') || !block.contains(n.parentElement.closest('a, button, summary')))
          s += n.data;
      return /[\p{L}\p{N}]/u.test(s);
    };
    const targets = document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea, [role=button], [role=link]');
    for (const el of targets) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width >= 24 && r.height >= 24) continue;
      const inline = getComputedStyle(el).display === 'inline' && ownText(blockOf(el), el);
      if (inline) continue;
      problems.push(`target ${Math.round(r.width * 10) / 10}x${Math.round(r.height * 10) / 10}px (< 24x24): ${name(el)} "${text(el)}"`);
    }
    return problems;
  }, { minFont });
}

// ---------------------------------------------------------------- links

// Follows links the way a reader would, in the browser: opens every page
// reached from the start pages (following the links of pages up to
// `depth` clicks away; the pages one click further are still opened, so
// that their anchors are known), and for each one checks
// - the page loads (over http: status 200), with no failed request and no
//   console error (a Content-Security-Policy refusal shows up there);
// - no request goes to another host (the context blocks and logs them);
// - every link and resource inside the tree exists: pages are opened,
//   other files (PDF, CSS, images) must exist (file:) or answer 200;
// - every #fragment names an id (or a[name]) in its target page;
// - over file:, a link must name a file: a folder opens as a listing.
// Links to other hosts (and mailto:, tel:) are listed, not followed.
// `also` lists pages to open after the crawl if no link reached them
// (returned as `orphans`).
// `root` is the tree's URL (file:///.../out/ or http://127.0.0.1:P/clinic/);
// `alias` maps the deployed base_url onto root (see confinedContext).
export async function crawl(context, { root, start, also = [], depth = Infinity, alias = null }) {
  const problems = [];
  const external = new Set();
  const pages = new Map(); // url -> Set(ids), or null when it failed
  const wanted = []; // { from, raw, url, fragment }
  const fileMode = root.startsWith('file:');
  // Over http, a folder address serves its index.html: one page.
  const pageUrl = (u) => (!fileMode && u.endsWith('/') ? `${u}index.html` : u);
  start = start.map(pageUrl);
  also = also.map(pageUrl);
  const queue = start.map((url) => ({ url, level: 0 }));
  const seen = new Set(start);
  const unalias = (u) => (alias && u.startsWith(alias.from) ? root + u.slice(alias.from.length) : u);
  const inTree = (u) => u.startsWith(root) || (!fileMode && u === root.replace(/\/$/, ''));

  let page;
  let events = [];
  const newPage = async () => {
    page = await context.newPage();
    page.on('requestfailed', (r) => {
      // The browser cancelling a request itself (the site icon, still
      // loading when the crawl moves on) is not a broken link: every
      // link and resource address is checked on its own below.
      if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
      events.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on('response', (r) => { if (r.status() >= 400) events.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.on('console', (m) => { if (m.type() === 'error') events.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => events.push(`page error: ${e.message}`));
  };
  await newPage();

  const orphans = [];
  const known = new Map(); // resource URL -> { ok, why }
  let checked = 0;
  for (;;) {
    if (!queue.length) {
      // Pages no link reached: open them too, so that their links count.
      const more = also.filter((u) => !seen.has(u));
      if (!more.length) break;
      for (const u of more) { seen.add(u); orphans.push(u); queue.push({ url: u, level: 0 }); }
    }
    const { url, level } = queue.shift();
    events = [];
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load' });
    } catch (e) {
      problems.push(`${url}: does not open (${e.message.split('\n')[0]})`);
      pages.set(url, null);
      await page.close(); // an error page may still be loading in it
      await newPage();
      continue;
    }
    if (response && response.status() !== 200) {
      problems.push(`${url}: HTTP ${response.status()}`);
      pages.set(url, null);
      continue;
    }
    const found = await page.evaluate(() => {
      const links = [];
      const add = (el, attr, kind) => {
        const v = el.getAttribute(attr);
        if (v === null) return;
        const srcset = attr === 'srcset';
        for (const part of srcset ? v.split(',').map((s) => s.trim().split(/\s+/)[0]) : [v]) {
          let abs;
          try { abs = new URL(part, document.baseURI).href; } catch { abs = null; }
          links.push({ raw: part, abs, kind, tag: el.tagName.toLowerCase() });
        }
      };
      for (const el of document.querySelectorAll('a[href], area[href]')) add(el, 'href', 'link');
      for (const el of document.querySelectorAll('link[href]')) {
        const rel = (el.getAttribute('rel') || '').toLowerCase();
        add(el, 'href', /canonical|alternate|sitemap/.test(rel) ? 'meta' : 'resource');
      }
      for (const el of document.querySelectorAll('img, source, video, audio, script, iframe, embed, track, input[type=image]')) {
        add(el, 'src', 'resource');
        add(el, 'srcset', 'resource');
      }
      for (const el of document.querySelectorAll('object[data]')) add(el, 'data', 'resource');
      for (const el of document.querySelectorAll('video[poster]')) add(el, 'poster', 'resource');
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id)
        .concat([...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name')));
      return { links, ids };
    });
    // Let late failures (a blocked image, say) arrive.
    await page.waitForTimeout(30);
    pages.set(url, new Set(found.ids));
    for (const e of events) problems.push(`${url}: ${e}`);
    if (level >= depth) continue;

    for (const l of found.links) {
      checked++;
      if (l.abs === null) { problems.push(`${url}: invalid URL "${l.raw}"`); continue; }
      if (/#$/.test(l.raw)) { problems.push(`${url}: link to an empty fragment "${l.raw}"`); continue; }
      const abs = unalias(l.abs);
      const u = new URL(abs);
      if (!inTree(abs)) {
        const web = ['http:', 'https:', 'file:'].includes(u.protocol);
        if (l.kind === 'resource') problems.push(`${url}: ${l.tag} loads from ${isLocal(abs) ? 'outside the site' : 'another host'}: "${l.raw}" -> ${abs}`);
        else if (web && isLocal(abs)) problems.push(`${url}: link leaves the site: "${l.raw}" -> ${abs}`);
        else if (web) external.add(abs);
        else if (!['mailto:', 'tel:', 'sms:'].includes(u.protocol)) problems.push(`${url}: link with scheme ${u.protocol} "${l.raw}"`);
        continue;
      }
      if (l.kind === 'meta' && fileMode) continue; // canonical: a server address
      const fragment = u.hash ? decodeURIComponent(u.hash.slice(1)) : null;
      u.hash = '';
      let target = u.href;
      if (fileMode && target.endsWith('/')) { problems.push(`${url}: "${l.raw}" names a folder, which over file:// opens a listing, not a page`); continue; }
      if (/\.html?$/.test(u.pathname) || u.pathname.endsWith('/') || target === root.replace(/\/$/, '')) {
        target = pageUrl(target === root.replace(/\/$/, '') ? root : target);
        if (fragment !== null) wanted.push({ from: url, raw: l.raw, url: target, fragment });
        if (!seen.has(target)) { seen.add(target); queue.push({ url: target, level: level + 1 }); }
      } else {
        const ok = await exists(target);
        if (!ok.ok) problems.push(`${url}: broken ${l.tag} "${l.raw}" (${ok.why})`);
      }
    }
  }
  await page.close();

  for (const w of wanted) {
    const ids = pages.get(w.url);
    if (ids === null) problems.push(`${w.from}: link "${w.raw}" to a page that does not open`);
    else if (!ids.has(w.fragment)) problems.push(`${w.from}: broken anchor "${w.raw}": no id "${w.fragment}" in ${w.url}`);
  }
  for (const b of context.blocked) problems.push(`blocked a request to another host: ${b}`);
  return { problems: [...new Set(problems)], pages: [...pages.keys()], orphans, checked, external: [...external] };

  async function exists(target) {
    if (!known.has(target)) known.set(target, await lookUp(target));
    return known.get(target);
  }
  async function lookUp(target) {
    if (target.startsWith('file:')) {
      const f = fileURLToPath(target);
      return fs.existsSync(f) && fs.statSync(f).isFile() ? { ok: true } : { ok: false, why: 'no such file' };
    }
    try {
      const r = await fetch(target, { method: 'GET', redirect: 'manual' });
      await r.arrayBuffer();
      return r.status === 200 ? { ok: true } : { ok: false, why: `HTTP ${r.status}` };
    } catch (e) {
      return { ok: false, why: e.message };
    }
  }
}

// linkinator --recurse --check-fragments over a folder: it serves the
// folder from the root of its own localhost server and starts from every
// page in it (so that pages no link reaches, and 404.html with its
// root-absolute links, are checked too), skipping every URL that is not
// on localhost. Returns the broken links as strings.
export async function linkinator(dir, starts = null) {
  const bin = path.join(HERE, 'node_modules/.bin/linkinator');
  const pages = starts ?? fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.html')).sort();
  // One request at a time.  linkinator learns which #fragments to check
  // on a page while it parses the pages linking to it; with several
  // requests at once, a start page (other.html) could be fetched before
  // the page linking to other.html#x was parsed, and the link then came
  // from its cache unchecked (failed once in CI).  In order, index.html
  // (sorted first) is parsed before the pages it links to.  Still, with
  // several start pages a linked page could come first now and then
  // (CI, twice): `starts` gives one start page, from which linkinator
  // finds the rest in the order it parses them.
  const args = [...pages, '--recurse', '--check-fragments', '--concurrency', '1', '--format', 'json',
    '--skip', '^(?!https?://(localhost|127\\.0\\.0\\.1)[:/])'];
  const { code, stdout, stderr } = await run(bin, args, { cwd: dir });
  let report;
  try { report = JSON.parse(stdout); } catch {
    return { code, broken: [`linkinator gave no report (exit ${code}): ${stderr.slice(0, 500)}`], checked: 0 };
  }
  const broken = report.links.filter((l) => l.state === 'BROKEN')
    .map((l) => `${l.url} (HTTP ${l.status})${l.parent ? ` linked from ${l.parent}` : ''}`);
  return { code, broken: [...new Set(broken)], checked: report.links.length };
}

export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// ---------------------------------------------------------------- behaviour

// Clicks each FAQ question (a <summary>) and checks its answer shows.
export async function faqProblems(page) {
  const problems = [];
  const details = page.locator('details');
  const n = await details.count();
  if (n === 0) return ['no FAQ questions (<details>) on the page'];
  for (let i = 0; i < n; i++) {
    const d = details.nth(i);
    const question = (await d.locator('summary').innerText()).trim();
    const answer = d.locator(':scope > :not(summary)');
    if (await answer.count() === 0) { problems.push(`"${question}": no answer`); continue; }
    if (await answer.first().isVisible()) problems.push(`"${question}": answer shows before the click`);
    await d.locator('summary').click();
    const open = await d.evaluate((el) => el.open);
    const shown = await answer.first().isVisible();
    const box = await answer.first().boundingBox();
    if (!open || !shown || !box || box.height < 1)
      problems.push(`"${question}": clicking the question does not show its answer`);
  }
  return problems;
}

// In print media: navigation hidden, every FAQ answer visible.
export async function printProblems(page) {
  await page.emulateMedia({ media: 'print' });
  const problems = await page.evaluate(() => {
    const out = [];
    const shows = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
      && el.getBoundingClientRect().height > 0;
    for (const nav of document.querySelectorAll('nav, [role=navigation]'))
      if (shows(nav)) out.push(`navigation shows in print: ${nav.outerHTML.slice(0, 80)}`);
    for (const d of document.querySelectorAll('details')) {
      const q = d.querySelector('summary')?.textContent.trim();
      for (const a of d.querySelectorAll(':scope > :not(summary)'))
        if (!shows(a)) out.push(`FAQ answer hidden in print: "${q}"`);
    }
    return out;
  });
  await page.emulateMedia({ media: null });
  return problems;
}

// Prints the page to PDF as the browser does (print media) and checks
// that each element matching selector (an exercise card) lies whole on
// one PDF page. Each card gets two probes before printing: tiny
// absolutely positioned words at its top and bottom edges ("PROBExxSTART",
// "PROBExxEND"), which take no room in the layout; a card is whole when
// `pdftotext` finds both on the same page.
export async function splitProblems(page, selector, pdfFile, format = 'A4') {
  const titles = await page.locator(selector).evaluateAll((els) => els.map((el, i) => {
    if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
    for (const [edge, word] of [['top', 'START'], ['bottom', 'END']]) {
      const probe = document.createElement('span');
      probe.className = 'split-probe';
      probe.textContent = `PROBE${i}${word}`;
      probe.style.cssText = `position:absolute;${edge}:0;left:0;font:1px/1px monospace;color:#000;white-space:nowrap`;
      el.append(probe);
    }
    return el.innerText.trim().split('\n')[0];
  }));
  await page.emulateMedia({ media: null });
  // 1 cm margins, as Chromium's print dialog uses by default.
  await page.pdf({ path: pdfFile, format, printBackground: true,
    margin: { top: '1cm', right: '1cm', bottom: '1cm', left: '1cm' } });
  await page.locator('.split-probe').evaluateAll((els) => els.forEach((e) => e.remove()));
  const pdfPages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' }).split('\f');
  const pageOf = (word) => pdfPages.findIndex((p) => new RegExp(`\\b${word}\\b`).test(p));
  const problems = [];
  titles.forEach((title, i) => {
    const start = pageOf(`PROBE${i}START`), end = pageOf(`PROBE${i}END`);
    if (start < 0 || end < 0) problems.push(`card "${title}": its probes are not in the printed PDF`);
    else if (start !== end) problems.push(`card "${title}" is split across PDF pages ${start + 1} and ${end + 1}`);
  });
  return { problems, cards: titles.length, pages: pdfPages.filter((p) => p.trim()).length };
}

// A PDF that opens: starts %PDF-, qpdf --check passes, pdfinfo reads
// at least one page. Returns problems (and the page count).
export function pdfProblems(file) {
  const head = fs.readFileSync(file).subarray(0, 5).toString('latin1');
  if (head !== '%PDF-') return { problems: [`${path.basename(file)} is not a PDF (starts ${JSON.stringify(head)})`], pages: 0 };
  const problems = [];
  try { execFileSync('qpdf', ['--check', file], { stdio: 'pipe' }); } catch (e) {
    problems.push(`qpdf --check fails: ${String(e.stdout || e.stderr).trim().split('\n').slice(-2).join(' ')}`);
  }
  let pages = 0;
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8', stdio: 'pipe' });
    pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1] || 0);
    if (!pages) problems.push('pdfinfo finds no pages');
  } catch (e) { problems.push(`pdfinfo fails: ${String(e.stderr).trim()}`); }
  return { problems, pages };
}

// ---------------------------------------------------------------- images

// A screenshot a person can use: a PNG of the expected width that is not
// one flat color. Decodes the PNG (8-bit RGB/RGBA, as Chromium and
// pdftoppm write them) to count distinct colors.
export function pngProblems(file, width) {
  const b = fs.readFileSync(file);
  if (b.subarray(1, 4).toString() !== 'PNG') return [`${file}: not a PNG`];
  const w = b.readUInt32BE(16), h = b.readUInt32BE(20), depth = b[24], type = b[25];
  const problems = [];
  if (width && w !== width) problems.push(`${path.basename(file)}: ${w}px wide, expected ${width}`);
  const colors = pngColors(b, w, h, depth, type);
  if (colors !== null && colors < 2) problems.push(`${path.basename(file)}: blank (one color)`);
  return problems;
}

function pngColors(b, w, h, depth, type) {
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[type];
  if (depth !== 8 || !channels) return null; // not a layout we decode: skip
  const idat = [];
  for (let off = 8; off < b.length;) {
    const len = b.readUInt32BE(off), kind = b.subarray(off + 4, off + 8).toString('latin1');
    if (kind === 'IDAT') idat.push(b.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = w * channels;
  let prev = Buffer.alloc(stride), cur = Buffer.alloc(stride);
  const seen = new Set();
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels] : 0, up = prev[x], c = x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      if (f === 1) v += a;
      else if (f === 2) v += up;
      else if (f === 3) v += (a + up) >> 1;
      else if (f === 4) { const p = a + up - c, pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c; }
      cur[x] = v & 255;
    }
    for (let x = 0; x < stride; x += channels) {
      seen.add(cur.readUIntBE(x, Math.min(channels, 3)));
      if (seen.size > 1) return seen.size;
    }
    [prev, cur] = [cur, prev];
  }
  return seen.size;
}

export const tmpDir = (name) => fs.mkdtempSync(path.join(os.tmpdir(), `pamphlet-${name}-`));

// A new temporary folder holding a copy of the shipped content/ and
// templates/ (for `pamphlet serve`); caller removes it.
export function siteCopy(name, top) {
  const dir = tmpDir(name);
  fs.cpSync(path.join(top, 'content'), path.join(dir, 'content'), { recursive: true });
  fs.cpSync(path.join(top, 'templates'), path.join(dir, 'templates'), { recursive: true });
  return dir;
}
