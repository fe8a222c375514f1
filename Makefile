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
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

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

$(BUILD)/asan/tests/itest: tests/integration/itest.c tests/integration/harness.c tests/integration/harness.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -O1 $(SAN) $(PKG_CFLAGS) -o $@ tests/integration/itest.c tests/integration/harness.c $(PKG_LIBS)

run: 
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory all
	@scripts/stack.sh run

# Unit tests, then the integration and browser tests against a throwaway stack
# built with sanitizers; one summary line at the end.
test:
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory $(BUILD)/asan/tailgate $(UNIT_BIN) $(BUILD)/asan/tests/itest
	@scripts/test.sh $(UNIT_BIN)

unit: $(UNIT_BIN)
	@scripts/test.sh --unit-only $(UNIT_BIN)

bench:
	@scripts/deps.sh --if-missing
	@$(MAKE) --no-print-directory all
	@tests/bench/run.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
