// tests/serve/valgrind.mjs PAMPHLET VALGRIND...: a short `pamphlet serve`
// session under valgrind, for `make valgrind`.
//
// On a copy of content/ in tests/tmp/valgrind-serve/: start the server
// under the valgrind command given (its options make errors and leaks
// the exit status), ask for a page (and once with another Host: 421),
// edit an exercise and wait until the page shows the edit, then
// SIGTERM.  It must stop with status 0.  Every wait is bounded; the
// server is killed if the script ends early.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [binArg, ...valgrind] = process.argv.slice(2);
const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = path.join(top, 'tests/tmp/valgrind-serve');
const WAIT = 60000; // valgrind is slow: generous, but bounded
const bin = path.resolve(binArg || 'generator/pamphlet');

function fail(why) {
  console.log(`valgrind: FAIL serve: ${why}`);
  process.exit(1);
}
if (valgrind.length === 0) fail('usage: valgrind.mjs PAMPHLET VALGRIND [OPTIONS...]');

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
fs.cpSync(path.join(top, 'content'), path.join(work, 'content'), { recursive: true });
fs.cpSync(path.join(top, 'templates'), path.join(work, 'templates'), { recursive: true });

const child = spawn(valgrind[0], [...valgrind.slice(1), bin, 'serve', '--quiet', '--port', '0'],
  { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
let err = '';
child.stdout.on('data', (d) => { err += d; });
child.stderr.on('data', (d) => { err += d; });
const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
process.on('exit', () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function get(port, p, headers = {}) {
  return new Promise((res) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, headers, agent: false }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d) => { body += d; });
      r.on('end', () => res({ status: r.statusCode, body }));
    });
    req.setTimeout(WAIT, () => req.destroy(new Error('timeout')));
    req.on('error', () => res({ status: 0, body: '' }));
    req.end();
  });
}
async function until(fn) {
  const end = Date.now() + WAIT;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end || child.exitCode !== null) return null;
    await sleep(100);
  }
}

const port = await until(() => Number((/serving \S+ at http:\/\/127\.0\.0\.1:(\d+)\//.exec(err) || [])[1]));
if (!port) fail(`no "serving" line:\n${err}`);
const r = await get(port, '/exercises/rows/');
if (r.status !== 200) fail(`GET /exercises/rows/ is ${r.status}:\n${err}`);
const r2 = await get(port, '/exercises/rows/', { Host: 'evil.example' });
if (r2.status !== 421) fail(`GET with another Host is ${r2.status}:\n${err}`);

const rows = path.join(work, 'content/exercises/rows.md');
fs.writeFileSync(rows, fs.readFileSync(rows, 'utf8').replace(/^title: .*$/m, 'title: "Edited under valgrind"'));
const edited = await until(async () => (await get(port, '/exercises/rows/')).body.includes('<h1>Edited under valgrind</h1>'));
if (!edited) fail(`the edit never reached the page:\n${err}`);

child.kill('SIGTERM');
let timer;
const end = await Promise.race([exited, new Promise((res) => { timer = setTimeout(() => res(null), WAIT); })]);
clearTimeout(timer);
if (!end) fail(`SIGTERM did not stop it:\n${err}`);
if (end.code !== 0) fail(`exit ${JSON.stringify(end)} (99: valgrind found errors or leaks):\n${err}`);
if (!/pamphlet: stopped/.test(err)) fail(`no "stopped" line:\n${err}`);
console.log('valgrind: serve session passed');
