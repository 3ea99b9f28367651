#!/usr/bin/env node
// tests/bench/gen.mjs: deterministic synthetic content for the benchmark.
//
//   node tests/bench/gen.mjs N DIR [--no-sheet] [--sheet-size K]
//
// Writes DIR/site.yaml, the six pages and DIR/exercises/ex-00001.md ...
// ex-NNNNN.md: N exercise files of 1.5-2 KB of Markdown each (front
// matter, paragraphs, a numbered list, bold and italic, a link to a
// page or another exercise, a pipe table in about one in four).  The
// same N always gives the same bytes: the text comes from a fixed
// pseudo-random sequence (mulberry32, fixed seed), never from the clock
// or Math.random.
//
// site.yaml names the first K exercises (default 10) in `sheet:`, like
// a clinician's programme; --no-sheet leaves the key out (the sheet then
// holds every exercise), for a pamphlet that does not know the key yet.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let sheet = true;
let sheetSize = 10;
const pos = [];
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--no-sheet') sheet = false;
	else if (args[i] === '--sheet-size') sheetSize = Number(args[++i]);
	else pos.push(args[i]);
}
const n = Number(pos[0]);
const dir = pos[1];
if (pos.length !== 2 || !Number.isInteger(n) || n < 1 || n > 99999 ||
    !Number.isInteger(sheetSize) || sheetSize < 1) {
	process.stderr.write('usage: node gen.mjs N DIR [--no-sheet] [--sheet-size K]\n');
	process.exit(2);
}

// mulberry32: a small, fixed PRNG, the same on every machine.
let state = 0x5eed1234;
function rnd() {
	state = (state + 0x6d2b79f5) | 0;
	let t = state;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (a) => a[Math.floor(rnd() * a.length)];

const name = (i) => 'ex-' + String(i).padStart(5, '0');

const adjectives = ['Seated', 'Standing', 'Kneeling', 'Lying', 'Wall', 'Doorway',
	'Slow', 'Gentle', 'Supported', 'Single-Arm', 'Band', 'Towel', 'Chair',
	'Side', 'Reverse', 'Assisted', 'Half', 'Long', 'Short', 'Open'];
const moves = ['Thoracic Rotation', 'Chest Stretch', 'Shoulder Roll', 'Row',
	'Scapular Squeeze', 'Neck Stretch', 'Pulldown', 'Cat-Camel', 'Bridge',
	'Press-Up', 'Arm Slide', 'Trunk Twist', 'Walk', 'Swim', 'Cycle',
	'Reach', 'Extension', 'Plank', 'Chin Tuck', 'Pec Stretch'];
const categories = ['stretch', 'strength', 'aerobic'];
const frequencies = ['Every day', '2-3 times per week', '3-4 times per week',
	'Twice a day', '5 days a week', 'Once a day', '3 times per week'];
const durations = ['30 seconds', '10-15 repetitions', '20 minutes',
	'5 minutes', '3 sets of 10', '15 seconds each side', '8-12 repetitions',
	'30 minutes'];
const words = ('your back shoulder blade muscle spine neck chest arm hand hip knee ' +
	'breath posture slowly gently keep straight relax hold stretch move ' +
	'lift lower turn both sides feel tension ease comfortable position ' +
	'chair floor wall towel band weight repeat each time day week pain ' +
	'stop clinician healthcare professional exercise movement strength ' +
	'balance control support upper middle core steady smooth small range ' +
	'without forcing before after while during morning evening routine').split(' ');
const steps = ['Sit up straight on a firm chair with your feet flat on the floor.',
	'Stand with your feet hip-width apart and your knees soft.',
	'Breathe in slowly through your nose.',
	'Squeeze your shoulder blades together and down.',
	'Turn your upper body to one side, keeping your hips still.',
	'Hold the position and breathe normally.',
	'Return slowly to the starting position.',
	'Repeat on the other side.',
	'Keep your chin tucked in and your neck long.',
	'Lift your arms until you feel a gentle stretch.',
	'Lower the weight under control, counting to three.',
	'Rest for a moment before the next repetition.'];

function sentence() {
	const k = int(7, 16);
	const w = [];
	for (let i = 0; i < k; i++) w.push(pick(words));
	const r = rnd();
	const j = int(0, k - 1);
	if (r < 0.25) w[j] = '**' + w[j] + '**';
	else if (r < 0.45) w[j] = '*' + w[j] + '*';
	const s = w.join(' ');
	return s[0].toUpperCase() + s.slice(1) + '.';
}
function paragraph(k) {
	const s = [];
	for (let i = 0; i < k; i++) s.push(sentence());
	return s.join(' ');
}

function exercise(i) {
	const cat = categories[(i - 1) % 3];
	const title = `${pick(adjectives)} ${pick(moves)} ${i}`;
	const target = int(1550, 1950); // bytes of the whole file
	let fm = '---\n';
	fm += `title: "${title}"\n`;
	fm += `category: ${cat}\n`;
	fm += `order: ${Math.floor((i - 1) / 3) + 1}\n`;
	fm += `summary: "${sentence().replace(/\*/g, '')}"\n`;
	fm += `frequency: "${pick(frequencies)}"\n`;
	fm += `duration: "${pick(durations)}"\n`;
	if (cat === 'strength') fm += `sets: "${int(2, 3)}"\nreps: "${int(8, 12)}-${int(13, 15)}"\n`;
	if (cat === 'stretch') fm += `hold: "${pick([15, 20, 30])} seconds"\nsides: "Both sides"\n`;
	fm += 'last_reviewed: 2026-11-25\nreviewed_by: "Clinical content team"\n---\n';

	let body = paragraph(int(2, 3)) + '\n\n## How to do it\n\n';
	const k = int(4, 6);
	for (let s = 1; s <= k; s++) body += `${s}. ${pick(steps)}\n`;
	body += '\n';
	// One link: a page, another exercise (same folder) or its heading,
	// or a web address.
	const r = rnd();
	let link;
	if (r < 0.4) link = '[the weekly schedule](../schedule.md)';
	else if (r < 0.7) link = `[a related exercise](${name(int(1, n))}.md)`;
	else if (r < 0.85) link = `[how to stay safe](${name(int(1, n))}.md#stay-safe)`;
	else link = '[the NHS advice on back pain](https://www.nhs.uk/conditions/back-pain/)';
	body += `${paragraph(1)} See ${link} for more.\n\n`;
	if (i % 4 === 1) {
		body += '## Your week\n\n| Week | Sets | Notes |\n|------|------|-------|\n';
		for (let w = 1; w <= 4; w++)
			body += `| ${w} | ${int(1, 3)} | ${pick(words)} ${pick(words)} ${pick(words)} |\n`;
		body += '\n';
	}
	body += '## Stay safe\n\n';
	let text = fm + body;
	// Fill with paragraphs up to the target size, then stop.
	let tail = '';
	while (text.length + tail.length < target - 120) tail += paragraph(1) + ' ';
	tail += 'Stop if it hurts, and tell your clinician.\n';
	return text + tail;
}

const pages = {
	'site.yaml': () => {
		let s = 'title: "Synthetic Benchmark Clinic"\nclinic:\n  name: "Benchmark Physiotherapy"\n' +
			'  phone: "+44 20 7946 0000"\n  email: "clinic@example.com"\n' +
			'  address: "1 River Street, London"\nlanguage: en\npaper: a4\n' +
			'disclaimer: >-\n  This information is general advice, not a diagnosis.\n';
		if (sheet) {
			const l = [];
			for (let i = 1; i <= Math.min(sheetSize, n); i++) l.push(name(i));
			s += `sheet: [${l.join(', ')}]\n`;
		}
		return s;
	},
	'index.md': () => fmPage('Synthetic Benchmark Clinic', 'Home') +
		paragraph(3) + '\n\n## How to use this site\n\n' +
		'1. Read [what causes upper back pain](causes.md).\n' +
		'2. Look at [the exercises](exercises.md).\n' +
		'3. Use [the weekly schedule](schedule.md) to plan your week.\n' +
		`4. Start with the [first exercise](exercises/${name(1)}.md).\n\n` + paragraph(3) + '\n',
	'causes.md': () => fmPage('Understanding Upper Back Pain', 'Causes') +
		paragraph(4) + '\n\n## Your upper back\n\n' + paragraph(5) +
		'\n\n## Common causes\n\n' + paragraph(5) + ' See [prevention](prevention.md).\n',
	'exercises.md': () => fmPage('Exercises', 'Exercises') + paragraph(3) + '\n',
	'schedule.md': () => fmPage('Weekly Exercise Schedule', 'Schedule') +
		paragraph(2) + '\n\n## How to read the table\n\n' +
		'1. Each row is one exercise.\n2. The **Frequency** column shows how often.\n' +
		'3. The **Duration** column shows how long.\n\n' + paragraph(2) + '\n',
	'prevention.md': () => fmPage('Preventing Upper Back Pain', 'Prevention') +
		paragraph(3) + '\n\n## Posture\n\n' + paragraph(4) + '\n\n## Activity\n\n' +
		paragraph(4) + ' Read the [FAQ](faq.md#how-often-should-i-exercise).\n',
	'faq.md': () => fmPage('Frequently Asked Questions', 'FAQ') +
		'## How often should I exercise?\n\n' + paragraph(3) +
		' See [the schedule](schedule.md).\n\n## Should it hurt?\n\n' + paragraph(3) +
		'\n\n## When should I call the clinic?\n\n' + paragraph(3) + '\n',
};
function fmPage(title, nav) {
	return `---\ntitle: "${title}"\nnav_title: "${nav}"\n` +
		`description: "${sentence().replace(/\*/g, '')}"\n` +
		'last_reviewed: 2026-11-25\nreviewed_by: "Clinical content team"\n---\n';
}

fs.mkdirSync(path.join(dir, 'exercises'), {recursive: true});
for (const [f, make] of Object.entries(pages))
	fs.writeFileSync(path.join(dir, f), make());
for (let i = 1; i <= n; i++)
	fs.writeFileSync(path.join(dir, 'exercises', name(i) + '.md'), exercise(i));
