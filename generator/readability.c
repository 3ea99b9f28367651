/*
 * readability.c: words, sentences and syllables of a text, and the
 * reading-level formulas on them (see readability.h).
 *
 * Syllables are counted by rules, not looked up: English by vowel groups
 * with the usual corrections (silent e, "-es"/"-ed", vowel pairs that are
 * two syllables) and a short table of exceptions; Spanish by vowel nuclei
 * (strong a e o, weak i u; an accent on i or u makes a hiatus).  Numbers
 * are counted as they are read aloud, from tables of number words
 * ("2026" is two thousand twenty-six, "2,5" dos coma cinco, "10-15" ten
 * to fifteen); capitals with no vowel are read letter by letter (NHS).
 * Sentences also end at a blank line; a stop followed by a small letter
 * ends none ("etc. and"), nor one after initials ("e.g.").
 * tests/unit/test_readability.c measures the rules against word lists.
 *
 * Knows UTF-8 and utf8proc's character classes; nothing about Markdown,
 * pages or files.
 */
#include "readability.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

/* ---- letters ---- */

/* The mark a vowel carries, which changes how it is counted. */
enum mark {
	MARK_NONE,
	MARK_ACCENT,    /* acute, grave or circumflex: é is not a silent e;
			 * í and ú are strong (a hiatus) in Spanish */
	MARK_DIAERESIS, /* ï starts its own syllable (naïve); ü is heard */
};

/* The longest word counted in one piece; longer ones (no real word is)
 * are counted in pieces. */
#define WORD_MAX 64

/* One part of a word (between hyphens), folded for counting. */
struct word {
	char s[WORD_MAX + 1];         /* base letters 'a'..'z' in lower case,
				       * '#' for any other letter */
	unsigned char mark[WORD_MAX]; /* enum mark of each letter */
	size_t n;                     /* letters */
	size_t upper;                 /* how many were capitals */
	int nt;                       /* ended in "n't" (didn't) */
};

static int is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int is_hyphen(int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int is_letter(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_combining(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

static int is_digit(int32_t cp)
{
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static enum mark mark_of(int32_t cp)
{
	if (cp >= 0x0300 && cp <= 0x0302)
		return MARK_ACCENT;
	if (cp == 0x0308)
		return MARK_DIAERESIS;
	return MARK_NONE;
}

/* cp as a base letter and a mark: the letter its canonical decomposition
 * starts with ("é" is e + U+0301), '#' if that is not a Latin letter. */
static void fold_letter(int32_t cp, char *c, unsigned char *mark)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t k = 1;
	d[0] = cp;
	if (cp >= 0x80)
		k = utf8proc_decompose_char(cp, d, (utf8proc_ssize_t)ARRAY_LEN(d),
					    (utf8proc_option_t)UTF8PROC_DECOMPOSE,
					    NULL);
	*c = '#';
	*mark = MARK_NONE;
	if (k < 1)
		return;
	if (d[0] >= 'A' && d[0] <= 'Z')
		*c = (char)(d[0] - 'A' + 'a');
	else if (d[0] >= 'a' && d[0] <= 'z')
		*c = (char)d[0];
	for (utf8proc_ssize_t i = 1; i < k && i < (utf8proc_ssize_t)ARRAY_LEN(d); i++)
		if (mark_of(d[i]) != MARK_NONE)
			*mark = (unsigned char)mark_of(d[i]);
}

static int is_vowel_letter(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* ---- English ---- */

/* Whether letter i of w sounds as a vowel: a e i o u, y unless it starts
 * a vowel sound ("yes", "player", "beyond"), u unless after q. */
static int en_vowel(const struct word *w, size_t i)
{
	const char *s = w->s;
	switch (s[i]) {
	case 'a':
	case 'e':
	case 'i':
	case 'o':
		return 1;
	case 'u':
		return !(i > 0 && s[i - 1] == 'q');
	case 'y': {
		int next = i + 1 < w->n && is_vowel_letter(s[i + 1]);
		if (i == 0)
			return !next;
		return !(next && en_vowel(w, i - 1));
	}
	default:
		return 0;
	}
}

/* Whole words the rules get wrong, with their syllables (Merriam-Webster's
 * first pronunciation).  With prefix set, the entry also counts as the
 * first part of a longer word ("every" in "everyone"), whose rest is
 * counted by the rules. */
struct en_exception {
	const char *word;
	int syllables;
	int prefix;
};

static const struct en_exception en_exceptions[] = {
	{"acne", 2, 0},        {"aisle", 1, 0},       {"anyone", 3, 0},
	{"apostrophe", 4, 0},  {"area", 3, 0},        {"areas", 3, 0},
	{"argue", 2, 0},       {"argued", 2, 0},      {"argues", 2, 0},
	{"being", 2, 0},       {"business", 2, 1},    {"cafe", 2, 0},
	{"catastrophe", 4, 0}, {"cereal", 3, 0},      {"cereals", 3, 0},
	{"coyote", 3, 0},      {"create", 2, 0},      {"created", 3, 0},
	{"creates", 2, 0},     {"diabetes", 4, 0},    {"doing", 2, 0},
	{"element", 3, 0},     {"elements", 3, 0},    {"evening", 2, 0},
	{"evenings", 2, 0},    {"every", 2, 1},       {"familiar", 3, 0},
	{"george", 1, 0},      {"herpes", 2, 0},      {"idea", 3, 0},
	{"ideas", 3, 0},       {"ideal", 3, 0},       {"ideally", 4, 0},
	{"ideals", 3, 0},      {"isle", 1, 0},        {"jeopardy", 3, 0},
	{"karate", 3, 0},      {"leopard", 2, 0},     {"lion", 2, 0},
	{"lions", 2, 0},       {"maybe", 2, 0},       {"people", 2, 0},
	{"peoples", 2, 0},     {"poem", 2, 0},        {"poems", 2, 0},
	{"poet", 2, 0},        {"poetry", 3, 0},      {"quiet", 2, 0},
	{"real", 1, 0},        {"recipe", 3, 0},      {"recipes", 3, 0},
	{"sesame", 3, 0},      {"simile", 3, 0},      {"someone", 2, 0},
	{"wednesday", 2, 0},
};

/* Beginnings of words where two vowels side by side are two syllables:
 * a '-' marks the split ("cre-ate": cre-at-ed, cre-a-tion). */
static const char *const en_splits[] = {
	"co-ef", "co-ex", "co-op", "co-or", "cre-ate", "cre-ati", "cre-ato",
	"de-act", "flu-id", "gi-an", "i-de-al", "li-on", "na-iv", "po-e",
	"pre-ex", "pre-op", "re-act", "re-al-i", "re-app", "re-ass", "re-en",
	"re-ev", "re-in", "re-op", "re-us", "ru-in", "sci-en", "su-ic",
	"the-at", "cere-al",
};

/* Endings after which a lone e before them is silent, as in the word
 * without the ending: "safe-ly", "move-ment", "some-thing", "life-style". */
static const char *const en_e_suffixes[] = {
	"body", "ful", "fully", "how", "less", "line", "lines", "ly", "ment",
	"ments", "ness", "style", "styles", "thing", "things", "time",
	"times", "ty", "what", "where", "wise", "work",
};

static int en_count(const struct word *w, size_t from);

/* Counts w->s[from..] as a word of its own. */
static int en_count_rest(const struct word *w, size_t from)
{
	return from < w->n ? en_count(w, from) : 0;
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* Whether the vowels at i - 1 and i, side by side, are two syllables.
 * groups: the vowel groups before i - 1. */
static int en_hiatus(const struct word *w, size_t i, int groups)
{
	const char *s = w->s;
	size_t n = w->n;
	char a = s[i - 1], b = s[i];
	char p = i >= 2 ? s[i - 2] : 0;   /* the letter before the pair */
	char q = i + 1 < n ? s[i + 1] : 0; /* the letter after it */
	const char *rest = s + i + 1;

	if (w->mark[i] == MARK_DIAERESIS)
		return 1;
	/* "-ing" after a vowel: be-ing, go-ing, dy-ing, con-tin-u-ing. */
	if (b == 'i' && (strcmp(rest, "ng") == 0 || strcmp(rest, "ngs") == 0))
		return 1;
	switch (a) {
	case 'i':
		if (b == 'a') /* di-al, me-di-a; but spe-cial, bril-liant */
			return !(p && strchr("ctsg", p)) &&
			       !(p == 'l' && i >= 3 && s[i - 3] == 'l');
		if (b == 'o') { /* ra-di-o; but na-tion, re-gion, o-pin-ion */
			int ion = q == 'n' || strncmp(rest, "us", 2) == 0;
			if (p && strchr("tscxg", p) && ion)
				return 0;
			if (p && strchr("nl", p) && q == 'n')
				return 0;
			if (p && strchr("nv", p) && q == 'r') /* se-nior */
				return 0;
			return 1;
		}
		if (b == 'u') /* cal-ci-um */
			return 1;
		if (b == 'e') {
			if (q == 't') /* di-et, qui-et, anx-i-e-ty */
				return 1;
			if (q == 'n' && i + 2 < n &&
			    (s[i + 2] == 't' || s[i + 2] == 'c')) /* cli-ent */
				return !(p && strchr("ctsn", p));
			if (groups > 0 && p && !en_vowel(w, i - 2) &&
			    (strcmp(rest, "r") == 0 || strcmp(rest, "rs") == 0 ||
			     strcmp(rest, "st") == 0)) /* hap-pi-er */
				return 1;
		}
		return 0;
	case 'e':
		if (b == 'a') { /* ar-e-a, i-de-a, Ko-re-an; but o-cean, tea */
			return groups > 0 && !(p && strchr("cg", p)) &&
			       (strcmp(rest, "") == 0 || strcmp(rest, "s") == 0 ||
				strcmp(rest, "n") == 0 || strcmp(rest, "ns") == 0);
		}
		if (b == 'o') /* vi-de-o, ge-og-ra-phy; but sur-geon */
			return !(p && strchr("gc", p) && i >= 3);
		if (b == 'u') /* mu-se-um */
			return strcmp(rest, "m") == 0;
		return 0;
	case 'u':
		if (p == 'q' || p == 'g') /* lan-guage, guess */
			return 0;
		if (b == 'a' || b == 'o') /* u-su-al, du-o */
			return 1;
		if (b == 'e') /* flu-ent, fu-el, du-et; but tis-sue */
			return q == 'n' || q == 'l' || q == 't';
		return 0;
	default:
		return 0;
	}
}

/* The syllables of the letters w->s[from..]: vowel groups, with pairs
 * split by en_hiatus and en_splits, minus silent e's, at least 1. */
static int en_count(const struct word *w, size_t from)
{
	struct word sub;
	if (from > 0) {
		sub = *w;
		sub.n = w->n - from;
		memmove(sub.s, w->s + from, sub.n + 1);
		memmove(sub.mark, w->mark + from, sub.n);
		sub.nt = w->nt;
		w = &sub;
	}
	const char *s = w->s;
	size_t n = w->n;

	for (size_t k = 0; k < ARRAY_LEN(en_exceptions); k++) {
		const struct en_exception *x = &en_exceptions[k];
		size_t xl = strlen(x->word);
		if (strcmp(s, x->word) == 0)
			return x->syllables;
		if (x->prefix && n > xl && strncmp(s, x->word, xl) == 0)
			return x->syllables + en_count_rest(w, xl);
	}
	/* "-ache": head-ache, stom-ach-ache. */
	static const char *const aches[] = {"ache", "aches", "ached"};
	for (size_t k = 0; k < ARRAY_LEN(aches); k++) {
		size_t al = strlen(aches[k]);
		if (n >= al && strcmp(s + n - al, aches[k]) == 0) {
			struct word head = *w;
			head.n = n - al;
			head.s[head.n] = '\0';
			int h = 0;
			for (size_t i = 0; i < head.n; i++)
				h |= en_vowel(&head, i);
			return 1 + (h ? en_count(&head, 0) : 0);
		}
	}

	/* Forced splits from en_splits. */
	unsigned char split[WORD_MAX] = {0};
	for (size_t k = 0; k < ARRAY_LEN(en_splits); k++) {
		const char *p = en_splits[k];
		size_t i = 0;
		unsigned char at[WORD_MAX] = {0};
		for (; *p != '\0' && i < n; p++) {
			if (*p == '-') {
				at[i] = 1;
				continue;
			}
			if (s[i] != *p)
				break;
			i++;
		}
		if (*p == '\0')
			for (size_t j = 0; j < n; j++)
				split[j] |= at[j];
	}

	int groups = 0;
	int prev = 0;
	for (size_t i = 0; i < n; i++) {
		int v = en_vowel(w, i);
		if (v && (!prev || split[i] || en_hiatus(w, i, groups - 1)))
			groups++;
		prev = v;
	}

	/* A lone e (a consonant before it and after it) before an ending of
	 * en_e_suffixes, after a consonant that follows a vowel or is the c,
	 * g or s of -nce, -rge, -lse: silent. */
	int silent = 0;
	for (size_t i = 2; i + 1 < n; i++) {
		if (s[i] != 'e' || w->mark[i] != MARK_NONE || en_vowel(w, i + 1) ||
		    en_vowel(w, i - 1))
			continue;
		if (!in_list(s + i + 1, en_e_suffixes, ARRAY_LEN(en_e_suffixes)))
			continue;
		if (en_vowel(w, i - 2) ||
		    (strchr("cgs", s[i - 1]) && strchr("lnrd", s[i - 2])))
			silent++;
	}

	/* The end of the word. */
	int cons3 = n >= 3 && !en_vowel(w, n - 3);
	/* -le, -re after a consonant are heard: ta-ble, cen-tre, cy-cled. */
	#define SYLLABIC(k) (n >= (k) + 1 && (s[n - (k)] == 'l' || s[n - (k)] == 'r') && \
			     !en_vowel(w, n - (k) - 1) && s[n - (k) - 1] != s[n - (k)])
	if (n >= 2 && s[n - 1] == 'e' && w->mark[n - 1] == MARK_NONE &&
	    !en_vowel(w, n - 2) && !SYLLABIC(2))
		silent++;
	else if (n >= 3 && strcmp(s + n - 2, "es") == 0 &&
		 w->mark[n - 2] == MARK_NONE && cons3) {
		/* heard after a hiss: push-es, pag-es, box-es, mus-cles */
		int heard = strchr("sxzcg", s[n - 3]) != NULL ||
			    (n >= 4 && s[n - 3] == 'h' && strchr("cs", s[n - 4])) ||
			    SYLLABIC(3);
		if (!heard)
			silent++;
	} else if (n >= 3 && strcmp(s + n - 2, "ed") == 0 &&
		   w->mark[n - 2] == MARK_NONE && cons3) {
		/* heard after t and d: want-ed, need-ed; hun-dred, cy-cled */
		int heard = s[n - 3] == 't' || s[n - 3] == 'd' || SYLLABIC(3);
		if (!heard)
			silent++;
	}
	#undef SYLLABIC
	/* -gue: fa-tigue, tongue, league. */
	if ((n >= 4 && strcmp(s + n - 3, "gue") == 0) ||
	    (n >= 5 && (strcmp(s + n - 4, "gues") == 0 ||
			strcmp(s + n - 4, "gued") == 0))) {
		size_t g = s[n - 1] == 'e' ? n - 3 : n - 4;
		int before = 0;
		for (size_t i = 0; i < g; i++)
			before |= en_vowel(w, i);
		if (before)
			silent++;
	}

	int count = groups - silent;
	/* -sm, -thm are a syllable: spa-sm, rhy-thm, tour-is-m. */
	size_t e = n >= 3 && s[n - 1] == 's' && s[n - 2] == 'm' ? n - 1 : n;
	if (e >= 3 && s[e - 1] == 'm' &&
	    (s[e - 2] == 's' || (s[e - 2] == 'h' && s[e - 3] == 't')))
		count++;
	/* n't after a consonant: did-n't, is-n't (but don't, can't). */
	if (w->nt && n >= 3 && s[n - 2] == 'n' && !en_vowel(w, n - 3) &&
	    s[n - 3] != 'n')
		count++;
	return count > 0 ? count : 1;
}

/* ---- Spanish ---- */

/* 2 for a strong vowel (a e o, and í ú: accented, they stand alone),
 * 1 for a weak one (i u ü, and y ending a word or before a consonant),
 * 0 for a consonant or a silent u (que, gui). */
static int es_vowel(const struct word *w, size_t i)
{
	const char *s = w->s;
	switch (s[i]) {
	case 'a':
	case 'e':
	case 'o':
		return 2;
	case 'i':
		return w->mark[i] == MARK_ACCENT ? 2 : 1;
	case 'u':
		if (w->mark[i] == MARK_ACCENT)
			return 2;
		if (w->mark[i] == MARK_NONE && i > 0 &&
		    (s[i - 1] == 'q' || s[i - 1] == 'g') && i + 1 < w->n &&
		    (s[i + 1] == 'e' || s[i + 1] == 'i'))
			return 0;
		return 1;
	case 'y':
		return i + 1 < w->n && is_vowel_letter(s[i + 1]) ? 0 : 1;
	default:
		return 0;
	}
}

/* Vowel nuclei: in each run of vowels, every strong vowel is one (two
 * strong ones side by side are a hiatus); weak ones join them, and a run
 * of weak ones only is one (ciu-dad, cui-da-do).  An h between vowels
 * ends the run (pro-hi-bi-do), as in written syllables. */
static int es_count(const struct word *w)
{
	int count = 0, strong = 0, in_run = 0;
	for (size_t i = 0; i < w->n; i++) {
		int v = es_vowel(w, i);
		if (v == 0) {
			if (in_run)
				count += strong > 0 ? strong : 1;
			in_run = 0;
			strong = 0;
			continue;
		}
		in_run = 1;
		strong += v == 2;
	}
	if (in_run)
		count += strong > 0 ? strong : 1;
	return count > 0 ? count : 1;
}

/* ---- words ---- */

/* The names of the letters, for capitals read one by one (NHS, TV): their
 * syllables, a to z. */
static const unsigned char en_letter_names[26] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1,
};
static const unsigned char es_letter_names[26] = {
	/* a be ce de e efe ge hache i jota ka ele eme */
	1, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1, 2, 2,
	/* ene o pe cu erre ese te u uve uve-doble equis ye zeta */
	2, 1, 1, 1, 2, 2, 1, 1, 2, 4, 2, 1, 2,
};

/* The syllables of one part of a word. */
static int part_syllables(const struct word *w, enum read_lang lang)
{
	if (w->n == 0)
		return 0;
	/* Capitals with no vowel are read letter by letter: NHS, GP. */
	if (w->n >= 2 && w->n <= 5 && w->upper == w->n) {
		int vowels = 0, sum = 0;
		for (size_t i = 0; i < w->n; i++) {
			char c = w->s[i];
			vowels |= is_vowel_letter(c) || c == 'y';
			if (c >= 'a' && c <= 'z')
				sum += lang == READ_ES ? es_letter_names[c - 'a']
						       : en_letter_names[c - 'a'];
			else
				sum++;
		}
		if (!vowels)
			return sum;
	}
	return lang == READ_ES ? es_count(w) : en_count(w, 0);
}

int read_syllables(const char *word, size_t len, enum read_lang lang)
{
	struct word w = {{0}, {0}, 0, 0, 0};
	int total = 0;
	size_t i = 0;
	while (i < len) {
		int32_t cp = 0;
		size_t k = utf8_char(word + i, len - i, &cp);
		if (k == 0) {
			k = 1;
			cp = -1;
		}
		if (cp >= 0 && is_letter(cp)) {
			if (w.n == WORD_MAX) { /* count it in pieces */
				total += part_syllables(&w, lang);
				w.n = 0;
				w.upper = 0;
			}
			fold_letter(cp, &w.s[w.n], &w.mark[w.n]);
			w.upper += utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
			w.s[++w.n] = '\0';
		} else if (cp >= 0 && is_combining(cp)) {
			if (w.n > 0 && mark_of(cp) != MARK_NONE)
				w.mark[w.n - 1] = (unsigned char)mark_of(cp);
		} else if (cp >= 0 && is_apostrophe(cp)) {
			/* Left out ("don't" is "dont"), noting a final n't. */
			if (w.n > 0 && w.s[w.n - 1] == 'n' && i + k < len &&
			    (word[i + k] == 't' || word[i + k] == 'T') &&
			    i + k + 1 == len)
				w.nt = 1;
		} else {
			/* A hyphen, or anything else, ends a part. */
			total += part_syllables(&w, lang);
			w.n = 0;
			w.upper = 0;
			w.nt = 0;
			w.s[0] = '\0';
		}
		i += k;
	}
	total += part_syllables(&w, lang);
	return total;
}

/* ---- numbers ---- */

/* Syllables of the number words: English 0-19, the tens; Spanish 0-29
 * (veintiuno...), the tens (treinta...), the hundreds (ciento...). */
static const unsigned char en_small[20] = {
	2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 2, 2, 2, 2, 3, 2, 2,
};
static const unsigned char en_tens[10] = {0, 0, 2, 2, 2, 2, 2, 3, 2, 2};
static const unsigned char es_small[30] = {
	2, 2, 1, 1, 2, 2, 1, 2, 2, 2, 1, 2, 2, 2, 3,
	2, 3, 4, 3, 4, 2, 3, 3, 3, 4, 4, 3, 4, 3, 4,
};
static const unsigned char es_tens[10] = {0, 0, 0, 2, 3, 3, 3, 3, 3, 3};
static const unsigned char es_hundreds[10] = {0, 2, 3, 3, 4, 3, 3, 4, 4, 4};

/* 1 to 999 read aloud. */
static size_t below_1000(unsigned n, enum read_lang lang)
{
	unsigned h = n / 100, r = n % 100;
	size_t s = 0;
	if (lang == READ_ES) {
		if (h > 0)
			s += n == 100 ? 1 : es_hundreds[h]; /* cien, ciento */
		if (r >= 30)
			s += es_tens[r / 10] +
			     (r % 10 ? 1u + es_small[r % 10] : 0u); /* y uno */
		else if (r > 0)
			s += es_small[r];
		return s;
	}
	if (h > 0)
		s += en_small[h] + 2u; /* hundred */
	if (r >= 20)
		s += en_tens[r / 10] + (r % 10 ? en_small[r % 10] : 0u);
	else if (r > 0)
		s += en_small[r];
	return s;
}

/* A whole number of at most 12 digits read aloud: "two thousand
 * twenty-six", "dos mil veintiséis". */
static size_t whole_number(unsigned long long n, enum read_lang lang)
{
	if (n == 0)
		return 2; /* zero, cero */
	size_t s = 0;
	unsigned bil = (unsigned)(n / 1000000000ULL);
	unsigned mil = (unsigned)(n / 1000000ULL % 1000);
	unsigned th = (unsigned)(n / 1000 % 1000);
	unsigned one = (unsigned)(n % 1000);
	if (lang == READ_ES) {
		if (bil > 0) /* mil millones */
			s += (bil > 1 ? below_1000(bil, lang) : 0) + 1 + 3;
		if (mil > 0) /* un millón, dos millones */
			s += mil == 1 ? 1 + 2 : below_1000(mil, lang) + 3;
		if (th > 0) /* mil, dos mil */
			s += (th > 1 ? below_1000(th, lang) : 0) + 1;
	} else {
		if (bil > 0)
			s += below_1000(bil, lang) + 2;
		if (mil > 0)
			s += below_1000(mil, lang) + 2;
		if (th > 0)
			s += below_1000(th, lang) + 2;
	}
	if (one > 0)
		s += below_1000(one, lang);
	return s;
}

static size_t digit_syllables(int d, enum read_lang lang)
{
	return lang == READ_ES ? es_small[d] : en_small[d];
}

/* A number written with ASCII digits, a thousands separator (',' in
 * English, '.' in Spanish, when three digits follow it) and a decimal
 * mark, read aloud: the whole part as a number, the decimals digit by
 * digit after "point" / "coma".  More than 12 digits, or a leading zero,
 * are read digit by digit. */
static size_t number_syllables(const char *s, size_t len, enum read_lang lang)
{
	char thousands = lang == READ_ES ? '.' : ',';
	unsigned long long whole = 0;
	size_t digits = 0, s_sum = 0, i = 0;
	int leading_zero = len > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9';
	for (; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (digits < 19)
				whole = whole * 10 + (unsigned)(c - '0');
			digits++;
			s_sum += digit_syllables(c - '0', lang);
			continue;
		}
		size_t run = 0;
		while (i + 1 + run < len && s[i + 1 + run] >= '0' &&
		       s[i + 1 + run] <= '9')
			run++;
		if (c == thousands && run == 3)
			continue;
		break; /* the decimal mark */
	}
	size_t total = digits > 12 || leading_zero ? s_sum
						   : whole_number(whole, lang);
	if (i < len) {
		total += lang == READ_ES ? 2 : 1; /* coma, point */
		for (i++; i < len; i++)
			if (s[i] >= '0' && s[i] <= '9')
				total += digit_syllables(s[i] - '0', lang);
	}
	return total;
}

/* ---- sentences ---- */

/* Abbreviations whose full stop never ends a sentence (compared in lower
 * case, without the stop). */
static const char *const en_abbrevs[] = {
	"approx", "dr", "fig", "mr", "mrs", "ms", "prof", "st", "vs",
};
static const char *const es_abbrevs[] = {
	"aprox", "dr", "dra", "ej", "fig", "núm", "p", "pág", "sr", "sra",
	"srta", "tel", "ud", "uds",
};

/* A sentence being read. */
struct sentence {
	size_t start, end;   /* its bytes so far */
	int open;            /* something of it has been seen */
	size_t words, syllables;
};

struct scan {
	const char *text;
	size_t len;
	enum read_lang lang;
	void (*fn)(void *ctx, size_t at, size_t n, size_t words);
	void *ctx;
	struct read_counts *c;
	struct sentence cur;
};

static void sentence_extend(struct scan *sc, size_t from, size_t to)
{
	if (!sc->cur.open) {
		sc->cur.open = 1;
		sc->cur.start = from;
	}
	sc->cur.end = to;
}

/* The sentence under way ends: counted if it has a word, dropped if it
 * is only punctuation. */
static void sentence_end(struct scan *sc)
{
	struct sentence *t = &sc->cur;
	if (t->words > 0) {
		struct read_counts *c = sc->c;
		c->sentences++;
		c->words += t->words;
		c->syllables += t->syllables;
		if (t->words > c->longest)
			c->longest = t->words;
		if (sc->fn != NULL)
			sc->fn(sc->ctx, t->start, t->end - t->start, t->words);
	}
	*t = (struct sentence){0, 0, 0, 0, 0};
}

static int32_t char_at(const char *s, size_t len, size_t i, size_t *k)
{
	int32_t cp = -1;
	*k = i < len ? utf8_char(s + i, len - i, &cp) : 0;
	if (i < len && *k == 0) {
		*k = 1;
		cp = -1;
	}
	return *k ? cp : -1;
}

static int is_word_char(int32_t cp)
{
	return cp >= 0 && (is_letter(cp) || is_digit(cp) || is_combining(cp));
}

static int is_ascii_digit(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* The end of the word that starts at i: letters, digits and marks, with
 * apostrophes and hyphens between them and '.' or ',' between digits. */
static size_t word_end(const char *s, size_t len, size_t i)
{
	int32_t prev = -1;
	while (i < len) {
		size_t k, k2;
		int32_t cp = char_at(s, len, i, &k);
		if (is_word_char(cp)) {
			prev = cp;
			i += k;
			continue;
		}
		int32_t next = char_at(s, len, i + k, &k2);
		if ((is_apostrophe(cp) || is_hyphen(cp)) && is_word_char(prev) &&
		    is_word_char(next)) {
			i += k;
			continue;
		}
		if ((cp == '.' || cp == ',') && is_ascii_digit(prev) &&
		    is_ascii_digit(next)) {
			i += k;
			continue;
		}
		break;
	}
	return i;
}

/* Ordinal endings after a number, read with it: 1st, 2nd, 1.º, 3er. */
static int is_ordinal(const char *s, size_t n)
{
	static const char *const ends[] = {
		"st", "nd", "rd", "th", "º", "ª", "o", "a", "er", "ero",
	};
	for (size_t i = 0; i < ARRAY_LEN(ends); i++)
		if (strlen(ends[i]) == n && strncmp(s, ends[i], n) == 0)
			return 1;
	return 0;
}

/* The syllables of the word s[0..n): numbers read aloud, the rest by
 * read_syllables. */
static size_t word_syllables(const char *s, size_t n, enum read_lang lang)
{
	size_t total = 0, i = 0;
	int after_number = 0;
	while (i < n) {
		size_t j = i;
		if (is_ascii_digit((unsigned char)s[i])) {
			while (j < n && (is_ascii_digit((unsigned char)s[j]) ||
					 ((s[j] == '.' || s[j] == ',') &&
					  j + 1 < n && is_ascii_digit((unsigned char)s[j + 1]))))
				j++;
			total += number_syllables(s + i, j - i, lang);
			after_number = 1;
			i = j;
			continue;
		}
		while (j < n && !is_ascii_digit((unsigned char)s[j]))
			j++;
		/* 10-15: the hyphen between numbers is "to", "a". */
		if (after_number && j < n && j - i == 1 && is_hyphen(s[i])) {
			total++;
			i = j;
			continue;
		}
		if (!(after_number && is_ordinal(s + i, j - i)))
			total += (size_t)read_syllables(s + i, j - i, lang);
		after_number = 0;
		i = j;
	}
	return total;
}

/* Whether the word s[0..n) followed by '.' is an abbreviation whose stop
 * ends no sentence. */
static int is_abbreviation(const char *s, size_t n, enum read_lang lang)
{
	char low[16];
	if (n == 0 || n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	low[n] = '\0';
	if (lang == READ_ES)
		return in_list(low, es_abbrevs, ARRAY_LEN(es_abbrevs));
	return in_list(low, en_abbrevs, ARRAY_LEN(en_abbrevs));
}

static int is_closer(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
	       cp == 0x201D || cp == 0x2019 || cp == 0x00BB || cp == '*' ||
	       cp == '_';
}

static int is_terminator(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* Whether the next letter after i (past spaces, quotes and brackets) is
 * a small one: "etc. and", "e.g. the" are no end of sentence. */
static int small_letter_follows(const char *s, size_t len, size_t i)
{
	while (i < len) {
		size_t k;
		int32_t cp = char_at(s, len, i, &k);
		if (is_letter(cp))
			return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
		if (is_word_char(cp))
			return 0;
		if (is_terminator(cp))
			return 0;
		i += k;
	}
	return 0;
}

/* A single letter, a stop, a letter, a stop...: e.g., i.e., U.S. */
static size_t initials_end(const char *s, size_t len, size_t i)
{
	size_t k1, k2;
	int32_t a = char_at(s, len, i, &k1);
	if (!is_letter(a) || char_at(s, len, i + k1, &k2) != '.')
		return i;
	size_t j = i + k1 + k2;
	size_t k3, k4;
	int32_t b = char_at(s, len, j, &k3);
	if (!is_letter(b) || char_at(s, len, j + k3, &k4) != '.')
		return i;
	for (j = i; ; ) {
		a = char_at(s, len, j, &k1);
		if (!is_letter(a) || char_at(s, len, j + k1, &k2) != '.')
			return j;
		j += k1 + k2;
	}
}

static void scan_text(struct scan *sc)
{
	const char *s = sc->text;
	size_t len = sc->len, i = 0;
	int newlines = 0;
	while (i < len) {
		size_t k;
		int32_t cp = char_at(s, len, i, &k);
		if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' ||
		    cp == 0xA0 || cp == '\f' || cp == '\v') {
			/* A blank line ends a sentence. */
			if (cp == '\n' && ++newlines >= 2)
				sentence_end(sc);
			i += k;
			continue;
		}
		newlines = 0;
		if (is_word_char(cp)) {
			size_t j = initials_end(s, len, i);
			int initials = j > i;
			if (!initials)
				j = word_end(s, len, i);
			sentence_extend(sc, i, j);
			sc->cur.words++;
			sc->cur.syllables += initials
				? (size_t)read_syllables(s + i, j - i, sc->lang)
				: word_syllables(s + i, j - i, sc->lang);
			/* 50 %: "percent", "por ciento". */
			size_t p = j;
			if (p < len && s[p] == ' ' && p + 1 < len && s[p + 1] == '%')
				p++;
			if (p < len && s[p] == '%' && !initials) {
				sc->cur.syllables += sc->lang == READ_ES ? 3 : 2;
				j = p + 1;
				sentence_extend(sc, i, j);
			}
			if (!initials && j < len && s[j] == '.' &&
			    is_abbreviation(s + i, j - i, sc->lang)) {
				j++;
				sentence_extend(sc, i, j);
			}
			i = j;
			continue;
		}
		if (sc->lang == READ_ES && (cp == 0xBF || cp == 0xA1)) {
			sentence_end(sc); /* ¿ ¡ open a sentence */
			sentence_extend(sc, i, i + k);
			i += k;
			continue;
		}
		if (is_terminator(cp)) {
			size_t j = i;
			int32_t c2 = cp;
			while (is_terminator(c2) || is_closer(c2)) {
				j += k;
				c2 = char_at(s, len, j, &k);
			}
			sentence_extend(sc, i, j);
			int ends = cp == '!' || cp == '?' ||
				   !small_letter_follows(s, len, j);
			for (size_t t = i; t < j; t++)
				if (s[t] == '!' || s[t] == '?')
					ends = 1;
			if (ends)
				sentence_end(sc);
			i = j;
			continue;
		}
		sentence_extend(sc, i, i + k);
		i += k;
	}
	sentence_end(sc);
}

void read_sentences(const char *text, size_t len, enum read_lang lang,
		    void (*fn)(void *ctx, size_t at, size_t n, size_t words),
		    void *ctx)
{
	struct read_counts c = {0, 0, 0, 0};
	struct scan sc = {text, len, lang, fn, ctx, &c, {0, 0, 0, 0, 0}};
	scan_text(&sc);
}

void read_count(const char *text, size_t len, enum read_lang lang,
		struct read_counts *c)
{
	*c = (struct read_counts){0, 0, 0, 0};
	struct scan sc = {text, len, lang, NULL, NULL, c, {0, 0, 0, 0, 0}};
	scan_text(&sc);
}

void read_add(struct read_counts *c, const struct read_counts *d)
{
	c->words += d->words;
	c->sentences += d->sentences;
	c->syllables += d->syllables;
	if (d->longest > c->longest)
		c->longest = d->longest;
}

/* ---- formulas ---- */

double read_fk_grade(const struct read_counts *c)
{
	if (c->words == 0)
		return 0;
	double s = c->sentences > 0 ? (double)c->sentences : 1;
	return 0.39 * (double)c->words / s +
	       11.8 * (double)c->syllables / (double)c->words - 15.59;
}

double read_fernandez_huerta(const struct read_counts *c)
{
	if (c->words == 0)
		return 0;
	double s = c->sentences > 0 ? (double)c->sentences : 1;
	return 206.84 - 60 * (double)c->syllables / (double)c->words -
	       1.02 * (double)c->words / s;
}
