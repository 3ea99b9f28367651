// Layout, measured in Chromium on every page of the shipped site:
// - at 320 px no page scrolls sideways;
// - all visible text computes to at least 16 px at 320 px wide and 19 px
//   at 1280 px (the body text, and everything else: footer, captions);
// - no ordinary word (2-20 letters) is cut in two across lines;
// - every link, button and FAQ question (<summary>) is at least 24 x 24 px.
//   Inline links inside a sentence are exempt, as WCAG 2.5.8 allows: a
//   link that is display:inline and whose block also holds words of its
//   own (see layoutProblems in lib/checks.mjs). Stand-alone links (menus,
//   breadcrumbs, table cells, "print the sheet") are measured.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, confinedContext, siteDir, htmlFiles, reportFile, serve, FIXTURES, formatList } from './lib/common.mjs';
import { layoutProblems } from './lib/checks.mjs';

const dir = siteDir();
const pages = htmlFiles(dir);
const MIN_FONT = { 320: 16, 1280: 19 };

describe('layout', () => {
  let browser, server;
  before(async () => {
    browser = await launch();
    server = await serve(dir, '/');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function check(urls, width) {
    const context = await confinedContext(browser, { viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    try {
      for (const url of urls) {
        await page.goto(url);
        for (const p of await layoutProblems(page, { minFont: MIN_FONT[width] }))
          problems.push(`${url.startsWith(server.url) ? url.slice(server.url.length) : path.basename(url)}: ${p}`);
      }
      for (const b of context.blocked) problems.push(`blocked a request to another host: ${b}`);
    } finally {
      await context.close();
    }
    return problems;
  }

  for (const width of [320, 1280]) {
    test(`site at ${width}px: no sideways scrolling, text >= ${MIN_FONT[width]}px, no cut words, targets >= 24x24px`, async () => {
      assert.ok(pages.length > 10, 'the site has its pages');
      const problems = await check(pages.map((f) => server.url + f), width);
      assert.equal(problems.length, 0, `layout problems at ${width}px:\n${formatList(problems)}`);
    });
  }

  for (const width of [320, 1280]) {
    test(`report of pamphlet check --report at ${width}px: the same`, async () => {
      const problems = await check([`file://${reportFile()}`], width);
      assert.equal(problems.length, 0, `layout problems on the report at ${width}px:\n${formatList(problems)}`);
    });
  }

  const fixture = (name) => `file://${path.join(FIXTURES, 'layout', name)}`;

  test('fixture: a table wider than 320px is caught scrolling sideways', async () => {
    const problems = await check([fixture('overflow-table.html')], 320);
    assert.ok(problems.some((p) => /scrolls sideways: \d+px of content in a 320px viewport; widest: .*t[dh]/.test(p)),
      `not caught:\n${formatList(problems)}`);
  });

  test('fixture: words cut in a squeezed table column are caught', async () => {
    const problems = await check([fixture('cut-words.html')], 320);
    assert.ok(problems.some((p) => /word cut across lines: .*t[dh] "(Frequency|Scapular|Squeezes|repetitions)"/.test(p)),
      `not caught:\n${formatList(problems)}`);
    assert.ok(!problems.some((p) => /scrolls sideways/.test(p)), 'the fixture does not scroll: it cuts words instead');
  });

  test('fixture: 13px text is caught at both widths', async () => {
    for (const width of [320, 1280]) {
      const problems = await check([fixture('small-text.html')], width);
      assert.ok(problems.some((p) => new RegExp(`text at 13px \\(< ${MIN_FONT[width]}px\\): main > p`).test(p)),
        `not caught at ${width}px:\n${formatList(problems)}`);
      assert.ok(!problems.some((p) => /h1/.test(p)), 'the 28px heading is not reported');
    }
  });

  test('fixture: small stand-alone targets are caught; an inline link in a sentence is exempt', async () => {
    const problems = await check([fixture('small-target.html')], 320);
    assert.ok(problems.some((p) => /target [\d.]+x1\dpx \(< 24x24\): main > p\.tiny > a "Next"/.test(p)),
      `the 12px link is not caught:\n${formatList(problems)}`);
    assert.ok(problems.some((p) => /target 16x16px \(< 24x24\): main > p > button\.icon/.test(p)),
      `the 16x16 button is not caught:\n${formatList(problems)}`);
    assert.ok(!problems.some((p) => /inline-link/.test(p)), `the inline link is reported:\n${formatList(problems)}`);
  });
});
