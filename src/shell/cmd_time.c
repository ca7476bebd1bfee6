/* Time commands: uptime, sleep, timer. */
#include <stdio.h>
#include <string.h>
#include "monitor.h"
#include "timer.h"

/* Longer than an hour is not a pause anyone types on purpose. */
#define SLEEP_MAX_MS	(60u * 60u * 1000u)
/* Ctrl-C is looked for this often during a sleep. */
#define SLEEP_SLICE_MS	50u

static int cmd_uptime(int argc, char **argv)
{
	uint64_t ns = uptime_ns();

	(void)argc, (void)argv;
	printf("up %lu.%03lu s, %lu ticks at %lu Hz\n", (unsigned long)(ns / 1000000000u),
	       (unsigned long)(ns / 1000000u % 1000u), (unsigned long)ticks(),
	       (unsigned long)tick_hz());
	return 0;
}
SHELL_CMD(uptime, "", "time since boot and tick count", 0, 0, cmd_uptime);

/* Sleep in slices so Ctrl-C can cut it short. */
static int cmd_sleep(int argc, char **argv)
{
	uint32_t ms;

	(void)argc;
	if (shell_parse_arg("milliseconds", argv[1], &ms))
		return -EINVAL;
	if (ms > SLEEP_MAX_MS) {
		printf("error: %lu ms is more than an hour (%lu ms); Ctrl-C stops a sleep anyway\n",
		       (unsigned long)ms, (unsigned long)SLEEP_MAX_MS);
		return -E2BIG;
	}
	while (ms) {
		uint32_t slice = ms < SLEEP_SLICE_MS ? ms : SLEEP_SLICE_MS;

		if (shell_ctrl_c()) {
			printf("^C\n");
			return -EINTR;
		}
		int err = sleep_ms(slice);

		if (err) {
			printf("error: cannot sleep (%d)\n", err);
			return err;
		}
		ms -= slice;
	}
	return 0;
}
SHELL_CMD(sleep, "<ms>", "sleep in WFI, up to an hour (Ctrl-C stops)", 1, 1, cmd_sleep);

/* `timer start <ms>`: a periodic software timer whose callback (in the
 * tick interrupt) only counts; the shell prints the count when idle. The
 * time code re-arms it from its previous deadline, so it does not drift. */
static struct soft_timer demo_timer = { .slot = -1 };
static uint32_t demo_period_ms;
static volatile uint32_t demo_fired;
static uint32_t demo_reported;

static void demo_timer_fn(struct soft_timer *t, void *ctx)
{
	(void)t, (void)ctx;
	demo_fired++;
}

static int cmd_timer(int argc, char **argv)
{
	if (!strcmp(argv[1], "stop") && argc == 2) {
		if (timer_cancel(&demo_timer)) {
			printf("error: no timer running\n");
			return -ENOENT;
		}
		printf("timer stopped after %lu callbacks\n", (unsigned long)demo_fired);
		return 0;
	}
	if (strcmp(argv[1], "start") || argc != 3) {
		printf("error: say 'timer start <ms>' or 'timer stop'\n");
		return -EINVAL;
	}
	if (shell_parse_arg("period", argv[2], &demo_period_ms))
		return -EINVAL;
	if (demo_period_ms < 10) {
		printf("error: period below 10 ms\n");
		return -EINVAL;
	}
	if (timer_cancel(&demo_timer) == 0)
		printf("timer: replacing the running timer (%lu callbacks)\n",
		       (unsigned long)demo_fired);
	demo_fired = demo_reported = 0;
	return timer_start_periodic(&demo_timer, (uint64_t)demo_period_ms * 1000000u,
				    demo_timer_fn, NULL);
}
SHELL_CMD(timer, "start <ms> | stop", "a periodic software timer that reports; period >= 10 ms",
	  1, 2, cmd_timer);

bool cmd_timer_report(void)
{
	uint32_t fired = demo_fired;

	if (fired == demo_reported)
		return false;
	demo_reported = fired;
	printf("\rtimer: callback %lu at %lu ms\n", (unsigned long)fired,
	       (unsigned long)(uptime_ns() / 1000000u));
	return true;
}
