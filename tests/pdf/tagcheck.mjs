#!/usr/bin/env node
// tests/pdf/tagcheck.mjs: checks that a PDF is tagged as PDF/UA asks,
// reading it through qpdf (qpdf --json, its streams decoded), not through
// the code that wrote it.
//
//   node tests/pdf/tagcheck.mjs [--lang TAG] [--outline] FILE.pdf
//
// Checks:
// - the catalog: /Lang (TAG, when given), /MarkInfo << /Marked true >>,
//   /ViewerPreferences << /DisplayDocTitle true >>, a /StructTreeRoot
//   with a /ParentTree, and /Metadata (XMP) whose dc:title is the Info
//   dictionary's /Title;
// - every page's content: every text-showing (Tj TJ ' "), path-painting
//   (S s f F f* B B* b b*), shading (sh) and XObject (Do) operator lies
//   inside a marked-content sequence whose MCID the structure tree
//   references, or inside an /Artifact; the sequences balance (BMC/BDC
//   and EMC) and none with an MCID is inside an artifact or another;
// - the tree: every MCID of every page is referenced exactly once, by an
//   element whose /Pg (or MCR's /Pg) is that page; every reference is to
//   an MCID that is there; the parent tree maps each (page, MCID) to the
//   element that references it; every Figure has a non-empty /Alt; TR
//   is in a Table, TH and TD in a TR, LI in an L, Lbl and LBody in an LI;
//   no grouping element (Document, Sect, L, LI, LBody, Table, TR...)
//   holds content of its own; heading levels go down one at a time (no
//   H3 right after an H1).
//
// Prints "tagcheck: FILE: ok (...)" or each problem, and exits 1 on any.
// With --outline, prints instead (when there is no problem) the outline
// of the tree as `pdfinfo -struct-text` reads it: every element in
// order, the text of headings, table cells and list labels, the table
// attributes, and each Figure's /Alt (which pdfinfo does not show); not
// the paragraphs' text, nor where things are (/BBox).
import { execFileSync } from "node:child_process";

const args = process.argv.slice(2);
let lang = null;
let outline = false;
const files = [];
for (let i = 0; i < args.length; i++) {
	if (args[i] === "--lang") lang = args[++i];
	else if (args[i] === "--outline") outline = true;
	else files.push(args[i]);
}
if (files.length !== 1) {
	console.error("usage: tagcheck.mjs [--lang TAG] [--outline] FILE.pdf");
	process.exit(2);
}
const file = files[0];

let json;
try {
	json = JSON.parse(
		execFileSync(
			"qpdf",
			["--json=2", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=generalized", file],
			{ maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] },
		),
	);
} catch (e) {
	console.log(`tagcheck: ${file}: qpdf cannot read it: ${String(e.stderr || e.message).trim()}`);
	process.exit(1);
}
const objects = json.qpdf[1];
const problems = [];
const problem = (s) => problems.push(s);

// ---- objects ----

const isRef = (v) => typeof v === "string" && /^\d+ \d+ R$/.test(v);
function obj(ref) {
	const o = objects[`obj:${ref}`];
	if (o === undefined) return undefined;
	return o.value !== undefined ? o.value : o.stream;
}
// A value, its reference followed.
const get = (v) => (isRef(v) ? obj(v) : v);
// A stream's dictionary.
const dictOf = (v) => {
	const o = get(v);
	return o && o.dict ? o.dict : o;
};
// A string's text ("u:..." is text; "b:..." hex bytes).
function text(v) {
	v = get(v);
	if (typeof v !== "string") return null;
	if (v.startsWith("u:")) return v.slice(2);
	if (v.startsWith("b:")) return Buffer.from(v.slice(2), "hex").toString("latin1");
	return null;
}
function streamData(ref) {
	const o = objects[`obj:${ref}`];
	if (!o || !o.stream || o.stream.data === undefined) return null;
	return Buffer.from(o.stream.data, "base64");
}

const trailer = json.qpdf[1]["trailer"].value;
const catalog = get(trailer["/Root"]);
const info = get(trailer["/Info"]) || {};

// ---- the catalog ----

if (lang !== null && text(catalog["/Lang"]) !== lang)
	problem(`/Lang is ${JSON.stringify(text(catalog["/Lang"]))}, not "${lang}"`);
if (!get(catalog["/MarkInfo"]) || get(catalog["/MarkInfo"])["/Marked"] !== true)
	problem("no /MarkInfo << /Marked true >>");
const vp = get(catalog["/ViewerPreferences"]);
if (!vp || vp["/DisplayDocTitle"] !== true)
	problem("no /ViewerPreferences << /DisplayDocTitle true >>");
const title = text(info["/Title"]);
if (!title) problem("no /Title in the Info dictionary");
const meta = isRef(catalog["/Metadata"]) ? streamData(catalog["/Metadata"]) : null;
if (!meta) problem("no /Metadata stream");
else {
	const m = /<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]*)<\/rdf:li>/.exec(meta.toString("utf8"));
	const xmpTitle = m
		? m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&")
		: null;
	if (xmpTitle === null) problem("no dc:title in the XMP metadata");
	else if (title && xmpTitle !== title)
		problem(`XMP dc:title ${JSON.stringify(xmpTitle)} is not the /Title ${JSON.stringify(title)}`);
}
const root = get(catalog["/StructTreeRoot"]);
if (!root) {
	problem("no /StructTreeRoot");
	finish();
}

// ---- pages ----

const pages = []; // references, in order
(function walk(ref) {
	const n = get(ref);
	if (n["/Type"] === "/Pages") for (const k of n["/Kids"]) walk(k);
	else pages.push(ref);
})(catalog["/Pages"]);
const pageIndex = new Map(pages.map((r, i) => [r, i]));

// ---- content streams ----

const WS = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set("()<>[]{}/%".split("").map((c) => c.charCodeAt(0)));

// The tokens of a content stream: {op} or operands {v}.
function* tokens(buf) {
	let i = 0;
	const n = buf.length;
	while (i < n) {
		const c = buf[i];
		if (WS.has(c)) {
			i++;
		} else if (c === 37) {
			while (i < n && buf[i] !== 10 && buf[i] !== 13) i++;
		} else if (c === 40) {
			// literal string, nested parentheses, escapes
			let depth = 0;
			const start = i;
			for (; i < n; i++) {
				if (buf[i] === 92) i++;
				else if (buf[i] === 40) depth++;
				else if (buf[i] === 41 && --depth === 0) break;
			}
			i++;
			yield { v: { str: buf.subarray(start, i) } };
		} else if (c === 60 && buf[i + 1] === 60) {
			i += 2;
			yield { v: "<<" };
		} else if (c === 62 && buf[i + 1] === 62) {
			i += 2;
			yield { v: ">>" };
		} else if (c === 60) {
			const end = buf.indexOf(62, i);
			yield { v: { hex: buf.subarray(i + 1, end).toString("latin1") } };
			i = end + 1;
		} else if (c === 91 || c === 93 || c === 123 || c === 125) {
			i++;
			yield { v: String.fromCharCode(c) };
		} else if (c === 47) {
			let j = i + 1;
			while (j < n && !WS.has(buf[j]) && !DELIM.has(buf[j])) j++;
			yield { v: { name: buf.subarray(i + 1, j).toString("latin1") } };
			i = j;
		} else {
			let j = i;
			while (j < n && !WS.has(buf[j]) && !DELIM.has(buf[j])) j++;
			if (j === i) j++;
			const word = buf.subarray(i, j).toString("latin1");
			i = j;
			if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) yield { v: Number(word) };
			else if (word === "true" || word === "false" || word === "null") yield { v: word };
			else if (word === "ID") {
				// inline image data: up to whitespace EI whitespace
				let k = i + 1;
				while (k < n && !(WS.has(buf[k - 1]) && buf[k] === 69 && buf[k + 1] === 73 && (k + 2 >= n || WS.has(buf[k + 2]))))
					k++;
				i = k;
				yield { op: "ID" };
			} else yield { op: word };
		}
	}
}

// Operands into values: a dictionary's entries, an array's items.
function parseOperands(list) {
	const out = [];
	const stack = [out];
	for (const t of list) {
		const top = stack[stack.length - 1];
		if (t === "<<" || t === "[") {
			const o = t === "[" ? [] : { entries: [] };
			(Array.isArray(top) ? top : top.entries).push(o);
			stack.push(o);
		} else if (t === ">>" || t === "]") {
			if (stack.length > 1) stack.pop();
		} else (Array.isArray(top) ? top : top.entries).push(t);
	}
	return out;
}
// A dictionary operand's value for key.
function entry(d, key) {
	if (!d || !d.entries) return undefined;
	for (let k = 0; k + 1 < d.entries.length; k += 2)
		if (d.entries[k] && d.entries[k].name === key) return d.entries[k + 1];
	return undefined;
}

const PAINT = new Set(["Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "EI"]);
// used[page] = Map(mcid -> count of sequences)
const used = pages.map(() => new Map());
let painted = 0;
let artifacts = 0;
pages.forEach((ref, p) => {
	const page = get(ref);
	const props = get((get(page["/Resources"]) || {})["/Properties"]) || {};
	let contents = page["/Contents"];
	contents = Array.isArray(get(contents)) ? get(contents) : [contents];
	const data = Buffer.concat(contents.map((c) => streamData(c) || Buffer.alloc(0)));
	const stack = []; // {tag, mcid, artifact}
	let operands = [];
	const where = () => `page ${p + 1}`;
	for (const t of tokens(data)) {
		if (!t.op) {
			operands.push(t.v);
			continue;
		}
		const op = t.op;
		const ops = parseOperands(operands);
		operands = [];
		if (op === "BMC" || op === "BDC") {
			const tag = ops[0] && ops[0].name;
			let d = op === "BDC" ? ops[1] : undefined;
			let mcid = null;
			if (d && d.name) {
				// a named property list in /Properties
				const pl = get(props["/" + d.name]);
				mcid = pl && typeof pl["/MCID"] === "number" ? pl["/MCID"] : null;
			} else if (d) {
				const v = entry(d, "MCID");
				mcid = typeof v === "number" ? v : null;
			}
			const inArtifact = stack.some((s) => s.artifact);
			if (mcid !== null && (inArtifact || stack.some((s) => s.mcid !== null)))
				problem(`${where()}: MCID ${mcid} (/${tag}) inside ${inArtifact ? "an artifact" : "another MCID's sequence"}`);
			if (mcid !== null) used[p].set(mcid, (used[p].get(mcid) || 0) + 1);
			stack.push({ tag, mcid, artifact: tag === "Artifact" });
		} else if (op === "EMC") {
			if (stack.length === 0) problem(`${where()}: EMC without BMC/BDC`);
			else stack.pop();
		} else if (PAINT.has(op)) {
			painted++;
			if (stack.some((s) => s.artifact)) artifacts++;
			else if (!stack.some((s) => s.mcid !== null))
				problem(`${where()}: "${op}" outside any marked content (neither tagged nor an artifact)`);
		}
	}
	if (stack.length > 0) problem(`${where()}: ${stack.length} marked-content sequence(s) not closed`);
});

// ---- the structure tree ----

const refsTo = pages.map(() => new Map()); // mcid -> [element refs]
const figures = [];
const counts = {};
let elements = 0;
let lastHeading = 0;
const CONTAINERS = { TR: ["Table", "THead", "TBody", "TFoot"], TH: ["TR"], TD: ["TR"], LI: ["L"], Lbl: ["LI"], LBody: ["LI"] };
// Elements that group others and hold no content themselves.
const GROUPING = new Set(["Document", "Part", "Art", "Sect", "Div", "BlockQuote", "L", "LI", "LBody", "Table", "THead", "TBody", "TFoot", "TR", "TOC"]);
function visit(ref, parentType, pg) {
	const e = get(ref);
	if (!e || e["/Type"] === "/MCR" || e["/Type"] === "/OBJR") return;
	elements++;
	const type = (e["/S"] || "").slice(1);
	counts[type] = (counts[type] || 0) + 1;
	if (CONTAINERS[type] && !CONTAINERS[type].includes(parentType))
		problem(`a ${type} in a ${parentType}, not in ${CONTAINERS[type].join(" or ")}`);
	const h = /^H([1-6])$/.exec(type);
	if (h) {
		const level = Number(h[1]);
		if (level > lastHeading + 1)
			problem(`an H${level} after an H${lastHeading || "(none)"}: a heading level is skipped`);
		lastHeading = level;
	}
	if (type === "Figure") {
		const alt = text(e["/Alt"]);
		figures.push(alt);
		if (!alt || !alt.trim()) problem(`a Figure (${ref}) without /Alt`);
	}
	const epg = e["/Pg"] !== undefined ? e["/Pg"] : pg;
	let kids = e["/K"];
	if (kids === undefined) kids = [];
	if (!Array.isArray(kids)) kids = [kids];
	for (const k of kids) {
		let page, mcid;
		if (typeof k === "number") {
			page = epg;
			mcid = k;
		} else {
			const kd = get(k);
			if (kd && kd["/Type"] === "/MCR") {
				page = kd["/Pg"] !== undefined ? kd["/Pg"] : epg;
				mcid = kd["/MCID"];
			} else if (kd && kd["/Type"] === "/OBJR") {
				continue;
			} else {
				visit(k, type, epg);
				continue;
			}
		}
		const p = pageIndex.get(page);
		if (p === undefined) {
			problem(`${type} ${ref}: MCID ${mcid} on no page (/Pg ${page})`);
			continue;
		}
		if (GROUPING.has(type)) problem(`${type} ${ref} holds content (MCID ${mcid} on page ${p + 1}): it should be in an element of its own`);
		const list = refsTo[p].get(mcid) || [];
		list.push(ref);
		refsTo[p].set(mcid, list);
	}
}
let top = root["/K"];
if (!Array.isArray(top)) top = top === undefined ? [] : [top];
for (const k of top) visit(k, "StructTreeRoot", undefined);
if (elements === 0) problem("the structure tree is empty");

// Every MCID drawn is referenced once; every reference is to one drawn.
let mcids = 0;
pages.forEach((ref, p) => {
	for (const [mcid, n] of used[p]) {
		mcids++;
		if (n > 1) problem(`page ${p + 1}: MCID ${mcid} marks ${n} sequences`);
		const by = refsTo[p].get(mcid) || [];
		if (by.length !== 1)
			problem(`page ${p + 1}: MCID ${mcid} is referenced by ${by.length} elements (${by.join(", ")})`);
	}
	for (const [mcid, by] of refsTo[p])
		if (!used[p].has(mcid)) problem(`page ${p + 1}: ${by.join(", ")} reference MCID ${mcid}, which is not in the page`);
});

// The parent tree: page's /StructParents -> array of elements, by MCID.
const nums = [];
(function walkNums(node) {
	node = get(node);
	if (!node) return;
	if (node["/Nums"]) {
		const a = get(node["/Nums"]);
		for (let i = 0; i + 1 < a.length; i += 2) nums[a[i]] = a[i + 1];
	}
	for (const k of get(node["/Kids"]) || []) walkNums(k);
})(root["/ParentTree"]);
if (!root["/ParentTree"]) problem("no /ParentTree");
pages.forEach((ref, p) => {
	if (used[p].size === 0) return;
	const sp = get(ref)["/StructParents"];
	if (typeof sp !== "number") {
		problem(`page ${p + 1}: marked content but no /StructParents`);
		return;
	}
	const arr = get(nums[sp]);
	if (!Array.isArray(arr)) {
		problem(`page ${p + 1}: no parent tree entry ${sp}`);
		return;
	}
	for (const [mcid] of used[p]) {
		const by = refsTo[p].get(mcid) || [];
		if (by.length === 1 && arr[mcid] !== by[0])
			problem(`page ${p + 1}: the parent tree gives ${arr[mcid]} for MCID ${mcid}, the tree ${by[0]}`);
	}
});

// The outline: pdfinfo -struct-text, the Figures' /Alt put in.
function printOutline() {
	let out;
	try {
		out = execFileSync("pdfinfo", ["-struct-text", file], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 }).toString("utf8");
	} catch (e) {
		console.log(`tagcheck: ${file}: pdfinfo -struct-text failed: ${String(e.stderr || e.message).trim()}`);
		process.exit(1);
	}
	const KEEP_TEXT = /^(H[1-6]|TH|TD|Lbl)$/;
	const lines = out.split("\n");
	let figure = 0;
	let owner = ""; // the element the next text line is of
	const res = [];
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		const m = /^( *)([A-Za-z0-9]+)(:| \(block\)| \(inline\))?$/.exec(line);
		if (m && line.trim() !== "") {
			owner = m[2];
			res.push(`${m[1]}${m[2]}`);
			if (owner === "Figure") {
				const alt = figures[figure++];
				res.push(`${m[1]}  Alt: ${JSON.stringify(alt)}`);
			}
		} else if (/^ *\//.test(line)) {
			if (!/^ *\/(BBox|Placement) /.test(line)) res.push(line.replace(/^( *) /, "$1"));
		} else if (/^ *"/.test(line)) {
			if (KEEP_TEXT.test(owner)) res.push(line);
		} else if (line.trim() !== "") {
			res.push(line);
		}
	}
	if (figure !== figures.length) {
		console.log(`tagcheck: ${file}: pdfinfo lists ${figure} figures, the tree has ${figures.length}`);
		process.exit(1);
	}
	process.stdout.write(res.join("\n") + "\n");
}

function finish() {
	if (outline && problems.length === 0) {
		printOutline();
		process.exit(0);
	}
	if (problems.length > 0) {
		const shown = problems.slice(0, 30);
		for (const s of shown) console.log(`tagcheck: ${file}: ${s}`);
		if (problems.length > shown.length) console.log(`tagcheck: ${file}: ... and ${problems.length - shown.length} more`);
		process.exit(1);
	}
	const kinds = Object.keys(counts)
		.sort()
		.map((k) => `${k} ${counts[k]}`)
		.join(", ");
	console.log(
		`tagcheck: ${file}: ok: ${pages.length} pages, ${painted} painting operators (${artifacts} artifacts, ${painted - artifacts} tagged), ${mcids} MCIDs, each referenced once; ${elements} elements (${kinds}); ${figures.length} figures, each with /Alt`,
	);
	process.exit(0);
}
finish();
