/*
 * model.h: the content model: the site, its pages and exercises, as
 * content_load() (content.h) makes them and every backend reads them.
 * Types only, and the functions that free and walk them (content.c);
 * which front-matter key lands where is fields.h's table.
 *
 * Ownership: the struct site owns everything reachable from it; a page
 * owns all of its strings, whether it was loaded from its file or from
 * the build cache.
 */
#ifndef PAMPHLET_MODEL_H
#define PAMPHLET_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "fsutil.h"
#include "strmap.h"

struct md_doc;
struct text_places;
struct i18n;

enum category { CAT_STRETCH, CAT_STRENGTH, CAT_AEROBIC, CAT_COUNT };

/* "stretch", "strength", "aerobic": the values of the category key. */
extern const char *const category_keys[CAT_COUNT];
/* The keys of the groups' headings in the word tables (i18n.h):
 * "category.stretch"... */
extern const char *const category_words[CAT_COUNT];

enum paper { PAPER_A4, PAPER_LETTER };

enum page_kind {
	PAGE_HOME,       /* index.md        -> index.html */
	PAGE_CAUSES,     /* causes.md       -> causes/index.html */
	PAGE_EXERCISES,  /* exercises.md    -> exercises/index.html */
	PAGE_SCHEDULE,   /* schedule.md     -> schedule/index.html */
	PAGE_PREVENTION, /* prevention.md   -> prevention/index.html */
	PAGE_FAQ,        /* faq.md          -> faq/index.html */
	PAGE_EXERCISE,   /* exercises/S.md  -> exercises/S/index.html */
	PAGE_KIND_COUNT
};

/* One picture of an exercise (a body position: "start", "end"), in the
 * order the file lists them.  `pictures:` in front matter, or the
 * one-picture form `image:` + `image_alt:`. */
enum picture_kind { PICTURE_PNG, PICTURE_JPEG, PICTURE_SVG };
struct picture {
	char *file;    /* as written; once resolved, its path under out/ */
	char *alt;     /* what it shows, in words (required) */
	char *caption; /* a short label under it ("Start"), or NULL */
	int line;      /* line of its item (or of image:), for messages */
	char *src;     /* the content file read, once resolved, or NULL */
	int kind;      /* enum picture_kind, once resolved */
	int width, height; /* its size in CSS pixels for the page's <img>
			    * (an SVG's intrinsic size or its viewBox's) */
};

struct exercise {
	int category;      /* enum category */
	char *frequency;   /* NULL when the file gives none */
	char *duration;    /* NULL when the file gives none */
	long order;        /* position in its category; LONG_MAX if none */
	char *summary;     /* one sentence for lists, or NULL */
	char *image;       /* image: as written (the one-picture form), moved
			    * into pictures[0] by the loader */
	char *image_alt;   /* image_alt: likewise */
	int image_line;    /* line of the image key, for messages */
	int image_alt_line;
	struct picture *pictures; /* in order; NULL when none */
	size_t npictures;
	char *sets, *reps, *hold, *sides; /* each NULL when not given */
	char *equipment;   /* what the patient needs ("a chair"), or NULL */
	int as_advised;    /* 1: no dose here on purpose: the clinician
			    * sets it for each patient (as_advised: true) */
};

/* A link or image address written in a page's Markdown, as it was after
 * .md links were rewritten: lets the link checker name the line. */
struct page_link {
	char *url;  /* the address in the built page */
	char *orig; /* the address as the author wrote it */
	int line, col;
};

/* What the plain-language checks (checks.h) learned of a page's body
 * when it was loaded: kept with the page (and in the build cache), since
 * a cached or sealed body can no longer be read. */
struct page_checks {
	char *msgs;     /* its warnings, whole lines as struct diag prints
			 * them, or NULL */
	int nmsgs;
	double level;   /* Flesch-Kincaid grade, or the Fernández-Huerta
			 * score for Spanish; 0 when too short to judge */
	size_t words;   /* words of body text */
	size_t longest; /* words in its longest sentence */
	size_t jargon;  /* uses of an unexplained health word */
};

/* A health word and its plain explanation (plain.h). */
struct plain_word {
	char *term, *plain;
	int line;
};

/* The checks' settings: site.yaml's "checks:" (a translation's
 * content/LANG/site.yaml may change them for its language). */
struct checks_conf {
	double grade;         /* the most an English page may need; < 0: off */
	double ease;          /* the least a Spanish page may score; < 0: off */
	long sentence_words;  /* the most words in a sentence; 0: off */
	long review_days;     /* the oldest a review may be; 0: off */
	int jargon, pieces, placeholders; /* 1: on */
	char *safety_heading; /* an exercise's safety section's heading, or
			       * NULL: the words' checks.safety_heading */
};

/* A file copied as is from content/ into out/ (images). */
struct asset {
	char *src; /* path to read */
	char *out; /* path under out/ */
	struct fs_stamp stamp; /* src's, when the page that uses it loaded */
};

struct page {
	enum page_kind kind;
	char *src;           /* the file, as diagnostics name it */
	char *slug;          /* "causes", "chest-stretch"; "" for home */
	char *out;           /* output path under out/: "causes/index.html" */
	char *title;         /* required */
	char *nav_title;     /* short name in the menu, or NULL (title) */
	char *description;   /* meta description, or NULL */
	char *last_reviewed; /* YYYY-MM-DD, or NULL */
	char *reviewed_by;   /* or NULL */
	char **key_points;   /* a section's summary, NULL-terminated, or
			      * NULL: the home page's is on the sheet too */
	struct md_doc *body; /* the Markdown after the front matter (the
			      * one body both backends read); NULL for a
			      * cached page.  Sealed (markdown.h) for an
			      * exercise that is not on the printed sheet */
	int body_line;       /* file line where the body starts */
	struct exercise *ex; /* exercise pages only, else NULL */
	struct page_link *links; /* every link and image in the body */
	size_t nlinks;
	struct asset *refs;  /* the content files (images) it uses */
	size_t nrefs;
	struct fs_stamp stamp; /* the source file's, read before loading it */
	uint64_t hash;         /* hash_bytes() of the source file */
	/* Where each non-ASCII character of the file first appears
	 * (text.h), for the sheet's warnings; NULL for a cached page. */
	struct text_places *places;
	struct page_checks checks; /* (checks.h) */
	/* 1: reused from the build cache (cache.h): no body, its output is
	 * already in out/ and is kept as it is.  Its text is its own, like
	 * any page's. */
	int cached;
	/* 1: made first and shown at once, being one of the few just
	 * edited (build_opts.early, set by build.c). */
	int early;
};


/* One row of the frequency table: the same rows on the schedule page and
 * on the printable sheet. */
struct freq_row {
	const struct page *page; /* the exercise page */
	const char *exercise;    /* its title */
	const char *frequency;   /* its frequency, or NULL: the backends show
				  * dose.as_advised (we never invent a
				  * clinical figure) */
	const char *duration;    /* its duration, or NULL: likewise */
};

struct site {
	char *content_dir;
	char *config;          /* path of site.yaml, for diagnostics */
	struct text_places *config_places; /* its characters (text.h) */
	char *title;           /* required */
	char *clinic_name;     /* required */
	char *clinic_phone, *clinic_email, *clinic_address, *clinic_website;
	char *lang;            /* this site's language: "en" by default */
	char *base_url;        /* without a final '/', or NULL */
	char *disclaimer;      /* or NULL */
	int paper;             /* enum paper */
	int unsafe_html;       /* keep raw HTML in Markdown */
	char *last_reviewed;   /* the newest last_reviewed of all pages, or NULL */

	/* The section pages in navigation order, indexed by enum page_kind
	 * up to PAGE_FAQ; the exercises index exists even without
	 * exercises.md (then with a default title and no body). */
	struct page *sections[PAGE_EXERCISE];
	/* Exercise pages, by category, then order, then title. */
	struct page **exercises;
	size_t nexercises;
	/* The frequency table, one row per exercise, in the same order. */
	struct freq_row *table;
	size_t ntable;
	/* The printed sheet's rows and cards: the exercises site.yaml's
	 * "sheet" list names (a clinician's programme), in table order; all
	 * of them when there is no list.  Points into table. */
	const struct freq_row **sheet;
	size_t nsheet;
	struct asset *assets;
	size_t nassets;

	/* Languages (site.yaml's "languages:").  Each is a struct site of
	 * its own, with its pages, table and sheet; the default language's
	 * site owns the others.  A translation's pages come from
	 * content/LANG/ and go to out/LANG/; its site-wide texts (clinic,
	 * base_url, paper...) are the default's but for title and
	 * disclaimer, which content/LANG/site.yaml may give. */
	char *prefix;          /* "" for the default language, else "es/":
				* the folder of its files in content/ and
				* of its pages in out/ */
	const struct site *base; /* a translation's default-language site;
				  * NULL for the default itself */
	struct site **tr;      /* the default's: the other languages, in
				* site.yaml's order */
	size_t ntr;
	/* The words the backends write around the content, in this
	 * language (i18n.h), from templates/i18n/; the default language's
	 * site owns every language's table (own_words). */
	const struct i18n *words;
	struct i18n **own_words;
	size_t nown_words;
	/* The pages in output order (the sections it has, then the
	 * exercises): made once loading is done. */
	struct page **pages;
	size_t npages;
	struct strmap by_slug; /* its exercise pages by slug */
	struct checks_conf checks;  /* the plain-language checks' settings */
	struct plain_word *plain;   /* its language's plain-words.yaml */
	size_t nplain;
	char *plain_file;           /* that file, for messages */
	/* 1: its sheet cannot be printed (pdf_script_problem()): its
	 * pages do not link to one.  Set by the build. */
	int no_sheet;
};

void site_free(struct site *site); /* NULL is fine */
void page_free(struct page *p);    /* NULL is fine */

/* Pages of this site's language in output order: the sections, then the
 * exercises. */
size_t site_page_count(const struct site *site);
struct page *site_page(const struct site *site, size_t i);
/* Every language's pages: the default's, then each translation's. */
size_t site_all_count(const struct site *site);
struct page *site_all_page(const struct site *site, size_t i);
/* The site of language number i (0: the default), of the default's. */
size_t site_lang_count(const struct site *site);
const struct site *site_lang(const struct site *site, size_t i);
/* The exercise of this language with that slug, or NULL. */
const struct page *site_exercise(const struct site *site, const char *slug);
/* Section k of this language, or of the default language when the
 * translation has none (its menu then links to that page). */
const struct page *site_section(const struct site *site, enum page_kind k);

#endif
