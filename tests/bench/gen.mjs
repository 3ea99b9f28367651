#!/usr/bin/env node
// tests/bench/gen.mjs: deterministic synthetic content for the benchmark.
//
//   node tests/bench/gen.mjs N DIR [--no-sheet] [--sheet-size K] [--translate es]
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
//
// --translate es: a two-language site.  site.yaml says `languages: [en,
// es]` instead of `language: en`, and DIR/es/ holds a Spanish
// translation of everything: its site.yaml (title, disclaimer), the six
// pages and all N exercises, of the same size.  A translated exercise
// leaves out category and order (taken from the English file); an
// even-numbered one gives its own frequency and duration, an odd one
// leaves them out too (the English dose is used).  Every other file is
// byte for byte the one written without --translate: the Spanish text
// comes from a second fixed sequence, drawn after the English.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let sheet = true;
let sheetSize = 10;
let translate = null;
const pos = [];
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--no-sheet') sheet = false;
	else if (args[i] === '--sheet-size') sheetSize = Number(args[++i]);
	else if (args[i] === '--translate') translate = args[++i];
	else pos.push(args[i]);
}
const n = Number(pos[0]);
const dir = pos[1];
if (pos.length !== 2 || !Number.isInteger(n) || n < 1 || n > 99999 ||
    !Number.isInteger(sheetSize) || sheetSize < 1 ||
    (translate !== null && translate !== 'es')) {
	process.stderr.write('usage: node gen.mjs N DIR [--no-sheet] [--sheet-size K] [--translate es]\n');
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

// Each language's words: en, and es for --translate es.
const categories = ['stretch', 'strength', 'aerobic'];
const en = {
	adjectives: ['Seated', 'Standing', 'Kneeling', 'Lying', 'Wall', 'Doorway',
		'Slow', 'Gentle', 'Supported', 'Single-Arm', 'Band', 'Towel', 'Chair',
		'Side', 'Reverse', 'Assisted', 'Half', 'Long', 'Short', 'Open'],
	moves: ['Thoracic Rotation', 'Chest Stretch', 'Shoulder Roll', 'Row',
		'Scapular Squeeze', 'Neck Stretch', 'Pulldown', 'Cat-Camel', 'Bridge',
		'Press-Up', 'Arm Slide', 'Trunk Twist', 'Walk', 'Swim', 'Cycle',
		'Reach', 'Extension', 'Plank', 'Chin Tuck', 'Pec Stretch'],
	title: (adj, move, i) => `${adj} ${move} ${i}`,
	frequencies: ['Every day', '2-3 times per week', '3-4 times per week',
		'Twice a day', '5 days a week', 'Once a day', '3 times per week'],
	durations: ['30 seconds', '10-15 repetitions', '20 minutes',
		'5 minutes', '3 sets of 10', '15 seconds each side', '8-12 repetitions',
		'30 minutes'],
	words: ('your back shoulder blade muscle spine neck chest arm hand hip knee ' +
		'breath posture slowly gently keep straight relax hold stretch move ' +
		'lift lower turn both sides feel tension ease comfortable position ' +
		'chair floor wall towel band weight repeat each time day week pain ' +
		'stop clinician healthcare professional exercise movement strength ' +
		'balance control support upper middle core steady smooth small range ' +
		'without forcing before after while during morning evening routine').split(' '),
	steps: ['Sit up straight on a firm chair with your feet flat on the floor.',
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
		'Rest for a moment before the next repetition.'],
	reviewer: 'Clinical content team',
	how: 'How to do it',
	links: ['the weekly schedule', 'a related exercise', 'how to stay safe',
		'the NHS advice on back pain'],
	see: (text, link) => `${text} See ${link} for more.`,
	week: '## Your week\n\n| Week | Sets | Notes |\n|------|------|-------|\n',
	safe: ['Stay safe', 'stay-safe'],
	stop: 'Stop if it hurts, and tell your clinician.',
	// Each page: title, menu title, then its body: a number k is k
	// sentences of the language's words, a string is itself.
	pages: {
		'index.md': ['Synthetic Benchmark Clinic', 'Home', 3,
			'\n\n## How to use this site\n\n' +
			'1. Read [what causes upper back pain](causes.md).\n' +
			'2. Look at [the exercises](exercises.md).\n' +
			'3. Use [the weekly schedule](schedule.md) to plan your week.\n' +
			`4. Start with the [first exercise](exercises/${name(1)}.md).\n\n`, 3, '\n'],
		'causes.md': ['Understanding Upper Back Pain', 'Causes', 4,
			'\n\n## Your upper back\n\n', 5, '\n\n## Common causes\n\n', 5,
			' See [prevention](prevention.md).\n'],
		'exercises.md': ['Exercises', 'Exercises', 3, '\n'],
		'schedule.md': ['Weekly Exercise Schedule', 'Schedule', 2,
			'\n\n## How to read the table\n\n' +
			'1. Each row is one exercise.\n2. The **Frequency** column shows how often.\n' +
			'3. The **Duration** column shows how long.\n\n', 2, '\n'],
		'prevention.md': ['Preventing Upper Back Pain', 'Prevention', 3,
			'\n\n## Posture\n\n', 4, '\n\n## Activity\n\n', 4,
			' Read the [FAQ](faq.md#how-often-should-i-exercise).\n'],
		'faq.md': ['Frequently Asked Questions', 'FAQ',
			'## How often should I exercise?\n\n', 3,
			' See [the schedule](schedule.md).\n\n## Should it hurt?\n\n', 3,
			'\n\n## When should I call the clinic?\n\n', 3, '\n'],
	},
};
const es = {
	adjectives: ['sentado', 'de pie', 'de rodillas', 'tumbado', 'en la pared',
		'en la puerta', 'lento', 'suave', 'con apoyo', 'con un brazo', 'con banda',
		'con toalla', 'en silla', 'de lado', 'invertido', 'asistido', 'corto', 'largo'],
	moves: ['Rotación torácica', 'Estiramiento de pecho', 'Giro de hombros',
		'Remo', 'Apriete de omóplatos', 'Estiramiento de cuello', 'Jalón', 'Gato-camello',
		'Puente', 'Flexión', 'Deslizamiento de brazos', 'Giro de tronco', 'Paseo',
		'Natación', 'Bicicleta', 'Alcance', 'Extensión', 'Plancha', 'Retracción de barbilla'],
	title: (adj, move, i) => `${move} ${adj} ${i}`,
	frequencies: ['Todos los días', '2-3 veces por semana', '3-4 veces por semana',
		'Dos veces al día', '5 días a la semana', 'Una vez al día', '3 veces por semana'],
	durations: ['30 segundos', '10-15 repeticiones', '20 minutos', '5 minutos',
		'3 series de 10', '15 segundos por lado', '8-12 repeticiones', '30 minutos'],
	words: ('su espalda hombro omóplato músculo columna cuello pecho brazo mano ' +
		'cadera rodilla respiración postura despacio suave recto relaje mantenga estire ' +
		'mueva levante baje gire ambos lados note tensión alivio cómodo posición silla ' +
		'suelo pared toalla banda peso repita cada vez día semana dolor pare profesional ' +
		'salud ejercicio movimiento fuerza equilibrio control apoyo alta media tronco ' +
		'firme tranquilo pequeño rango sin forzar antes después mientras durante mañana ' +
		'tarde rutina').split(' '),
	steps: ['Siéntese derecho en una silla firme con los pies en el suelo.',
		'Póngase de pie con los pies separados a la altura de las caderas.',
		'Respire despacio por la nariz.',
		'Junte los omóplatos y llévelos hacia abajo.',
		'Gire la parte alta del cuerpo hacia un lado, sin mover las caderas.',
		'Mantenga la posición y respire con normalidad.',
		'Vuelva despacio a la posición inicial.',
		'Repita hacia el otro lado.',
		'Meta la barbilla y mantenga el cuello largo.',
		'Levante los brazos hasta que note un estiramiento suave.',
		'Baje el peso con control, contando hasta tres.',
		'Descanse un momento antes de la siguiente repetición.'],
	reviewer: 'Equipo de contenido clínico',
	how: 'Cómo hacerlo',
	links: ['el horario semanal', 'un ejercicio parecido', 'cómo hacerlo con seguridad',
		'los consejos del NHS'],
	see: (text, link) => `${text} Vea ${link}.`,
	week: '## Su semana\n\n| Semana | Series | Notas |\n|--------|--------|-------|\n',
	safe: ['Precauciones', 'precauciones'],
	stop: 'Pare si le duele y dígaselo a su profesional.',
	pages: {
		'index.md': ['Clínica de prueba sintética', 'Inicio', 3,
			'\n\n## Cómo usar este sitio\n\n' +
			'1. Lea [qué causa el dolor de espalda alta](causes.md).\n' +
			'2. Mire [los ejercicios](exercises.md).\n' +
			'3. Use [el horario semanal](schedule.md) para planear su semana.\n' +
			`4. Empiece por el [primer ejercicio](exercises/${name(1)}.md).\n\n`, 3, '\n'],
		'causes.md': ['El dolor de espalda alta', 'Causas', 4,
			'\n\n## Su espalda alta\n\n', 5, '\n\n## Causas frecuentes\n\n', 5,
			' Vea [prevención](prevention.md).\n'],
		'exercises.md': ['Ejercicios', 'Ejercicios', 3, '\n'],
		'schedule.md': ['Horario semanal de ejercicios', 'Horario', 2,
			'\n\n## Cómo leer la tabla\n\n' +
			'1. Cada fila es un ejercicio.\n2. La columna **Frecuencia** dice cada cuánto.\n' +
			'3. La columna **Duración** dice cuánto tiempo.\n\n', 2, '\n'],
		'prevention.md': ['Prevenir el dolor de espalda alta', 'Prevención', 3,
			'\n\n## Postura\n\n', 4, '\n\n## Actividad\n\n', 4,
			' Lea las [preguntas frecuentes](faq.md#frecuencia).\n'],
		'faq.md': ['Preguntas frecuentes', 'Preguntas', '## Frecuencia\n\n', 3,
			' Vea [el horario](schedule.md).\n\n## Duele\n\n', 3,
			'\n\n## Cuándo llamar\n\n', 3, '\n'],
	},
};

function sentence(L) {
	const k = int(7, 16);
	const w = [];
	for (let i = 0; i < k; i++) w.push(pick(L.words));
	const r = rnd();
	const j = int(0, k - 1);
	if (r < 0.25) w[j] = '**' + w[j] + '**';
	else if (r < 0.45) w[j] = '*' + w[j] + '*';
	const s = w.join(' ');
	return s[0].toUpperCase() + s.slice(1) + '.';
}
function paragraph(L, k) {
	const s = [];
	for (let i = 0; i < k; i++) s.push(sentence(L));
	return s.join(' ');
}

// Exercise i in language L: in English, all its front matter; in a
// translation (L !== en), the title, the summary and, for an even i, its
// own frequency and duration (category, order and the rest inherited).
function exercise(L, i) {
	const cat = categories[(i - 1) % 3];
	const title = L.title(pick(L.adjectives), pick(L.moves), i);
	const target = int(1550, 1950); // bytes of the whole file
	let fm = '---\n';
	fm += `title: "${title}"\n`;
	if (L === en) fm += `category: ${cat}\norder: ${Math.floor((i - 1) / 3) + 1}\n`;
	fm += `summary: "${sentence(L).replace(/\*/g, '')}"\n`;
	if (L === en || i % 2 === 0)
		fm += `frequency: "${pick(L.frequencies)}"\nduration: "${pick(L.durations)}"\n`;
	if (L === en && cat === 'strength') fm += `sets: "${int(2, 3)}"\nreps: "${int(8, 12)}-${int(13, 15)}"\n`;
	if (L === en && cat === 'stretch') fm += `hold: "${pick([15, 20, 30])} seconds"\nsides: "Both sides"\n`;
	fm += `last_reviewed: 2026-11-25\nreviewed_by: "${L.reviewer}"\n---\n`;

	let body = paragraph(L, int(2, 3)) + `\n\n## ${L.how}\n\n`;
	const k = int(4, 6);
	for (let s = 1; s <= k; s++) body += `${s}. ${pick(L.steps)}\n`;
	body += '\n';
	// One link: a page, another exercise (same folder) or its heading,
	// or a web address.
	const r = rnd();
	let link;
	if (r < 0.4) link = `[${L.links[0]}](../schedule.md)`;
	else if (r < 0.7) link = `[${L.links[1]}](${name(int(1, n))}.md)`;
	else if (r < 0.85) link = `[${L.links[2]}](${name(int(1, n))}.md#${L.safe[1]})`;
	else link = `[${L.links[3]}](https://www.nhs.uk/conditions/back-pain/)`;
	body += L.see(paragraph(L, 1), link) + '\n\n';
	if (i % 4 === 1) {
		body += L.week;
		for (let w = 1; w <= 4; w++)
			body += `| ${w} | ${int(1, 3)} | ${pick(L.words)} ${pick(L.words)} ${pick(L.words)} |\n`;
		body += '\n';
	}
	body += `## ${L.safe[0]}\n\n`;
	const text = fm + body;
	// Fill with paragraphs up to the target size, then stop.
	let tail = '';
	while (text.length + tail.length < target - 120) tail += paragraph(L, 1) + ' ';
	tail += L.stop + '\n';
	return text + tail;
}

function page(L, [title, nav, ...parts]) {
	let s = `---\ntitle: "${title}"\nnav_title: "${nav}"\n` +
		`description: "${sentence(L).replace(/\*/g, '')}"\n` +
		`last_reviewed: 2026-11-25\nreviewed_by: "${L.reviewer}"\n---\n`;
	for (const p of parts) s += typeof p === 'number' ? paragraph(L, p) : p;
	return s;
}

// write(L, DIR, SITE_YAML): the pages and exercises of language L.
function write(L, to, siteYaml) {
	fs.mkdirSync(path.join(to, 'exercises'), {recursive: true});
	fs.writeFileSync(path.join(to, 'site.yaml'), siteYaml);
	for (const [f, parts] of Object.entries(L.pages))
		fs.writeFileSync(path.join(to, f), page(L, parts));
	for (let i = 1; i <= n; i++)
		fs.writeFileSync(path.join(to, 'exercises', name(i) + '.md'), exercise(L, i));
}

let site = 'title: "Synthetic Benchmark Clinic"\nclinic:\n  name: "Benchmark Physiotherapy"\n' +
	'  phone: "+44 20 7946 0000"\n  email: "clinic@example.com"\n' +
	'  address: "1 River Street, London"\n' +
	(translate ? `languages: [en, ${translate}]\n` : 'language: en\n') + 'paper: a4\n' +
	'disclaimer: >-\n  This information is general advice, not a diagnosis.\n';
if (sheet) {
	const l = [];
	for (let i = 1; i <= Math.min(sheetSize, n); i++) l.push(name(i));
	site += `sheet: [${l.join(', ')}]\n`;
}
write(en, dir, site);
if (translate !== null) {
	state = 0x5e5a0e5; // its own sequence: the English files stay the same
	write(es, path.join(dir, translate), 'title: "Clínica de prueba sintética"\n' +
		'disclaimer: >-\n  Esta información es un consejo general, no un diagnóstico.\n');
}
