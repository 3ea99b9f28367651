// tests/spec/run.mjs PAMPHLET: the examples of the CommonMark/GFM spec
// that ships with the cmark-gfm package, each as an exercise page.
//
// pamphlet renders Markdown with cmark-gfm; this checks that its pages
// say what the `cmark-gfm` command says of the same text, so that a change
// in how pamphlet drives the library (a lost block, a changed option) is
// caught.  For each active example:
//   - listed in `refused` (with the message): a site holding it alone
//     fails to build, with that message first.  These are pamphlet's own
//     rules (level-1 headings, addresses starting with "/", links to
//     files that are not in the site...), not differences in rendering.
//   - else: it is one page of a site holding all of them, which builds,
//     with exactly the messages of `expected.stderr` (HTML left out...),
//     and its page body is what `cmark-gfm --smart --validate-utf8
//     -e table -e strikethrough -e autolink` gives, byte for byte, once
//     the heading ids pamphlet adds (id="...") are taken out.
// SPEC_UPDATE=1 builds each example alone and rewrites `refused` and
// `expected.stderr`: read the diff before you commit it.
// SPEC=FILE reads another spec.txt (or .gz); without the file, the test
// is skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const here = path.dirname(new URL(import.meta.url).pathname);
const top = path.resolve(here, '../..');
const bin = path.resolve(process.argv[2] || 'generator/pamphlet');
const specFile = process.env.SPEC || '/usr/share/doc/cmark-gfm/spec.txt.gz';
const update = process.env.SPEC_UPDATE === '1';

if (!fs.existsSync(specFile)) {
  console.log(`skip: no ${specFile} (the cmark-gfm package's spec)`);
  process.exit(0);
}
let spec = fs.readFileSync(specFile);
if (specFile.endsWith('.gz')) spec = zlib.gunzipSync(spec);

// The examples, numbered as the spec numbers them (disabled ones too).
const fence = '`'.repeat(32);
const examples = [];
{
  let cur = null, part = 0;
  for (const line of spec.toString('utf8').split('\n')) {
    if (cur === null && line.startsWith(`${fence} example`)) {
      cur = { n: examples.length + 1, ext: line.slice(fence.length + 8).trim(), md: '' };
      part = 0;
    } else if (cur !== null && line === fence) {
      examples.push(cur);
      cur = null;
    } else if (cur !== null && line === '.' && part === 0) {
      part = 1;
    } else if (cur !== null && part === 0) {
      cur.md += line.replaceAll('\u2192', '\t') + '\n';
    }
  }
}
const active = examples.filter((e) => e.ext !== 'disabled');
const name = (e) => `spec-${String(e.n).padStart(3, '0')}`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pamphlet-spec-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

// A site of the regress cases' base, its exercises being the examples
// given; the exercise template shows the body between two markers.
function site(dir, list) {
  fs.cpSync(path.join(top, 'tests/regress/_base'), dir, { recursive: true });
  fs.rmSync(path.join(dir, 'content/exercises'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'content/exercises'));
  fs.writeFileSync(path.join(dir, 'templates/exercise.html'),
    '{{> head}}\n<h1>{{page.title}}</h1>\n<!--body-->{{{page.body}}}<!--/body-->\n{{> foot}}\n');
  for (const e of list)
    fs.writeFileSync(path.join(dir, `content/exercises/${name(e)}.md`),
      `---\ntitle: "Example ${e.n}"\ncategory: stretch\n---\n${e.md}`);
}
function build(dir) {
  const r = spawnSync(bin, ['build', '--quiet'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1764028800' },
  });
  return { status: r.status, stderr: r.stderr };
}
const firstError = (stderr) => stderr.split('\n').find((l) => l.includes(': error: ')) || '';

const refusedFile = path.join(here, 'refused');
const stderrFile = path.join(here, 'expected.stderr');
let pass = 0, fail = 0;
const no = (what) => { fail++; console.log(`FAIL ${what}`); };

// `refused`: "NUMBER<TAB>first error message", one a line.
let refused = new Map();
if (update) {
  for (const e of active) {
    const dir = path.join(tmp, name(e));
    site(dir, [e]);
    const r = build(dir);
    if (r.status !== 0) refused.set(e.n, firstError(r.stderr));
    fs.rmSync(dir, { recursive: true });
  }
  fs.writeFileSync(refusedFile, [...refused].map(([n, m]) => `${n}\t${m}\n`).join(''));
} else {
  for (const line of fs.readFileSync(refusedFile, 'utf8').split('\n'))
    if (line) refused.set(Number(line.split('\t')[0]), line.slice(line.indexOf('\t') + 1));
  for (const e of active.filter((x) => refused.has(x.n))) {
    const dir = path.join(tmp, name(e));
    site(dir, [e]);
    const r = build(dir);
    if (r.status === 1 && firstError(r.stderr) === refused.get(e.n)) pass++;
    else no(`example ${e.n} is refused with "${refused.get(e.n)}": exit ${r.status}, ${firstError(r.stderr) || r.stderr}`);
    fs.rmSync(dir, { recursive: true });
  }
}

// Every other example: one site, one build.
const kept = active.filter((e) => !refused.has(e.n));
const all = path.join(tmp, 'all');
site(all, kept);
const r = build(all);
if (update) fs.writeFileSync(stderrFile, r.stderr);
if (r.status === 0) pass++;
else no(`the site of the ${kept.length} examples builds: exit ${r.status}\n${r.stderr}`);
const want = update ? r.stderr : fs.readFileSync(stderrFile, 'utf8');
if (r.stderr === want) pass++;
else no(`the messages of the site of examples differ from expected.stderr:\n${r.stderr}`);

for (const e of r.status === 0 ? kept : []) {
  const page = fs.readFileSync(path.join(all, `out/exercises/${name(e)}/index.html`), 'utf8');
  const body = page.slice(page.indexOf('<!--body-->') + 11, page.indexOf('<!--/body-->'))
    .replace(/(<h[1-6]) id="[^"]*">/g, '$1>');
  const c = spawnSync('cmark-gfm', ['--smart', '--validate-utf8', '-e', 'table',
    '-e', 'strikethrough', '-e', 'autolink'], { input: e.md, encoding: 'utf8' });
  if (c.status !== 0) { no(`cmark-gfm on example ${e.n}: ${c.stderr}`); continue; }
  if (body === c.stdout) pass++;
  else no(`example ${e.n}: the page says\n${body}\ncmark-gfm says\n${c.stdout}`);
}
console.log(`spec: ${active.length} examples (${refused.size} refused by pamphlet's rules), ` +
  `${pass} passed, ${fail} failed`);
process.exit(fail === 0 ? 0 : 1);
