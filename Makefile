# Makefile for the cs toolkit (GNU make).
#
#   make                  build lib/libcs.a and the programs in bin/
#   make test             run the test suite, then again under ASan+UBSan
#   make sanitize-test    only the sanitizer run
#   make sanitize-test-pg the PostgreSQL pass (scripts/test-pg.sh) under ASan+UBSan
#   make valgrind-test    the test suite with every program under valgrind memcheck
#   make check            static checks: cppcheck, clang-tidy, mandoc -Tlint
#   make fuzz             libFuzzer runs (FUZZ_SECONDS=60 each)
#   make install          the programs and manual pages, under DESTDIR
#   make uninstall        remove exactly what make install installed
#   make demo             sample data through the whole pipeline
#   make clean
#
# make only builds: it never installs packages.  The libraries and tools
# (Debian package names) are in scripts/install-deps.sh, which the
# README's commands, scripts/demo.sh and scripts/test.sh, run first; a
# target whose tool is missing stops and names it.
#
# Variables, on the command line (make VAR=value) or in the environment:
#
#   CC          C11 compiler with -pthread (cc)
#   CFLAGS      optimisation and debugging (-O2 -g)
#   CPPFLAGS    preprocessor flags, e.g. -I/opt/local/include
#   LDFLAGS     linker flags, e.g. -L/opt/local/lib
#   LDLIBS      more libraries, linked after the project's, e.g. -liconv
#   PKG_CONFIG  asked for sqlite3's, libcsv's and libpq's flags (pkg-config), with
#               PKG_CONFIG_PATH; without it, or for a library it does
#               not know, -lsqlite3 and -lcsv
#   PKG_CONFIG_PATH  where pkg-config looks first for .pc files
#   SQLITE_CFLAGS SQLITE_LIBS CSV_CFLAGS CSV_LIBS
#               set these to skip pkg-config for that library
#   LIBPQ       yes: build the PostgreSQL backend (libpq), no: without
#               it (a postgresql:// database is then refused); by
#               default yes when pkg-config knows libpq or LIBPQ_LIBS
#               is set
#   LIBPQ_CFLAGS LIBPQ_LIBS
#               libpq's flags, to skip pkg-config (default -lpq)
#   STRICT=1    warnings are errors (-Werror): scripts/test.sh, so CI,
#               builds with it; a plain make does not
#   PREFIX      installation prefix (/usr/local)
#   DESTDIR     staging directory put before every installed path (none)
#   BINDIR      where the programs are installed ($(PREFIX)/bin); or bindir
#   DATADIR     where the shared files go: DATADIR/cs/nightly.sh
#               ($(PREFIX)/share); or datadir
#   SYSCONFDIR  where the installed access file is read from:
#               SYSCONFDIR/cs/access.conf, cs-access(5) ($(PREFIX)/etc);
#               or sysconfdir
#   MANDIR      where the manual pages are installed, in man1, man5 and
#               man7 ($(PREFIX)/share/man); or mandir
#   LOCALEDIR   where the message catalogs are installed and read from:
#               LOCALEDIR/zh_CN/LC_MESSAGES/cs.mo ($(DATADIR)/locale);
#               or localedir
#   MSGFMT XGETTEXT  gettext's tools: po/*.po are compiled with msgfmt
#               into BUILD/locale; make pot remakes po/cs.pot (xgettext), or POT
#   INSTALL     install(1) (install)
#   FUZZ_CC     the compiler of make fuzz, with libFuzzer (clang)
#
# The project's own flags apply whatever CFLAGS and CPPFLAGS say:
# -std=c11 -pthread -Wall -Wextra -Ilib -Icmd -D_POSIX_C_SOURCE=200809L
# -D_DEFAULT_SOURCE.  A change of compiler or flags rebuilds everything
# (the flags are recorded in build/.flags).  The build itself goes to
# BUILD (build: objects), LIBCS (lib/libcs.a) and OUTDIR (bin: programs).

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
INSTALL ?= install
PREFIX ?= /usr/local
DESTDIR ?=
bindir ?= $(PREFIX)/bin
mandir ?= $(PREFIX)/share/man
datadir ?= $(PREFIX)/share
sysconfdir ?= $(PREFIX)/etc
BINDIR ?= $(bindir)
MANDIR ?= $(mandir)
DATADIR ?= $(datadir)
SYSCONFDIR ?= $(sysconfdir)
localedir ?= $(DATADIR)/locale
LOCALEDIR ?= $(localedir)
MSGFMT ?= msgfmt
XGETTEXT ?= xgettext
STRICT ?=
FUZZ_CC ?= clang

BUILD = build
LIBCS = lib/libcs.a
OUTDIR = bin

# The libraries' flags: pkg-config's, asked once, else the usual names.
# (PKG_CONFIG_PATH is passed by hand: $(shell) does not see a variable
# set on make's command line.)
PKG = $(if $(PKG_CONFIG_PATH),PKG_CONFIG_PATH='$(PKG_CONFIG_PATH)') $(PKG_CONFIG)
ifeq ($(origin SQLITE_CFLAGS),undefined)
SQLITE_CFLAGS := $(shell $(PKG) --cflags sqlite3 2>/dev/null)
endif
ifeq ($(origin SQLITE_LIBS),undefined)
SQLITE_LIBS := $(shell $(PKG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
endif
ifeq ($(origin CSV_CFLAGS),undefined)
CSV_CFLAGS := $(shell $(PKG) --cflags libcsv 2>/dev/null || \
	$(PKG) --cflags csv 2>/dev/null)
endif
ifeq ($(origin CSV_LIBS),undefined)
CSV_LIBS := $(shell $(PKG) --libs libcsv 2>/dev/null || \
	$(PKG) --libs csv 2>/dev/null || echo -lcsv)
endif

ifeq ($(origin LIBPQ),undefined)
ifeq ($(origin LIBPQ_LIBS),undefined)
LIBPQ := $(shell $(PKG) --exists libpq 2>/dev/null && echo yes || echo no)
else
LIBPQ := yes
endif
endif
ifeq ($(LIBPQ),yes)
ifeq ($(origin LIBPQ_CFLAGS),undefined)
LIBPQ_CFLAGS := $(shell $(PKG) --cflags libpq 2>/dev/null)
endif
ifeq ($(origin LIBPQ_LIBS),undefined)
LIBPQ_LIBS := $(shell $(PKG) --libs libpq 2>/dev/null || echo -lpq)
endif
PQ_CPPFLAGS = -DCS_HAVE_LIBPQ $(LIBPQ_CFLAGS)
PQ_LIBS = $(LIBPQ_LIBS)
endif

WARNFLAGS = -Wall -Wextra
ifneq ($(filter-out 0 no,$(STRICT)),)
WARNFLAGS += -Werror
endif

# The project's flags first (its headers before any other), the user's after.
ALL_CPPFLAGS = -Ilib -Icmd -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DCS_SYSCONFDIR='"$(SYSCONFDIR)"' -DCS_LOCALEDIR='"$(LOCALEDIR)"' $(CPPFLAGS) \
	$(SQLITE_CFLAGS) $(CSV_CFLAGS) $(PQ_CPPFLAGS)
ALL_CFLAGS = -std=c11 -pthread $(WARNFLAGS) $(CFLAGS)
COMPILE = $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS)
LINK = $(CC) $(CFLAGS) -pthread $(LDFLAGS)
# After lib/libcs.a, which needs them.
LIBS = $(CSV_LIBS) $(SQLITE_LIBS) $(PQ_LIBS) -lm -pthread $(LDLIBS)

PROGRAMS = cs-import cs-segment cs-dunning cs-survey cs-report
LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/cs_policy_default.o \
	$(BUILD)/gen/cs_survey_default.o $(BUILD)/gen/cs_complaint_rules_default.o \
	$(BUILD)/gen/cs_access_default.o
BINS = $(PROGRAMS:%=$(OUTDIR)/%)
TOOLS = $(OUTDIR)/cs-sample $(OUTDIR)/cs-unit-tests $(OUTDIR)/cs-csvjson $(OUTDIR)/cs-pgcheck \
	$(OUTDIR)/cs-fuzz-csv-replay $(OUTDIR)/cs-fuzz-text-replay
MANPAGES = man/cs-import.1 man/cs-segment.1 man/cs-dunning.1 man/cs-survey.1 man/cs-report.1 man/cs-data.5 man/cs-dunning.5 man/cs-complaint.5 man/cs-access.5 man/cs.7
MAN1 = $(wildcard man/*.1)
MAN5 = $(wildcard man/*.5)
MAN7 = $(wildcard man/*.7)
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

# The message catalogs: po/LANG.po, compiled into BUILD/locale.
LINGUAS = zh_CN
MO = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/cs.mo)

# A test tool: the PostgreSQL schema as text (tests/57-citus-schema.t).
TOOLS += $(OUTDIR)/cs-pgschema

all: $(BINS) $(TOOLS) $(MO)

# The compiler and flags of the last build: when they change, the stamp
# is rewritten and everything is rebuilt.
FLAGS_LINE = $(COMPILE) | $(LINK) | $(LIBS)
ifneq ($(strip $(FLAGS_LINE)),$(strip $(shell cat $(BUILD)/.flags 2>/dev/null)))
$(BUILD)/.flags: FORCE
endif
$(BUILD)/.flags:
	@mkdir -p $(BUILD)
	@printf '%s\n' '$(subst ','\'',$(FLAGS_LINE))' >$@

$(BUILD)/%.o: %.c $(BUILD)/.flags
	@mkdir -p $(dir $@)
	$(COMPILE) -MMD -MP -c -o $@ $<

# Text compiled in: $(call embed,SYMBOL,HEADER) makes a C string of $<.
define embed
	@mkdir -p $(dir $@)
	{ printf '/* Generated from $< by the Makefile. */\n'; \
	  printf '#include "$(2)"\nconst char $(1)[] =\n'; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  printf ';\n'; } > $@
endef

# The built-in dunning policy, survey definition, complaint rules and access file are the shipped examples.
$(BUILD)/gen/cs_policy_default.c: etc/cs-dunning.policy
	$(call embed,cs_policy_default,cs_policy.h)

$(BUILD)/gen/cs_survey_default.c: etc/cs-survey.def
	$(call embed,cs_survey_default,cs_survey_def.h)

$(BUILD)/gen/cs_complaint_rules_default.c: etc/cs-complaint.rules
	$(call embed,cs_complaint_rules_default,cs_complaint_rules.h)

$(BUILD)/gen/cs_access_default.c: etc/cs-access.conf
	$(call embed,cs_access_default,cs_access.h)

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/.flags
	$(COMPILE) -c -o $@ $<

$(LIBCS): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $(LIB_OBJ)

# The programs' shared conventions (cmd/cs_cli.c), linked into each.
CLI_OBJ = $(BUILD)/cmd/cs_cli.o

$(OUTDIR)/%: $(BUILD)/cmd/%.o $(CLI_OBJ) $(LIBCS) $(BUILD)/.flags
	@mkdir -p $(OUTDIR)
	$(LINK) -o $@ $< $(CLI_OBJ) $(LIBCS) $(LIBS)

$(OUTDIR)/cs-sample: $(BUILD)/scripts/cs-sample.o $(CLI_OBJ) $(LIBCS) $(BUILD)/.flags
	@mkdir -p $(OUTDIR)
	$(LINK) -o $@ $< $(CLI_OBJ) $(LIBCS) $(LIBS)

UNIT_OBJ = $(BUILD)/tests/unit/unit.o $(BUILD)/tests/unit/unit_complaint.o \
	$(BUILD)/tests/unit/unit_access.o \
	$(BUILD)/tests/unit/unit_records.o \
	$(BUILD)/tests/unit/unit_forms.o \
	$(BUILD)/tests/unit/unit_db.o

$(OUTDIR)/cs-unit-tests: $(UNIT_OBJ) $(LIBCS) $(BUILD)/.flags
	@mkdir -p $(OUTDIR)
	$(LINK) -o $@ $(UNIT_OBJ) $(LIBCS) $(LIBS)

$(OUTDIR)/cs-csvjson: $(BUILD)/tests/unit/csvjson.o $(CLI_OBJ) $(LIBCS) $(BUILD)/.flags
	@mkdir -p $(OUTDIR)
	$(LINK) -o $@ $< $(CLI_OBJ) $(LIBCS) $(LIBS)

# The checks of the database interface against a server (tests/55-pg-backend.t).
$(OUTDIR)/cs-pgcheck: $(BUILD)/tests/unit/pgcheck.o $(LIBCS) $(BUILD)/.flags
	@mkdir -p $(OUTDIR)
	$(LINK) -o $@ $< $(LIBCS) $(LIBS)

# The PostgreSQL schema as text, for tests/57-citus-schema.t.
$(OUTDIR)/cs-pgschema: $(BUILD)/tests/unit/pgschema.o $(LIBCS) $(BUILD)/.flags
	@mkdir -p $(OUTDIR)
	$(LINK) -o $@ $< $(LIBCS) $(LIBS)

# The fuzz targets, run on files: the seed corpus and past crashes run in the tests.
$(OUTDIR)/cs-fuzz-%-replay: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o \
		$(LIBCS) $(BUILD)/.flags
	@mkdir -p $(OUTDIR)
	$(LINK) -o $@ $< $(BUILD)/tests/fuzz/replay.o $(LIBCS) $(LIBS)

$(BUILD)/locale/%/LC_MESSAGES/cs.mo: po/%.po
	@command -v $(MSGFMT) >/dev/null 2>&1 || { \
		echo "make: $(MSGFMT) not found: install GNU gettext (Debian: gettext) or set MSGFMT" >&2; \
		exit 1; }
	@mkdir -p $(dir $@)
	$(MSGFMT) --check -o $@ $<

# The messages' template, from the sources' _() and N_() strings, and
# the literal message arguments of the functions that translate them
# (function:argument).
POT = po/cs.pot
POT_KEYWORDS = cs_conf_fail:2 fail_item:2 set_names:7 set_whole:6 fail:2 imp_db_failure:2 \
	reject_field:5 file_error:4 add_problem:2 csv_fail:4 cs_progress_report:2
pot:
	$(XGETTEXT) --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
		$(POT_KEYWORDS:%=--keyword=%) --add-comments=TRANSLATORS \
		--package-name=cs --package-version=$$(sed -n 's/^#define CS_VERSION "\(.*\)"/\1/p' cmd/cs_cli.h) \
		--no-location --sort-output -o $(POT) lib/*.c cmd/*.c

# The tools a target needs: when one is missing, make stops and says how
# to install it; it never installs anything itself.
# $(call need,TOOL...,PROFILE OF scripts/install-deps.sh)
define need
	@for t in $(1); do command -v "$$t" >/dev/null 2>&1 || { \
		echo "make: $$t not found: install it (on Debian: sh scripts/install-deps.sh $(2)) or put it in PATH" >&2; \
		exit 1; }; done
endef

need-test:
	$(call need,prove sqlite3 jq mandoc groff chromium,test)
need-valgrind:
	$(call need,valgrind,valgrind)
need-check:
	$(call need,cppcheck clang-tidy mandoc,check)
need-man:
	$(call need,mandoc,check)
need-demo:
	$(call need,sqlite3,demo)
need-fuzz:
	$(call need,$(FUZZ_CC),fuzz)
	@printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' | \
		$(FUZZ_CC) -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null || { \
		echo "make: $(FUZZ_CC) cannot link with -fsanitize=fuzzer: install libFuzzer (on Debian: sh scripts/install-deps.sh fuzz)" >&2; \
		exit 1; }

test: need-test all
	CS_BIN=$(CURDIR)/$(OUTDIR) prove -f tests/*.t
	@$(MAKE) --no-print-directory sanitize-test

# The sanitizers' settings for a test run: any finding fails it (exit 86).
SAN_ENV = CS_BIN=$(CURDIR)/build/san/bin ASAN_OPTIONS=detect_leaks=1:exitcode=86 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86

sanitize-build:
	@$(MAKE) --no-print-directory BUILD=build/san LIBCS=build/san/libcs.a OUTDIR=build/san/bin \
		CFLAGS="$(SAN_FLAGS)" all

sanitize-test: need-test sanitize-build
	$(SAN_ENV) prove -f tests/*.t

# The PostgreSQL pass (scripts/test-pg.sh) of the programs built with the sanitizers.
sanitize-test-pg: need-test sanitize-build
	$(SAN_ENV) sh scripts/test-pg.sh

# libFuzzer with clang: FUZZ_SECONDS a target, new inputs kept in build/fuzz/work-*,
# crashes written to build/fuzz/ (add each to tests/fuzz/regress/).
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer
fuzz: need-fuzz
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) BUILD=build/fuzz LIBCS=build/fuzz/libcs.a \
		CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" build/fuzz/libcs.a \
		build/fuzz/tests/fuzz/fuzz_csv.o build/fuzz/tests/fuzz/fuzz_text.o
	@mkdir -p build/fuzz/work-csv build/fuzz/work-text
	for t in csv text; do \
		$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(LDFLAGS) -o build/fuzz/fuzz_$$t \
			build/fuzz/tests/fuzz/fuzz_$$t.o build/fuzz/libcs.a $(LIBS) && \
		build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
			-artifact_prefix=build/fuzz/ build/fuzz/work-$$t tests/fuzz/corpus-$$t || exit 1; \
	done

# The test suite with every program run under valgrind memcheck: any
# memory error or leak fails the program (exit 87), and so its test.
valgrind-test: need-valgrind need-test all
	@rm -rf build/vg && mkdir -p build/vg/bin
	@for p in $(BINS) $(TOOLS); do \
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=87 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect %s "$$@"\n' \
			"$(CURDIR)/$$p" >build/vg/bin/$${p##*/}; \
		chmod +x build/vg/bin/$${p##*/}; \
	done
	CS_BIN=$(CURDIR)/build/vg/bin prove -f tests/*.t

check-man: need-man
	mandoc -Tlint -W warning $(MANPAGES)

# Static checks: cppcheck, clang-tidy (scripts/static-check.sh names the
# check sets) and mandoc's lint of every manual page.
check: need-check all
	sh scripts/static-check.sh
	@$(MAKE) --no-print-directory check-man

# The demo's own packages are checked, not installed (--no-deps).
demo: need-demo all
	sh scripts/demo.sh --no-deps

# $(call install_mo,LANG): the recipe line installing LANG's catalog.
define install_mo
	$(INSTALL) -m 644 $(BUILD)/locale/$(1)/LC_MESSAGES/cs.mo $(DESTDIR)$(LOCALEDIR)/$(1)/LC_MESSAGES/

endef

install: $(BINS) $(MO)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)/cs \
		$(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES)
	$(foreach l,$(LINGUAS),$(call install_mo,$(l)))
	$(INSTALL) -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 755 scripts/nightly.sh $(DESTDIR)$(DATADIR)/cs/
	$(INSTALL) -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/

# The files make install wrote, and only those (directories are kept).
uninstall:
	rm -f $(PROGRAMS:%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(DATADIR)/cs/nightly.sh \
		$(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/cs.mo)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) \
		$(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) \
		$(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%)

clean:
	rm -rf build bin lib/libcs.a

FORCE:

.PHONY: pot all test sanitize-build sanitize-test sanitize-test-pg valgrind-test check check-man fuzz demo install uninstall \
	clean FORCE need-test need-valgrind need-check need-man need-demo need-fuzz
.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
