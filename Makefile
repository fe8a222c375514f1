# Tailgate — the only build system. `make help` lists the targets.

PKGS     := fcgi libpq libctemplate jansson libsodium libcurl
BUILD    ?= build
CC       ?= cc
CXX      ?= c++
WARN     := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 $(WARN) -D_GNU_SOURCE -MMD -MP
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=gnu++17 -Wall -Wextra -Werror -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

SRC_C    := $(shell find app -name '*.c' ! -name main.c | sort)
SRC_CXX  := $(shell find app -name '*.cc' | sort)

# Release build (make all / make run) and sanitizer build (make test).
OBJ      = $(SRC_C:%.c=$(BUILD)/%.o) $(SRC_CXX:%.cc=$(BUILD)/%.o)
TOBJ     = $(SRC_C:%.c=$(BUILD)/asan/%.o) $(SRC_CXX:%.cc=$(BUILD)/asan/%.o)
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/asan/tests/%)

.PHONY: all deps run test unit integration e2e bench fuzz clean help
.DEFAULT_GOAL := all

all: $(BUILD)/tailgate

help:
	@echo "make deps   install every package the project needs (apt-get, npm)"
	@echo "make        build $(BUILD)/tailgate (-Wall -Wextra -Werror)"
	@echo "make run    the whole product on http://demo.localhost:\$${PORT:-8080}"
	@echo "make test   unit + fuzz (a few seconds each) + integration + browser tests (ASan/UBSan)"
	@echo "make bench  benchmarks (wrk); prints the figures"
	@echo "make fuzz   libFuzzer drivers for the parsers (FUZZ_SECONDS each)"
	@echo "make clean  remove $(BUILD)/"

deps:
	@scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -O1 $(SAN) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/asan/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -O1 $(SAN) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/tailgate: $(OBJ) $(BUILD)/app/main.o
	$(CXX) -o $@ $^ $(PKG_LIBS)

$(BUILD)/asan/tailgate: $(TOBJ) $(BUILD)/asan/app/main.o
	$(CXX) $(SAN) -o $@ $^ $(PKG_LIBS)

$(BUILD)/asan/tests/%: tests/unit/%.c $(TOBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -O1 $(SAN) $(PKG_CFLAGS) -Iapp -o $@ $< $(TOBJ) $(PKG_LIBS) -lcmocka -lstdc++

ITEST_SRC := $(sort $(wildcard tests/integration/*.c))
$(BUILD)/asan/tests/itest: $(ITEST_SRC) tests/integration/harness.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -O1 $(SAN) $(PKG_CFLAGS) -o $@ $(ITEST_SRC) $(PKG_LIBS)

run: 
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory all
	@scripts/stack.sh run

# Unit tests, a short run of every fuzz driver, then the integration and
# browser tests against a throwaway stack built with sanitizers; one summary
# line at the end.
# Every fuzz driver runs for FUZZ_TEST_SECONDS in a full run (not with ITEST_FILTER).
test:
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory $(BUILD)/asan/tailgate $(UNIT_BIN) $(BUILD)/asan/tests/itest \
	    $(FUZZ_BIN)
	@TAILGATE_BIN=$(abspath $(BUILD))/asan/tailgate TAILGATE_ITEST=$(abspath $(BUILD))/asan/tests/itest \
	    TAILGATE_FUZZ_DIR=$(abspath $(FUZZ_DIR)) TAILGATE_FUZZ_NAMES="$(FUZZ_NAMES)" \
	    FUZZ_SECONDS=$(FUZZ_TEST_SECONDS) scripts/test.sh $(UNIT_BIN)

unit: $(UNIT_BIN)
	@scripts/test.sh --unit-only $(UNIT_BIN)

bench:
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory all
	@tests/bench/run.sh

# libFuzzer drivers (tests/fuzz/fuzz_<name>.c), each linked with only the app
# sources it needs (FUZZ_SRC_<name>). `make fuzz` builds them into $(FUZZ_DIR)
# and runs them one after another (never in parallel) for FUZZ_SECONDS each,
# or FUZZ_RUNS executions when that comes first, over a copy of the seed
# corpus (tests/fuzz/run.sh); `make test` runs each for a few seconds.
# tests/fuzz/README.md says what each driver checks and records the long runs.
FUZZ_SECONDS ?= 30
FUZZ_RUNS    ?= -1
FUZZ_TEST_SECONDS ?= 2
FUZZ_CC      ?= clang
FUZZ_DIR     ?= $(BUILD)/fuzz
FUZZ_NAMES   := urlencoded cookies utf8 route validate conninfo money posts search cursor accept \
                copy tenant feed import
FUZZ_BIN      = $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_CFLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -std=gnu11 $(WARN) -D_GNU_SOURCE -Iapp
FUZZ_PKG_CFLAGS = $(shell pkg-config --cflags jansson libsodium libpq fcgi 2>/dev/null)
FUZZ_LIBS       = $(shell pkg-config --libs jansson libsodium 2>/dev/null)
FUZZ_HDRS    := tests/fuzz/fuzz.h $(shell find app -name '*.h')
FUZZ_CORE    := app/core/arena.c app/core/util.c
FUZZ_SRC_urlencoded := $(FUZZ_CORE) app/http/http_parse.c
FUZZ_SRC_cookies    := $(FUZZ_CORE) app/http/http_parse.c
FUZZ_SRC_utf8       := $(FUZZ_CORE)
FUZZ_SRC_route      := $(FUZZ_CORE) app/http/http_parse.c app/http/http_route.c
FUZZ_SRC_validate   := $(FUZZ_CORE) app/core/buf.c app/core/log.c app/core/conf.c \
                       app/core/money.c app/http/http_parse.c app/http/http_valid.c
FUZZ_SRC_conninfo   := $(FUZZ_CORE) app/core/buf.c app/core/log.c app/core/conf.c
FUZZ_SRC_money      := $(FUZZ_CORE) app/core/money.c
FUZZ_SRC_posts      := $(FUZZ_CORE) app/posts/posts_text.c app/search/search_text.c
FUZZ_SRC_search     := $(FUZZ_CORE) app/posts/posts_text.c app/search/search_text.c
FUZZ_SRC_cursor     := $(FUZZ_CORE) app/feed/feed_rank.c app/social/social_tier.c
FUZZ_SRC_accept     := $(FUZZ_CORE) app/core/money.c app/core/err.c app/bets/bets_grade.c
FUZZ_SRC_feed       := $(FUZZ_CORE) app/core/money.c app/http/http_valid.c app/http/http_parse.c \
                       app/core/buf.c app/core/log.c app/core/conf.c \
                       app/catalog/catalog_core.c app/catalog/catalog_feed_parse.c
FUZZ_SRC_import     := $(FUZZ_CORE) app/core/money.c app/catalog/catalog_core.c \
                       app/catalog/catalog_import.c
FUZZ_SRC_tenant     := $(FUZZ_CORE) app/core/buf.c app/core/log.c app/core/conf.c \
                       app/tenancy/tenancy_config.c
FUZZ_SRC_copy       := $(FUZZ_CORE) app/core/money.c app/core/buf.c app/core/log.c app/core/conf.c \
                       app/http/http_parse.c app/http/http_valid.c app/copy/copy_settings.c

define FUZZ_RULE
$(FUZZ_DIR)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $$(FUZZ_SRC_$(1)) $$(FUZZ_HDRS)
	@mkdir -p $$(@D)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$(FUZZ_PKG_CFLAGS) -o $$@ $$< $$(FUZZ_SRC_$(1)) $$(FUZZ_LIBS)
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call FUZZ_RULE,$(n))))

# clang and libFuzzer come from `make deps` (scripts/deps.sh).
fuzz:
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_RUNS) $(FUZZ_NAMES)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
