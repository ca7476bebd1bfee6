# Bare-metal ARM firmware that owns its MMU.
#
#   make              build build/$(BOARD)/firmware.elf (+ .bin, .map)
#   make run          boot it under QEMU with the serial console on this terminal
#   make test         host unit tests + on-target tests + console tests + checks;
#                     results also in $(BUILD)/test-results.xml (JUnit XML)
#   make test-stress  make test 10 times under 4 CPU-bound processes
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

# ---- instruction set of the C code, per architecture ----------------------------
# isa: every C file; hot_isa: HOT_SRCS (below). Thumb code is about a third
# smaller than A32 (.text + .rodata: the Performance table). ARMv7's Thumb-2
# runs the hot paths in about as many instructions as A32 (boot within 2%),
# so they are Thumb there too. ARMv5's hot paths stay A32: Thumb-1 (8 low
# registers, no conditional execution) takes more instructions for the same
# work, and several of them reach CP15 (no MCR in Thumb-1). The assembly
# (vectors, exception entry and return, reset, caches) is A32 everywhere:
# exceptions are taken in ARM state (SCTLR.TE = 0), and the exception return
# restores the T bit from SPSR. Test code is A32 (below). ARMv7's code is
# tuned for the Cortex-A7 (it runs on the A7 and the A15 alike): its tuning
# saves and restores registers with one PUSH and one POP where the A15's
# uses pairs of STRD/LDRD, so every call takes fewer instructions and the
# text is smaller (the Performance table has both).
armv7.isa     := -mthumb -mtune=cortex-a7
armv7.hot_isa := -mthumb -mtune=cortex-a7
armv5.isa     := -mthumb
armv5.hot_isa := -marm
# Thumb-1 has no MCR: on ARMv5 what drains the write buffer (writeX()'s
# io_wmb(), asm/barrier.h) or reaches CP15 stays A32.
armv5.a32_srcs := $(wildcard src/drivers/*.c) src/bus/pci/ecam.c src/bus/pci/versatile.c \
                  src/shell/cmd_mem.c
# lib_isa picks the newlib and libgcc multilib: ARMv7's Thumb-2 one; ARMv5's
# A32 one, as Thumb-1's library code (its division has no divide
# instruction) takes more instructions on versatilepb's way to the prompt.
armv7.lib_isa := -mthumb
armv5.lib_isa := -marm

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
# FORMAT=short forces short descriptors where the CPU has long ones (LPAE):
# its own build directory, so both formats' images can sit side by side.
FORMAT ?=
ifeq ($(FORMAT),short)
B := $(BUILD)/$(BOARD)-short
FORMAT_CFLAGS := -DPT_FORCE_SHORT
else ifeq ($(FORMAT),)
B := $(BUILD)/$(BOARD)
else
$(error unknown FORMAT '$(FORMAT)'; known: short (or empty: the CPU's best))
endif

# ---- sources -------------------------------------------------------------------
# Pure logic: no hardware access; compiled for the target and for host unit tests.
PURE_SRCS := $(wildcard src/lib/*.c) src/boot/fsr.c \
             src/mmu/pgtable.c src/mmu/ptchange.c src/mmu/ptprotect.c src/mmu/ptspans.c \
             src/mmu/ptwalk.c src/mmu/ptpolicy.c \
             src/mmu/fmt_armv7s.c src/mmu/fmt_armv5.c src/mmu/fmt_lpae.c src/mmu/vawin.c \
             src/shell/parse.c src/shell/lineedit.c
PURE_SRCS += src/bus/pci/scan.c src/bus/pci/assign.c src/bus/pci/of_host.c

# The shell's other pure parts: key decoder, access policy, rx stop rule.
PURE_SRCS += src/shell/keys.c src/shell/memcheck.c src/shell/rxguard.c

# Everything the firmware and every test image share: pure logic, the board,
# the arch layer, boot, MMU, ioremap and drivers.
CORE_SRCS := $(PURE_SRCS) src/board/$(BOARD).c \
             src/boot/entry.S src/boot/memset.S src/boot/memcpy.S src/boot/exception.c \
             $(wildcard src/boot/$(ARCH)/*.[cS]) \
             src/core/boot.c src/core/syscalls.c src/core/console_uart.c src/core/strcmp.c \
             src/core/irq.c src/core/time.c src/core/power.c \
             src/mmu/mmu.c src/mmu/ioremap.c src/mmu/kmap.c src/mmu/memremap.c src/mmu/dma.c \
             $(wildcard src/drivers/*.c) $(wildcard src/dev/*.c) \
             src/bus/pci/ecam.c src/bus/pci/host.c src/bus/pci/versatile.c \
             src/kernel/task.c src/kernel/uspace.c src/kernel/syscall.c src/kernel/user_entry.S

# The firmware adds newlib's console syscalls, its halt, and the shell.
FW_SRCS := $(CORE_SRCS) src/core/fw_syscalls.c src/core/console_printf.c src/core/halt.c \
           src/main.c \
           $(filter-out $(PURE_SRCS),$(wildcard src/shell/*.c))

# Test images add the semihosting harness and one test file each.
TARGET_TESTS := $(patsubst tests/target/%.c,%,$(wildcard tests/target/t_*.c))
HARNESS_SRCS := tests/target/harness.c tests/target/semihost.c

# User programs (src/user/): each its own image, linked at the user addresses
# (src/user/user.ld) and carried inside the firmware and every test image.
USER_PROGS := crash devid hello lazy rtc spin uart
USER_LIB   := src/user/crt0.S src/user/ulib.c

# ---- flags ---------------------------------------------------------------------
INCLUDES := -Iinclude -Isrc/boot/$(ARCH)
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# -mno-unaligned-access: code may run with the MMU off, where every access is
#   Strongly-ordered and an unaligned one faults (ARM ARM A3.2.1).
# -fno-tree-loop-distribute-patterns: keep zeroing loops as loops, so nothing
#   reaches newlib's memset before the MMU is on.
TCFLAGS  = -std=gnu11 $(OPT) -g -mcpu=$($(BOARD).cpu) $(ISA) -mfloat-abi=soft \
            -mno-unaligned-access -fno-tree-loop-distribute-patterns \
            -ffunction-sections -fdata-sections -fno-common $(WARN) $(INCLUDES) -MMD -MP \
            $(FORMAT_CFLAGS)
TASFLAGS := -mcpu=$($(BOARD).cpu) -marm -g $(INCLUDES) -MMD -MP -D__ASSEMBLY__
TLDFLAGS := -mcpu=$($(BOARD).cpu) $($(ARCH).lib_isa) -mfloat-abi=soft -nostartfiles -T linker.ld \
            -Wl,--defsym=__load_addr=$($(BOARD).load) -Wl,--gc-sections \
            -Wl,--no-warn-rwx-segments --specs=nano.specs

HOSTCFLAGS := -std=gnu11 -O1 -g $(WARN) -Iinclude -Itests/host/fake -DHOST_TEST \
              -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined \
              -fno-omit-frame-pointer -MMD -MP

QEMU_CMD   := $(QEMU) $($(BOARD).qemu) -display none -monitor none
QEMU_TIMEOUT ?= 30

# ---- objects ---------------------------------------------------------------------
obj = $(patsubst %,$(B)/obj/%.o,$(basename $(1)))
USER_OBJS    := $(USER_PROGS:%=$(B)/obj/user/%.o)
FW_OBJS      := $(call obj,$(FW_SRCS)) $(USER_OBJS)
CORE_OBJS    := $(call obj,$(CORE_SRCS)) $(USER_OBJS)
HARNESS_OBJS := $(call obj,$(HARNESS_SRCS))

.SECONDEXPANSION:
.PHONY: all run debug test test-stress check setup clean host-tests target-tests fuzz \
        check-accessors size
.DEFAULT_GOAL := all

all: $(B)/firmware.elf $(B)/firmware.bin

$(B)/obj/%.o: %.c | setup-quiet
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(TCFLAGS) -c $< -o $@

# -Os everywhere but the measured hot paths (make bench): size wins where a
# person or a device waits (shell, PCI, tasks, drivers' setup) and it shrinks
# .text + .rodata (the Performance table has the figure). -O2 where the
# bench counts instructions and -O2 counts fewer: the boot path to the
# prompt (the device-tree walk, the console output), the table builder, the
# descriptor encoders. On ARMv7, Thumb-2 -Os took no more instructions than
# -O2 (within 30 to the prompt, 5 per ioremap; several took fewer), measured
# file by file, for the files in armv5.hot_srcs, so only ARMv5 builds them
# -O2: there -Os means Thumb-1 too (hot_isa above), and with them -Os
# versatilepb took 3,300 more instructions to the prompt and 155 more per
# ioremap. The table walks (ptwalk.c: an alias check walks the whole table,
# so run hello and mmap) are -Os on both: they merge runs without a decode,
# and -O2 took 7% fewer instructions on run hello on virt for 600 bytes that
# the text has no room for. So is src/dev/device.c (the records' lookups)
# on ARMv7: -O2 saved 211 instructions to the prompt on virt, and its 512
# bytes hold the raw image's entry (entry.S moving firmware.bin to its link
# address); on ARMv5 -Os cost 1,044.
armv5.hot_srcs := src/mmu/vawin.c src/mmu/ioremap.c src/mmu/mmu.c src/mmu/ptspans.c \
                  src/lib/fdt.c src/lib/fdt_addr.c src/core/console_uart.c src/drivers/pl011.c \
                  src/dev/ram.c src/lib/civil.c src/dev/device.c
HOT_SRCS := src/mmu/pgtable.c src/mmu/ptchange.c src/mmu/fmt_armv7s.c src/mmu/fmt_armv5.c \
            src/mmu/fmt_lpae.c src/lib/fdt_prop.c \
            $(wildcard src/boot/$(ARCH)/*.c) src/lib/fmt.c src/core/console_printf.c \
            $($(ARCH).hot_srcs)
OPT := -Os
ISA := $($(ARCH).isa)
$(call obj,$(HOT_SRCS)): OPT := -O2
$(call obj,$(HOT_SRCS)): ISA := $($(ARCH).hot_isa)
$(call obj,$($(ARCH).a32_srcs)): ISA := -marm

# Test cases run in the order they are written: keep GCC from reordering them.
$(B)/obj/tests/target/%.o: TCFLAGS += -fno-toplevel-reorder
# The test harness and test cases are A32: their inline assembly (semihosting
# traps, CP15 accesses, hand-made exception frames) is written for it.
$(B)/obj/tests/target/%.o: ISA := -marm

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

# A user program: linked alone at the user addresses, split into its text and
# its initial data, and wrapped as a struct user_prog (src/kernel/user_image.S).
UCFLAGS := -std=gnu11 -Os -mcpu=$($(BOARD).cpu) $($(ARCH).isa) -mfloat-abi=soft -mno-unaligned-access \
           -ffreestanding -nostdlib -fno-builtin -ffunction-sections $(WARN) -Iinclude -Isrc/user
$(B)/user/%.elf: src/user/%.c $(USER_LIB) src/user/ulib.h src/user/user.ld include/uabi.h | setup-quiet
	@mkdir -p $(@D)
	@$(if $(Q),echo "  USER    $@")
	$(Q)$(CC) $(UCFLAGS) -T src/user/user.ld -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	    -o $@ $(USER_LIB) $< -lgcc
.PRECIOUS: $(B)/user/%.elf $(B)/user/%.text.bin $(B)/user/%.data.bin
$(B)/user/%.text.bin: $(B)/user/%.elf
	$(Q)$(OBJCOPY) -O binary -j .text $< $@
$(B)/user/%.data.bin: $(B)/user/%.elf
	$(Q)$(OBJCOPY) -O binary -j .data $< $@
$(B)/obj/user/%.o: src/kernel/user_image.S $(B)/user/%.text.bin $(B)/user/%.data.bin
	@mkdir -p $(@D)
	$(Q)$(CC) $(TASFLAGS) -DNAME=$* -DTEXT_BIN='"$(B)/user/$*.text.bin"' \
	    -DDATA_BIN='"$(B)/user/$*.data.bin"' \
	    -DBSS_SIZE=0x$$($(CROSS)nm $(B)/user/$*.elf | awk '$$3 == "__bss_size" { print $$1 }') \
	    -c $< -o $@

# On-target test images: newlib-nano with rdimon semihosting.
$(B)/tests/%.elf: $(CORE_OBJS) $(HARNESS_OBJS) $(B)/obj/tests/target/%.o linker.ld
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(TLDFLAGS) --specs=rdimon.specs -Wl,-Map=$(@:.elf=.map) -o $@ \
		$(CORE_OBJS) $(HARNESS_OBJS) $(B)/obj/tests/target/$*.o

# The chain-loading test images (tests/target/chainload.h): a miniature boot
# loader linked high in RAM that carries t_boot and enters it with its own MMU
# and caches on. Not harness images: their own rule, no C library.
virt.chainload        := 0x47000000
versatilepb.chainload := 0x07000000
CHAIN_IMAGES  := t_chainload t_crash_early
CHAIN_PAYLOAD := $(B)/tests/t_boot
chain_sym = 0x$(shell $(CROSS)nm $(CHAIN_PAYLOAD).elf | awk '$$3 == "$(1)" { print $$1 }')
$(CHAIN_IMAGES:%=$(B)/tests/%.elf): $(B)/tests/%.elf: tests/target/%.c tests/target/chainload.h \
		$(CHAIN_PAYLOAD).elf $(CHAIN_PAYLOAD).bin
	@$(if $(Q),echo "  CHAIN   $@")
	$(Q)$(CC) $(TCFLAGS) -marm -ffreestanding -nostdlib -Wl,-Ttext=$($(BOARD).chainload) \
	    -Wl,-e,chain_start -Wl,--no-warn-rwx-segments -DPAYLOAD_BIN='"$(CHAIN_PAYLOAD).bin"' \
	    -DPAYLOAD_LOAD=$($(BOARD).load) -DPAYLOAD_ENTRY=$(call chain_sym,_start) \
	    -DPAYLOAD_TEXT_END=$(call chain_sym,__text_end) -DLOADER_L1=$(call chain_sym,__pt_l1) \
	    -DPAYLOAD_BOARD=$(call chain_sym,board) -o $@ $<

run: $(B)/firmware.elf
	@echo "Booting $(BOARD); leave QEMU with Ctrl-A x"
	$(Q)$(QEMU) $($(BOARD).qemu) -display none -chardev stdio,id=con,mux=on,signal=off \
	    -serial chardev:con -mon chardev=con,mode=readline -kernel $<

debug: $(B)/firmware.elf
	@echo "QEMU halted at reset, gdb stub on :1234; gdb-multiarch starts with symbols."
	@echo "In gdb: 'continue' boots; the console goes to $(B)/debug-console.log (tail -f it)."
	@echo "Ctrl-C stops it anywhere; then fw-pt [va], fw-iomap, fw-fault (scripts/gdb/fw.py)."
	$(Q)$(QEMU) $($(BOARD).qemu) -display none -serial file:$(B)/debug-console.log -S -gdb tcp::1234 -kernel $< & \
	  qpid=$$!; $(GDB) -q -ex 'set architecture arm' -ex 'target remote :1234' -x scripts/gdb/fw.py $<; \
	  kill $$qpid 2>/dev/null; true

# A picture of the live memory map: boot, walk the tables through gdb
# (scripts/gdb/fw.py), draw with svgwrite. Also keeps the JSON it drew from.
.PHONY: memmap
memmap: $(B)/firmware.elf | setup-quiet
	$(Q)$(PYTHON) scripts/memmap.py --qemu '$(QEMU_CMD)' --elf $< --out $(B)/memmap.svg \
	    --json $(B)/memmap.json

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

# Driver host tests (tests/host/test_drv_*.c) #include a driver's .c and run
# it against register models: tests/host/fake/ stands in for io.h, the
# barriers and the CP15 accessors, ahead of include/ and the arch headers.
# Every host test finds the arch headers (<asm/...>) there: a test that
# reaches arch_irq_save() defines it.
$(HOST_B)/obj/tests/host/test_drv_%.o: HOSTCFLAGS += -iquote tests/host/fake -Itests/host/fake

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

# Machine variants of a built board: the same images under other QEMU options
# (name, images joined by '+', machine). virt's GICv3 runs the interrupt and
# time images; Hyp entry (with a GICv3, so Hyp must hand PL1 its system
# registers) and Secure entry run the boot and time images; highmem=off (an
# ECAM below 4 GiB) runs the PCI image with edu and pci-testdev.
virt.variants := virt-gicv3:t_irq+t_time virt-hyp:t_boot+t_chainload+t_irq+t_time \
                 virt-secure:t_boot+t_time virt-gicv4:t_irq virt-pci:t_pci virt-4g:t_kmap
virt-gicv3.qemu  := -M virt,gic-version=3 -cpu cortex-a15 -m 128 -nic none
# GICv4 (ArchRev 4, 256 KiB redistributor frames); QEMU needs EL2 for it
virt-gicv4.qemu  := -M virt,virtualization=on,gic-version=4 -cpu cortex-a15 -m 128 -nic none
virt-hyp.qemu    := -M virt,virtualization=on,gic-version=3 -cpu cortex-a15 -m 128 -nic none
virt-secure.qemu := -M virt,secure=on -cpu cortex-a15 -m 128 -nic none
# the ECAM below 4 GiB, with devices to drive
virt-pci.qemu    := -M virt,highmem=off -cpu cortex-a15 -m 128 -nic none \
                    -device edu,dma_mask=0xffffffff -device pci-testdev
# 4 GiB: 2816 MiB identity-mapped, 1280 MiB through kmap_phys() (-m 8192
# passes too, in half a minute: too slow for every run)
virt-4g.qemu     := -M virt -cpu cortex-a15 -m 4096 -nic none
# --board specs for board $(1)'s variants
variant_specs = $(foreach v,$($(1).variants),--board '$(v)=$(BUILD)/$(1)=$(QEMU) \
                $($(firstword $(subst :, ,$(v))).qemu) -display none -monitor none')

# Descriptor formats a board also builds and tests besides its CPU's best
# (FORMAT=...): virt's Cortex-A15 boots with LPAE, and the whole on-target
# suite runs once more with short descriptors.
virt.formats := short
empty :=
space := $(empty) $(empty)
format_specs = $(foreach f,$($(1).formats),--board '$(1)-$(f):$(subst $(space),+,$(strip \
               $(TARGET_TESTS)))=$(BUILD)/$(1)-$(f)=$(QEMU) $($(1).qemu) -display none -monitor none')

test: setup-quiet
	$(Q)for b in $(TEST_BOARDS); do \
	  $(MAKE) --no-print-directory BOARD=$$b all target-tests || exit 1; done
	$(Q)$(foreach b,$(TEST_BOARDS),$(foreach f,$($(b).formats), \
	  $(MAKE) --no-print-directory BOARD=$(b) FORMAT=$(f) all target-tests || exit 1;))
	$(Q)$(MAKE) --no-print-directory host-tests
	$(Q)$(PYTHON) tests/run_tests.py --host-build $(HOST_B) --host-tests "$(HOST_TESTS)" \
	    --target-tests "$(TARGET_TESTS)" --timeout $(QEMU_TIMEOUT) \
	    --make "$(MAKE) --no-print-directory BUILD=$(BUILD)" --junit $(BUILD)/test-results.xml \
	    $(foreach b,$(TEST_BOARDS),--board '$(b)=$(BUILD)/$(b)=$(QEMU) $($(b).qemu) -display none -monitor none' \
	      $(call variant_specs,$(b)) $(call format_specs,$(b)))

# make test-stress: `make test` STRESS_RUNS times in a row with STRESS_LOAD
# CPU-bound processes running (tests/stress.sh); every run's log, JUnit XML and
# a summary go to a new directory under $(BUILD)/stress/.
STRESS_RUNS ?= 10
STRESS_LOAD ?= 4
test-stress:
	$(Q)BUILD=$(BUILD) bash tests/stress.sh -n $(STRESS_RUNS) -k $(STRESS_LOAD) \
	    $(if $(filter command line,$(origin BOARD)),-- BOARD=$(BOARD))

# ---- fuzzing ----------------------------------------------------------------------
# libFuzzer (clang, AddressSanitizer + UBSan) over the pure parsers, FUZZ_TIME
# seconds each. The seed corpora in tests/fuzz/ are read, never written: new
# inputs go to a scratch directory under $(BUILD)/fuzz.
FUZZ_TIME ?= 60
FUZZERS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude $(WARN)
fuzz_srcs_shell := src/shell/lineedit.c src/shell/keys.c src/shell/parse.c
fuzz_srcs_fdt := src/lib/fdt.c src/lib/fdt_node.c src/lib/fdt_prop.c src/lib/fdt_addr.c \
                 src/lib/bytestr.c
fuzz_srcs_ymodem := src/lib/ymodem.c

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

# Every accessor must be one plain LDR/STR, and a readX()/writeX() must carry
# its barrier (tests/check_accessors.py). Each sample in tests/accessors/ (and
# tests/accessors/$(ARCH)/) breaks one rule; the checker must reject each one,
# saying what its 'expect:' line says.
ACCESSOR_SAMPLES := $(wildcard tests/accessors/*.S tests/accessors/$(ARCH)/*.S)
ACCESSOR_SAMPLE_ELFS := $(patsubst tests/accessors/%.S,$(B)/accessors/%.elf,$(ACCESSOR_SAMPLES))
CHECK_ACCESSORS = $(PYTHON) tests/check_accessors.py --objdump $(OBJDUMP) --arch $(ARCH)

$(B)/accessors/%.elf: tests/accessors/%.S | setup-quiet
	@mkdir -p $(@D)
	$(Q)$(CC) $(TASFLAGS) -nostdlib -Wl,-Ttext=0x40000000 -o $@ $<

check-accessors: $(B)/firmware.elf $(ACCESSOR_SAMPLE_ELFS)
	$(Q)$(CHECK_ACCESSORS) $(B)/firmware.elf
	$(Q)fail=0; for src in $(ACCESSOR_SAMPLES); do \
	  elf=$(B)/accessors/$${src#tests/accessors/}; elf=$${elf%.S}.elf; \
	  want=$$(sed -n 's/^ \* expect: //p' $$src); \
	  if out=$$($(CHECK_ACCESSORS) $$elf); then \
	    echo "check-accessors: the checker accepted $$src, which it must reject"; fail=1; \
	  elif [ -z "$$want" ] || ! printf '%s\n' "$$out" | grep -qF -- "$$want"; then \
	    printf '%s\n' "$$out"; \
	    echo "check-accessors: $$src rejected, but not for '$$want'"; fail=1; \
	  else echo "check-accessors: $$src rejected: $$want"; fi; \
	done; exit $$fail

# ---- setup ------------------------------------------------------------------------
SETUP_PKGS := gcc-arm-none-eabi:arm-none-eabi-gcc libnewlib-arm-none-eabi:/usr/lib/arm-none-eabi/newlib/libc_nano.a \
              qemu-system-arm:qemu-system-arm gdb-multiarch:gdb-multiarch sparse:sparse \
              libcmocka-dev:/usr/include/cmocka.h python3-pexpect:/usr/lib/python3/dist-packages/pexpect \
              python3:/usr/bin/python3 python3-svgwrite:/usr/lib/python3/dist-packages/svgwrite gcc:cc make:make clang:clang libclang-rt-dev:-

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
#                     only when a measurement fails or two runs disagree. Without an
#                     error, records the figures in tests/bench/recorded.json and
#                     rewrites README.md's Performance table from them (commit both).
#   make bench-quick  the reset-to-prompt and table-memory targets only (< 60 s);
#                     fails when one is missed or a boot, table or text figure
#                     differs from the recorded one. Writes $(BUILD)/bench-quick.json.
# Counts come from QEMU exec traces (one line per guest instruction), so they are
# exact and repeatable; see the driver's docstring for the method and markers.
# Bench images are tests/target/b_*.c, linked like the test images by the
# $(B)/tests/%.elf rule; they are not part of TARGET_TESTS.
# BENCH_BOARDS=virt limits the boards; BENCH_FLAGS=--tap adds one TAP line per
# target (for tests/run_tests.py), --no-make-test skips timing `make test`.
BENCH_IMAGES := $(patsubst tests/target/%.c,%,$(wildcard tests/target/b_*.c))
# <board>-<format> (virt-short) is a board built with FORMAT=<format>.
BENCH_BOARDS ?= $(BOARDS) $(foreach b,$(BOARDS),$(addprefix $(b)-,$($(b).formats)))
BENCH_CMD = $(PYTHON) tests/bench/bench.py --build $(BUILD) --boards "$(BENCH_BOARDS)" \
            $(foreach b,$(BENCH_BOARDS),--qemu '$(b)=$($(firstword $(subst -, ,$(b))).qemu)') \
            --make "$(MAKE) --no-print-directory" --cross $(CROSS) $(BENCH_FLAGS)

.PHONY: bench bench-quick bench-images

bench-images: $(B)/firmware.elf $(addprefix $(B)/tests/,$(addsuffix .elf,$(BENCH_IMAGES)))

bench: setup-quiet
	$(Q)$(BENCH_CMD)

bench-quick: setup-quiet
	$(Q)$(BENCH_CMD) --quick

# ---- mutation testing (tests/mutate/mutate.py) ------------------------------------
#   make mutate       seed single-line bugs, one at a time, into the pure sources
#                     (judged by the host tests) and the MMU, accessor, timer and
#                     interrupt code (judged by the on-target suite on every board
#                     that compiles it); print each survivor with its diff and the
#                     kill rate. Works in scratch copies under $(BUILD)/mutate, so
#                     the tree is never modified, even when interrupted.
#   MUTATE_SEED=1 MUTATE_COUNT=200 (per set) MUTATE_TIME=3600 (s) MUTATE_SETS=pure,hw
#   MUTATE_JOBS=<cores>
MUTATE_SEED  ?= 1
MUTATE_COUNT ?= 200
MUTATE_TIME  ?= 3600
MUTATE_SETS  ?= pure,hw
MUTATE_JOBS  ?= $(shell nproc)
MUTATE_HW_SRCS := src/mmu/mmu.c src/mmu/ioremap.c include/io.h src/core/irq.c src/core/time.c \
                  $(wildcard src/drivers/gic*.c) src/drivers/pl190.c src/drivers/arm_gtimer.c \
                  src/drivers/sp804.c src/drivers/sysctr.c

.PHONY: mutate
mutate: setup-quiet
	$(Q)$(PYTHON) tests/mutate/mutate.py --build $(BUILD) --seed $(MUTATE_SEED) \
	    --count $(MUTATE_COUNT) --time $(MUTATE_TIME) --jobs $(MUTATE_JOBS) --sets $(MUTATE_SETS) \
	    --pure "$(PURE_SRCS)" --hw "$(MUTATE_HW_SRCS)" --boards "$(BOARDS)" \
	    --host-tests "$(HOST_TESTS)" --target-tests "$(TARGET_TESTS)" \
	    $(foreach b,$(BOARDS),--qemu '$(b)=$(QEMU) $($(b).qemu) -display none -monitor none') \
	    $(foreach b,$(BOARDS),$(foreach v,$($(b).variants),--variant '$(b)=$(v)=$(QEMU) \
	      $($(firstword $(subst :, ,$(v))).qemu) -display none -monitor none'))
