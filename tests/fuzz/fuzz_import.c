/*
 * libFuzzer driver: the CSV and JSON importers (app/catalog/catalog_import.c:
 * football-data.co.uk CSV, the NBA CSV, the NFL JSON).
 *
 * The database side (catalog_batch_*, catalog_report in catalog_db.c) is
 * replaced here: the input's first byte picks the importer, the rest is the
 * file (a memfd opened by path), and every row handed to the batch is
 * checked as the database would take it:
 *   - key, competition code and name, team names: valid UTF-8 (PostgreSQL
 *     refuses anything else, and with it the whole batch of rows); a key
 *     that fits; the code 1..40 bytes; teams 1..100 bytes, trimmed,
 *     different;
 *   - kick-off "YYYY-MM-DD HH:MM" of a real date and time; a time zone;
 *   - no result (both -1) or both scores 0..999;
 *   - at most CATALOG_MARKETS markets, each of a known kind with its
 *     outcomes, a line in quarter steps, prices 0 or within the odds bounds;
 * and every data row read is either handed over or counted as skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "catalog/catalog_int.h"

#include "fuzz.h"

struct catalog_batch {
	long added;
};

static struct catalog_batch batch;

struct catalog_batch *
catalog_batch_new(const char *schema, const struct catalog_source *src, const char *file,
    struct catalog_stats *st)
{
	(void)schema;
	(void)src;
	(void)file;
	(void)st;
	batch.added = 0;
	return &batch;
}

void
catalog_batch_end(struct catalog_batch *b)
{
	(void)b;
}

void
catalog_report(struct catalog_stats *st, const char *file, long line, const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)fmt;
	st->reports++;
}

static void
check_utf8(const char *what, const char *s, size_t max)
{
	size_t n;

	FUZZ_CHECK(s != NULL, "%s missing", what);
	n = strnlen(s, max + 1);
	FUZZ_CHECK(n <= max, "%s longer than %zu bytes", what, max);
	FUZZ_CHECK(fuzz_ref_utf8_valid((const unsigned char *)s, n), "%s is not valid UTF-8", what);
}

static void
check_team(const char *what, const char *s)
{
	size_t n = strlen(s);

	check_utf8(what, s, 100);
	FUZZ_CHECK(n > 0 && s[0] != ' ' && s[n - 1] != ' ' && s[0] != '\t' && s[n - 1] != '\t',
	    "%s '%s' empty or not trimmed", what, s);
}

static int
date_ok(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= mdays[m - 1] + (m == 2 && leap);
}

void
catalog_batch_add(struct catalog_batch *b, const struct catalog_row *r, long line)
{
	int y, mo, d, hh, mi, n = 0;

	(void)line;
	b->added++;
	check_utf8("key", r->key, CATALOG_KEY_LEN - 1);
	FUZZ_CHECK(r->key[0] != '\0', "empty key");
	check_utf8("competition code", r->comp_code, 40);
	FUZZ_CHECK(r->comp_code[0] != '\0', "empty competition code");
	check_utf8("competition name", r->comp_name, 100);
	if (r->country != NULL)
		check_utf8("country", r->country, 60);
	check_team("home", r->home);
	check_team("away", r->away);
	FUZZ_CHECK(strcmp(r->home, r->away) != 0, "home and away both '%s'", r->home);
	FUZZ_CHECK(sscanf(r->kickoff, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &hh, &mi, &n) == 5 &&
	        n == 16 && r->kickoff[16] == '\0',
	    "kick-off '%s'", r->kickoff);
	FUZZ_CHECK(date_ok(y, mo, d) && hh >= 0 && hh <= 23 && mi >= 0 && mi <= 59, "kick-off '%s'",
	    r->kickoff);
	FUZZ_CHECK(r->tz != NULL && r->tz[0], "no time zone");
	FUZZ_CHECK((r->home_score == -1 && r->away_score == -1) ||
	        (r->home_score >= 0 && r->home_score <= 999 && r->away_score >= 0 &&
	            r->away_score <= 999),
	    "scores %d-%d", r->home_score, r->away_score);
	FUZZ_CHECK(r->nmk >= 0 && r->nmk <= CATALOG_MARKETS, "%d markets", r->nmk);
	for (int i = 0; i < r->nmk; i++) {
		const struct catalog_market *m = &r->mk[i];

		FUZZ_CHECK(
		    catalog_outcomes(m->kind) != NULL && m->nout == catalog_outcome_count(m->kind),
		    "market %d: kind '%s', %d outcomes", i, m->kind, m->nout);
		for (int o = 0; o < m->nout; o++)
			FUZZ_CHECK(strcmp(m->outcomes[o], catalog_outcomes(m->kind)[o]) == 0,
			    "market %d: outcome %d '%s'", i, o, m->outcomes[o]);
		FUZZ_CHECK(m->line % 25 == 0 && m->line >= -100000 && m->line <= 100000,
		    "market %d: line %d", i, m->line);
		FUZZ_CHECK(catalog_kind_has_line(m->kind) || m->line == 0, "market %d: line %d", i,
		    m->line);
		for (int ph = 0; ph < 2; ph++)
			for (int k = 0; k < CATALOG_BOOKS; k++)
				for (int o = 0; o < 3; o++) {
					int32_t px = m->px[ph][k][o];

					FUZZ_CHECK(px == 0 ||
					        (o < m->nout && px >= ODDS_MIN && px <= ODDS_MAX),
					    "market %d: price %d", i, px);
				}
		for (int k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(r->mk[k].kind, m->kind) != 0 || r->mk[k].line != m->line,
			    "market %d repeats market %d", i, k);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct catalog_stats st;
	int which, rc;

	if (size < 1)
		return 0;
	if (fd < 0) {
		if ((fd = memfd_create("fuzz_import", 0)) < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data + 1, size - 1, 0) != (ssize_t)(size - 1))
		abort();
	memset(&st, 0, sizeof(st));
	which = data[0] % 3;
	rc = which == 0  ? catalog_import_football_data("fuzz", path, &st)
	    : which == 1 ? catalog_import_nba("fuzz", path, &st)
	                 : catalog_import_nfl("fuzz", path, &st);
	FUZZ_CHECK(rc == 0 || rc == -1, "importer returned %d", rc);
	FUZZ_CHECK(st.rows == batch.added + st.skipped || rc != 0,
	    "%ld rows read, %ld handed over, %ld skipped", st.rows, batch.added, st.skipped);
	batch.added = 0;
	return 0;
}
