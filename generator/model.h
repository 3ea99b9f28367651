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

struct md_doc;
struct text_places;

enum category { CAT_STRETCH, CAT_STRENGTH, CAT_AEROBIC, CAT_COUNT };

/* "stretch", "strength", "aerobic": the values of the category key. */
extern const char *const category_keys[CAT_COUNT];
/* "Stretches", ...: headings for the groups, in both backends. */
extern const char *const category_labels[CAT_COUNT];

/* What the schedule shows for an exercise whose file gives no frequency
 * or duration: we never invent clinical figures. */
#define CONTENT_AS_ADVISED "As advised by your clinician"

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
};

/* A link or image address written in a page's Markdown, as it was after
 * .md links were rewritten: lets the link checker name the line. */
struct page_link {
	char *url;  /* the address in the built page */
	char *orig; /* the address as the author wrote it */
	int line, col;
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
	/* 1: reused from the build cache (cache.h): no body, its output is
	 * already in out/ and is kept as it is.  Its text is its own, like
	 * any page's. */
	int cached;
};


/* One row of the frequency table: the same rows on the schedule page and
 * on the printable sheet. */
struct freq_row {
	const struct page *page; /* the exercise page */
	const char *exercise;    /* its title */
	const char *frequency;   /* its frequency, or CONTENT_AS_ADVISED */
	const char *duration;    /* its duration, or CONTENT_AS_ADVISED */
};

struct site {
	char *content_dir;
	char *config;          /* path of site.yaml, for diagnostics */
	struct text_places *config_places; /* its characters (text.h) */
	char *title;           /* required */
	char *clinic_name;     /* required */
	char *clinic_phone, *clinic_email, *clinic_address, *clinic_website;
	char *lang;            /* default "en" */
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
};

void site_free(struct site *site); /* NULL is fine */
void page_free(struct page *p);    /* NULL is fine */

/* Pages in output order: the sections, then the exercises. */
size_t site_page_count(const struct site *site);
struct page *site_page(const struct site *site, size_t i);

#endif
