/* tty.c: the pseudo-terminal harness of tty.h (forkpty). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "bench.h"
#include "tty.h"

bool tty_start(struct tty *t, char *const argv[], int rows, int cols)
{
	memset(t, 0, sizeof *t);
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	t->started = bench_now_ms();
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		return false;
	if (t->pid == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("LANGUAGE", "en", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	return true;
}

void tty_mark(struct tty *t)
{
	t->len = 0;
	if (t->out)
		t->out[0] = '\0';
}

double tty_send(struct tty *t, const char *s)
{
	size_t n = strlen(s), done = 0;
	double at = bench_now_ms();
	while (done < n) {
		ssize_t w = write(t->fd, s + done, n - done);
		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		done += (size_t)w;
	}
	return at;
}

/* Appends what is waiting on the master side; returns the bytes read, 0
 * when nothing was waiting, -1 at the end of the program's output. */
static ssize_t drain(struct tty *t)
{
	ssize_t total = 0;
	for (;;) {
		if (t->cap - t->len < 4097) {
			t->cap = t->cap ? t->cap * 2 : 65536;
			t->out = realloc(t->out, t->cap);
			if (!t->out)
				abort();
		}
		ssize_t r = read(t->fd, t->out + t->len, t->cap - t->len - 1);
		if (r > 0) {
			t->len += (size_t)r;
			t->out[t->len] = '\0';
			total += r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			return total;
		/* EIO (Linux) or 0: the slave side is closed. */
		t->eof = true;
		return total ? total : -1;
	}
}

bool tty_saw(const struct tty *t, const char *text)
{
	return t->out && memmem(t->out, t->len, text, strlen(text)) != NULL;
}

double tty_settle(struct tty *t, const char *marker, int quiet_ms, int timeout_ms)
{
	double start = bench_now_ms(), last = -1;
	bool seen = marker == NULL;
	for (;;) {
		double now = bench_now_ms();
		if (now - start > timeout_ms)
			return -1;
		if (seen && last >= 0 && now - last >= quiet_ms)
			return last;
		if (t->eof)
			return seen && last >= 0 ? last : -1;
		int wait = seen && last >= 0 ? (int)(quiet_ms - (now - last)) + 1 : (int)(timeout_ms - (now - start)) + 1;
		struct pollfd p = { .fd = t->fd, .events = POLLIN };
		int r = poll(&p, 1, wait > 0 ? wait : 1);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0) {
			double got = bench_now_ms();
			ssize_t n = drain(t);
			if (n > 0)
				last = got;
			if (!seen && tty_saw(t, marker))
				seen = true;
		}
	}
}

bool tty_finish(struct tty *t, int timeout_ms)
{
	double start = bench_now_ms();
	bool killed = false;
	for (;;) {
		pid_t r = wait4(t->pid, &t->status, WNOHANG, &t->ru);
		if (r == t->pid)
			break;
		if (r < 0 && errno != EINTR)
			break;
		/* Keep reading, so that the program never blocks on a full pty. */
		drain(t);
		if (!killed && bench_now_ms() - start > timeout_ms) {
			kill(t->pid, SIGKILL);
			killed = true;
		}
		usleep(2000);
	}
	close(t->fd);
	free(t->out);
	t->out = NULL;
	t->len = t->cap = 0;
	return !killed && WIFEXITED(t->status) && WEXITSTATUS(t->status) == 0;
}
