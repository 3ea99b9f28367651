#include "plain.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"

void plain_free(struct plain_word *w, size_t n)
{
	for (size_t i = 0; i < n && w != NULL; i++) {
		free(w[i].term);
		free(w[i].plain);
	}
	free(w);
}

int plain_load(const char *path, size_t max_size, struct plain_word **words,
	       size_t *n, struct diag *d)
{
	*words = NULL;
	*n = 0;
	if (!fs_exists(path))
		return 0;
	struct buf text = BUF_INIT;
	if (fs_read_file(path, &text, max_size, d) != 0)
		return -1;
	yaml_parser_t p;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)buf_cstr(&text),
				     text.len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	int rc = 0;
	if (!yaml_parser_load(&p, &doc)) {
		diag_error(d, path, (int)p.problem_mark.line + 1,
			   (int)p.problem_mark.column + 1,
			   "not valid YAML: %s (expected lines such as "
			   "latissimus dorsi: \"the large muscles at the sides "
			   "of your back\")",
			   p.problem ? p.problem : "unreadable");
		yaml_parser_delete(&p);
		buf_free(&text);
		return -1;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root != NULL && root->type != YAML_MAPPING_NODE) {
		diag_error(d, path, (int)root->start_mark.line + 1,
			   (int)root->start_mark.column + 1,
			   "expected a list of words and their plain "
			   "explanations (word: \"explanation\")");
		rc = -1;
	}
	for (yaml_node_pair_t *pr = root && rc == 0
					    ? root->data.mapping.pairs.start
					    : NULL;
	     pr != NULL && pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
		int line = (int)k->start_mark.line + 1;
		int col = (int)k->start_mark.column + 1;
		if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE ||
		    k->data.scalar.length == 0 || v->data.scalar.length == 0) {
			diag_error(d, path, line, col,
				   "expected a word and its plain explanation "
				   "(word: \"explanation\"), both text");
			rc = -1;
			continue;
		}
		const char *term = (const char *)k->data.scalar.value;
		size_t dup = 0;
		while (dup < *n && strcasecmp((*words)[dup].term, term) != 0)
			dup++;
		if (dup < *n) {
			diag_error(d, path, line, col,
				   "\"%s\" is given twice (first at line %d)",
				   term, (*words)[dup].line);
			rc = -1;
			continue;
		}
		if (*n == PLAIN_MAX_WORDS) {
			diag_error(d, path, line, col, "more than %d words",
				   PLAIN_MAX_WORDS);
			rc = -1;
			break;
		}
		*words = xrealloc(*words, (*n + 1) * sizeof **words);
		(*words)[*n] = (struct plain_word){
			xstrdup(term), xstrdup((const char *)v->data.scalar.value),
			line};
		(*n)++;
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	buf_free(&text);
	if (rc != 0) {
		plain_free(*words, *n);
		*words = NULL;
		*n = 0;
	}
	return rc;
}
