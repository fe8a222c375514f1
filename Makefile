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
	@echo "make test   unit + integration + browser tests (ASan/UBSan build)"
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

# Unit tests, then the integration and browser tests against a throwaway stack
# built with sanitizers; one summary line at the end.
test:
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory $(BUILD)/asan/tailgate $(UNIT_BIN) $(BUILD)/asan/tests/itest
	@TAILGATE_BIN=$(abspath $(BUILD))/asan/tailgate TAILGATE_ITEST=$(abspath $(BUILD))/asan/tests/itest \
	    scripts/test.sh $(UNIT_BIN)

unit: $(UNIT_BIN)
	@scripts/test.sh --unit-only $(UNIT_BIN)

bench:
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory all
	@tests/bench/run.sh

# libFuzzer drivers (tests/fuzz/fuzz_<name>.c), each linked with only the app
# sources it needs. `make fuzz` builds them into $(FUZZ_DIR) and runs them one
# after another (never in parallel) for FUZZ_SECONDS each over a copy of the
# seed corpus in $(FUZZ_DIR)/corpus-<name>, so runs never write into the repo.
# A failing input is saved as $(FUZZ_DIR)/<name>-crash-*; the log is
# $(FUZZ_DIR)/fuzz_<name>.log.
FUZZ_SECONDS ?= 30
FUZZ_CC      ?= clang
FUZZ_DIR      = $(BUILD)/fuzz
FUZZ_NAMES   := urlencoded cookies utf8 route validate conninfo
FUZZ_BIN      = $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_CFLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -std=gnu11 -D_GNU_SOURCE -Iapp
FUZZ_PKG_CFLAGS = $(shell pkg-config --cflags jansson libsodium libpq fcgi 2>/dev/null)
FUZZ_LIBS       = $(shell pkg-config --libs jansson libsodium 2>/dev/null)
FUZZ_HDRS    := tests/fuzz/fuzz.h app/core/core.h app/http/http.h
FUZZ_OPTS     = -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -jobs=1 -workers=1 -print_final_stats=1
FUZZ_SRC_urlencoded := app/core/arena.c app/core/util.c app/http/http_parse.c
FUZZ_SRC_cookies    := app/core/arena.c app/core/util.c app/http/http_parse.c
FUZZ_SRC_utf8       := app/core/util.c
FUZZ_SRC_route      := app/core/arena.c app/core/util.c app/http/http_parse.c app/http/http_route.c
FUZZ_SRC_validate   := app/core/arena.c app/core/buf.c app/core/log.c app/core/conf.c \
                       app/core/util.c app/http/http_parse.c app/http/http_valid.c
FUZZ_SRC_conninfo   := app/core/buf.c app/core/log.c app/core/conf.c app/core/util.c

define FUZZ_RULE
$(FUZZ_DIR)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $$(FUZZ_SRC_$(1)) $$(FUZZ_HDRS)
	@mkdir -p $$(@D)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$(FUZZ_PKG_CFLAGS) -o $$@ $$< $$(FUZZ_SRC_$(1)) $$(FUZZ_LIBS)
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call FUZZ_RULE,$(n))))

fuzz:
	@mkdir -p $(FUZZ_DIR)
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1 || \
	    ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d == 0 && n; }' | \
	      $(FUZZ_CC) -fsanitize=fuzzer -x c - -o $(FUZZ_DIR)/.probe >/dev/null 2>&1; then \
		echo "fuzz: installing clang and libFuzzer"; \
		if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get install -y clang libclang-rt-14-dev || \
		{ $$SUDO apt-get update && $$SUDO apt-get install -y clang libclang-rt-14-dev; } || exit 1; \
	fi; rm -f $(FUZZ_DIR)/.probe
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@dir=$(abspath $(FUZZ_DIR)); failed=; \
	for n in $(FUZZ_NAMES); do \
		mkdir -p $$dir/corpus-$$n && cp tests/fuzz/corpus/$$n/* $$dir/corpus-$$n/ || exit 1; \
		log=$$dir/fuzz_$$n.log; touch $$dir/.start-$$n; \
		if (cd $$dir && UBSAN_OPTIONS=print_stacktrace=1 ./fuzz_$$n $(FUZZ_OPTS) \
		    -artifact_prefix=$$dir/$$n- corpus-$$n) >$$log 2>&1; then \
			execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log | tail -n 1); \
			echo "fuzz $$n: ok ($${execs:-?} execs)"; \
		else \
			echo "fuzz $$n: FAILED (log: $$log)"; \
			LC_ALL=C sed -n '/invariant failed\|ERROR: \|runtime error:/,$$p' $$log | \
			    cat -v | head -n 30; \
			find $$dir -maxdepth 1 -name "$$n-*" -newer $$dir/.start-$$n | sed 's/^/  input: /'; \
			failed="$$failed $$n"; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed"; exit 1; fi

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
