# pamphlet: `make` builds the generator and the site; `make test` runs
# every test.  See README.md.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/pamphlet

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -std=c17 -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wshadow
WERROR ?= -Werror
VERSION = 0.1.0
# PAMPHLET_DATADIR is used by main.c alone (see datadir.stamp below).
ALL_CFLAGS = $(WARNINGS) $(WERROR) $(CFLAGS) -DPAMPHLET_VERSION='"$(VERSION)"' -DPAMPHLET_DATADIR='"$(DATADIR)"' -MMD -MP

# Flags from pkg-config, for the libraries that ship a .pc file
# (libmicrohttpd: the web server of `pamphlet serve`); libharu 2.3 ships
# none.  Some cmark-gfm .pc files leave out its extensions library.
PKG_CONFIG ?= pkg-config
PC_MODULES = libcmark-gfm yaml-0.1 libutf8proc libxxhash libmicrohttpd zlib librsvg-2.0 cairo libqrencode
HPDF_LIBS ?= -lhpdf
# $(call once,VAR,COMMAND): COMMAND's output, run when VAR is first used
# (in a recipe: after `deps` has made sure the libraries are here), once.
once = $(eval $1 := $$(shell $2))$($1)
PC_CFLAGS = $(call once,PC_CFLAGS,$(PKG_CONFIG) --cflags $(PC_MODULES) 2>/dev/null)
PC_LIBS = $(call once,PC_LIBS,$(PKG_CONFIG) --libs $(PC_MODULES) 2>/dev/null || echo -lcmark-gfm -lyaml -lutf8proc -lxxhash -lmicrohttpd -lz -lrsvg-2 -lcairo -lgobject-2.0 -lglib-2.0 -lqrencode)
LIBS = -lcmark-gfm-extensions $(HPDF_LIBS) $(filter-out -lcmark-gfm-extensions,$(PC_LIBS)) -lm -lpthread
CMOCKA_CFLAGS = $(call once,CMOCKA_CFLAGS,$(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(call once,CMOCKA_LIBS,$(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

# Checks that what a target needs is here (groups: see generator/deps.sh);
# on Debian, installs what is missing, or says how.
DEPS = CC='$(CC)' CPPFLAGS='$(CPPFLAGS)' CFLAGS='$(CFLAGS)' PKG_CONFIG='$(PKG_CONFIG)' sh generator/deps.sh

SRCS = $(filter-out generator/main.c,$(wildcard generator/*.c))
OBJS = $(SRCS:.c=.o)
LIB = generator/libpamphlet.a
BIN = generator/pamphlet
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:.c=)

# The same sources built with AddressSanitizer and UBSan, for `make sanitize`.
ASAN_DIR = tests/tmp/asan
ASAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_OBJS = $(SRCS:generator/%.c=$(ASAN_DIR)/%.o)
ASAN_UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(ASAN_DIR)/%)
VALGRIND = valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect

.PHONY: all site serve deps unit-deps test-deps test unit build-test regress spec-test FORCE e2e serve-test kill-test pdf-test browser sanitize valgrind fuzz fuzz-smoke bench bench-serve install uninstall clean

all: site

# The libraries to compile, and the sheet's font (off Debian, a missing
# font is only a warning: pamphlet needs it when it runs).
deps:
	@$(DEPS) build fonts

# Unit tests need cmocka and nothing more.
unit-deps: deps
	@$(DEPS) unit

# Everything `make test` needs, in one go (one apt-get on a new machine).
test-deps:
	@$(DEPS) build fonts unit pdf valgrind browser fuzz node spec

generator/%.o: generator/%.c | deps
	$(CC) $(ALL_CFLAGS) $(CPPFLAGS) $(PC_CFLAGS) -c $< -o $@

# The folder of the installed templates is compiled into main.o: this
# stamp holds it, and changes only when it changes, so that building with
# one PREFIX and installing with another rebuilds main.o for the second.
# (DESTDIR is not part of it: it only stages the files.)
generator/datadir.stamp: FORCE
	@[ "$$(cat $@ 2>/dev/null)" = '$(DATADIR)' ] || printf '%s\n' '$(DATADIR)' >$@
generator/main.o $(ASAN_DIR)/main.o: generator/datadir.stamp
FORCE:

$(LIB): $(OBJS)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

$(BIN): generator/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ generator/main.o $(LIB) $(LIBS)

site: $(BIN)
	./$(BIN) build

# Live preview: build, serve out/ on http://127.0.0.1:8000/, rebuild on save.
serve: $(BIN)
	./$(BIN) serve

tests/unit/test_%: tests/unit/test_%.c $(LIB) | unit-deps
	$(CC) $(ALL_CFLAGS) $(CPPFLAGS) $(PC_CFLAGS) $(CMOCKA_CFLAGS) -Igenerator $(LDFLAGS) -o $@ $< $(LIB) $(LIBS) $(CMOCKA_LIBS)

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; ./$$t; done

# The build itself: without dpkg, with a library missing, a unit test
# without the browser, PREFIX and DESTDIR (in a copy of this folder).
build-test: | unit-deps
	@sh tests/build/run.sh

regress: $(BIN)
	@sh tests/regress/run.sh ./$(BIN)

# The CommonMark/GFM spec's examples (the cmark-gfm package ships them):
# each page as the cmark-gfm command renders it, or refused as listed in
# tests/spec/refused.
spec-test: $(BIN)
	@$(DEPS) spec node
	@node tests/spec/run.mjs ./$(BIN)

e2e: $(BIN)
	@$(DEPS) pdf node
	@sh tests/e2e/run.sh ./$(BIN)
	@sh tests/e2e/cache.sh ./$(BIN)
	@sh tests/e2e/jobs.sh ./$(BIN)
	@sh tests/e2e/lock.sh ./$(BIN)
	@sh tests/e2e/new.sh ./$(BIN)
	@sh tests/e2e/progress.sh ./$(BIN)
	@sh tests/e2e/svg.sh ./$(BIN)
	@sh tests/e2e/handout.sh ./$(BIN)
	@sh tests/e2e/checks.sh ./$(BIN)
	@sh tests/e2e/report.sh ./$(BIN)
	@sh tests/e2e/languages.sh ./$(BIN)
	@sh tests/e2e/languages-cache.sh ./$(BIN)

# pamphlet serve: pages, reload, error banner, path safety, SIGTERM.
serve-test: $(BIN)
	@$(DEPS) node
	@sh tests/serve/run.sh ./$(BIN)

# Builds killed with SIGKILL at random moments leave only whole files.
kill-test: $(BIN)
	@sh tests/e2e/kill.sh ./$(BIN) 30

pdf-test: $(BIN)
	@$(DEPS) pdf node
	@bash tests/pdf/run.sh ./$(BIN)

browser: $(BIN)
	@$(DEPS) browser node
	@sh tests/browser/run.sh ./$(BIN)

$(ASAN_DIR)/%.o: generator/%.c | deps
	@mkdir -p $(ASAN_DIR)
	$(CC) $(WARNINGS) $(WERROR) $(ASAN_CFLAGS) -DPAMPHLET_VERSION='"$(VERSION)"' -DPAMPHLET_DATADIR='"$(DATADIR)"' -MMD -MP $(CPPFLAGS) $(PC_CFLAGS) -c $< -o $@

$(ASAN_DIR)/pamphlet: $(ASAN_DIR)/main.o $(ASAN_OBJS)
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

$(ASAN_DIR)/test_%: tests/unit/test_%.c $(ASAN_OBJS) | unit-deps
	$(CC) $(WARNINGS) $(WERROR) $(ASAN_CFLAGS) $(CPPFLAGS) $(PC_CFLAGS) $(CMOCKA_CFLAGS) -Igenerator -o $@ $< $(ASAN_OBJS) $(LIBS) $(CMOCKA_LIBS)

# The C tests again with AddressSanitizer and UBSan: unit, regress, e2e.
# Library leaks we cannot fix are listed in tests/lsan.supp.
sanitize: export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
sanitize: $(ASAN_DIR)/pamphlet $(ASAN_UNIT_BINS)
	@$(DEPS) pdf node
	@set -e; for t in $(ASAN_UNIT_BINS); do echo "== $$t"; ./$$t; done
	@sh tests/regress/run.sh $(ASAN_DIR)/pamphlet
	@sh tests/e2e/run.sh $(ASAN_DIR)/pamphlet
	@sh tests/e2e/cache.sh $(ASAN_DIR)/pamphlet
	@sh tests/e2e/jobs.sh $(ASAN_DIR)/pamphlet

# Under valgrind: a full build of the shipped content, a rebuild from its
# cache after an edit, a check, and a short `pamphlet serve` session (a
# request, an edit reaching the page, SIGTERM).  No error, no leak.
valgrind: $(BIN)
	@$(DEPS) valgrind node
	@rm -rf tests/tmp/valgrind-out tests/tmp/valgrind-content
	@mkdir -p tests/tmp
	@cp -R content tests/tmp/valgrind-content
	$(VALGRIND) ./$(BIN) build --quiet --content tests/tmp/valgrind-content --out tests/tmp/valgrind-out
	@sed -i 's/^title: .*/title: "Edited"/' tests/tmp/valgrind-content/exercises/rows.md
	$(VALGRIND) ./$(BIN) build --quiet --content tests/tmp/valgrind-content --out tests/tmp/valgrind-out
	@grep -q '<h1>Edited</h1>' tests/tmp/valgrind-out/exercises/rows/index.html
	$(VALGRIND) ./$(BIN) check --quiet --content tests/regress/_base/content --templates templates
	node tests/serve/valgrind.mjs ./$(BIN) $(VALGRIND)
	@rm -rf tests/tmp/valgrind-handouts
	$(VALGRIND) ./$(BIN) handout --quiet --allow-placeholders --jobs 2 --content tests/tmp/valgrind-content -o tests/tmp/valgrind-handouts content/plans/example.yaml
	@test -s tests/tmp/valgrind-handouts/example.pdf
	@echo "valgrind: 5 passed, 0 failed"

# libFuzzer: a short smoke run in `make test`, longer with `make fuzz`
# (FUZZ_SECONDS each harness).
FUZZ_SECONDS ?= 600
fuzz-smoke: | deps
	@$(DEPS) fuzz
	@sh tests/fuzz/run.sh 8

fuzz: | deps
	@$(DEPS) fuzz
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# Speed, side by side with Hugo and cmark-gfm, and one language against
# two (BENCH_LANG_N exercises each, default 1000): reported, never enforced.
bench: $(BIN)
	@$(DEPS) bench node
	@sh tests/bench/run.sh ./$(BIN)
	@sh tests/bench/handouts.sh ./$(BIN) $${BENCH_HANDOUTS:-1000}
	@sh tests/bench/desk.sh ./$(BIN)
	@sh tests/bench/languages.sh ./$(BIN) $${BENCH_LANG_N:-1000}

# Save to served in `pamphlet serve`, this pamphlet and BENCH_REF's
# (default main) side by side (BENCH_N, default 10000).
bench-serve: $(BIN)
	@$(DEPS) node
	@sh tests/bench/serve-compare.sh ./$(BIN) $${BENCH_REF:-main}

test: test-deps
	@$(MAKE) --no-print-directory unit build-test regress spec-test e2e serve-test kill-test pdf-test browser fuzz-smoke sanitize valgrind

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/pamphlet
	install -m 644 generator/pamphlet.1 $(DESTDIR)$(MANDIR)/man1/pamphlet.1
	rm -rf $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/example
	cp -R templates $(DESTDIR)$(DATADIR)/templates
	install -d $(DESTDIR)$(DATADIR)/example
	cp -R content $(DESTDIR)$(DATADIR)/example/content

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pamphlet $(DESTDIR)$(MANDIR)/man1/pamphlet.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -f generator/*.o generator/*.d generator/datadir.stamp $(LIB) $(BIN) $(UNIT_BINS) tests/unit/*.d
	rm -rf tests/tmp

-include $(OBJS:.o=.d) generator/main.d $(ASAN_OBJS:.o=.d) $(ASAN_DIR)/main.d
