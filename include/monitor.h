/* The interactive monitor on the serial console (src/shell/shell.c). */
#ifndef MONITOR_H
#define MONITOR_H

/* Print the prompt and serve command lines forever. */
void shell_run(void);

#endif
