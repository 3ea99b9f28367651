// The handout desk of `pamphlet serve` (issue 14), as a clinician uses it
// in Chromium: axe-clean and vnu-valid at 320 and 1280 px; tick three
// exercises, change a dose, type a name, press "Make the PDF", and the
// download holds those three exercises, the dose and the name; press it
// with nothing ticked and the form comes back with an error summary
// that has the focus; a keyboard alone reaches and ticks a box; Español
// chosen, the download is in Spanish.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, confinedContext, startServe, TOP, WIDTHS } from './lib/common.mjs';
import { axeViolations, siteCopy, tmpDir, vnu, vnuNoise } from './lib/checks.mjs';

describe('handout desk', () => {
  let browser, server, dir;
  before(async () => {
    dir = siteCopy('desk', TOP);
    server = await startServe(dir, ['--allow-placeholders']);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const width of WIDTHS) {
    test(`the form at ${width}px: axe finds nothing, nothing from elsewhere`, async () => {
      const context = await confinedContext(browser, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      const response = await page.goto(server.url);
      assert.equal(response.status(), 200);
      const found = await axeViolations(page);
      assert.deepEqual(found.map((v) => `${v.rule}: ${v.targets.join(' ')}`), []);
      // The form with mistakes too: its summary and messages.
      await page.click('button[value="pdf"]');
      await page.waitForSelector('#exercises-error');
      const again = await axeViolations(page);
      assert.deepEqual(again.map((v) => `${v.rule}: ${v.targets.join(' ')}`), []);
      assert.deepEqual(context.blocked, []);
      await context.close();
    });
  }

  test('vnu: the form, blank and with mistakes, is valid HTML', async () => {
    const out = tmpDir('desk-vnu');
    const blank = path.join(out, 'blank.html'), wrong = path.join(out, 'mistakes.html');
    const context = await confinedContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    fs.writeFileSync(blank, await (await page.request.get(server.url)).text());
    await page.click('button[value="pdf"]');
    await page.waitForSelector('#exercises-error');
    fs.writeFileSync(wrong, await page.content());
    await context.close();
    const found = [];
    for (const [file, msgs] of vnu([blank, wrong]))
      for (const m of msgs)
        if (m.type === 'error' || (m.type === 'warning' && !vnuNoise(m)))
          found.push(`${path.basename(file)}:${m.line}: ${m.message}`);
    fs.rmSync(out, { recursive: true, force: true });
    assert.deepEqual(found, []);
  });

  test('tick three, change a dose, type a name: the PDF holds them', async () => {
    const context = await confinedContext(browser, { acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(server.url);
    const name = `Philippa Quenby-${process.pid}`;
    await page.fill('#patient', name);
    for (const slug of ['chest-stretch', 'rows', 'yoga']) await page.check(`#ex-${slug}`);
    await page.fill('#ex-rows-reps', '8 slow ones');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[value="pdf"]'),
    ]);
    assert.equal(download.suggestedFilename(), 'exercise-programme.pdf');
    const out = tmpDir('desk-pdf');
    const file = path.join(out, 'handout.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    fs.rmSync(out, { recursive: true, force: true });
    await context.close();
    assert.match(text, new RegExp(name));
    assert.match(text, /Repetitions: 8 slow ones/);
    for (const t of ['Chest Stretch', 'Rows', 'Yoga']) assert.match(text, new RegExp(t));
    for (const t of ['Swimming', 'Cycling', 'Neck Stretch']) assert.doesNotMatch(text, new RegExp(t));
    assert.doesNotMatch(server.stderr(), new RegExp(name), 'the server printed nothing of it');
  });

  test('Español chosen: the PDF is in Spanish', async () => {
    const context = await confinedContext(browser, { acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(server.url);
    assert.equal(await page.getAttribute('#language option[value="es"]', 'lang'), 'es');
    await page.selectOption('#language', 'es');
    for (const slug of ['rows', 'yoga']) await page.check(`#ex-${slug}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button[value="pdf"]'),
    ]);
    const out = tmpDir('desk-pdf-es');
    const file = path.join(out, 'handout.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    fs.rmSync(out, { recursive: true, force: true });
    await context.close();
    assert.match(info, /^Title: +Programa de ejercicios$/m);
    assert.match(text, /Semana/);
    assert.match(text, /Remo/);
    assert.doesNotMatch(text, /Week/);
  });

  test('nothing ticked: the form again, its error summary focused', async () => {
    const context = await confinedContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.fill('#patient', 'Kept As Typed');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button[value="pdf"]'),
    ]);
    assert.equal(response.status(), 422);
    await page.waitForSelector('#exercises-error');
    const focused = await page.evaluate(() => document.activeElement?.closest('[role="alert"]') !== null);
    assert.ok(focused, 'the error summary has the focus');
    assert.equal(await page.inputValue('#patient'), 'Kept As Typed');
    const link = page.locator('[role="alert"] a[href="#exercises"]');
    assert.equal(await link.count(), 1, 'the summary links to the exercises');
    await context.close();
  });

  test('the keyboard alone ticks an exercise', async () => {
    const context = await confinedContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'ex-chest-stretch');
    }
    assert.ok(reached, 'Tab reaches the first exercise');
    await page.keyboard.press('Space');
    assert.ok(await page.isChecked('#ex-chest-stretch'));
    await context.close();
  });
});
