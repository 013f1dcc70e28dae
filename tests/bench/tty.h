/* tty.h: the program in a real pseudo-terminal, driven as a person would
 * drive it: the benchmark types keys into the pty and reads what the
 * program draws. A screen counts as updated when its output has come and
 * then stopped (a quiet gap, which is not part of the measured time: the
 * time taken is that of the last byte). */
#ifndef OKIENKO_BENCH_TTY_H
#define OKIENKO_BENCH_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

struct tty {
	pid_t pid;
	int fd;             /* the pty's master side */
	char *out;          /* the output since the last tty_mark() */
	size_t len, cap;
	bool eof;           /* the program closed the terminal */
	int status;         /* wait status, once it has exited */
	struct rusage ru;   /* its resource usage, once it has exited */
	double started;     /* bench_now_ms() just before the fork */
};

/* Starts argv[0] with argv in a new rows x cols pty (TERM=xterm, C.UTF-8,
 * English messages). */
bool tty_start(struct tty *t, char *const argv[], int rows, int cols);
/* Forgets the output read so far. */
void tty_mark(struct tty *t);
/* Sends bytes; returns the time just before the write (bench_now_ms()),
 * or -1 on failure. */
double tty_send(struct tty *t, const char *s);
/* Reads until marker (when not NULL) has appeared in the output since the
 * last tty_mark() and then nothing has come for quiet_ms. Returns the time
 * of the last byte read, or -1 when timeout_ms passed first or the
 * program ended before the marker came. */
double tty_settle(struct tty *t, const char *marker, int quiet_ms, int timeout_ms);
/* Whether text appeared in the output since the last tty_mark(). */
bool tty_saw(const struct tty *t, const char *text);
/* Waits up to timeout_ms for the program to end (killing it after that),
 * fills status and ru; returns whether it exited by itself with status 0. */
bool tty_finish(struct tty *t, int timeout_ms);

#endif
