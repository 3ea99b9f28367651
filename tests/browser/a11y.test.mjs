// Accessibility: axe-core through @axe-core/playwright, in Debian's
// Chromium, on every page of the shipped site at 320 px and 1280 px wide,
// tags wcag2a, wcag2aa, wcag21aa, wcag22aa: 0 violations. Each failure
// names the rule, the page and the element. Pages are served over
// loopback HTTP from the site root (so that 404.html, whose links are
// root-absolute, is styled as readers see it).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, confinedContext, siteDir, htmlFiles, reportFile, serve, WIDTHS, FIXTURES, formatList } from './lib/common.mjs';
import { axeViolations } from './lib/checks.mjs';

const dir = siteDir();
const pages = htmlFiles(dir);

describe('accessibility (axe)', () => {
  let browser, server;
  before(async () => {
    browser = await launch();
    server = await serve(dir, '/');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Runs axe on each URL at width, on two pages at a time (one per core).
  async function check(urls, width) {
    const failures = [];
    const queue = [...urls];
    await Promise.all([0, 1].map(async () => {
      const context = await confinedContext(browser, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      try {
        for (let url = queue.shift(); url; url = queue.shift()) {
          const response = await page.goto(url);
          if (response && !response.ok()) { failures.push({ url, rule: 'load', impact: 'fatal', targets: [`HTTP ${response.status()}`], help: '' }); continue; }
          for (const v of await axeViolations(page)) failures.push({ url, ...v });
        }
        for (const b of context.blocked) failures.push({ url: b, rule: 'request-to-another-host', impact: 'blocked', targets: [b], help: '' });
      } finally {
        await context.close();
      }
    }));
    return failures;
  }

  for (const width of WIDTHS) {
    test(`site at ${width}px: no axe violations on any page`, async () => {
      assert.ok(pages.includes('index.html') && pages.includes('404.html'), 'the site has its pages');
      const found = await check(pages.map((f) => server.url + f), width);
      const lines = found.flatMap((v) => v.targets.map((el) =>
        `${v.rule} (${v.impact}) on ${v.url.slice(server.url.length)}: ${el} -- ${v.help}`));
      assert.equal(lines.length, 0, `axe violations at ${width}px:\n${formatList(lines.sort())}`);
    });
  }

  for (const width of WIDTHS) {
    test(`report of pamphlet check --report at ${width}px: no axe violations, nothing fetched`, async () => {
      const found = await check([`file://${reportFile()}`], width);
      const lines = found.flatMap((v) => v.targets.map((el) => `${v.rule} (${v.impact}): ${el} -- ${v.help}`));
      assert.equal(lines.length, 0, `axe violations on the report at ${width}px:\n${formatList(lines.sort())}`);
    });
  }

  test('fixture: an image with no alt fails with image-alt', async () => {
    const v = await check([`file://${path.join(FIXTURES, 'a11y/missing-alt.html')}`], 320);
    const hit = v.find((x) => x.rule === 'image-alt');
    assert.ok(hit, `image-alt not reported; got ${v.map((x) => x.rule).join(', ') || 'nothing'}`);
    assert.match(hit.targets[0], /img/);
  });

  test('fixture: low-contrast text fails with color-contrast', async () => {
    const v = await check([`file://${path.join(FIXTURES, 'a11y/low-contrast.html')}`], 1280);
    const hit = v.find((x) => x.rule === 'color-contrast');
    assert.ok(hit, `color-contrast not reported; got ${v.map((x) => x.rule).join(', ') || 'nothing'}`);
    assert.match(hit.targets[0], /faint/);
  });
});
