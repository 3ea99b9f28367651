// Validity: the W3C Nu Html Checker (vnu.jar, run by Debian's Java) over
// every generated page and stylesheet of every tree, and over the broken
// fixtures, in one call: 0 errors on the trees, the expected errors on
// the fixtures.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { allTrees, walk, reportFile, FIXTURES, formatList } from './lib/common.mjs';
import { vnu, vnuNoise } from './lib/checks.mjs';

const trees = allTrees();
const files = (dir) => walk(dir).filter((f) => /\.(html|css)$/.test(f)).map((f) => path.join(dir, f));
const badHtml = path.join(FIXTURES, 'validity/bad.html');
const badCss = path.join(FIXTURES, 'validity/bad.css');
const report = reportFile();

describe('validity (vnu)', () => {
  let results;
  before(() => {
    results = vnu([...trees.flatMap((t) => files(t.dir)), report, badHtml, badCss]);
  });

  for (const tree of trees) {
    test(`${tree.name}: every page and stylesheet has 0 errors`, (t) => {
      const checked = files(tree.dir);
      assert.ok(checked.some((f) => f.endsWith('index.html')) && checked.some((f) => f.endsWith('.css')),
        'the tree has pages and a stylesheet');
      const errors = [], warnings = [];
      for (const f of checked) {
        for (const m of results.get(f) || []) {
          const line = `${path.relative(tree.dir, f)}:${m.line}: ${m.message}`;
          if (m.type === 'warning' || m.type === 'info') { if (!vnuNoise(m)) warnings.push(line); }
          else errors.push(line);
        }
      }
      if (warnings.length) t.diagnostic(`vnu warnings:\n${formatList(warnings)}`);
      assert.equal(errors.length, 0, `vnu errors in ${tree.name}:\n${formatList(errors)}`);
    });
  }

  test('the report of pamphlet check --report has 0 errors and 0 warnings', () => {
    const msgs = (results.get(path.resolve(report)) || []).map((m) => `${m.line}: ${m.type}: ${m.message}`);
    assert.equal(msgs.length, 0, `vnu on the report:\n${formatList(msgs)}`);
  });

  test('fixture: an invalid page fails with the expected errors', () => {
    const msgs = (results.get(badHtml) || []).filter((m) => m.type === 'error').map((m) => m.message);
    assert.ok(msgs.some((m) => /No “p” element in scope but a “p” end tag seen/.test(m)), `stray </p> not caught:\n${formatList(msgs)}`);
    assert.ok(msgs.some((m) => /An “img” element must have an “alt” attribute/.test(m)), `missing alt not caught:\n${formatList(msgs)}`);
  });

  test('fixture: an invalid stylesheet fails with the expected errors', () => {
    const msgs = (results.get(badCss) || []).filter((m) => m.type === 'error').map((m) => m.message);
    assert.ok(msgs.some((m) => /Property “colour” doesn't exist/.test(m)), `misspelt property not caught:\n${formatList(msgs)}`);
    assert.ok(msgs.some((m) => /bluish/.test(m)), `bad color not caught:\n${formatList(msgs)}`);
  });
});
