// Links, three ways, on the shipped site and every regress tree:
// 1. over file://: open index.html in Chromium and follow every internal
//    link from every page;
// 2. over loopback HTTP under a sub-path (http://127.0.0.1:PORT/clinic/),
//    the same;
// 3. linkinator --recurse --check-fragments on the folder.
// No broken link, resource or #anchor; no request to any host but the
// local one (the browser context blocks and reports any other; Chromium's
// own name lookups are mapped to nothing). Links to other hosts are
// listed, not followed.
//
// 404.html is special: a server shows it for any missing address, at any
// depth, so its links are root-absolute ("/faq/index.html"), or absolute
// on base_url when the site has one. It works only served from the site
// root: the file:// and sub-path crawls do not reach it (nothing links to
// it), and a third crawl serves the tree from the root of a loopback
// server (or from base_url's path, when the site has one) and checks the
// links of 404.html there; base_url's host is answered from the local
// copy, inside the browser, without any network. linkinator serves the
// folder from its root, so it checks 404.html like any page.
// Every other page of the shipped site must be reachable from index.html.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, confinedContext, allTrees, htmlFiles, serve, baseUrl, FIXTURES, formatList } from './lib/common.mjs';
import { crawl, linkinator } from './lib/checks.mjs';

const trees = allTrees();
const fileRoot = (dir) => pathToFileURL(dir).href.replace(/\/?$/, '/');

describe('links', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  async function crawlWith(options, contextOptions = {}) {
    const context = await confinedContext(browser, contextOptions);
    try {
      return await crawl(context, options);
    } finally {
      await context.close();
    }
  }

  // The pages other than 404.html, as URLs under root.
  const pagesUnder = (dir, root) => htmlFiles(dir).filter((f) => f !== '404.html').map((f) => root + f);

  // The shipped site must reach every page from its home page; the
  // regress trees' test templates have no menu, so their pages are opened
  // one by one (their links are checked all the same).
  function orphansOk(tree, r, t) {
    if (!r.orphans.length) return;
    if (tree.shipped) assert.fail(`pages no link reaches from the home page: ${r.orphans.join(' ')}`);
    t.diagnostic(`opened directly (no link reaches them): ${r.orphans.length} pages`);
  }

  for (const tree of trees) {
    test(`${tree.name}: over file://, every link from every page works`, async (t) => {
      const root = fileRoot(tree.dir);
      const r = await crawlWith({ root, start: [`${root}index.html`], also: pagesUnder(tree.dir, root) });
      if (r.external.length) t.diagnostic(`links to other hosts (not followed): ${r.external.join(' ')}`);
      assert.equal(r.problems.length, 0, `broken over file://:\n${formatList(r.problems)}`);
      assert.ok(r.checked > 0, 'links were checked');
      orphansOk(tree, r, t);
    });

    // Under a sub-path: the shipped site, and the trees with a base_url
    // (absolute links answered from the local copy).  For the other
    // regress trees it would repeat the file:// crawl, which catches a
    // link that leaves the site the same way ("/x.html" leads out of
    // the folder), and linkinator, which serves them over HTTP: it took
    // a fifth of the browser tests' time.
    const subPath = tree.shipped || baseUrl(tree.dir);
    if (subPath) test(`${tree.name}: over HTTP under /clinic/, every link from every page works`, async (t) => {
      const server = await serve(tree.dir, '/clinic/');
      try {
        const base = baseUrl(tree.dir);
        const r = await crawlWith({ root: server.url, start: [server.url], also: pagesUnder(tree.dir, server.url),
          alias: base && { from: base, dir: tree.dir } });
        if (r.external.length) t.diagnostic(`links to other hosts (not followed): ${r.external.join(' ')}`);
        assert.equal(r.problems.length, 0, `broken under ${server.url}:\n${formatList(r.problems)}`);
        assert.ok(r.checked > 0, 'links were checked');
        const outside = server.requests.filter((u) => !u.startsWith('/clinic/'));
        assert.equal(outside.length, 0, `requests outside /clinic/: ${outside.join(' ')}`);
        orphansOk(tree, r, t);
      } finally {
        await server.close();
      }
    });

    test(`${tree.name}: 404.html, served from the site root, has working links`, async () => {
      const base = baseUrl(tree.dir);
      const prefix = base ? new URL(base).pathname : '/';
      const server = await serve(tree.dir, prefix);
      try {
        const alias = base && { from: base, dir: tree.dir };
        const r = await crawlWith({ root: server.url, start: [`${server.url}404.html`], depth: 1, alias },
          { alias });
        assert.equal(r.problems.length, 0, `broken from 404.html:\n${formatList(r.problems)}`);
        assert.ok(r.checked > 0, 'links were checked');
        if (tree.shipped) assert.ok(r.pages.includes(`${server.url}index.html`), '404.html links to the home page');
      } finally {
        await server.close();
      }
    });

    test(`${tree.name}: linkinator --check-fragments finds nothing broken`, async () => {
      const r = await linkinator(tree.dir);
      assert.equal(r.broken.length, 0, `linkinator:\n${formatList(r.broken)}`);
      assert.ok(r.checked >= htmlFiles(tree.dir).length, `linkinator checked only ${r.checked} links`);
      assert.equal(r.code, 0, 'linkinator exits 0');
    });
  }

  const fx = path.join(FIXTURES, 'links');

  test('fixture: the file:// crawl catches a missing page, a missing anchor, a root-absolute link and another host', async () => {
    const root = fileRoot(fx);
    const r = await crawlWith({ root, start: [`${root}index.html`] });
    const all = r.problems.join('\n');
    assert.match(all, /missing\.html: does not open \(.*ERR_FILE_NOT_FOUND/);
    assert.match(all, /broken anchor "other\.html#no-such-anchor"/);
    assert.match(all, /link leaves the site: "\/other\.html" -> file:\/\/\/other\.html/);
    assert.match(all, /blocked a request to another host: https:\/\/example\.com\/tracker\.png/);
  });

  test('fixture: the sub-path HTTP crawl catches the same', async () => {
    const server = await serve(fx, '/clinic/');
    try {
      const r = await crawlWith({ root: server.url, start: [server.url] });
      const all = r.problems.join('\n');
      assert.match(all, /clinic\/missing\.html: HTTP 404/);
      assert.match(all, /broken anchor "other\.html#no-such-anchor"/);
      assert.match(all, /link leaves the site: "\/other\.html" -> http:\/\/127\.0\.0\.1:\d+\/other\.html/);
      assert.match(all, /blocked a request to another host: https:\/\/example\.com\/tracker\.png/);
    } finally {
      await server.close();
    }
  });

  test('fixture: linkinator catches the missing page and the missing anchor', async () => {
    // From its home page only: the page with the anchor is then always
    // fetched after the link to it was parsed.
    const r = await linkinator(fx, ['index.html']);
    const all = r.broken.join('\n');
    assert.match(all, /missing\.html \(HTTP 404\)/);
    assert.match(all, /other\.html#no-such-anchor/);
    assert.notEqual(r.code, 0, 'linkinator exits non-zero');
  });
});
