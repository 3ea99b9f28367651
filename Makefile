# pamphlet: `make` builds the generator and the site; `make test` runs
# every test.  See README.md.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/pamphlet

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -std=c17 -Wall -Wextra -Wpedantic -Wstrict-prototypes
WERROR ?= -Werror
VERSION = 0.1.0
ALL_CFLAGS = $(WARNINGS) $(WERROR) $(CFLAGS) -DPAMPHLET_VERSION='"$(VERSION)"' -MMD -MP
# Recursive (=) so pkg-config runs after `deps` has installed it all.
LIBS = $(shell pkg-config --libs libcmark-gfm yaml-0.1 libutf8proc 2>/dev/null || echo -lcmark-gfm -lcmark-gfm-extensions -lyaml -lutf8proc) $(HPDF_LIBS) -lm
HPDF_LIBS ?= -lhpdf

# Debian packages: to build and run, and to test.
BUILD_PKGS = gcc make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev \
	libhpdf-dev libyaml-dev libutf8proc-dev fonts-noto-core
TEST_PKGS = libcmocka-dev poppler-utils qpdf valgrind
BROWSER_PKGS = chromium default-jre-headless

SRCS = $(filter-out generator/main.c,$(wildcard generator/*.c))
OBJS = $(SRCS:.c=.o)
LIB = generator/libpamphlet.a
BIN = generator/pamphlet
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:.c=)

.PHONY: all site deps test-deps test unit regress e2e pdf-test browser install uninstall clean

all: site

deps:
	@sh generator/deps.sh $(BUILD_PKGS)

test-deps: deps
	@sh generator/deps.sh $(TEST_PKGS) $(BROWSER_PKGS)
	@command -v node >/dev/null || sh generator/deps.sh nodejs

generator/%.o: generator/%.c | deps
	$(CC) $(ALL_CFLAGS) $(CPPFLAGS) -c $< -o $@

$(LIB): $(OBJS)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

$(BIN): generator/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ generator/main.o $(LIB) $(LIBS)

site: $(BIN)
	./$(BIN) build

tests/unit/test_%: tests/unit/test_%.c $(LIB) | test-deps
	$(CC) $(ALL_CFLAGS) $(CPPFLAGS) -Igenerator $(LDFLAGS) -o $@ $< $(LIB) $(LIBS) -lcmocka

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; ./$$t; done

regress: $(BIN)
	@sh tests/regress/run.sh ./$(BIN)

e2e: $(BIN)
	@sh tests/e2e/run.sh ./$(BIN)

pdf-test: $(BIN) | test-deps
	@bash tests/pdf/run.sh ./$(BIN)

browser: $(BIN) | test-deps
	@sh tests/browser/run.sh ./$(BIN)

test: test-deps
	@$(MAKE) --no-print-directory unit regress e2e pdf-test browser

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/pamphlet
	install -m 644 generator/pamphlet.1 $(DESTDIR)$(MANDIR)/man1/pamphlet.1
	cp -R templates $(DESTDIR)$(DATADIR)/templates

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pamphlet $(DESTDIR)$(MANDIR)/man1/pamphlet.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -f generator/*.o generator/*.d $(LIB) $(BIN) $(UNIT_BINS) tests/unit/*.d
	rm -rf tests/tmp

-include $(OBJS:.o=.d) generator/main.d
