/* Runs every TEST() case of the image and reports TAP lines. */
#include <stdarg.h>
#include <string.h>
#include "board.h"
#include "console.h"
#include "harness.h"

extern const struct testcase __testcases_start[], __testcases_end[];
extern void initialise_monitor_handles(void);
int main(void);

static bool failed, skipped;
static char message[256];

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (failed)
		return;
	failed = true;
	n = snprintf(message, sizeof(message), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(message + n, sizeof(message) - (size_t)n, fmt, ap);
	va_end(ap);
}

/* The image's standard output (include/console.h): semihosting, as
 * newlib's printf() here. */
void stdout_write(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

void test_skip(const char *reason)
{
	skipped = true;
	snprintf(message, sizeof(message), "%s", reason);
}

int main(void)
{
	const struct testcase *tc;
	unsigned n = 0, pass = 0, fail = 0;

	initialise_monitor_handles();
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("1..%u\n", (unsigned)(__testcases_end - __testcases_start));
	for (tc = __testcases_start; tc < __testcases_end; tc++) {
		failed = skipped = false;
		message[0] = '\0';
		tc->fn();
		n++;
		if (failed) {
			fail++;
			printf("not ok %u - %s: %s\n", n, tc->name, message);
		} else if (skipped) {
			pass++;
			printf("ok %u - %s # SKIP %s\n", n, tc->name, message);
		} else {
			pass++;
			printf("ok %u - %s\n", n, tc->name);
		}
	}
	printf("# %s: %u passed, %u failed\n", board.name, pass, fail);
	return fail ? 1 : 0;
}
