/*
 * layout_parts.h: what the two parts of the sheet's layout share:
 * layout_sheet.c (page 1, the log, the footer, the whole document) and
 * layout_cards.c (the exercise cards), and the pieces both use
 * (layout_parts.c).  Internal to those files.
 *
 * Ownership: a struct sheet lives for one lay_programme() call; it owns
 * its flow and `shared`; the rest is the caller's.
 */
#ifndef PAMPHLET_LAYOUT_PARTS_H
#define PAMPHLET_LAYOUT_PARTS_H

#include "layout_flow.h"

#define MM (72.0 / 25.4)
#define M_SIDE (14 * MM)   /* left and right margins */
#define M_TOP (13 * MM)    /* above the body */
#define M_FOOT (12 * MM)   /* below the footer's last line */
#define CARD_PAD 8.0       /* inside an exercise card's border */
#define CARD_GAP 8.0       /* between cards, down and across */
#define CARD_COLUMNS 1     /* cards side by side (1 or 2) */
#define PIC_GAP 10.0       /* between two pictures side by side */
#define PIC_MAX_W (45 * MM) /* a picture's widest print */
#define PIC_MAX_H (40 * MM) /* and tallest (a portrait picture) */
#define PIC_SIDE_W (27 * MM) /* the pictures' column beside a card's words */
#define QR_MIN_W (24 * MM) /* a QR code, with its quiet zone: phones read it */
#define QR_QUIET 4         /* modules of white around a QR code */
#define LOG_WEEKS 4        /* weeks of the tick-box log */
#define LOG_BOX (6.5 * MM) /* a tick box's side: big for unsteady hands */
#define LOG_PITCH (LOG_BOX + 6) /* box to box */
#define LOG_WEEK_SEP 8.0   /* extra room between two weeks */
#define LOG_NAME_MIN 110.0 /* the exercise names' column, at least */

/* The sheet's own words, from the site's word table (i18n.h). */
struct labels {
	const char *patient, *date, *clinician;
	const char *phone, *email, *address, *website;
	const char *exercise, *frequency, *duration;
	const char *how_often, *how_long, *sets, *reps, *hold, *sides;
	const char *equipment;
	const char *log_title, *log_hint, *week_fmt, *days[7];
	const char *continued;
	const char *safety_title, *safety_stop;
	const char *important, *default_disclaimer;
	const char *exercises;
	const char *page_fmt, *reviewed;
	const char *card_note, *online, *your_note, *next_review;
	const struct i18n *t;
	char *own[8]; /* the labels made with sheet.label */
};

struct sheet {
	const struct site *site;
	struct flow *f;
	const struct lay_metrics *m;
	struct diag *d;
	struct md_layout md;
	double x0, x1; /* the text column */
	double body_h; /* the body's height on a page */
	const struct labels *L;
	const struct lay_programme *prog; /* what is printed */
	int note_done; /* the disclaimer is on page 1 */
	char *shared;  /* a paragraph several cards share, printed once in
			* the When to stop box instead (shared_advice()) */
};

/* The file a text on the sheet comes from, for warnings about its
 * characters. */
struct origin {
	const char *file;
	const struct text_places *places;
};

struct origin site_origin(const struct sheet *sh);
struct origin page_origin(const struct page *p);
/* Warn about what S cannot print as written (layout_flow.h). */
void warn_odd(struct sheet *sh, struct origin from, const struct spans *S);
double width_of(const struct sheet *sh, int font, double size,
		const char *s);
/* A plain string (from site.yaml) as a paragraph: an element of role
 * (LAY_TAG_P, a heading). */
size_t text_para(struct sheet *sh, struct origin from, const char *s,
		 int font, double size, double x0, double x1, double gap,
		 int keep_last, int role);
/* "Label: value", the label in bold. */
size_t labelled_para(struct sheet *sh, const char *label, const char *value,
		     double x0, double x1, double gap);
/* Lay out `what` into a flow of its own and return it as one column
 * (flow_column()), its height in *h.  sh->f is the main flow again
 * after. */
struct lay_doc *in_column(struct sheet *sh,
			  void (*what)(struct sheet *, const void *),
			  const void *arg, double *h);
/* Height of what `what` lays out, without a word of warning (it is laid
 * out again for real). */
double measure(struct sheet *sh, void (*what)(struct sheet *, const void *),
	       const void *arg);
/* A section's heading ("Exercises"), kept with what follows. */
void section_heading(struct sheet *sh, struct origin from, const char *text,
		     double gap);

/* A QR code of text, as filled squares (vector, sharp at any size),
 * with a white quiet zone of QR_QUIET modules, as wide as x1 - x0 (at
 * least QR_MIN_W), in an item of its own. */
void qr_item(struct sheet *sh, const char *text, double x0, double x1,
	     double gap);

/* layout_cards.c: the exercise cards, the first on what is left of the
 * page (room0), as many whole cards on a page as fit. */
void sheet_cards(struct sheet *sh, double room0);
/* The paragraph several cards would print word for word ("Stop if it
 * hurts..."), printed once in the When to stop box instead; NULL when
 * there is none.  Caller frees. */
char *sheet_shared_advice(const struct lay_programme *pr);

#endif
