# Bare-metal ARM firmware that owns its MMU.
#
#   make              build build/$(BOARD)/firmware.elf (+ .bin, .map)
#   make run          boot it under QEMU with the serial console on this terminal
#   make test         host unit tests + on-target tests + console tests + checks
#   make debug        QEMU waits for gdb-multiarch, which starts with symbols loaded
#   make check        sparse over every source (__iomem address spaces)
#   make fuzz         libFuzzer over the shell parser and the device-tree reader
#   make setup        install missing tools (apt-get; as root, or through sudo)
#
# V=1 shows the commands.

BOARD ?= virt
BOARDS := virt versatilepb

# ---- boards: one line each for architecture, CPU, load address, QEMU machine ----
virt.arch := armv7
virt.cpu  := cortex-a15
virt.load := 0x40100000
virt.qemu := -M virt -cpu cortex-a15 -m 128 -nic none
versatilepb.arch := armv5
versatilepb.cpu  := arm926ej-s
versatilepb.load := 0x100000
versatilepb.qemu := -M versatilepb -m 128 -nic none -audiodev none,id=snd0 -global pl041.audiodev=snd0

ARCH := $($(BOARD).arch)
ifeq ($(ARCH),)
$(error unknown BOARD '$(BOARD)'; known boards: $(BOARDS))
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

CROSS   ?= arm-none-eabi-
CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
OBJDUMP := $(CROSS)objdump
SIZE    := $(CROSS)size
HOSTCC  ?= cc
PYTHON  := $(firstword $(wildcard /usr/bin/python3) python3)
QEMU    := qemu-system-arm
GDB     := gdb-multiarch

BUILD ?= build
B := $(BUILD)/$(BOARD)

# ---- sources -------------------------------------------------------------------
# Pure logic: no hardware access; compiled for the target and for host unit tests.
PURE_SRCS := $(wildcard src/lib/*.c) src/boot/fsr.c \
             src/mmu/pgtable.c src/mmu/fmt_armv7s.c src/mmu/fmt_armv5.c src/mmu/vawin.c \
             src/shell/parse.c src/shell/lineedit.c

# Everything the firmware and every test image share: pure logic, the board,
# the arch layer, boot, MMU, ioremap and drivers.
CORE_SRCS := $(PURE_SRCS) src/board/$(BOARD).c \
             src/boot/entry.S src/boot/exception.c $(wildcard src/boot/$(ARCH)/*.[cS]) \
             src/core/boot.c src/core/syscalls.c src/core/console_uart.c \
             src/core/irq.c src/core/time.c src/core/power.c \
             src/mmu/mmu.c src/mmu/ioremap.c $(wildcard src/drivers/*.c) $(wildcard src/dev/*.c)

# The firmware adds newlib's console syscalls, its halt, and the shell.
FW_SRCS := $(CORE_SRCS) src/core/fw_syscalls.c src/core/halt.c src/main.c \
           $(filter-out $(PURE_SRCS),$(wildcard src/shell/*.c))

# Test images add the semihosting harness and one test file each.
TARGET_TESTS := $(patsubst tests/target/%.c,%,$(wildcard tests/target/t_*.c))
HARNESS_SRCS := tests/target/harness.c tests/target/semihost.c

# ---- flags ---------------------------------------------------------------------
INCLUDES := -Iinclude -Isrc/boot/$(ARCH)
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# -mno-unaligned-access: code may run with the MMU off, where every access is
#   Strongly-ordered and an unaligned one faults (ARM ARM A3.2.1).
# -fno-tree-loop-distribute-patterns: keep zeroing loops as loops, so nothing
#   reaches newlib's memset before the MMU is on.
TCFLAGS  := -std=gnu11 -O2 -g -mcpu=$($(BOARD).cpu) -marm -mfloat-abi=soft \
            -mno-unaligned-access -fno-tree-loop-distribute-patterns \
            -ffunction-sections -fdata-sections -fno-common $(WARN) $(INCLUDES) -MMD -MP
TASFLAGS := -mcpu=$($(BOARD).cpu) -marm -g $(INCLUDES) -MMD -MP -D__ASSEMBLY__
TLDFLAGS := -mcpu=$($(BOARD).cpu) -marm -mfloat-abi=soft -nostartfiles -T linker.ld \
            -Wl,--defsym=__load_addr=$($(BOARD).load) -Wl,--gc-sections \
            -Wl,--no-warn-rwx-segments --specs=nano.specs

HOSTCFLAGS := -std=gnu11 -O1 -g $(WARN) -Iinclude -DHOST_TEST -fsanitize=address,undefined \
              -fno-omit-frame-pointer -MMD -MP

QEMU_CMD   := $(QEMU) $($(BOARD).qemu) -display none -monitor none
QEMU_TIMEOUT ?= 30

# ---- objects ---------------------------------------------------------------------
obj = $(patsubst %,$(B)/obj/%.o,$(basename $(1)))
FW_OBJS      := $(call obj,$(FW_SRCS))
CORE_OBJS    := $(call obj,$(CORE_SRCS))
HARNESS_OBJS := $(call obj,$(HARNESS_SRCS))

.SECONDEXPANSION:
.PHONY: all run debug test check setup clean host-tests target-tests fuzz \
        check-accessors size
.DEFAULT_GOAL := all

all: $(B)/firmware.elf $(B)/firmware.bin

$(B)/obj/%.o: %.c | setup-quiet
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(TCFLAGS) -c $< -o $@

# Test cases run in the order they are written: keep GCC from reordering them.
$(B)/obj/tests/target/%.o: TCFLAGS += -fno-toplevel-reorder

$(B)/obj/%.o: %.S | setup-quiet
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(TASFLAGS) -c $< -o $@

$(B)/firmware.elf: $(FW_OBJS) linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(TLDFLAGS) -Wl,-Map=$(B)/firmware.map -o $@ $(FW_OBJS) -lc_nano -lgcc

%.bin: %.elf
	@$(if $(Q),echo "  OBJCOPY $@")
	$(Q)$(OBJCOPY) -O binary $< $@

# On-target test images: newlib-nano with rdimon semihosting.
$(B)/tests/%.elf: $(CORE_OBJS) $(HARNESS_OBJS) $(B)/obj/tests/target/%.o linker.ld
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(TLDFLAGS) --specs=rdimon.specs -Wl,-Map=$(@:.elf=.map) -o $@ \
		$(CORE_OBJS) $(HARNESS_OBJS) $(B)/obj/tests/target/$*.o

run: $(B)/firmware.elf
	@echo "Booting $(BOARD); leave QEMU with Ctrl-A x"
	$(Q)$(QEMU) $($(BOARD).qemu) -display none -chardev stdio,id=con,mux=on,signal=off \
	    -serial chardev:con -mon chardev=con,mode=readline -kernel $<

debug: $(B)/firmware.elf
	@echo "QEMU halted at reset, gdb stub on :1234; gdb-multiarch starts with symbols."
	@echo "In gdb: 'continue' boots; the console goes to $(B)/debug-console.log (tail -f it)."
	$(Q)$(QEMU) $($(BOARD).qemu) -display none -serial file:$(B)/debug-console.log -S -gdb tcp::1234 -kernel $< & \
	  qpid=$$!; $(GDB) -q -ex 'set architecture arm' -ex 'target remote :1234' $<; kill $$qpid 2>/dev/null; true

size: $(B)/firmware.elf
	$(Q)$(SIZE) $<

# ---- tests ------------------------------------------------------------------------
HOST_B     := $(BUILD)/host
HOST_TESTS := $(patsubst tests/host/%.c,%,$(wildcard tests/host/test_*.c))
HOST_PURE_OBJS := $(patsubst %,$(HOST_B)/obj/%.o,$(basename $(PURE_SRCS)))

$(HOST_B)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -c $< -o $@

$(HOST_B)/%: $(HOST_B)/obj/tests/host/%.o $(HOST_PURE_OBJS)
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $^ -lcmocka

host-tests: $(addprefix $(HOST_B)/,$(HOST_TESTS))
target-tests: $(addprefix $(B)/tests/,$(addsuffix .elf,$(TARGET_TESTS)))

# One runner drives every kind of test and prints the closing 'N passed, N failed'.
# Plain `make test` covers every board; `make BOARD=<board> test` just that one.
ifeq ($(origin BOARD),file)
TEST_BOARDS := $(BOARDS)
else
TEST_BOARDS := $(BOARD)
endif

test: setup-quiet
	$(Q)for b in $(TEST_BOARDS); do \
	  $(MAKE) --no-print-directory BOARD=$$b all target-tests || exit 1; done
	$(Q)$(MAKE) --no-print-directory host-tests
	$(Q)$(PYTHON) tests/run_tests.py --host-build $(HOST_B) --host-tests "$(HOST_TESTS)" \
	    --target-tests "$(TARGET_TESTS)" --timeout $(QEMU_TIMEOUT) \
	    --make "$(MAKE) --no-print-directory BUILD=$(BUILD)" \
	    $(foreach b,$(TEST_BOARDS),--board '$(b)=$(BUILD)/$(b)=$(QEMU) $($(b).qemu) -display none -monitor none')

# ---- fuzzing ----------------------------------------------------------------------
# libFuzzer (clang, AddressSanitizer + UBSan) over the pure parsers, FUZZ_TIME
# seconds each. The seed corpora in tests/fuzz/ are read, never written: new
# inputs go to a scratch directory under $(BUILD)/fuzz.
FUZZ_TIME ?= 60
FUZZERS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude $(WARN)
fuzz_srcs_shell := src/shell/lineedit.c src/shell/parse.c
fuzz_srcs_fdt := src/lib/fdt.c src/lib/fdt_node.c src/lib/fdt_addr.c

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(fuzz_srcs_$$*) | setup-quiet
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $@")
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $< $(fuzz_srcs_$*)

fuzz: $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZERS))
	$(Q)for f in $(FUZZERS); do \
	  echo "fuzz: $$f for $(FUZZ_TIME) s"; \
	  rm -rf $(BUILD)/fuzz/corpus_$$f && mkdir -p $(BUILD)/fuzz/corpus_$$f || exit 1; \
	  $(BUILD)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) -timeout=10 \
	    $(BUILD)/fuzz/corpus_$$f tests/fuzz/corpus_$$f > $(BUILD)/fuzz/$$f.log 2>&1 || \
	    { tail -40 $(BUILD)/fuzz/$$f.log; echo "fuzz: $$f FAILED (log: $(BUILD)/fuzz/$$f.log)"; exit 1; }; \
	  tail -1 $(BUILD)/fuzz/$$f.log; \
	done

# ---- sparse -----------------------------------------------------------------------
# Lazily evaluated: the cross compiler may not be installed when make starts.
SPARSE := sparse
NEWLIB_INC = $(or $(shell echo | $(CC) -xc -E -v - 2>&1 | sed -n 's/^ \(\/.*newlib[^ ]*\)$$/\1/p' | head -1),/usr/include/newlib)
SPARSEFLAGS = -m32 -D__arm__ -D__ARMEL__ -Wsparse-error -Wbitwise -Wcast-to-as -Wdecl \
              $(INCLUDES) -I$(shell $(CC) -print-file-name=include) -isystem $(NEWLIB_INC)
CHECK_SRCS := $(filter %.c,$(sort $(FW_SRCS) $(HARNESS_SRCS) $(wildcard tests/target/t_*.c)))
# Each of these breaks an __iomem rule on purpose: sparse must reject it.
SPARSE_MUST_FAIL := $(wildcard tests/sparse/*.c)

check: | setup-quiet
	@echo "  SPARSE  $(words $(CHECK_SRCS)) files, $(words $(SPARSE_MUST_FAIL)) that must be rejected"
	$(Q)fail=0; \
	for f in $(CHECK_SRCS); do $(SPARSE) $(SPARSEFLAGS) $$f || fail=1; done; \
	for f in $(SPARSE_MUST_FAIL); do \
	  if $(SPARSE) $(SPARSEFLAGS) $$f >/dev/null 2>&1; then \
	    echo "check: sparse accepted $$f, which breaks an __iomem rule"; fail=1; fi; \
	done; exit $$fail

# Every accessor must be one LDR/STR with no writeback or post-indexing; the
# checker must also reject tests/accessors/writeback.S, which breaks that.
$(B)/bad-accessors.elf: tests/accessors/writeback.S | setup-quiet
	$(Q)$(CC) $(TASFLAGS) -nostdlib -Wl,-Ttext=0x40000000 -o $@ $<

check-accessors: $(B)/firmware.elf $(B)/bad-accessors.elf
	$(Q)$(PYTHON) tests/check_accessors.py --objdump $(OBJDUMP) $(B)/firmware.elf
	$(Q)if $(PYTHON) tests/check_accessors.py --objdump $(OBJDUMP) $(B)/bad-accessors.elf; then \
	  echo "check-accessors: the checker accepted writeback accessors"; exit 1; \
	else echo "check-accessors: writeback accessors rejected, as they must be"; fi

# ---- setup ------------------------------------------------------------------------
SETUP_PKGS := gcc-arm-none-eabi:arm-none-eabi-gcc libnewlib-arm-none-eabi:/usr/lib/arm-none-eabi/newlib/libc_nano.a \
              qemu-system-arm:qemu-system-arm gdb-multiarch:gdb-multiarch sparse:sparse \
              libcmocka-dev:/usr/include/cmocka.h python3-pexpect:/usr/lib/python3/dist-packages/pexpect \
              python3:/usr/bin/python3 gcc:cc make:make clang:clang libclang-rt-dev:-

setup:
	$(Q)sh scripts/setup.sh $(SETUP_PKGS)

setup-quiet:
	$(Q)sh scripts/setup.sh --quiet $(SETUP_PKGS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- bench: deterministic instruction counts (tests/bench/bench.py) ---------------
#   make bench        every figure, for each board in $(BOARDS) that builds: one table
#                     on stdout and $(BUILD)/bench.json; also times `make test`. Fails
#                     only when a measurement fails or two runs disagree.
#   make bench-quick  the reset-to-prompt and table-memory targets only (< 60 s);
#                     fails when one is missed. Writes $(BUILD)/bench-quick.json.
# Counts come from QEMU exec traces (one line per guest instruction), so they are
# exact and repeatable; see the driver's docstring for the method and markers.
# Bench images are tests/target/b_*.c, linked like the test images by the
# $(B)/tests/%.elf rule; they are not part of TARGET_TESTS.
# BENCH_BOARDS=virt limits the boards; BENCH_FLAGS=--tap adds one TAP line per
# target (for tests/run_tests.py), --no-make-test skips timing `make test`.
BENCH_IMAGES := $(patsubst tests/target/%.c,%,$(wildcard tests/target/b_*.c))
BENCH_BOARDS ?= $(BOARDS)
BENCH_CMD = $(PYTHON) tests/bench/bench.py --build $(BUILD) --boards "$(BENCH_BOARDS)" \
            $(foreach b,$(BENCH_BOARDS),--qemu '$(b)=$($(b).qemu)') \
            --make "$(MAKE) --no-print-directory" --cross $(CROSS) $(BENCH_FLAGS)

.PHONY: bench bench-quick bench-images

bench-images: $(B)/firmware.elf $(addprefix $(B)/tests/,$(addsuffix .elf,$(BENCH_IMAGES)))

bench: setup-quiet
	$(Q)$(BENCH_CMD)

bench-quick: setup-quiet
	$(Q)$(BENCH_CMD) --quick
