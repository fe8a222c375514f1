/* catalog internals: the row a parser builds and the batch that writes it. */
#ifndef TG_CATALOG_INT_H
#define TG_CATALOG_INT_H

#include <stdint.h>

#include "../core/core.h"
#include "catalog.h"

#define CATALOG_BOOKS 8   /* bookmakers per row, at most */
#define CATALOG_MARKETS 4 /* markets per row, at most */
#define CATALOG_KEY_LEN 320

enum { CATALOG_OPEN, CATALOG_CLOSE };

struct catalog_market {
	const char *kind; /* "1x2", "moneyline", "handicap", "total" */
	int32_t line;     /* hundredths, home's view */
	int nout;
	const char *const *outcomes;     /* "home", "draw", ... */
	int32_t px[2][CATALOG_BOOKS][3]; /* [phase][book][outcome]; 0: none */
};

/* A source: its name (events.source), sport and bookmakers. prefer[] are the
 * books whose prices become the selection's opening/closing/fair odds, in
 * order of preference (-1: none). */
struct catalog_source {
	const char *name;
	const char *sport;
	int nbooks;
	const char *const *books;
	int prefer[2];
};

struct catalog_row {
	char key[CATALOG_KEY_LEN]; /* events.source_key */
	const char *comp_code, *comp_name, *country;
	char home[101], away[101];
	char kickoff[40];           /* "YYYY-MM-DD HH:MM", local time */
	const char *tz;             /* e.g. "Europe/London" */
	int home_score, away_score; /* -1: no result */
	int nmk;
	struct catalog_market mk[CATALOG_MARKETS];
};

struct catalog_batch;

struct catalog_batch *catalog_batch_new(
    const char *schema, const struct catalog_source *, const char *file, struct catalog_stats *);
/* Queues a row (creating its competition and teams as needed); writes the
 * batch when it is full. line: for the reports. */
void catalog_batch_add(struct catalog_batch *, const struct catalog_row *, long line);
/* Writes what is queued and frees the batch. */
void catalog_batch_end(struct catalog_batch *);

/* "FILE:LINE: reason" on stderr (line 0: "FILE: reason"); counted in stats. */
void catalog_report(struct catalog_stats *, const char *file, long line, const char *fmt, ...)
    TG_PRINTF(4, 5);

/* The market of a row with this kind and line, added when missing. */
struct catalog_market *catalog_row_market(
    struct catalog_row *, const char *kind, int32_t line, int nout, const char *const *outcomes);

/* `tailgate import` (catalog_cli.c). */
int catalog_cmd_import(int argc, char **argv);

#endif
