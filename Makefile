# virtcheck — build, test, install.  `make run` and `make check` set up a fresh Debian/Ubuntu machine.
VERSION := 0.2.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
# where systemd looks for units (Debian 12: /lib/systemd/system), the same for make install and the .deb
SYSTEMDUNITDIR ?= $(or $(shell pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null),$(PREFIX)/lib/systemd/system)
DESTDIR ?=
CC ?= cc
BUILD ?= build

# x86_64 only: the probes execute CPUID and RDMSR, the micro-VMM runs x86-64 guests (the .deb is amd64)
ifeq ($(filter clean deps deps-lint install uninstall,$(MAKECMDGOALS)),)
CC_MACHINE := $(shell $(CC) -dumpmachine 2>/dev/null)
ifeq ($(filter x86_64-%,$(CC_MACHINE)),)
$(error virtcheck builds for x86_64 only (its probes and micro-VMM use x86 instructions: CPUID, RDMSR, VT-x/AMD-V guests), and $(CC) builds for '$(CC_MACHINE)')
endif
endif

PKGS := libkmod libudev libpci zlib
# libkmod, libudev, libpci and zlib are required but loaded with dlopen on first use (lib/base/dlib.h:
# a replay or a preflight never pays for them); they are compiled against their headers, and linked is
# none of them. The binary names them in its .note.dlopen notes; debian/control names their packages.
DLOPEN_PKGS := libkmod libudev libpci zlib
LINK_PKGS := $(filter-out $(DLOPEN_PKGS),$(PKGS))
DEB_BUILD_DEPS := make gcc pkg-config libkmod-dev libudev-dev libpci-dev zlib1g-dev libcmocka-dev umockdev libumockdev-dev libxml2-utils python3 python3-jsonschema strace
DEB_LINT_DEPS := cppcheck clang-tidy clang clang-format mandoc

# -Werror in developer and CI builds only (make check and its stages, asan, valgrind, .ci/run: WERROR=1),
# never in a distribution's build, where a newer compiler's new warning must not break the package.
WERROR ?= $(if $(filter check check-% asan valgrind,$(MAKECMDGOALS)),1,0)
WARN := -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -Wshadow -Wformat=2 -Wno-format-nonliteral -Wundef -Wstrict-prototypes -Wmissing-prototypes
# CPPFLAGS, CFLAGS and LDFLAGS are the builder's (dpkg-buildflags sets all three); ours come first, so
# theirs win, and _FORTIFY_SOURCE is only ours when theirs names none. Always PIE and full RELRO.
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARN) -D_GNU_SOURCE -DVC_VERSION='"$(VERSION)"' -fstack-protector-strong -fPIE \
	$(if $(findstring -O0,$(CFLAGS))$(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS)),,-D_FORTIFY_SOURCE=2) \
	$(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) -I. $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ALL_LDFLAGS := -pie -Wl,-z,relro -Wl,-z,now $(LDFLAGS)
# libm is dlopened too (lib/base/lazymath.h; only bench's statistics use it; libc6, which
# ${shlibs:Depends} names anyway): linked only where the compiler left a call to it (-O0 inlines no floor)
LIBS := $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null) -Wl,--push-state,--as-needed -lm -Wl,--pop-state \
	-ldl -pthread
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
UMOCKDEV_CFLAGS := $(shell pkg-config --cflags umockdev-1.0 2>/dev/null)
UMOCKDEV_LIBS := $(shell pkg-config --libs umockdev-1.0 2>/dev/null)

LIB_SRC := $(wildcard lib/*/*.c) $(wildcard probes/*.c) $(wildcard vmm/*.c)
CMD_SRC := $(wildcard cmd/*.c)
TEST_SRC := $(wildcard tests/unit/test_*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
# the CLI but main(): the commands and their parser, for the binary and the CLI's fuzz target
CLI_OBJ := $(filter-out $(BUILD)/cmd/main.o,$(CMD_OBJ))
TESTS := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANPAGES := $(wildcard man/*.1 man/*.8)

.PHONY: virtcheck-hooks all run check check-build check-unit check-udev check-corpus check-fixtures check-cli check-logs check-safety check-dist check-package check-mutants check-vm check-stress fuzz asan lint format bench install uninstall clean deps deps-lint

all: $(BUILD)/virtcheck

# ---- dependencies: installed when root, otherwise the exact command is printed ----
deps:
	@missing=""; \
	for p in $(DEB_BUILD_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "virtcheck: missing build dependencies:$$missing (install them with your package manager)" >&2; exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "virtcheck: installing build dependencies:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "virtcheck: missing build dependencies. Run:" >&2; \
		echo "  sudo apt-get update && sudo apt-get install -y$$missing" >&2; exit 1; \
	fi

deps-lint:
	@missing=""; \
	for p in $(DEB_LINT_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "Run: sudo apt-get update && sudo apt-get install -y$$missing" >&2; exit 1; fi

# ---- build ----
# $(BUILD)/flags holds the flags the objects were built with: new flags (WERROR, CFLAGS...) rebuild them
BUILD_FLAGS = $(ALL_CFLAGS) $(ALL_LDFLAGS) $(LIBS)
ifeq ($(filter install uninstall clean,$(MAKECMDGOALS)),)
ifneq ($(file <$(BUILD)/flags),$(BUILD_FLAGS))
$(shell mkdir -p $(BUILD))
$(file >$(BUILD)/flags,$(BUILD_FLAGS))
endif
endif

$(BUILD)/%.o: %.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libvirtcheck.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libvirtcheck-cli.a: $(CLI_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/virtcheck: $(BUILD)/cmd/main.o $(BUILD)/libvirtcheck-cli.a $(BUILD)/libvirtcheck.a
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# virtcheck with the test hook of lib/act/switch_run.c (VC_TEST_KILL_AT=journal|remove:N|insert:N|
# files|commit kills it at that step): for the real-kernel tests in a guest only, never installed.
# Only switch_run.c differs; the archive's copy is then not linked.
$(BUILD)/hooks/switch_run.o: lib/act/switch_run.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DVC_TEST_HOOKS -MMD -MP -c -o $@ $<

$(BUILD)/virtcheck-hooks: $(BUILD)/cmd/main.o $(BUILD)/libvirtcheck-cli.a $(BUILD)/hooks/switch_run.o \
		$(BUILD)/libvirtcheck.a
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(BUILD)/cmd/main.o $(BUILD)/libvirtcheck-cli.a $(BUILD)/hooks/switch_run.o \
		$(BUILD)/libvirtcheck.a $(LIBS)

virtcheck-hooks: $(BUILD)/virtcheck-hooks

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libvirtcheck.a tests/unit/testutil.h $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libvirtcheck.a $(LIBS) $(TEST_LIBS)

# libudev against devices umockdev fakes
$(BUILD)/tests/umockdev/test_udev: tests/umockdev/test_udev.c $(BUILD)/libvirtcheck.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(UMOCKDEV_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libvirtcheck.a $(LIBS) $(UMOCKDEV_LIBS)

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(BUILD)/hooks/switch_run.d

run: deps
	@$(MAKE) --no-print-directory all
	@$(BUILD)/virtcheck; status=$$?; [ $$status -le 2 ] || exit $$status

# ---- tests ----
# make check: tests/check.sh runs the stages in turn (a line each with its counts, then one
# closing line "N passed, M failed"). It tries every 43rd sysroot mutant (43 is prime to the 8
# kinds, so the kinds take turns along the count, which runs on across the fixtures): on a guest
# where a process costs ~5 ms (a nested guest without KVM, whose page faults are slow), every 7th
# took the stage to 215 s at 125 fixtures, every 31st (1,258 of ~39,000) 35 of its 44 s at 163;
# check-mutants, in CI, tries every 7th (every 37th on such a guest).
CHECK_MUTANT_STRIDE ?= 43
FUZZ_TARGETS := records sysroot json report preflight bench capture cli triage
REPLAYS := $(FUZZ_TARGETS:%=$(BUILD)/tests/replay_%)
UDEV_TEST := $(if $(UMOCKDEV_LIBS),$(BUILD)/tests/umockdev/test_udev)
CHECK_ENV = BUILD=$(BUILD) TESTS="$(TESTS)" VC_BIN=$(CURDIR)/$(BUILD)/virtcheck UMOCKDEV="$(UMOCKDEV_LIBS)" \
	TEST_WRAPPER="$(TEST_WRAPPER)" TEST_WRAPPER_SH="$(TEST_WRAPPER_SH)" FUZZ_TARGETS="$(FUZZ_TARGETS)"

check: deps
	@$(MAKE) --no-print-directory check-build
	@$(CHECK_ENV) VC_MUTANT_STRIDE=$${VC_MUTANT_STRIDE:-$(CHECK_MUTANT_STRIDE)} sh tests/check.sh $(CHECK_STAGES)

check-build: $(BUILD)/virtcheck $(BUILD)/virtcheck-hooks $(TESTS) $(REPLAYS) $(UDEV_TEST)

# one stage of make check
check-unit check-udev check-corpus check-fixtures check-cli check-logs check-safety check-dist: check-%: check-build
	@$(CHECK_ENV) VC_MUTANT_STRIDE=$${VC_MUTANT_STRIDE:-$(CHECK_MUTANT_STRIDE)} sh tests/check.sh $*

# the Debian package built from a copy of this tree and checked (tests/package.sh; CI)
check-package:
	@sh tests/package.sh

# every 7th sysroot mutant (about 4,400 of 30,500: every 3rd took 4.2 of CI's 20 minutes on a slower
# host at 122 fixtures, and a host where a process costs ~5 ms takes 25 ms a mutant); 7 is prime
# to the 8 kinds, so the kinds take turns, and with make check's every 43rd and make
# asan's every 29th, a fifth of them are tried in each CI run. VC_MUTANT_STRIDE=1 tries them all.
check-mutants: $(BUILD)/virtcheck
	@$(CHECK_ENV) VC_MUTANT_STRIDE=$${VC_MUTANT_STRIDE:-7} sh tests/check.sh fixtures

# virtcheck on a real kernel in QEMU (tests/vm): real modules, real EFER.SVME
check-vm: $(BUILD)/virtcheck $(BUILD)/virtcheck-hooks
	@VC_BIN=$(CURDIR)/$(BUILD)/virtcheck VC_HOOKS_BIN=$(CURDIR)/$(BUILD)/virtcheck-hooks sh tests/vm/run.sh

# ---- fuzzing (libFuzzer; clang and libclang-rt-14-dev) ----
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all

fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
		CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
		build-fuzz/libvirtcheck-cli.a build-fuzz/libvirtcheck.a
	@# the targets compiled and linked two at a time, as they run
	@printf '%s\n' $(FUZZ_TARGETS) | xargs -P 2 -I{} clang $(ALL_CFLAGS) -Wno-missing-prototypes -O1 -g \
		-fsanitize=fuzzer $(FUZZ_SAN) -o build-fuzz/fuzz_{} tests/fuzz/fuzz_{}.c tests/fuzz/fixture.c \
		build-fuzz/libvirtcheck-cli.a build-fuzz/libvirtcheck.a $(LIBS)
	@# two targets at a time (make fuzz is CI's; our machines have two CPUs)
	@printf '%s\n' $(FUZZ_TARGETS) | xargs -P 2 -n 1 sh tests/fuzz/smoke.sh $(FUZZ_SECONDS) || \
		{ echo "make fuzz: a target crashed (above)"; exit 1; }

# the seed corpora and every crash ever found, replayed by the normal build (and by make asan)
$(BUILD)/tests/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c tests/fuzz/fixture.c tests/fuzz/fixture.h \
		$(BUILD)/libvirtcheck-cli.a $(BUILD)/libvirtcheck.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(ALL_LDFLAGS) -o $@ tests/fuzz/replay.c tests/fuzz/fuzz_$*.c \
		tests/fuzz/fixture.c $(BUILD)/libvirtcheck-cli.a $(BUILD)/libvirtcheck.a $(LIBS)

# 1,000 parallel reports and 100 capture/replay round trips (tests/stress.sh)
check-stress: $(BUILD)/virtcheck
	@VC_BIN=$(CURDIR)/$(BUILD)/virtcheck sh tests/stress.sh

# make check built with ASan+UBSan, all but its dist stage (what make install ships, read by other
# tools). As under make valgrind, each fixture meets the sanitizers once: tests/cli.sh's commands agree
# on every 4th fixture, reading the report from its golden, and tests/fixtures.sh runs the JSON
# report on the others. LeakSanitizer's scan at exit (a third of a report's time under ASan on a
# loaded guest of session 17: 1.14 s with it, 0.79 s without) stays on for the unit tests, the
# corpora and the fixture hosts, and is off for the binary in tests/cli.sh, logs.sh and safety.sh:
# make valgrind checks the binary's leaks on cli.sh, and the triage's on test_triage
asan:
	@VC_MUTANT_STRIDE=$${VC_MUTANT_STRIDE:-29} VC_MUTANT_VMLIMIT=0 VC_AGREE_STRIDE=$${VC_AGREE_STRIDE:-4} \
		VC_AGREE_GOLDEN=1 VC_FIXTURES_TEXT=0 \
		VC_SUITE_ASAN_OPTIONS=detect_leaks=0 \
		$(MAKE) --no-print-directory BUILD=build-asan CC=$${ASAN_CC:-$(CC)} \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" CHECK_STAGES="unit udev corpus fixtures cli logs safety" check

# memcheck as every valgrind run here uses it: any error or definite/indirect leak exits 99
# (tests/valgrind.supp: one leak inside glibc's dlopen, explained there)
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--suppressions=$(CURDIR)/tests/valgrind.supp

valgrind:
	@$(MAKE) --no-print-directory BUILD=build-vg CFLAGS="-O1 -g" WERROR=$(WERROR) all check-build
	@# the unit tests beside the binary under its own tests (cli.sh, fixtures.sh with a sample of the
	@# mutants, the live report): together they keep both CPUs busy (session 17: the unit tests' 90 s
	@# came before cli.sh's half, 265 s); the unit tests' lines are printed after
	@{ $(MAKE) --no-print-directory BUILD=build-vg CFLAGS="-O1 -g" WERROR=$(WERROR) TEST_WRAPPER="$(VALGRIND)" \
		check-unit >build-vg/valgrind-unit.out 2>&1; echo $$? >build-vg/valgrind-unit.rc; } & \
	VC_BIN=build-vg/virtcheck VC_VALGRIND="$(VALGRIND)" sh tests/valgrind.sh; rc=$$?; wait; \
	echo "-- the unit tests under valgrind"; cat build-vg/valgrind-unit.out; \
	[ $$rc = 0 ] && [ "$$(cat build-vg/valgrind-unit.rc)" = 0 ]

lint: deps-lint
	clang-format --dry-run -Werror $(FORMAT_SRC)
	mandoc -Tlint $(MANPAGES)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--inline-suppr --std=c11 -D_GNU_SOURCE -I . lib probes cmd vmm
	@# clang-tidy takes one file at a time: two at once
	printf '%s\n' $(LIB_SRC) $(CMD_SRC) | xargs -P 2 -I{} clang-tidy --quiet {} -- -std=gnu11 -D_GNU_SOURCE -I. \
		-DVC_VERSION='"$(VERSION)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
	@# gcc's static analyzer; -O0 because gcc 12 reports cleanup-attribute variables as
	@# uninitialized once freep is inlined (a known false positive of that version)
	@rm -rf build-analyzer && $(MAKE) --no-print-directory BUILD=build-analyzer CC=gcc WERROR=1 CFLAGS="-O0 -g -fanalyzer" all

# every C file of the tree but the fixtures' data: what make format writes, make lint checks
FORMAT_SRC = $(shell git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^tests/fixtures/')

format:
	clang-format -i $(FORMAT_SRC)

# the timer and the floor of the ratio table (tests/bench/ratios.sh)
$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

# Every part runs whatever the one before it found (a missed target of the micro-VMM suite on a noisy
# host must not hide the scaling runs); make bench fails at the end, naming the parts that failed
# (77, a part that needs /dev/kvm where there is none, is no failure).
bench: all $(BUILD)/bench/timer $(BUILD)/bench/floor
	@failed=; \
	sh tests/bench/ratios.sh $(BUILD)/virtcheck $(BUILD)/bench/timer $(BUILD)/bench/floor || failed="$$failed ratios"; \
	sh tests/bench/vmm-targets.sh $(BUILD)/virtcheck; rc=$$?; [ $$rc = 0 ] || [ $$rc = 77 ] || failed="$$failed vmm-targets"; \
	sh tests/bench/aa.sh $(BUILD)/virtcheck; rc=$$?; [ $$rc = 0 ] || [ $$rc = 77 ] || failed="$$failed a/a"; \
	sh tests/bench/scale.sh $(BUILD)/virtcheck $(BUILD)/bench/timer $(BUILD)/bench/floor || failed="$$failed scale"; \
	[ -z "$$failed" ] || { echo "make bench: failed:$$failed"; exit 1; }

# ---- install ----
# Installs what `make` built and builds nothing (a `sudo make install` must not compile as root).
# The Debian package is exactly this with PREFIX=/usr (debian/rules).
COMPLETIONS := bash-completion/completions/virtcheck zsh/vendor-completions/_virtcheck \
	fish/vendor_completions.d/virtcheck.fish

install:
	@[ -x $(BUILD)/virtcheck ] || { echo "make install: $(BUILD)/virtcheck is not built: run 'make' first (as yourself), then 'make install'" >&2; exit 1; }
	install -D -m 0755 $(BUILD)/virtcheck $(DESTDIR)$(BINDIR)/virtcheck
	for m in $(MANPAGES); do \
		sec=$${m##*.}; install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$sec/$$(basename $$m); \
	done
	install -D -m 0644 dist/completions/virtcheck.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/virtcheck
	install -D -m 0644 dist/completions/_virtcheck $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_virtcheck
	install -D -m 0644 dist/completions/virtcheck.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/virtcheck.fish
	install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(DATADIR)/virtcheck/schemas
	sed 's|@BINDIR@|$(BINDIR)|g' dist/systemd/virtcheck-metrics.service.in >$(DESTDIR)$(SYSTEMDUNITDIR)/virtcheck-metrics.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/virtcheck-metrics.service
	install -m 0644 dist/systemd/virtcheck-metrics.timer $(DESTDIR)$(SYSTEMDUNITDIR)/virtcheck-metrics.timer
	install -m 0644 dist/prometheus/virtcheck.rules.yml $(DESTDIR)$(DATADIR)/virtcheck/virtcheck.rules.yml
	install -m 0644 dist/schemas/*.schema.json $(DESTDIR)$(DATADIR)/virtcheck/schemas/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/virtcheck
	for m in $(MANPAGES); do sec=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$sec/$$(basename $$m); done
	rm -f $(COMPLETIONS:%=$(DESTDIR)$(DATADIR)/%)
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/virtcheck-metrics.service $(DESTDIR)$(SYSTEMDUNITDIR)/virtcheck-metrics.timer
	rm -rf $(DESTDIR)$(DATADIR)/virtcheck

# every build directory: build and build-* (asan, vg, clang, fuzz, analyzer...)
clean:
	rm -rf build build-*/
