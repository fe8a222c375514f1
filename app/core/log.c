/* One line per event on stderr: time, level, process, message. */
#include "core.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *log_ident = "tailgate";
static enum log_level log_min = LOG_INFO;

void
log_init(const char *ident, enum log_level min)
{
	log_ident = ident;
	log_min = min;
}

enum log_level
log_level_parse(const char *s)
{
	if (strcasecmp(s, "debug") == 0)
		return LOG_DEBUG;
	if (strcasecmp(s, "warn") == 0)
		return LOG_WARN;
	if (strcasecmp(s, "error") == 0)
		return LOG_ERROR;
	return LOG_INFO;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char line[4096], ts[32];
	struct timeval tv;
	struct tm tm;
	va_list ap;
	int n;

	if (lvl < log_min)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s.%03ldZ %s[%d] %s: ", ts, (long)(tv.tv_usec / 1000),
	    log_ident, (int)getpid(), names[lvl]);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	if ((size_t)n >= sizeof(line) - 1)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	/* One write so concurrent workers' lines never interleave. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}
