// Shared test tooling: where the built trees are, a Chromium launcher
// confined to this machine, a tiny static HTTP server, small helpers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOP = path.resolve(HERE, '../..');
export const FIXTURES = path.join(HERE, 'fixtures');
export const ARTIFACTS = path.join(HERE, 'artifacts');
export const WIDTHS = [320, 1280];

export const CHROMIUM = '/usr/lib/chromium/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // No name lookups but loopback: nothing can leave the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost',
  '--disable-background-networking',
];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

// Every file under dir, relative, sorted, with '/' separators.
export function walk(dir) {
  const out = [];
  (function rec(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) rec(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  })(dir);
  return out.sort();
}
export const htmlFiles = (dir) => walk(dir).filter((f) => f.endsWith('.html'));

// The built trees. run.sh builds them and passes BROWSER_SITE (the shipped
// content) and BROWSER_REGRESS (a folder of CASE/ trees). Run on its own,
// a test file builds the shipped content itself.
let builtSite;
export function siteDir() {
  if (process.env.BROWSER_SITE) return process.env.BROWSER_SITE;
  if (!builtSite) {
    const bin = path.join(TOP, 'generator/pamphlet');
    builtSite = fs.mkdtempSync(path.join(os.tmpdir(), 'pamphlet-browser-'));
    execFileSync(bin, ['build', '--quiet', '--content', path.join(TOP, 'content'),
      '--templates', path.join(TOP, 'templates'), '--out', path.join(builtSite, 'out')],
    { stdio: 'inherit', env: { ...process.env, SOURCE_DATE_EPOCH: '1764028800' } });
    builtSite = path.join(builtSite, 'out');
    process.on('exit', () => fs.rmSync(path.dirname(builtSite), { recursive: true, force: true }));
  }
  return builtSite;
}

// The report of `pamphlet check --report` (generator/checkreport.h) on
// the shipped content made to warn: a page with a long, hard sentence, a
// translated page without its review date. BROWSER_REPORT=FILE tests a
// report made already.
let builtReport;
export function reportFile() {
  if (process.env.BROWSER_REPORT) return process.env.BROWSER_REPORT;
  if (!builtReport) {
    const bin = process.env.BROWSER_BIN || path.join(TOP, 'generator/pamphlet');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pamphlet-report-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const content = path.join(dir, 'content');
    fs.cpSync(path.join(TOP, 'content'), content, { recursive: true });
    fs.appendFileSync(path.join(content, 'faq.md'), '\nIntervertebral degeneration, myofascial '
      + 'dysfunction, thoracic kyphosis, postural maladaptation, musculoskeletal deconditioning, '
      + 'occupational ergonomic deficiencies and psychosocial determinants frequently coexist, '
      + 'necessitating comprehensive multidisciplinary evaluation and longitudinal reassessment.\n');
    const es = path.join(content, 'es/faq.md');
    fs.writeFileSync(es, fs.readFileSync(es, 'utf8').replace(/^last_reviewed:.*\n/m, ''));
    builtReport = path.join(dir, 'report.html');
    execFileSync(bin, ['check', '--quiet', '--content', content, '--templates',
      path.join(TOP, 'templates'), '--out', path.join(dir, 'out'), '--report', builtReport],
    { stdio: ['ignore', 'inherit', 'ignore'], env: { ...process.env, SOURCE_DATE_EPOCH: '1764028800' } });
  }
  return builtReport;
}

// [{ name, dir }] for the regress cases that built.
export function regressTrees() {
  const root = process.env.BROWSER_REGRESS;
  if (!root || !fs.existsSync(root)) return [];
  return fs.readdirSync(root).sort()
    .filter((c) => fs.existsSync(path.join(root, c, 'out/index.html')))
    .map((c) => ({ name: `regress/${c}`, dir: path.join(root, c, 'out') }));
}

// Every tree: the shipped site first.
export function allTrees() {
  return [{ name: 'site', dir: siteDir(), shipped: true }, ...regressTrees()];
}

// The deployed address of a tree (its base_url), read from the canonical
// link of its home page; null when it has none.
export function baseUrl(dir) {
  const s = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const m = s.match(/<link rel="canonical" href="([^"]+)"/);
  return m ? m[1] : null;
}

export function isStubPdf(file) {
  const fd = fs.openSync(file, 'r');
  const b = Buffer.alloc(9);
  fs.readSync(fd, b, 0, 9, 0);
  fs.closeSync(fd);
  return b.toString('latin1') === '%PDF-stub';
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8', '.json': 'application/json',
};

// A static server for dir on 127.0.0.1, under prefix ('/clinic/' or '/').
// A path ending in '/' serves its index.html, as web hosts do. Anything
// outside the prefix or the folder is a 404. `requests` logs every path.
export async function serve(dir, prefix = '/') {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    let p;
    try { p = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { p = ''; }
    let file = null;
    if (p.startsWith(prefix)) {
      let rel = p.slice(prefix.length);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const abs = path.resolve(dir, rel);
      if (abs.startsWith(path.resolve(dir) + path.sep) && fs.existsSync(abs) && fs.statSync(abs).isFile())
        file = abs;
    }
    if (!file || req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// A browser context that refuses every request to another host and logs
// it: http(s) only to 127.0.0.1 / localhost, plus file:, data:, about:,
// and the browser's own chrome: and chrome-extension: pages.
// `alias` ({ from, dir }) answers requests under the deployed address
// (base_url) from the local copy in dir instead: nothing leaves the machine.
export async function confinedContext(browser, { alias = null, ...options } = {}) {
  const context = await browser.newContext(options);
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (alias && url.startsWith(alias.from)) {
      let rel = decodeURIComponent(url.slice(alias.from.length).replace(/[?#].*/, ''));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(alias.dir, rel);
      if (file.startsWith(path.resolve(alias.dir) + path.sep) && fs.existsSync(file))
        return route.fulfill({ path: file });
      return route.fulfill({ status: 404, body: 'not found' });
    }
    if (isLocal(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  context.blocked = blocked;
  return context;
}

export function isLocal(url) {
  const u = new URL(url);
  // The browser's own pages (its PDF viewer) never touch the network.
  if (['file:', 'data:', 'about:', 'blob:', 'chrome:', 'chrome-extension:'].includes(u.protocol)) return true;
  return (u.protocol === 'http:' || u.protocol === 'https:')
    && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

// A file name for a page: 'exercises/rows/index.html' -> 'exercises-rows'.
export function pageSlug(rel) {
  return rel.replace(/(^|\/)index\.html$/, '').replace(/\.html$/, '').replace(/\//g, '-') || 'home';
}

export function formatList(items) {
  return items.map((s) => `  - ${s}`).join('\n');
}

// pamphlet serve (BROWSER_BIN) on a free port in dir, which holds
// content/ and templates/, with more arguments and environment
// variables; resolves to { url (the
// handout desk's address), root (the site's), stderr(), stop() }.
export function startServe(dir, args = [], env = {}) {
  const bin = process.env.BROWSER_BIN || path.join(TOP, 'generator/pamphlet');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--port', '0', '--quiet', ...args], {
      cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: '1764028800', ...env },
    });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /handout desk is at (http\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], root: m[1].replace(/_pamphlet\/handout\/$/, ''), stderr: () => err,
          stop: () => new Promise((r) => { child.on('exit', r); child.kill('SIGTERM'); }) });
      }
    });
    child.on('exit', () => reject(new Error(`serve ended: ${err}`)));
  });
}
