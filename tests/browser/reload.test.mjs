// The live preview as a reader of several pages meets it: three pages of
// `pamphlet serve` open in Chromium (the exercise about to be edited, the
// schedule, the FAQ), one save of the exercise's file, and each page
// reloads exactly once and shows what the build made: the edited page
// when it is shown early, the others when the whole build is made, and
// the edited page not again (issue 10: build_opts.early,
// httpd_serve_early()).  So that this shows, the build is held after
// its early pages (tests/serve/hold.c, an LD_PRELOAD shim, at
// the open of a picture it copies later) for a second and a half.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, confinedContext, startServe, TOP } from './lib/common.mjs';
import { siteCopy } from './lib/checks.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('live reload', () => {
  let browser, server, dir;
  before(async () => {
    dir = siteCopy('reload', TOP);
    // A sheet without rows.md: the save changes one exercise page.
    fs.appendFileSync(path.join(dir, 'content/site.yaml'), 'sheet: [chest-stretch, yoga]\n');
    const shim = path.join(dir, 'hold.so');
    execFileSync('cc', ['-shared', '-fPIC', '-o', shim, path.join(TOP, 'tests/serve/hold.c'), '-ldl']);
    fs.writeFileSync(path.join(dir, 'shim.conf'), '');
    server = await startServe(dir, [], { LD_PRELOAD: shim, SHIM_CONF: path.join(dir, 'shim.conf') });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('one save: every open page reloads once, and shows the edit', async () => {
    const context = await confinedContext(browser);
    const open = {};
    for (const p of ['exercises/rows/', 'schedule/', 'faq/']) {
      const page = await context.newPage();
      await page.goto(server.root + p);
      await page.waitForLoadState('load');
      open[p] = { page, loads: 0 };
      page.on('load', () => { open[p].loads++; });
    }
    await sleep(500); // each page's long poll is waiting
    const mark = path.join(dir, 'held');
    fs.writeFileSync(path.join(dir, 'shim.conf'), `open /cycling-1.svg ${mark}\n`);
    const file = path.join(dir, 'content/exercises/rows.md');
    const tmp = `${file}.new`;
    fs.writeFileSync(tmp, fs.readFileSync(file, 'utf8').replace(/^reps: .*$/m, 'reps: "91-97"'));
    fs.renameSync(tmp, file); // (as editors save)
    for (let i = 0; i < 100 && !fs.existsSync(mark); i++) await sleep(50);
    assert.ok(fs.existsSync(mark), 'the build was held');
    await sleep(1500);
    const early = Object.fromEntries(Object.entries(open).map(([p, o]) => [p, o.loads]));
    assert.deepEqual(early, { 'exercises/rows/': 1, 'schedule/': 0, 'faq/': 0 },
      'while the rest is made, the edited page alone has reloaded');
    assert.ok((await open['exercises/rows/'].page.textContent('body')).includes('91-97'), 'it shows the edit at once');
    fs.writeFileSync(path.join(dir, 'shim.conf'), '');
    fs.rmSync(mark);
    for (let i = 0; i < 100 && Object.values(open).some((o) => o.loads === 0); i++) await sleep(100);
    await sleep(1500); // a second reload would come within this
    const loads = Object.fromEntries(Object.entries(open).map(([p, o]) => [p, o.loads]));
    assert.deepEqual(loads, { 'exercises/rows/': 1, 'schedule/': 1, 'faq/': 1 });
    assert.ok((await open['exercises/rows/'].page.textContent('body')).includes('91-97'), 'the edited page shows the edit');
    assert.ok((await open['schedule/'].page.textContent('body')).includes('91-97'), 'the schedule shows the edit');
    assert.deepEqual(context.blocked, []);
    await context.close();
  });
});
