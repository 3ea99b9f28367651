#!/usr/bin/env python3
"""Write the seed corpora of tests/fuzz/corpus/ again, from content/,
templates/, tests/regress/ and the tricky cases below.

    python3 tests/fuzz/make-corpus.py     (from the repository's top)

The corpus is committed; run this after adding a case here (or when the
shipped content changed a lot), then review `git status tests/fuzz/corpus`.
Files in the corpus that this script does not make (inputs a fuzzer
found, added by hand) are kept and listed.  Inputs that still crash the
generator go in tests/fuzz/crashes-found/, not here, or every fuzz run
would fail at once.
"""
import glob, os

R = os.getcwd()
OUT = os.path.join(R, 'tests/fuzz/corpus')

made = set()

def put(sub, name, data):
    made.add(os.path.join(sub, name))
    d = os.path.join(OUT, sub)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

def read(p):
    with open(os.path.join(R, p), 'rb') as f:
        return f.read()


# ---------------- frontmatter ----------------
fm = 'frontmatter'
for p in sorted(glob.glob('content/*.md')) + ['content/site.yaml',
        'content/exercises/rows.md', 'content/exercises/cycling.md']:
    put(fm, 'content-' + os.path.basename(p), read(p))
for case in ['bad-category/content/exercises/gamma.md', 'bad-date/content/causes.md',
             'bad-language/content/site.yaml', 'base-url/content/site.yaml',
             'bom-crlf/content/causes.md', 'deep-yaml/content/causes.md',
             'invalid-yaml/content/prevention.md', 'list-for-text/content/causes.md',
             'map-for-text/content/exercises/gamma.md', 'missing-title/content/causes.md',
             'multiple-errors/content/exercises/gamma.md', 'no-frontmatter/content/prevention.md',
             'site-yaml-broken/content/site.yaml', 'unclosed-frontmatter/content/prevention.md',
             'unknown-key/content/exercises/gamma.md', 'empty-file/content/faq.md']:
    put(fm, 'regress-' + case.split('/')[0], read('tests/regress/' + case))
good = ('title: T\ncategory: strength\norder: 3\ndraft: yes\n'
        'last_reviewed: 2024-02-29\nsummary: "S"\n')
put(fm, 'all-types.md', '---\n' + good + '---\nBody\n')
put(fm, 'bom-crlf.md', '\ufeff---\r\n' + good.replace('\n', '\r\n') + '---  \r\nBody\r\n')
put(fm, 'dots-closer.md', '---\n' + good + '...\nBody\n')
put(fm, 'fence-only.md', '---\n')
put(fm, 'fence-only-bom.md', '\ufeff---')
put(fm, 'empty-yaml.md', '---\n---\n')
put(fm, 'scalar-root.md', '---\njust text\n---\n')
put(fm, 'list-root.md', '---\n- a\n- b\n---\n')
put(fm, 'duplicate-key.md', '---\ntitle: A\ntitle: B\ncategory: stretch\n---\n')
put(fm, 'huge-int.md', '---\ntitle: A\ncategory: aerobic\norder: 99999999999999999999999\n---\n')
put(fm, 'int-forms.md', '---\ntitle: A\ncategory: aerobic\norder: " -0x10 "\n---\n')
put(fm, 'bad-dates.md', '---\ntitle: A\ncategory: stretch\nlast_reviewed: 2023-02-29\n---\n')
put(fm, 'null-values.md', '---\ntitle: ~\ncategory: null\nsummary: ""\ndraft:\n---\n')
put(fm, 'flow-map.md', '---\n{title: "A", category: stretch, order: 1}\n---\n')
put(fm, 'anchors.md', '---\ntitle: &t Alpha\nsummary: *t\ncategory: stretch\n---\n')
put(fm, 'merge-key.md', '---\nbase: &b {title: A}\n<<: *b\ncategory: stretch\n---\n')
put(fm, 'tags.md', '---\ntitle: !!str 12\norder: !!int "3"\ncategory: !custom stretch\n---\n')
put(fm, 'complex-key.md', '---\n? [a, b]\n: c\ntitle: A\ncategory: stretch\n---\n')
put(fm, 'block-scalars.md', '---\ntitle: |\n  two\n  lines\nsummary: >-\n  folded\n  text\ncategory: stretch\n---\n')
put(fm, 'deep-list.md', '---\ntitle: ' + '[' * 40 + ']' * 40 + '\n---\n')
put(fm, 'deep-map.md', '---\n' + ''.join('  ' * i + 'k%d:\n' % i for i in range(20)) + '---\n')
put(fm, 'nul-byte.md', b'---\ntitle: a\x00b\ncategory: stretch\n---\n')
put(fm, 'bad-utf8.md', b'---\ntitle: caf\xe9\ncategory: stretch\n---\n')
put(fm, 'lone-cr-nel.md', '---\ntitle: A\rcategory: stretch\u0085order: x\u2028---\n')
put(fm, 'multi-doc.md', '---\ntitle: A\n---\ntitle: B\n---\n')
put(fm, 'directives.md', '---\n%YAML 1.1\n---\ntitle: A\n---\n')
put(fm, 'typo-keys.md', '---\ntitel: A\ncatgory: strech\n---\n')
put(fm, 'tab-indent.md', '---\ntitle:\tA\n\tcategory: stretch\n---\n')
site = ('title: Site\nclinic:\n  name: C\n  phone: "1"\n  opened: 2020-01-31\n'
        '  address:\n    street: High St\n    city: Town\n    floor: 2\n'
        'paper: letter\nunsafe_html: false\n')
put(fm, 'lists.md', '---\ntitle: A\ncategory: stretch\ntags: [a, "b", c d]\n---\n')
put(fm, 'list-block.md', '---\ntitle: A\ncategory: stretch\ntags:\n  - a\n  - \n  - [b]\n  - {c: d}\n---\n')
put(fm, 'list-scalar.md', '---\ntitle: A\ncategory: stretch\ntags: one\n---\n')
put(fm, 'list-empty.md', '---\ntitle: A\ncategory: stretch\ntags: []\nsummary: [x]\n---\n')
put(fm, 'list-alias.md', '---\ntitle: &t A\ncategory: stretch\ntags: [*t, *t, &u x, *u]\n---\n')
put(fm, 'site-sheet.yaml', 'title: S\nclinic:\n  name: C\nsheet: [beta, Alpha]\nsheet: again\n')
put(fm, 'site-nested.yaml', site)
put(fm, 'site-clinic-scalar.yaml', 'title: S\nclinic: Name\n')
put(fm, 'site-missing-nested.yaml', 'title: S\nclinic:\n  address:\n    city: X\n')
put(fm, 'site-flow.yaml', 'title: S\nclinic: {name: C, address: {street: s, floor: -3}}\npaper: a5\n')

# ---------------- template ----------------
tp = 'template'
for p in sorted(glob.glob('templates/*.html') + glob.glob('templates/partials/*.html')):
    put(tp, 'templates-' + os.path.basename(p), read(p))
for p in ['template-missing-partial/templates/page.html', 'template-unclosed/templates/page.html',
          'template-unknown-var/templates/page.html', '_base/templates/page.html',
          '_base/templates/exercise.html', '_base/templates/partials/head.html']:
    put(tp, 'regress-' + p.replace('/templates/', '-').replace('/', '-'), read('tests/regress/' + p))
T = {
 'vars.html': '<h1>{{title}}</h1>\n{{{body}}}{{&body}} {{ page.title }} {{page.meta.deep.x}}\n',
 'sections.html': '{{#items}}\n  <li>{{name}}{{#current}}*{{/current}}{{^current}}-{{/current}}</li>\n{{/items}}\n{{^none}}none{{/none}}\n',
 'dot.html': '{{#strings}}[{{.}}]{{/strings}}{{#matrix}}{{#.}}({{.}}){{/.}}{{/matrix}}',
 'object-section.html': '{{#page}}{{title}}{{#meta.deep}}{{x}}{{/meta.deep}}{{/page}}{{#page.meta}}{{deep.x}}{{/page.meta}}',
 'partials.html': '<ul>\n{{#items}}\n  {{> item}}\n{{/items}}\n</ul>\n{{> sub/inner}}\n',
 'self-partial.html': '{{> self}}',
 'broken-partial.html': '{{> broken}}',
 'missing-partial.html': '{{> nope}}{{> ../x}}{{>/abs}}{{> a//b}}',
 'comments.html': '{{! one }}\n{{!\n  many\n  lines }}\nx {{! inline }} y\n',
 'standalone-crlf.html': 'a\r\n  {{#yes}}  \r\nb\r\n  {{/yes}}\r\n{{! c }}\r\n',
 'unclosed.html': '{{title\n{{{body}}\n{{#items}}\n{{#no}}{{/items}}\n',
 'mismatch.html': '{{#a}}{{#b}}{{/a}}{{/b}}{{/c}}',
 'empty-tags.html': '{{}}{{{}}}{{#}}{{/}}{{^}}{{>}}{{&}}{{ }}',
 'bad-names.html': '{{a..b}}{{.a}}{{a.}}{{a b}}{{$x}}{{#items.}}{{/items.}}',
 'delims.html': '{{=<% %>=}}<% title %>',
 'unknown.html': '{{nope}}{{title.x}}{{items.name}}{{page.nope}}{{#items}}{{.}}{{/items}}{{yes}}',
 'unclosed-comment.html': 'a {{! never closed',
 'nested-31.html': '{{#yes}}' * 31 + 'x' + '{{/yes}}' * 31,
 'nested-33.html': '{{#yes}}' * 33 + 'x' + '{{/yes}}' * 33,
 'braces.html': '{ { {{{ {{{{title}}}} }}} }} {{{title}} {{title}}}',
 'nul-in-closing-tag.html': '{{#a}}{{/a\x00bc}}',
 # 3^20 bodies: stopped by TMPL_MAX_STEPS
 'template-nested-sections-hang.html': '{{#items}}' * 20 + 'x' + '{{/items}}' * 20,
 'utf8-names.html': '{{#ünï}}{{/ünï}} ü {{titlé}}\n\u2028{{title}}',
}
for k, v in T.items():
    put(tp, k, v)

# ---------------- page ----------------
pg = 'page'
PAGE_REGRESS = {'bom-crlf', 'broken-anchor', 'deep-nesting', 'duplicate-slug',
                'h1-in-list', 'image-outside', 'images', 'javascript-link', 'links',
                'map-for-text', 'multiple-errors', 'not-utf8', 'site-links',
                'table-order', 'base-url', 'sheet-list', 'sheet-unknown'}
sel_for = {'index.md': '4', 'causes.md': '2', 'prevention.md': '2', 'faq.md': '3',
           'schedule.md': '5', 'exercises.md': '6', 'site.yaml': '7'}
for p in sorted(glob.glob('content/*.md')) + ['content/site.yaml']:
    put(pg, 'content-' + os.path.basename(p), sel_for[os.path.basename(p)].encode() + read(p))
for i, p in enumerate(sorted(glob.glob('content/exercises/*.md'))[:4]):
    put(pg, 'content-ex-' + os.path.basename(p), (b'0' if i % 2 else b'1') + read(p))
for case in sorted(glob.glob('tests/regress/*/content/**/*', recursive=True)):
    if not os.path.isfile(case) or case.split('/')[2] not in PAGE_REGRESS:
        continue
    base = os.path.basename(case)
    if case.endswith('.png'):
        continue
    if '/exercises/' in case:
        sel = b'0'
    elif base in sel_for:
        sel = sel_for[base].encode()
    else:
        continue
    data = read(case)
    if len(data) > 4000:
        continue
    put(pg, 'regress-' + case.split('/')[2] + '-' + base, sel + data)
EX = '---\ntitle: X Ray\ncategory: aerobic\nfrequency: daily\nduration: 5 min\n'
P = {
 'ex-png.md': '0' + EX + 'image: ../img/pic.png\nimage_alt: blue\n---\nWalk.\n',
 'ex-jpg-order.md': '0' + EX + 'image: img/pic.jpg\nimage_alt: grey\norder: -5\nsets: "3"\nreps: 8-12\nhold: 5 s\nsides: each\n---\n1. a\n   - b\n     > c\n',
 'ex-image-no-alt.md': '0' + EX + 'image: img/pic.jpg\n---\n',
 'ex-image-not-image.md': '0' + EX + 'image: ../site.yaml\nimage_alt: x\n---\n',
 'ex-same-slug.md': '0---\ntitle: Alpha Stretch\ncategory: stretch\norder: 1\n---\nSame title and order as alpha.\n',
 'ex-long-word.md': '0' + EX + '---\n' + 'W' * 600 + '\n\n' + 'https://example.com/' + 'a/' * 150 + '\n',
 'ex-unicode.md': '0---\ntitle: "Étirement – “pectoral” 中文 😀"\ncategory: stretch\nsummary: "Ωmega ‘quote’ … • ﬁ"\n---\nTexte: é à ü ß ø œ € ™ — 中文字 😀 \u200b\u00ad soft\u00adhyphen\n',
 'ex-rtl.md': '0---\ntitle: تمرين\ncategory: stretch\n---\nשלום עולם مرحبا\n',
 'ex-table.md': '0' + EX + '---\n| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | `3` |\n| ' + 'long cell ' * 40 + '| x | y |\n',
 'ex-deep-list.md': '0' + EX + '---\n' + ''.join('  ' * i + '- l%d\n' % i for i in range(34)),
 'ex-deep-quote.md': '0' + EX + '---\n' + '>' * 40 + ' deep\n',
 'ex-code.md': '0' + EX + '---\n```c\nint main(void) { return 0; }\n```\n\n    indented\n\n***\n\nline  \nbreak\\\nhard\n',
 'ex-links.md': '0' + EX + '---\n[a](../causes.md#muscles) [b](alpha.md?x=1) [c](#top) [d](mailto:a@b.c) [e](tel:123) [f](javascript:alert(1)) [g](/abs) [h](../../etc/passwd) [i](../exercise-sheet.pdf) [j](%2e%2e/causes.md) [k](<>) [l](img/pic%2Ejpg)\n',
 'ex-html.md': '0' + EX + '---\n<div onclick="x()">raw</div>\n\n<script>alert(1)</script> <b>b</b>\n',
 'ex-h1.md': '0' + EX + '---\n# Heading one\n\nSetext\n======\n',
 'ex-empty-body.md': '0' + EX + '---\n',
 'ex-many-headings.md': '0' + EX + '---\n' + ''.join('## H%d\n\n' % i + 'text ' * 30 + '\n\n' for i in range(40)),
 'ex-wide-table.md': '0' + EX + '---\n|' + '|'.join('c%d' % i for i in range(40)) + '|\n|' + '|'.join('-' for i in range(40)) + '|\n|' + '|'.join('v' for i in range(40)) + '|\n',
 'ex-long-cell-word.md': '0' + EX + '---\n| a | b |\n|---|---|\n| ' + 'x' * 1500 + ' | y |\n| | |\n',
 'ex-combining.md': '0' + EX + '---\n' + 'e\u0301' * 50 + ' \u200d\ufeff\ufffd \U0001F600 \x7f\n',
 'ex-long-title.md': '0---\ntitle: "' + 'Word ' * 300 + '"\ncategory: aerobic\nfrequency: "' + 'f' * 500 + '"\n---\nx\n',
 'ex-order-min.md': '0---\ntitle: Z\ncategory: stretch\norder: -9223372036854775808\n---\nline  \nbreak\\\n\tTab\r\n',
 'alpha-replaced.md': '1---\ntitle: Only One\ncategory: aerobic\n---\nNow beta is the other.\n',
 'causes-all-markdown.md': '2---\ntitle: Causes\n---\n## A *b* `c`\n\n- [x] task\n- [ ] open\n\n~~strike~~ www.example.com https://example.com\n\nFoot[^1]\n\n[^1]: note\n\n| a |\n|---|\n',
 'faq-no-questions.md': '3---\ntitle: FAQ\n---\nJust text.\n',
 'faq-odd-questions.md': '3---\ntitle: FAQ\n---\n## Q with [link](causes.md) and `code`?\n\n### sub\n\nA.\n\n## \n\n## Same\n\n## Same\n\n## <b>html</b> & "quotes"\n\n1. list\n',
 'index-links.md': '4---\ntitle: Home\nnav_title: ""\ndescription: "<x> & y"\n---\n[sheet](exercise-sheet.pdf) [home](index.md) [missing](nope.md) ![img](img/pic.png)\n',
 'schedule-long.md': '5---\ntitle: Schedule\n---\n' + ''.join('%d. Day %d: walk, stretch, rest.\n' % (i, i) for i in range(1, 80)),
 'exercises-page.md': '6---\ntitle: All exercises\n---\nPick one.\n',
 'site-letter-unsafe.yaml': '7title: T\nclinic:\n  name: N\n  address: "1 Road\\nTown"\npaper: letter\nunsafe_html: true\nlanguage: zh-Hant-TW\n',
 'site-sheet.yaml': '7title: T\nclinic:\n  name: N\nsheet:\n  - beta\n  - alpha\n',
 'site-minimal.yaml': '7title: T\nclinic:\n  name: N\n',
 'site-bad.yaml': '7title: T\nclinic: x\nbase_url: ftp://x\nlanguage: e\npaper: a5\n',
 'site-long-disclaimer.yaml': '7title: "' + 'Long title ' * 20 + '"\nclinic:\n  name: "' + 'Clinic ' * 30 + '"\n  phone: "' + '1' * 200 + '"\ndisclaimer: "' + 'Careful. ' * 200 + '"\n',
 'site-bom-crlf.yaml': '7\ufefftitle: T\r\nclinic:\r\n  name: N\r\nbase_url: http://x.example/\r\n',
}
for k, v in P.items():
    put(pg, k, v)
for sub in ['frontmatter', 'template', 'page']:
    print(sub, len(os.listdir(os.path.join(OUT, sub))))

# ---------------- image ----------------
import struct, zlib
im = 'image'
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
def png(w, h, ct, bd, rows=None, plte=None, extra=b'', split=1, filt=0, interlace=0):
    ch = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ct]
    rowbytes = (w * ch * bd + 7) // 8
    if rows is None:
        rows = b''.join(bytes([filt]) + bytes((i * 37 + j * 11) & 0xff for j in range(rowbytes)) for i in range(h))
    z = zlib.compress(rows, 9)
    out = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, bd, ct, 0, 0, interlace))
    out += extra
    if plte is not None:
        out += chunk(b'PLTE', plte)
    n = max(1, len(z) // split)
    for k in range(0, len(z), n):
        out += chunk(b'IDAT', z[k:k + n])
    return out + chunk(b'IEND', b'')
put(im, 'rgb8.png', png(4, 3, 2, 8))
put(im, 'rgb16.png', png(3, 2, 2, 16))
put(im, 'gray1.png', png(9, 3, 0, 1))
put(im, 'gray2.png', png(5, 2, 0, 2))
put(im, 'gray4.png', png(3, 3, 0, 4))
put(im, 'gray16.png', png(2, 2, 0, 16))
put(im, 'graya8.png', png(3, 2, 4, 8))
put(im, 'rgba8.png', png(2, 2, 6, 8))
put(im, 'rgba16.png', png(2, 2, 6, 16))
put(im, 'palette4.png', png(5, 2, 3, 4, rows=b'\x00\x01\x20\x00\x12\x00', plte=bytes(range(12))))
put(im, 'palette8-trns.png', png(3, 2, 3, 8, rows=b'\x00\x00\x01\x02\x00\x02\x01\x00', plte=bytes(range(9)),
                                 extra=chunk(b'tRNS', b'\x00\x80')))
put(im, 'ancillary.png', png(2, 2, 2, 8, extra=chunk(b'gAMA', struct.pack('>I', 45455)) + chunk(b'tEXt', b'Title\x00x')))
put(im, 'split-idat.png', png(8, 8, 2, 8, split=4))
put(im, 'filters.png', png(4, 4, 2, 8, rows=b''.join(bytes([f]) + bytes(range(12)) for f in range(4))))
put(im, 'bad-filter.png', png(2, 2, 0, 8, filt=5))
put(im, 'interlaced.png', png(2, 2, 0, 8, interlace=1))
put(im, 'short-data.png', png(4, 4, 2, 8, rows=b'\x00' * 10))
put(im, 'long-data.png', png(1, 1, 0, 8, rows=b'\x00\x00' * 5))
p = bytearray(png(2, 2, 2, 8)); p[20] ^= 1
put(im, 'bad-crc.png', bytes(p))
put(im, 'truncated.png', png(4, 3, 2, 8)[:-20])
put(im, 'palette-missing.png', png(2, 2, 3, 8))
put(im, 'huge-size.png', png(1, 1, 0, 8)[:16] + struct.pack('>II', 100000, 100000) + png(1, 1, 0, 8)[24:])

def jpeg(sof=0xC0, fill=False, app=b'', tail=b'', comps=1, prec=8, w=8, h=8, eoi=True):
    j = b'\xff\xd8'
    j += b'\xff\xe0' + struct.pack('>H', 16) + b'JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'
    j += app
    j += b'\xff\xdb' + struct.pack('>H', 67) + b'\x00' + bytes([1] * 64)
    if fill:
        j += b'\xff\xff\xff'[:2]
    cs = b''.join(bytes([k + 1, 0x11, 0]) for k in range(comps))
    j += bytes([0xff, sof]) + struct.pack('>HBHHB', 8 + 3 * comps, prec, h, w, comps) + cs
    j += b'\xff\xc4' + struct.pack('>H', 20) + b'\x00' + bytes([1] + [0] * 15) + b'\x00'
    j += b'\xff\xc4' + struct.pack('>H', 20) + b'\x10' + bytes([1] + [0] * 15) + b'\x00'
    ss = b''.join(bytes([k + 1, 0]) for k in range(comps))
    j += b'\xff\xda' + struct.pack('>HB', 6 + 2 * comps, comps) + ss + b'\x00\x3f\x00'
    j += b'\x3f' * comps
    if eoi:
        j += b'\xff\xd9'
    return j + tail
put(im, 'gray.jpg', jpeg())
put(im, 'rgb.jpg', jpeg(comps=3, w=16, h=4))
put(im, 'cmyk.jpg', jpeg(comps=4))
put(im, 'progressive.jpg', jpeg(sof=0xC2))
put(im, 'extended.jpg', jpeg(sof=0xC1))
put(im, 'arithmetic.jpg', jpeg(sof=0xC9))
put(im, 'lossless.jpg', jpeg(sof=0xC3))
# Found by fuzz_image: each made libpng abort the program, or libharu
# embed a 0x0 image, until pdfcheck.c refused them.
put(im, 'image-jpeg-fill-bytes.jpg', jpeg(fill=True))
blue = b''.join(b'\x00' + b'\x33\x66\xcc' * 4 for _ in range(3))
put(im, 'image-png-bad-chunk-name.png', png(4, 3, 2, 8, rows=blue)[:33] + chunk(b't\x00NS', b'\x00\x80') + png(4, 3, 2, 8, rows=blue)[33:])
pal_rows = zlib.compress(b'\x00\x00\x01\x02\x00\x02\x01\x00')
ihdr_pal = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 3, 2, 8, 3, 0, 0, 0))
put(im, 'image-png-dup-plte.png', ihdr_pal + chunk(b'PLTE', bytes(range(9))) * 2 + chunk(b'IDAT', pal_rows) + chunk(b'IEND', b''))
put(im, 'image-png-empty-idat-before-plte.png', ihdr_pal + chunk(b'IDAT', b'') + chunk(b'PLTE', bytes(range(9))) + chunk(b'IDAT', pal_rows) + chunk(b'IEND', b''))
put(im, 'image-png-empty-idat-then-text.png', b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 0, 0, 0, 0)) + chunk(b'IDAT', b'') + chunk(b'tEXt', b'a\x00b') + chunk(b'IDAT', zlib.compress(b'\x00\x80')) + chunk(b'IEND', b''))
put(im, 'app-segments.jpg', jpeg(app=b'\xff\xe1' + struct.pack('>H', 10) + b'Exif\x00\x00MM' + b'\xff\xfe' + struct.pack('>H', 5) + b'hi!'))
put(im, 'after-eoi.jpg', jpeg(tail=b'\x00garbage'))
put(im, 'no-eoi.jpg', jpeg(eoi=False))
put(im, '12bit.jpg', jpeg(prec=12))
put(im, 'zero-size.jpg', jpeg(w=0))
put(im, 'sos-first.jpg', b'\xff\xd8\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x3f\xff\xd9')
print('image', len(os.listdir(os.path.join(OUT, 'image'))))
for sub in sorted(os.listdir(OUT)):
    for name in sorted(os.listdir(os.path.join(OUT, sub))):
        if os.path.join(sub, name) not in made:
            print('kept (not made here):', os.path.join(sub, name))
