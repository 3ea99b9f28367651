// tests/serve/serve.test.mjs PAMPHLET: `pamphlet serve` from outside, as
// a browser and an editor meet it.  Run by tests/serve/run.sh.
//
// Works in tests/tmp/serve/ on copies of content/ and templates/.  Starts
// `pamphlet serve --port 0`, learns the port from its "serving" line, and
// checks: pages and their headers; the reload script and widened CSP in
// what is served but never in out/; the long poll; an edit reaching the
// page; a broken file's banner over the last good page, then gone after
// the fix; a named pipe in content/ (an error, then builds go on);
// path safety; 421 for a Host that is not its own (DNS
// rebinding); redirects and 404s; a busy port; a first build
// that fails (500 error page, then the site once fixed); out/ inside
// content/ not rebuilding in a loop; SIGTERM ending it with status 0;
// 300 stalled clients: few threads, refusals said once, dropped after
// the idle timeout.
//
// No assertion depends on speed: waits poll until the expected state,
// up to 10 s (20 s for the server's 10 s idle timeout), and "at once"
// means under 5 s where the long poll would wait 8 s.  Every server started is killed when the test ends, also on
// failure.  Prints one line per failure and "serve: N passed, M failed".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(process.argv[2] || 'generator/pamphlet');
const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = path.join(top, 'tests/tmp/serve');
const TIMEOUT = 10000;

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else { failed++; console.log(`FAIL ${what}`); }
}

// ---- servers: always killed on the way out ----
const servers = new Set();
function killAll() {
  for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(1); });

// Start `pamphlet serve ARGS` in work; resolves when it prints its
// "serving" line (or exits).
function serve(args) {
  const child = spawn(bin, ['serve', ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.add(child);
  const s = { child, out: '', err: '', port: 0 };
  child.stdout.on('data', (d) => { s.out += d; });
  child.stderr.on('data', (d) => { s.err += d; });
  s.exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  s.ready = new Promise((res) => {
    const look = () => {
      const m = /pamphlet: serving (\S+) at http:\/\/127\.0\.0\.1:(\d+)\/ \(Ctrl-C to stop\)/.exec(s.err);
      if (m) { s.port = Number(m[2]); res(true); }
    };
    child.stderr.on('data', look);
    s.exited.then(() => res(false));
  });
  return s;
}

// One request with the path sent as it is (no normalising, no redirects).
// headers: more request headers (Host replaces node's own).
function get(port, p, method = 'GET', headers = {}) {
  return new Promise((res) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method, headers, agent: false }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d) => { body += d; });
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, body }));
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => res({ status: 0, headers: {}, body: '', error: e.message }));
    req.end();
  });
}

// Bytes sent as they are on a new connection; the answer's status (0
// if none) and text, once the server closes or after 10 s.
function raw(port, text) {
  return new Promise((res) => {
    let got = '';
    const sock = net.connect(port, '127.0.0.1', () => sock.write(text));
    sock.setEncoding('latin1');
    sock.on('data', (d) => { got += d; });
    const done = () => { clearTimeout(timer); sock.destroy(); res({ status: Number((/^HTTP\/1\.\d (\d+)/.exec(got) || [])[1] || 0), text: got }); };
    const timer = setTimeout(done, TIMEOUT);
    sock.on('close', done);
    sock.on('error', () => {});
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// p's value, or null if it takes more than 10 s.
function within(p) {
  let timer;
  const late = new Promise((r) => { timer = setTimeout(() => r(null), TIMEOUT); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
// Poll fn until it returns a truthy value; that value, or null after ms
// (10 s).
async function until(fn, ms = TIMEOUT) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) return null;
    await sleep(20);
  }
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

// Save the way many editors do: a temporary file renamed over the old.
function saveByRename(file, text) {
  fs.writeFileSync(file + '.tmp', text);
  fs.renameSync(file + '.tmp', file);
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const genOf = (html) => (/<script src="\/__pamphlet\/live\.js" data-gen="(\d+)"><\/script>/.exec(html) || [])[1];

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
fs.cpSync(path.join(top, 'content'), path.join(work, 'content'), { recursive: true });
fs.cpSync(path.join(top, 'templates'), path.join(work, 'templates'), { recursive: true });
const causes = path.join(work, 'content/causes.md');
const good = fs.readFileSync(causes, 'utf8');
const out = path.join(work, 'out');

try {
  // ---- start ----
  const s = serve(['--port', '0']);
  check(await s.ready, `serve prints its "serving out at http://127.0.0.1:PORT/" line: ${s.err}`);
  if (!s.port) throw new Error('no server');
  const port = s.port;
  // (The summary goes to stdout once the site is served: it may come a
  // moment after the "serving" line.)
  await until(() => /pamphlet: built \d+ pages/.test(s.out), 10000);
  check(/pamphlet: built \d+ pages/.test(s.out), `the first build prints its summary: ${s.out}`);

  // Listening on 127.0.0.1 only.
  const ss = spawnSync('ss', ['-Hltn'], { encoding: 'utf8' });
  if (ss.status === 0) {
    const mine = ss.stdout.split('\n').filter((l) => new RegExp(`:${port}\\s`).test(l + ' '));
    check(mine.length > 0 && mine.every((l) => l.includes(`127.0.0.1:${port}`)),
      `listens on 127.0.0.1:${port} only: ${mine.join(' | ')}`);
  } else {
    console.log('skip: ss not found, listening address not checked');
  }

  // ---- a page ----
  let r = await get(port, '/causes/');
  check(r.status === 200, `GET /causes/ is 200 (${r.status})`);
  check(/^text\/html; charset=utf-8$/.test(r.headers['content-type'] || ''), `HTML Content-Type: ${r.headers['content-type']}`);
  check(r.headers['cache-control'] === 'no-store', `Cache-Control: no-store (${r.headers['cache-control']})`);
  check(r.body.includes('<h1>Understanding Upper Back Pain</h1>'), 'the causes page is served');
  check(/<script src="\/__pamphlet\/live\.js" data-gen="\d+"><\/script>\n<\/body>/.test(r.body), 'the reload script is injected before </body>');
  const csp = (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(r.body) || [])[1] || '';
  check(/script-src 'self'/.test(csp) && /connect-src 'self'/.test(csp) && /default-src 'none'/.test(csp),
    `the served CSP allows the script and its fetches, and nothing else new: ${csp}`);
  check(!r.body.includes('role="alert"'), 'no error banner while the build is good');
  let gen = genOf(r.body);

  // The files in out/ stay without JavaScript: the published site has none.
  const pages = walk(out).filter((f) => f.endsWith('.html'));
  check(pages.length >= 16, `out/ has the pages (${pages.length})`);
  for (const f of pages) {
    const t = fs.readFileSync(f, 'utf8');
    const rel = path.relative(work, f);
    check(!/<script\s[^>]*src/i.test(t) && !t.includes('__pamphlet'), `${rel} has no script src and no preview trace`);
    const tags = t.match(/<script\b[^>]*>/gi) || [];
    check(tags.every((x) => x === '<script type="application/ld+json">'), `${rel}: only JSON-LD script blocks: ${tags.join(' ')}`);
    check(!/script-src/.test(t), `${rel}: its CSP allows no script`);
  }

  r = await get(port, '/__pamphlet/live.js');
  check(r.status === 200 && /javascript/.test(r.headers['content-type']) && r.body.includes('location.reload'),
    `/__pamphlet/live.js is served (${r.status} ${r.headers['content-type']})`);
  r = await get(port, '/causes/', 'HEAD');
  check(r.status === 200 && r.body === '' && Number(r.headers['content-length']) > 1000, `HEAD /causes/: 200, length, no body (${r.status})`);
  r = await get(port, '/assets/style.css');
  check(r.status === 200 && r.headers['content-type'] === 'text/css; charset=utf-8', `CSS type (${r.headers['content-type']})`);
  r = await get(port, '/exercise-sheet.pdf');
  check(r.status === 200 && r.headers['content-type'] === 'application/pdf' && r.body.startsWith('%PDF-'), `the PDF (${r.status} ${r.headers['content-type']})`);
  r = await get(port, '/');
  check(r.status === 200 && r.body.includes('live.js'), `/ serves index.html (${r.status})`);
  r = await get(port, '/', 'POST');
  check(r.status === 405 && /GET/.test(r.headers.allow || ''), `POST is 405 with Allow (${r.status} ${r.headers.allow})`);

  // ---- DNS rebinding: only requests for this computer's own names ----
  // A web page elsewhere can point its own name at 127.0.0.1 and read the
  // preview as its own site; its requests then carry that name in Host.
  const evil = { Host: `evil.example:${port}` };
  for (const p of ['/', '/causes/', '/assets/style.css', '/exercise-sheet.pdf', '/__pamphlet/live.js',
    '/no-such-page/', '/causes', '/../../etc/passwd']) {
    r = await get(port, p, 'GET', evil);
    check(r.status === 421 && r.body.includes(`http://127.0.0.1:${port}/`) && /^text\/plain/.test(r.headers['content-type'] || ''),
      `Host: evil.example:${port} on ${p} is 421 Misdirected Request, saying which address to use (${r.status} ${r.body.slice(0, 200)})`);
  }
  r = await within(get(port, `/__pamphlet/wait?gen=${gen}`, 'GET', evil));
  check(r && r.status === 421, `a long poll for another Host is 421 at once (${r && r.status})`);
  r = await get(port, '/', 'POST', evil);
  check(r.status === 421, `any method for another Host is 421 (${r.status})`);
  r = await get(port, '/causes/', 'HEAD', evil);
  check(r.status === 421 && r.body === '', `HEAD for another Host is 421 (${r.status})`);
  for (const host of ['127.0.0.1', 'localhost', `localhost:${port + 1}`, `127.0.0.2:${port}`, `localhost.:${port}`,
    `localhost:0${port}`, `localhost:${port}.evil.example`, `127.0.0.1.evil.example:${port}`, `evil.example`]) {
    r = await get(port, '/', 'GET', { Host: host });
    check(r.status === 421, `Host: "${host}" is 421 (${r.status})`);
  }
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LocalHost:${port}`]) {
    r = await get(port, '/causes/', 'GET', { Host: host });
    check(r.status === 200 && r.body.includes('<h1>Understanding Upper Back Pain</h1>'), `Host: ${host} is served (${r.status})`);
    r = await get(port, '/assets/style.css', 'GET', { Host: host });
    check(r.status === 200, `Host: ${host} gets the CSS (${r.status})`);
  }
  r = await raw(port, 'GET /causes/ HTTP/1.0\r\n\r\n');
  check(r.status === 421, `HTTP/1.0 without Host is 421 (${r.status})`);
  r = await raw(port, `GET /causes/ HTTP/1.0\r\nHost: localhost:${port}\r\n\r\n`);
  check(r.status === 200, `HTTP/1.0 with Host is served (${r.status})`);
  r = await raw(port, `GET /causes/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
  check(r.status === 421, `two Host headers are 421 (${r.status})`);
  r = await raw(port, 'GET /causes/ HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n');
  check(r.status === 421, `an empty Host is 421 (${r.status})`);
  r = await raw(port, 'GET /causes/ HTTP/1.1\r\nConnection: close\r\n\r\n');
  check(r.status >= 400 && r.status < 500, `HTTP/1.1 without Host is refused (${r.status})`);

  // ---- addresses ----
  r = await get(port, '/causes');
  check(r.status === 301 && r.headers.location === '/causes/', `/causes redirects to /causes/ (${r.status} ${r.headers.location})`);
  r = await get(port, '/exercises/rows');
  check(r.status === 301 && r.headers.location === '/exercises/rows/', `/exercises/rows redirects (${r.status} ${r.headers.location})`);
  r = await get(port, '/no-such-page/');
  check(r.status === 404 && r.body.includes('<h1>Page not found</h1>') && r.body.includes('live.js'),
    `an unknown path is 404 with the 404 page (${r.status})`);
  r = await get(port, '/.pamphlet-manifest');
  check(r.status === 404, `hidden files are not served (${r.status})`);
  // A link in out/ that leads outside it.
  fs.symlinkSync('/etc', path.join(out, 'etc-link'));
  const outside = ['/../../etc/passwd', '/%2e%2e/', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd',
    '/causes/..%2F..%2F..%2Fetc/passwd', '/.%2e/.%2e/etc/passwd', '/causes%00/', '/a%5c..%5c..%5cetc/passwd',
    '//etc/passwd', '/etc-link/passwd', '/%ZZ'];
  for (const p of outside) {
    r = await get(port, p);
    check((r.status === 400 || r.status === 404) && !r.body.includes('root:'), `${p} is refused (${r.status})`);
  }

  // ---- the long poll, and an edit reaching the page ----
  let answered = false;
  const wait = get(port, `/__pamphlet/wait?gen=${gen}`).then((x) => { answered = true; return x; });
  await sleep(300);
  check(!answered, 'the long poll waits while nothing changes');
  saveByRename(causes, good.replace('Upper back pain is pain', 'Zanzibarmarker upper back pain is pain'));
  r = await wait;
  check(r.status === 200 && /^\d+\s*$/.test(r.body) && r.body.trim() !== gen, `the long poll answers a new generation after an edit (${gen} -> ${r.body.trim()})`);
  r = await until(async () => { const x = await get(port, '/causes/'); return x.body.includes('Zanzibarmarker') && x; });
  check(r, 'the edited text is served');
  r = await get(port, `/__pamphlet/wait?gen=${gen}`);
  check(r.body.trim() !== gen, 'a stale generation is answered at once');

  // ---- a broken file: the banner over the last good page ----
  const lines = good.split('\n');
  lines.splice(2, 0, 'colour<b>: blue');
  const brokenLine = 3;
  fs.writeFileSync(causes, lines.join('\n').replace('Upper back pain is pain', 'Zanzibarmarker upper back pain is pain'));
  r = await until(async () => { const x = await get(port, '/causes/'); return x.body.includes('role="alert"') && x; });
  check(r, 'a broken file brings the error banner');
  if (r) {
    const want = `pamphlet: content/causes.md:${brokenLine}:1: error: unknown key ${esc('"colour<b>"')}`;
    check(r.status === 200, `the page with the banner is 200 (${r.status})`);
    check(r.body.includes(want), `the banner names file, line and column: ${want}`);
    check(!r.body.includes('colour<b>'), 'the diagnostic is escaped');
    check(r.body.includes('The page below is the last version that built.'), 'the banner says the page below is the last good one');
    check(/<body[^>]*>\s*<div class="pamphlet-preview-error" role="alert">/.test(r.body), 'the banner is at the top of <body>');
    check(r.body.includes('<a href="/_pamphlet/handout/">the handout desk</a>'), 'the banner links to the handout desk');
    check(r.body.includes('href="/__pamphlet/preview.css"'), 'the banner has its style sheet');
    check(r.body.includes('Zanzibarmarker'), 'the last good page is below the banner');
    check(/<script src="\/__pamphlet\/live\.js"/.test(r.body), 'the page with the banner still reloads');
  }
  r = await get(port, '/faq/');
  check(r.body.includes('role="alert"'), 'every page shows the banner');
  r = await get(port, '/no-such-page/');
  check(r.status === 404 && r.body.includes('role="alert"'), 'the 404 page too');
  check(s.err.includes(`content/causes.md:${brokenLine}:1: error: unknown key "colour<b>"`), 'the terminal shows the diagnostic');
  const outCauses = fs.readFileSync(path.join(out, 'causes/index.html'), 'utf8');
  check(outCauses.includes('Zanzibarmarker') && !outCauses.includes('role="alert"'), 'out/ keeps the last good page, without the banner');
  r = await get(port, '/assets/style.css');
  check(r.status === 200, 'other files are still served');
  r = await get(port, '/__pamphlet/preview.css');
  check(r.status === 200 && r.headers['content-type'] === 'text/css; charset=utf-8' && r.body.includes('.pamphlet-preview-error'), 'the banner style sheet is served');

  // ---- fixed: the banner goes, the fix is served ----
  // (A page read while a build is being written can be newer than the
  // state it is served with; the generation bump then reloads it.  So
  // wait for the final state, not for the first sight of the text.)
  // (The page is served from memory while out/ is written, before the
  // build's summary line: wait for that line too.)
  const fixed = (s.out.match(/pamphlet: built/g) || []).length;
  saveByRename(causes, good.replace('Upper back pain is pain', 'Quokkamarker upper back pain is pain'));
  r = await until(async () => {
    const x = await get(port, '/causes/');
    return x.body.includes('Quokkamarker') && !x.body.includes('role="alert"') &&
      (s.out.match(/pamphlet: built/g) || []).length > fixed && x;
  });
  check(r, 'after the fix the page is served without the banner');
  r = await get(port, '/faq/');
  check(r.status === 200 && !r.body.includes('role="alert"'), 'and so are the other pages');

  // Editor litter is not a change: a swap file, a backup, vim's probe.
  const before = s.out.length;
  const builtSince = () => (s.out.slice(before).match(/pamphlet: built/g) || []).length;
  for (const n of ['.causes.md.swp', 'causes.md~', '4913', '.#causes.md'])
    fs.writeFileSync(path.join(work, 'content', n), 'x');
  await sleep(300); // ten times the quiet time: a build they caused would start now
  // A real change after them: when it is served, the litter was seen too.
  saveByRename(path.join(work, 'content/faq.md'), fs.readFileSync(path.join(work, 'content/faq.md'), 'utf8') + '\nWombatmarker.\n');
  r = await until(async () => { const x = await get(port, '/faq/'); return x.body.includes('Wombatmarker') && builtSince() > 0 && x; });
  check(r, 'a change after editor litter is served');
  check(builtSince() === 1, `editor swap and backup files cause no build of their own (${builtSince()} builds)`);

  // ---- a named pipe in the content folder ----
  // Opening one to read waits for a writer, for ever: the build must
  // refuse it, later builds must still run, and SIGTERM must still stop
  // the server (below, with the pipe there).
  const fifo = path.join(work, 'content/exercises/x.md');
  const mk = spawnSync('mkfifo', [fifo]);
  check(mk.status === 0, `mkfifo works (${mk.status} ${mk.stderr})`);
  r = await until(async () => { const x = await get(port, '/causes/'); return x.body.includes('role="alert"') && x; });
  check(r && r.body.includes('content/exercises/x.md') && r.body.includes('not a regular file'),
    `a named pipe brings the banner, "not a regular file": ${r && (/<ul>[^]*?<\/ul>/.exec(r.body) || [''])[0]}`);
  const builds = () => (s.out.match(/pamphlet: built/g) || []).length;
  const b0 = builds();
  fs.rmSync(fifo);
  r = await until(async () => { const x = await get(port, '/causes/'); return builds() > b0 && !x.body.includes('role="alert"') && x; });
  check(r && r.status === 200, 'once the pipe is gone, the next build succeeds');
  saveByRename(path.join(work, 'content/faq.md'), fs.readFileSync(path.join(work, 'content/faq.md'), 'utf8') + '\nPlatypusmarker.\n');
  r = await until(async () => { const x = await get(port, '/faq/'); return x.body.includes('Platypusmarker') && x; });
  check(r, 'and later saves are built');
  spawnSync('mkfifo', [fifo]);
  r = await until(async () => { const x = await get(port, '/causes/'); return x.body.includes('not a regular file') && x; });
  check(r, 'a named pipe again: the banner again');

  // ---- a busy port ----
  const busy = spawnSync(bin, ['serve', '--port', String(port)], { cwd: work, encoding: 'utf8', timeout: TIMEOUT });
  check(busy.status === 3, `a busy port exits 3 (${busy.status})`);
  check(busy.stderr.includes(`port ${port}`) && busy.stderr.includes('--port'), `the error names the port and --port: ${busy.stderr}`);
  const usage = spawnSync(bin, ['build', '--port', '1'], { cwd: work, encoding: 'utf8' });
  check(usage.status === 2, `--port outside serve is a usage error (${usage.status})`);

  // ---- SIGTERM ----
  s.child.kill('SIGTERM');
  const end = await within(s.exited);
  check(end && end.code === 0, `SIGTERM stops the server with status 0, a named pipe in content/ or not (${JSON.stringify(end)})`);
  r = await get(port, '/causes/');
  check(r.status === 0, 'the port is closed after it stopped');
  fs.rmSync(fifo, { force: true });

  // ---- a page left open while the preview restarts reloads ----
  const s3 = serve(['--port', '0']);
  check(await s3.ready, `serve starts again: ${s3.err}`);
  const g3 = s3.port ? genOf((await get(s3.port, '/causes/')).body) : '';
  s3.child.kill('SIGTERM');
  await within(s3.exited);
  const s4 = serve(['--port', '0']);
  check(await s4.ready, `and once more: ${s4.err}`);
  if (s4.port && g3) {
    // A generation of the server before must be answered at once, not
    // after the long poll's 8 s, or the page would not reload.
    const t4 = Date.now();
    const r4 = await within(get(s4.port, `/__pamphlet/wait?gen=${g3}`));
    const ms4 = Date.now() - t4;
    check(r4 && r4.body.trim() !== g3 && ms4 < 5000,
      `a page from the previous run is told to reload at once (${g3} -> ${r4 && r4.body.trim()}, ${ms4} ms)`);
  }
  s4.child.kill('SIGTERM');
  await within(s4.exited);

  // ---- out/ inside content/ is refused (exit 2), before serving ----
  const c3 = serve(['--port', '0', '--out', 'content/_site']);
  const e3 = await within(c3.exited);
  check(e3 && e3.code === 2 && /content\/_site: error: the output folder lies inside the content folder/.test(c3.err),
    `serve refuses an output folder inside content/ (${JSON.stringify(e3)}: ${c3.err})`);
  check(!fs.existsSync(path.join(work, 'content', '_site')), 'and makes no folder there');

  // ---- a first build that fails ----
  const c2 = path.join(work, 'content2');
  fs.cpSync(path.join(work, 'content'), c2, { recursive: true });
  for (const n of ['.causes.md.swp', 'causes.md~', '4913', '.#causes.md']) fs.rmSync(path.join(c2, n));
  fs.writeFileSync(path.join(c2, 'causes.md'), good.replace(/^---\n/, '---\ntitel: "Typo"\n'));
  const s2 = serve(['--port', '0', '--content', 'content2', '--out', 'site2']);
  check(await s2.ready, `serve starts although the first build fails: ${s2.err}`);
  if (s2.port) {
    r = await get(s2.port, '/causes/');
    check(r.status === 500 && r.body.includes('content2/causes.md:2:1: error: unknown key') &&
      r.body.includes('role="alert"') && r.body.includes('live.js'),
      `with no good build yet, pages are a 500 error page with the diagnostic (${r.status})`);
    r = await get(s2.port, '/nothing-here');
    check(r.status === 500, `and so are unknown paths (${r.status})`);
    fs.writeFileSync(path.join(c2, 'causes.md'), good);
    const built2 = () => (s2.out.match(/pamphlet: built/g) || []).length;
    r = await until(async () => { const x = await get(s2.port, '/causes/'); return x.status === 200 && built2() > 0 && x; });
    check(r && r.body.includes('<h1>Understanding Upper Back Pain</h1>') && !r.body.includes('role="alert"'),
      'once fixed, the site is served');
    // Its own writes must not start another build.
    const n1 = built2();
    await sleep(500);
    const n2 = built2();
    check(n1 === 1 && n2 === 1, `a build does not rebuild itself (${n1}, then ${n2} builds)`);
    s2.child.kill('SIGINT');
    const e2 = await within(s2.exited);
    check(e2 && e2.code === 0, `SIGINT stops it with status 0 (${JSON.stringify(e2)})`);
  }

  // ---- many slow clients ----
  // SLOW connections that send half a request and stall, all to
  // 127.0.0.1.  The server keeps at most 32 (one thread each), refuses
  // the others at once and says so once, drops the stalled ones after its
  // 10 s idle timeout, says so once, and serves again.
  const SLOW = 300, MAX_THREADS = 40, IDLE_MS = 10000;
  const s5 = serve(['--port', '0', '--quiet']);
  check(await s5.ready, `serve starts for the slow clients: ${s5.err}`);
  if (s5.port) {
    const status = (key) => Number((new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(
      fs.readFileSync(`/proc/${s5.child.pid}/status`, 'utf8')) || [])[1]);
    const tooMany = () => (s5.err.match(/too many connections/g) || []).length;
    const again = () => (s5.err.match(/taking new connections again/g) || []).length;
    const socks = [];
    for (let i = 0; i < SLOW; i++) {
      const k = net.connect(s5.port, '127.0.0.1');
      k.state = 'connecting';
      k.on('error', () => {});
      k.on('connect', () => k.write(`GET /causes/ HTTP/1.1\r\nHost: 127.0.0.1:${s5.port}\r\nX-Slow: `,
        () => { if (k.state === 'connecting') k.state = 'open'; }));
      k.on('close', () => { k.state = 'closed'; });
      socks.push(k);
    }
    const count = (st) => socks.filter((k) => k.state === st).length;
    try {
      // (A client can count itself connected while the server's
      // kernel still holds it back: wait until the server had its say.)
      check(await until(() => count('connecting') === 0 && count('open') <= 32),
        `the ${SLOW} slow clients connect, and all but 32 are closed (${count('connecting')} connecting, ${count('open')} open)`);
      await sleep(300);
      const threads = status('Threads'), open = count('open');
      console.log(`serve: ${SLOW} slow clients: ${open} kept open, ${count('closed')} refused; ` +
        `${threads} threads, ${Math.round(status('VmSize') / 1024)} MiB virtual memory`);
      check(threads > 0 && threads <= MAX_THREADS, `${SLOW} slow clients: at most ${MAX_THREADS} threads (${threads})`);
      check(open >= 16 && open <= 32, `some slow clients are kept, the others refused (${open} kept)`);
      r = await within(get(s5.port, '/causes/'));
      check(r && r.status === 0, `while full, a new connection is refused, not left waiting (${r && r.status})`);
      check(tooMany() === 1, `"too many connections" is said once (${tooMany()} times): ${s5.err}`);
      check(again() === 0, `and not yet "taking new connections again" (${again()} times)`);
      // The stalled ones are dropped by the server itself.
      check(await until(() => count('closed') === SLOW, IDLE_MS + TIMEOUT),
        `the server drops the stalled clients after its idle timeout (${count('open')} still open)`);
      // Said as they close, before any new client comes.
      check(await until(() => again() > 0), `then "taking new connections again" is said: ${s5.err}`);
      r = await get(s5.port, '/causes/');
      check(r.status === 200 && r.body.includes('<h1>Understanding Upper Back Pain</h1>'), `then a page is served again (${r.status})`);
      check(tooMany() === 1 && again() === 1, `each is said once (${tooMany()}, ${again()}): ${s5.err}`);
    } finally {
      for (const k of socks) k.destroy();
    }
    s5.child.kill('SIGTERM');
    const e5 = await within(s5.exited);
    check(e5 && e5.code === 0, `SIGTERM stops it with status 0 (${JSON.stringify(e5)})`);
  }
} catch (e) {
  check(false, `the test stopped: ${e.stack}`);
} finally {
  killAll();
}
console.log(`serve: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
