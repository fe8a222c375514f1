/*
 * The process model: a master that owns the FastCGI socket and N prefork
 * workers that accept on it.
 *
 * The master never handles a request. It blocks every signal it cares about
 * and takes them synchronously with sigtimedwait(), so there is no async
 * handler logic in it at all:
 *   SIGCHLD        reap; a worker that died unexpectedly is restarted, with a
 *                  backoff that doubles while workers keep dying young
 *   SIGHUP         reload the configuration, start a new generation of
 *                  workers, then ask the old generation to drain and exit
 *   SIGTERM/INT    ask every worker to drain, wait, escalate, exit
 *
 * A worker waiting for a connection exits at once on SIGTERM; a busy one
 * finishes its request first (see worker_run). libfcgi installs handlers of
 * its own in FCGX_Init, so ours are installed after it.
 */
#include "http.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 256
#define DRAIN_SECONDS 15

struct slot {
	pid_t pid;
	int gen;
	uint64_t started_us;
	uint64_t restart_at_us; /* 0: not waiting */
};

static volatile sig_atomic_t worker_stop;

static void
worker_on_term(int sig)
{
	(void)sig;
	worker_stop = 1;
}

static void
worker_run(const struct http_server *s, int fd)
{
	FCGX_Request r;
	struct arena *a;
	struct sigaction sa;
	sigset_t term, waitmask;
	struct pollfd pfd = { fd, POLLIN, 0 };

	if (FCGX_Init() != 0)
		_exit(70);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	/*
	 * SIGTERM/SIGINT stay blocked while a request is accepted and served, and
	 * are let through only inside ppoll() on the (non-blocking) listening
	 * socket: a stop request never interrupts a request half way, and an idle
	 * worker stops at once. FCGX_Accept_r returns -1 when another worker won
	 * the connection (EAGAIN); we go back to waiting.
	 */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_SETMASK, &term, NULL);
	sigemptyset(&waitmask);

	if (s->worker_init != NULL && s->worker_init() != 0)
		_exit(71);
	if ((a = arena_new(64 * 1024)) == NULL || FCGX_InitRequest(&r, fd, 0) != 0)
		_exit(70);
	while (!worker_stop) {
		if (ppoll(&pfd, 1, NULL, &waitmask) < 0 || worker_stop)
			continue;
		if (FCGX_Accept_r(&r) < 0)
			continue;
		s->handle(&r, a);
		FCGX_Finish_r(&r);
		arena_reset(a);
	}
	if (s->worker_exit != NULL)
		s->worker_exit();
	FCGX_Free(&r, 0); /* whatever the last request left */
	arena_free(a);
	util_exit(0);
}

static pid_t
spawn(const struct http_server *s, int fd)
{
	pid_t pid = fork();

	if (pid == 0)
		worker_run(s, fd);
	return pid;
}

static int
open_socket(const struct http_server *s)
{
	int fd;

	unlink(s->socket_path);
	if ((fd = FCGX_OpenSocket(s->socket_path, 1024)) < 0) {
		log_error("cannot listen on %s: %s", s->socket_path, strerror(errno));
		return -1;
	}
	/* Only the owner and the web server's group may connect. */
	if (s->socket_group != NULL && *s->socket_group) {
		struct group *g = getgrnam(s->socket_group);

		if (g == NULL || chown(s->socket_path, (uid_t)-1, g->gr_gid) != 0)
			log_warn("cannot give %s to group %s", s->socket_path, s->socket_group);
	}
	chmod(s->socket_path, 0660);
	/* Shared by every worker: a worker that loses the race gets EAGAIN
	 * instead of sleeping in accept() where SIGTERM is blocked. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

static int
live_workers(const struct slot *w, int n)
{
	int live = 0;

	for (int i = 0; i < n; i++)
		live += w[i].pid > 0;
	return live;
}

int
http_serve(const struct http_server *s)
{
	struct slot w[MAX_WORKERS];
	int nw = s->workers, cap = 0, gen = 1, fd, stopping = 0;
	uint64_t backoff_us = 0, stop_deadline = 0;
	sigset_t set;

	if (nw < 1)
		nw = 1;
	if (nw > MAX_WORKERS / 2)
		nw = MAX_WORKERS / 2;
	memset(w, 0, sizeof(w));
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((fd = open_socket(s)) < 0)
		return 1;
	for (int i = 0; i < nw; i++) {
		w[i].gen = gen;
		w[i].started_us = util_now_us();
		w[i].pid = spawn(s, fd);
	}
	cap = nw;
	log_info("serving on %s with %d workers", s->socket_path, nw);

	for (;;) {
		struct timespec ts = { 1, 0 };
		uint64_t now = util_now_us(), next = now + 1000000;
		siginfo_t si;
		int sig;

		for (int i = 0; i < cap; i++)
			if (w[i].restart_at_us && w[i].restart_at_us < next)
				next = w[i].restart_at_us;
		if (next > now) {
			ts.tv_sec = (time_t)((next - now) / 1000000);
			ts.tv_nsec = (long)((next - now) % 1000000) * 1000;
		} else
			ts.tv_sec = 0, ts.tv_nsec = 0;
		sig = sigtimedwait(&set, &si, &ts);
		now = util_now_us();

		if (sig == SIGTERM || sig == SIGINT) {
			if (!stopping) {
				log_info("stopping: draining %d workers", live_workers(w, cap));
				stopping = 1;
				stop_deadline = now + DRAIN_SECONDS * 1000000ull;
				for (int i = 0; i < cap; i++) {
					w[i].restart_at_us = 0;
					if (w[i].pid > 0)
						kill(w[i].pid, SIGTERM);
				}
			}
		} else if (sig == SIGHUP && !stopping) {
			int oldgen = gen, n = 0;

			if (s->reload != NULL && s->reload() != 0)
				log_warn(
				    "reload: configuration has errors; keeping workers as they are");
			else {
				gen++;
				log_info("reload: starting generation %d", gen);
				/* compact: keep old live workers, append the new generation */
				for (int i = 0; i < cap; i++)
					if (w[i].pid > 0)
						w[n++] = w[i];
				cap = n;
				for (int i = 0; i < nw && cap < MAX_WORKERS; i++, cap++) {
					w[cap].gen = gen;
					w[cap].started_us = now;
					w[cap].restart_at_us = 0;
					w[cap].pid = spawn(s, fd);
				}
				for (int i = 0; i < cap; i++)
					if (w[i].gen == oldgen && w[i].pid > 0)
						kill(w[i].pid, SIGTERM);
			}
		}

		/* reap */
		for (;;) {
			int status;
			pid_t pid = waitpid(-1, &status, WNOHANG);

			if (pid <= 0)
				break;
			for (int i = 0; i < cap; i++) {
				if (w[i].pid != pid)
					continue;
				w[i].pid = 0;
				if (stopping || w[i].gen != gen)
					break;
				if (now - w[i].started_us < 2000000)
					backoff_us = backoff_us ? backoff_us * 2 : 100000;
				else
					backoff_us = 0;
				if (backoff_us > 10000000)
					backoff_us = 10000000;
				if (WIFSIGNALED(status))
					log_warn(
					    "worker %d killed by signal %d; restarting in %llu ms",
					    (int)pid, WTERMSIG(status),
					    (unsigned long long)backoff_us / 1000);
				else
					log_warn(
					    "worker %d exited with status %d; restarting in %llu ms",
					    (int)pid, WEXITSTATUS(status),
					    (unsigned long long)backoff_us / 1000);
				w[i].restart_at_us = now + backoff_us + 1;
				if (s->on_restart != NULL)
					s->on_restart();
				break;
			}
		}

		if (stopping) {
			if (live_workers(w, cap) == 0)
				break;
			if (now > stop_deadline) {
				log_warn("drain timed out; killing remaining workers");
				for (int i = 0; i < cap; i++)
					if (w[i].pid > 0)
						kill(w[i].pid, SIGKILL);
				stop_deadline = now + 5000000;
			}
			continue;
		}
		for (int i = 0; i < cap; i++) {
			if (w[i].pid == 0 && w[i].restart_at_us && w[i].restart_at_us <= now) {
				w[i].restart_at_us = 0;
				w[i].started_us = now;
				w[i].pid = spawn(s, fd);
				log_info("worker restarted as %d", (int)w[i].pid);
			}
		}
		/* drop dead slots of old generations */
		{
			int n = 0;

			for (int i = 0; i < cap; i++)
				if (w[i].pid > 0 || w[i].restart_at_us || w[i].gen == gen)
					w[n++] = w[i];
			cap = n;
		}
	}
	close(fd);
	unlink(s->socket_path);
	log_info("stopped");
	return 0;
}
