// Screenshots for a person to look at: every page of the shipped site at
// 320 px and 1280 px wide (full page), and the printable sheet's pages
// rendered by pdftoppm, under artifacts/screenshots/ (git-ignored):
//   artifacts/screenshots/site/PAGE-320.png, PAGE-1280.png
//   artifacts/screenshots/sheet/exercise-sheet-N.png
//   artifacts/screenshots/print/PAGE-N.png (the browser-printed pages
//   that behaviour.test.mjs keeps in artifacts/print/, when present)
// Each PNG must have the expected width and not be blank (one color).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { launch, confinedContext, siteDir, htmlFiles, serve, isStubPdf, pageSlug, WIDTHS, ARTIFACTS, FIXTURES, formatList } from './lib/common.mjs';
import { pngProblems, tmpDir } from './lib/checks.mjs';

const dir = siteDir();
const pages = htmlFiles(dir);
const SHOTS = path.join(ARTIFACTS, 'screenshots');

describe('screenshots', () => {
  let browser, server, tmp;
  before(async () => {
    browser = await launch();
    server = await serve(dir, '/');
    tmp = tmpDir('shots');
    fs.rmSync(SHOTS, { recursive: true, force: true });
    for (const d of ['site', 'sheet', 'print']) fs.mkdirSync(path.join(SHOTS, d), { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  // Loads each [url, file] in one page at width and saves a full-page PNG.
  async function shoot(list, width) {
    const context = await confinedContext(browser, { viewport: { width, height: 800 } });
    const problems = [];
    try {
      const page = await context.newPage();
      for (const [url, file] of list) {
        await page.goto(url);
        await page.screenshot({ path: file, fullPage: true });
        problems.push(...pngProblems(file, width));
      }
      for (const b of context.blocked) problems.push(`blocked a request to another host: ${b}`);
    } finally {
      await context.close();
    }
    return problems;
  }

  for (const width of WIDTHS) {
    test(`site: every page at ${width}px saved as a PNG`, async () => {
      const problems = await shoot(pages.map((f) => [server.url + f, path.join(SHOTS, 'site', `${pageSlug(f)}-${width}.png`)]), width);
      assert.equal(problems.length, 0, formatList(problems));
      assert.equal(fs.readdirSync(path.join(SHOTS, 'site')).filter((f) => f.endsWith(`-${width}.png`)).length, pages.length);
    });
  }

  test('sheet: exercise-sheet.pdf pages saved as PNGs by pdftoppm', (t) => {
    const pdf = path.join(dir, 'exercise-sheet.pdf');
    if (isStubPdf(pdf)) {
      t.skip('exercise-sheet.pdf is the "%PDF-stub" placeholder: the PDF backend has not landed');
      return;
    }
    execFileSync('pdftoppm', ['-png', '-r', '100', pdf, path.join(SHOTS, 'sheet', 'exercise-sheet')]);
    const pngs = fs.readdirSync(path.join(SHOTS, 'sheet')).filter((f) => f.endsWith('.png'));
    assert.ok(pngs.length >= 1, 'pdftoppm wrote pages');
    const problems = pngs.flatMap((f) => pngProblems(path.join(SHOTS, 'sheet', f)));
    assert.equal(problems.length, 0, formatList(problems));
  });

  test('print: the browser-printed pages saved as PNGs, when behaviour.test.mjs left them', (t) => {
    const printed = path.join(ARTIFACTS, 'print');
    const pdfs = fs.existsSync(printed) ? fs.readdirSync(printed).filter((f) => f.endsWith('.pdf')) : [];
    if (!pdfs.length) { t.skip('no browser-printed PDFs (run behaviour.test.mjs first)'); return; }
    for (const f of pdfs)
      execFileSync('pdftoppm', ['-png', '-r', '60', path.join(printed, f), path.join(SHOTS, 'print', f.replace(/\.pdf$/, ''))]);
    const problems = fs.readdirSync(path.join(SHOTS, 'print')).flatMap((f) => pngProblems(path.join(SHOTS, 'print', f)));
    assert.equal(problems.length, 0, formatList(problems));
  });

  test('fixture: a blank page is caught', async () => {
    const file = path.join(tmp, 'blank.png');
    const problems = await shoot([[pathToFileURL(path.join(FIXTURES, 'screenshots/blank.html')).href, file]], 320);
    assert.ok(problems.some((p) => /blank\.png: blank \(one color\)/.test(p)), `not caught:\n${formatList(problems)}`);
    assert.ok(pngProblems(file, 1280).some((p) => /320px wide, expected 1280/.test(p)), 'a wrong width is not caught');
  });
});
