/*
 * The three importers: football-data.co.uk CSV, the NBA CSV and the NFL
 * JSON. Each parses a source row into a struct catalog_row, reports bad
 * input and hands the row to the batch (catalog_db.c, the only part that
 * writes; tests/fuzz/fuzz_import.c replaces it to fuzz the parsers).
 */
#include "catalog_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define CSV_FIELDS 256
#define PROGRESS_EVERY 1000

static const char *const out_1x2[] = { "home", "draw", "away" };
static const char *const out_ou[] = { "over", "under" };
static const char *const out_ha[] = { "home", "away" };

/* ---- small parsers ---- */

/* Splits a CSV line in place (double quotes as in RFC 4180). */
static int
csv_split(char *s, char **f, int max)
{
	int n = 0;

	s[strcspn(s, "\r\n")] = '\0';
	while (n < max) {
		if (*s == '"') {
			char *w = ++s;

			f[n++] = w;
			while (*s && !(*s == '"' && s[1] != '"')) {
				if (*s == '"')
					s++;
				*w++ = *s++;
			}
			if (*s == '"')
				s++;
			*w = '\0';
			s = strchr(s, ',');
			if (s == NULL)
				break;
			s++;
			continue;
		}
		f[n++] = s;
		if ((s = strchr(s, ',')) == NULL)
			break;
		*s++ = '\0';
	}
	return n;
}

static int
parse_uint(const char *s, int max, int *out)
{
	long long v;

	if (s == NULL || !isdigit((unsigned char)*s) || util_parse_ll(s, &v) != 0 || v < 0 ||
	    v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int
date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* "a/b/c" into three numbers; yy becomes 20yy. */
static int
parse_slash_date(const char *s, int *a, int *b, int *y)
{
	char tail;
	int n;

	if (s == NULL || sscanf(s, "%d/%d/%d%n%c", a, b, y, &n, &tail) != 3 || (int)strlen(s) != n)
		return -1;
	if (*y >= 0 && *y < 100)
		*y += 2000;
	return 0;
}

static int
trimmed_copy(char *out, size_t n, const char *s)
{
	size_t len;

	if (s == NULL)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len >= n || !util_utf8_valid(s, len))
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

struct catalog_market *
catalog_row_market(
    struct catalog_row *r, const char *kind, int32_t line, int nout, const char *const *outcomes)
{
	struct catalog_market *m;

	for (int i = 0; i < r->nmk; i++)
		if (strcmp(r->mk[i].kind, kind) == 0 && r->mk[i].line == line)
			return &r->mk[i];
	if (r->nmk == CATALOG_MARKETS)
		return NULL;
	m = &r->mk[r->nmk++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->line = line;
	m->nout = nout;
	m->outcomes = outcomes;
	return m;
}

static void
progress(const char *file, long rows)
{
	if (rows % PROGRESS_EVERY == 0)
		fprintf(stderr, "%s: %ld rows\n", file, rows);
}

/* ---- football-data.co.uk ---- */

static const struct {
	const char *code, *name, *country;
} fd_divisions[] = {
	{ "E0", "Premier League", "England" },
	{ "E1", "Championship", "England" },
	{ "E2", "League One", "England" },
	{ "E3", "League Two", "England" },
	{ "SP1", "La Liga", "Spain" },
	{ "SP2", "Segunda División", "Spain" },
	{ "I1", "Serie A", "Italy" },
	{ "I2", "Serie B", "Italy" },
	{ "D1", "Bundesliga", "Germany" },
	{ "D2", "2. Bundesliga", "Germany" },
	{ "F1", "Ligue 1", "France" },
};

static const char *const fd_books[] = { "b365", "bw", "iw", "ps", "wh", "vc", "max", "avg" };
/* Column prefixes of each book (Pinnacle is "PS" in 1X2, "P" elsewhere). */
static const char *const fd_prefix[][2] = {
	{ "B365" },
	{ "BW" },
	{ "IW" },
	{ "PS", "P" },
	{ "WH" },
	{ "VC" },
	{ "Max" },
	{ "Avg" },
};
#define FD_PS 3
#define FD_AVG 7

static const struct catalog_source fd_source = {
	"football-data",
	"football",
	8,
	fd_books,
	{ FD_PS, FD_AVG },
};

enum { FD_1X2, FD_OU, FD_AH, FD_NMK };
static const struct {
	const char *kind;
	int nout;
	const char *const *outcomes;
	const char *suffix[3];
} fd_markets[FD_NMK] = {
	{ "1x2", 3, out_1x2, { "H", "D", "A" } },
	{ "total", 2, out_ou, { ">2.5", "<2.5" } },
	{ "handicap", 2, out_ha, { "AHH", "AHA" } },
};

struct fd_cols {
	int div, date, time, home, away, fthg, ftag, ah[2];
	int px[FD_NMK][2][CATALOG_BOOKS][3];
};

static int
col_find(char **f, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(f[i], name) == 0)
			return i;
	return -1;
}

static void
fd_header(char **f, int n, struct fd_cols *c)
{
	char name[64];

	c->div = col_find(f, n, "Div");
	c->date = col_find(f, n, "Date");
	c->time = col_find(f, n, "Time");
	c->home = col_find(f, n, "HomeTeam");
	c->away = col_find(f, n, "AwayTeam");
	c->fthg = col_find(f, n, "FTHG");
	c->ftag = col_find(f, n, "FTAG");
	c->ah[CATALOG_OPEN] = col_find(f, n, "AHh");
	c->ah[CATALOG_CLOSE] = col_find(f, n, "AHCh");
	for (int m = 0; m < FD_NMK; m++)
		for (int ph = 0; ph < 2; ph++)
			for (int k = 0; k < CATALOG_BOOKS; k++)
				for (int o = 0; o < 3; o++) {
					c->px[m][ph][k][o] = -1;
					for (int p = 0; p < 2 && c->px[m][ph][k][o] < 0; p++) {
						if (o >= fd_markets[m].nout ||
						    fd_prefix[k][p] == NULL)
							continue;
						snprintf(name, sizeof(name), "%s%s%s",
						    fd_prefix[k][p], ph == CATALOG_CLOSE ? "C" : "",
						    fd_markets[m].suffix[o]);
						c->px[m][ph][k][o] = col_find(f, n, name);
					}
				}
}

static const char *
cell(char **f, int n, int i)
{
	return i >= 0 && i < n ? f[i] : NULL;
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* Structure first (the row is skipped on error), then the prices (a bad
 * price is skipped alone). Returns 0 when the row is to be imported. */
static int
fd_row(struct catalog_stats *st, const char *file, long line, char **f, int n,
    const struct fd_cols *c, const char *file_div, struct catalog_row *r)
{
	const char *div = cell(f, n, c->div), *t = cell(f, n, c->time), *s;
	const char *hg = cell(f, n, c->fthg), *ag = cell(f, n, c->ftag);
	int d, mo, y, hh = 15, mi = 0;
	int32_t lines[2];
	int has_line[2];

	memset(r, 0, sizeof(*r));
	if (parse_slash_date(cell(f, n, c->date), &d, &mo, &y) != 0 || !date_valid(y, mo, d)) {
		catalog_report(st, file, line, "bad date '%s': row skipped",
		    cell(f, n, c->date) ? cell(f, n, c->date) : "");
		return -1;
	}
	if (!empty(t) &&
	    (sscanf(t, "%d:%d", &hh, &mi) != 2 || hh < 0 || hh > 23 || mi < 0 || mi > 59)) {
		catalog_report(st, file, line, "bad time '%s': row skipped", t);
		return -1;
	}
	if (trimmed_copy(r->home, sizeof(r->home), cell(f, n, c->home)) != 0 ||
	    trimmed_copy(r->away, sizeof(r->away), cell(f, n, c->away)) != 0 ||
	    strcmp(r->home, r->away) == 0) {
		catalog_report(st, file, line, "missing or bad teams: row skipped");
		return -1;
	}
	r->home_score = r->away_score = -1;
	if (!(empty(hg) && empty(ag)) &&
	    (parse_uint(hg, 999, &r->home_score) != 0 ||
	        parse_uint(ag, 999, &r->away_score) != 0)) {
		catalog_report(st, file, line, "non-numeric goals '%s'-'%s': row skipped",
		    hg ? hg : "", ag ? ag : "");
		return -1;
	}
	if (empty(div))
		div = file_div;
	/* the competition's code: text PostgreSQL takes (a byte it refuses
	 * would fail the whole batch) */
	if (empty(div) || strlen(div) > 40 || !util_utf8_valid(div, strlen(div))) {
		catalog_report(st, file, line, "missing or bad division: row skipped");
		return -1;
	}
	r->comp_code = div;
	r->comp_name = div;
	for (size_t i = 0; i < TG_NELEM(fd_divisions); i++)
		if (strcmp(div, fd_divisions[i].code) == 0) {
			r->comp_name = fd_divisions[i].name;
			r->country = fd_divisions[i].country;
		}
	snprintf(r->kickoff, sizeof(r->kickoff), "%04d-%02d-%02d %02d:%02d", y, mo, d, hh, mi);
	r->tz = "Europe/London";
	snprintf(
	    r->key, sizeof(r->key), "%s:%04d-%02d-%02d:%s:%s", div, y, mo, d, r->home, r->away);

	for (int ph = 0; ph < 2; ph++) {
		s = cell(f, n, c->ah[ph]);
		has_line[ph] = 0;
		if (empty(s))
			continue;
		if (odds_line_parse(s, &lines[ph]) != 0)
			catalog_report(
			    st, file, line, "bad handicap line '%s': its prices skipped", s);
		else
			has_line[ph] = 1;
	}
	for (int m = 0; m < FD_NMK; m++)
		for (int ph = 0; ph < 2; ph++) {
			struct catalog_market *mk = NULL;
			int32_t mline = m == FD_OU ? 250 : 0;

			if (m == FD_AH) {
				if (!has_line[ph])
					continue;
				mline = lines[ph];
			}
			for (int k = 0; k < CATALOG_BOOKS; k++)
				for (int o = 0; o < fd_markets[m].nout; o++) {
					int32_t odds;

					s = cell(f, n, c->px[m][ph][k][o]);
					if (empty(s))
						continue;
					if (odds_parse(s, &odds) != 0) {
						catalog_report(st, file, line,
						    "bad odds '%s' (%s, %s, %s): "
						    "price skipped",
						    s, fd_books[k], fd_markets[m].kind,
						    ph ? "close" : "open");
						continue;
					}
					if (mk == NULL &&
					    (mk = catalog_row_market(r, fd_markets[m].kind, mline,
					         fd_markets[m].nout, fd_markets[m].outcomes)) ==
					        NULL)
						continue;
					mk->px[ph][k][o] = odds;
				}
		}
	return 0;
}

/* The division of a file named like "E0_2019-2024.csv", for rows without Div. */
static void
file_division(const char *path, char *out, size_t n)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	snprintf(out, n, "%.*s", (int)strcspn(b, "_."), b);
}

int
catalog_import_football_data(const char *schema, const char *path, struct catalog_stats *st)
{
	struct fd_cols *c;
	struct catalog_batch *b;
	struct catalog_row r;
	char *line = NULL, *f[CSV_FIELDS], fdiv[16];
	size_t cap = 0;
	long lineno = 0;
	FILE *fp;
	int n;

	if ((fp = fopen(path, "r")) == NULL) {
		catalog_report(st, path, 0, "cannot open: %m");
		return -1;
	}
	if (getline(&line, &cap, fp) < 0 || (c = calloc(1, sizeof(*c))) == NULL) {
		catalog_report(st, path, 0, "empty file");
		free(line);
		fclose(fp);
		return -1;
	}
	lineno = 1;
	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
		memmove(line, line + 3, strlen(line + 3) + 1);
	n = csv_split(line, f, CSV_FIELDS);
	fd_header(f, n, c);
	if (c->date < 0 || c->home < 0 || c->away < 0) {
		catalog_report(
		    st, path, 1, "not a football-data.co.uk header (Date, HomeTeam, AwayTeam)");
		free(c);
		free(line);
		fclose(fp);
		return -1;
	}
	file_division(path, fdiv, sizeof(fdiv));
	b = catalog_batch_new(schema, &fd_source, path, st);
	while (b != NULL && getline(&line, &cap, fp) >= 0) {
		lineno++;
		if (line[strspn(line, ",\r\n")] == '\0')
			continue; /* blank or only commas */
		st->rows++;
		n = csv_split(line, f, CSV_FIELDS);
		if (fd_row(st, path, lineno, f, n, c, fdiv, &r) == 0)
			catalog_batch_add(b, &r, lineno);
		else
			st->skipped++;
		progress(path, st->rows);
	}
	catalog_batch_end(b);
	free(c);
	free(line);
	fclose(fp);
	return b ? 0 : -1;
}

/* ---- moneyline sources (NBA, NFL) ---- */

static const char *const ml_books[] = { "consensus" };

/* The favourite by moneyline: 1 home, -1 away, 0 level. */
static int
ml_favourite(int32_t home, int32_t away)
{
	return home < away ? 1 : home > away ? -1 : 0;
}

/* Adds the closing moneyline prices (American) to a row; a bad price is
 * reported and skipped. */
static void
ml_prices(struct catalog_stats *st, const char *file, long line, struct catalog_row *r,
    const long long am[2])
{
	struct catalog_market *m = NULL;

	for (int o = 0; o < 2; o++) {
		int32_t odds;

		if (am[o] == 0)
			continue;
		if (am[o] < INT32_MIN || am[o] > INT32_MAX ||
		    odds_from_american((int32_t)am[o], &odds) != 0) {
			catalog_report(st, file, line, "bad moneyline %lld: price skipped", am[o]);
			continue;
		}
		if (m == NULL && (m = catalog_row_market(r, "moneyline", 0, 2, out_ha)) == NULL)
			return;
		m->px[CATALOG_CLOSE][0][o] = odds;
	}
}

static char *
upper(char *s)
{
	for (char *p = s; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return s;
}

/* ---- NBA ---- */

static const struct catalog_source nba_source = {
	"nba",
	"basketball",
	1,
	ml_books,
	{ 0, -1 },
};

/* A US league game: known date, kick-off at a fixed local hour (the sources
 * have no time), identity "YYYY-MM-DD:Away@Home". */
static void
us_event(struct catalog_row *r, const char *league, int y, int mo, int d, int hour)
{
	r->comp_code = league;
	r->comp_name = league;
	r->country = "USA";
	r->tz = "America/New_York";
	snprintf(r->kickoff, sizeof(r->kickoff), "%04d-%02d-%02d %02d:00", y, mo, d, hour);
	snprintf(r->key, sizeof(r->key), "%04d-%02d-%02d:%s@%s", y, mo, d, r->away, r->home);
}

int
catalog_import_nba(const char *schema, const char *path, struct catalog_stats *st)
{
	struct catalog_batch *b;
	struct catalog_row r;
	char *line = NULL, *f[CSV_FIELDS];
	int cd, ca, ch, csh, csa, cfav, cspread, cmla, cmlh, n;
	size_t cap = 0;
	long lineno = 1;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		catalog_report(st, path, 0, "cannot open: %m");
		return -1;
	}
	if (getline(&line, &cap, fp) < 0) {
		catalog_report(st, path, 0, "empty file");
		free(line);
		fclose(fp);
		return -1;
	}
	n = csv_split(line, f, CSV_FIELDS);
	cd = col_find(f, n, "date");
	ca = col_find(f, n, "away");
	ch = col_find(f, n, "home");
	csa = col_find(f, n, "score_away");
	csh = col_find(f, n, "score_home");
	cfav = col_find(f, n, "whos_favored");
	cspread = col_find(f, n, "spread");
	cmla = col_find(f, n, "moneyline_away");
	cmlh = col_find(f, n, "moneyline_home");
	if (cd < 0 || ca < 0 || ch < 0) {
		catalog_report(st, path, 1, "not the NBA CSV header (date, away, home)");
		free(line);
		fclose(fp);
		return -1;
	}
	b = catalog_batch_new(schema, &nba_source, path, st);
	while (b != NULL && getline(&line, &cap, fp) >= 0) {
		const char *fav, *hs, *as;
		long long am[2] = { 0, 0 };
		int mo, d, y, bad = 0;

		lineno++;
		if (line[strspn(line, ",\r\n")] == '\0')
			continue;
		st->rows++;
		progress(path, st->rows);
		n = csv_split(line, f, CSV_FIELDS);
		memset(&r, 0, sizeof(r));
		if (parse_slash_date(cell(f, n, cd), &mo, &d, &y) != 0 || !date_valid(y, mo, d)) {
			catalog_report(st, path, lineno, "bad date '%s': row skipped",
			    cell(f, n, cd) ? cell(f, n, cd) : "");
			st->skipped++;
			continue;
		}
		/* compared as stored, upper-cased: "sa" at "SA" is one team */
		if (trimmed_copy(r.home, sizeof(r.home), cell(f, n, ch)) != 0 ||
		    trimmed_copy(r.away, sizeof(r.away), cell(f, n, ca)) != 0 ||
		    strcmp(upper(r.home), upper(r.away)) == 0) {
			catalog_report(st, path, lineno, "missing or bad teams: row skipped");
			st->skipped++;
			continue;
		}
		hs = cell(f, n, csh);
		as = cell(f, n, csa);
		r.home_score = r.away_score = -1;
		if (!(empty(hs) && empty(as)) &&
		    (parse_uint(hs, 999, &r.home_score) != 0 ||
		        parse_uint(as, 999, &r.away_score) != 0)) {
			catalog_report(st, path, lineno, "non-numeric scores: row skipped");
			st->skipped++;
			continue;
		}
		us_event(&r, "NBA", y, mo, d, 19);
		for (int o = 0; o < 2; o++) {
			const char *s = cell(f, n, o == 0 ? cmlh : cmla);

			if (!empty(s) && util_parse_ll(s, &am[o]) != 0) {
				catalog_report(
				    st, path, lineno, "bad moneyline '%s': price skipped", s);
				am[o] = 0;
			}
		}
		/* whos_favored must agree with the moneyline favourite */
		fav = cell(f, n, cfav);
		if (am[0] && am[1] && !empty(fav) &&
		    ml_favourite((int32_t)am[0], (int32_t)am[1]) != 0) {
			int said = strcmp(fav, "home") == 0 ? 1 : strcmp(fav, "away") == 0 ? -1 : 0;
			const char *sp = cell(f, n, cspread);

			if (said != 0 && !(sp && strtod(sp, NULL) == 0) &&
			    said != ml_favourite((int32_t)am[0], (int32_t)am[1]))
				bad = 1;
		}
		if (bad)
			catalog_report(st, path, lineno,
			    "inconsistent: whos_favored '%s' but moneylines "
			    "home %lld away %lld; prices not imported, result kept",
			    fav, am[0], am[1]);
		else
			ml_prices(st, path, lineno, &r, am);
		catalog_batch_add(b, &r, lineno);
	}
	catalog_batch_end(b);
	free(line);
	fclose(fp);
	return b ? 0 : -1;
}

/* ---- NFL ---- */

static const struct catalog_source nfl_source = {
	"nfl",
	"american_football",
	1,
	ml_books,
	{ 0, -1 },
};

/* A JSON number or numeric string as an integer; -1 when absent or bad. */
static int
json_int(json_t *v, long long *out)
{
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return 0;
	}
	/* a whole real within long long's range (converting one beyond it is
	 * undefined); -2^63 and 2^63 are exact doubles */
	if (json_is_real(v) && json_real_value(v) >= -9223372036854775808.0 &&
	    json_real_value(v) < 9223372036854775808.0 &&
	    json_real_value(v) == (double)(long long)json_real_value(v)) {
		*out = (long long)json_real_value(v);
		return 0;
	}
	if (json_is_string(v) && util_parse_ll(json_string_value(v), out) == 0)
		return 0;
	return -1;
}

int
catalog_import_nfl(const char *schema, const char *path, struct catalog_stats *st)
{
	struct catalog_batch *b;
	struct catalog_row r;
	json_error_t err;
	json_t *root, *g;
	size_t i;

	if ((root = json_load_file(path, 0, &err)) == NULL || !json_is_array(root)) {
		catalog_report(
		    st, path, err.line > 0 ? err.line : 0, "not a JSON array: %s", err.text);
		json_decref(root);
		return -1;
	}
	b = catalog_batch_new(schema, &nfl_source, path, st);
	json_array_foreach(root, i, g)
	{
		long line = (long)i + 1; /* reports name the game's index, from 1 */
		long long date, hs, as, am[2] = { 0, 0 };
		json_t *spread;
		int y, mo, d;

		if (b == NULL)
			break;
		st->rows++;
		progress(path, st->rows);
		memset(&r, 0, sizeof(r));
		if (json_int(json_object_get(g, "date"), &date) != 0 ||
		    !date_valid(y = (int)(date / 10000), mo = (int)(date / 100 % 100),
		        d = (int)(date % 100))) {
			catalog_report(st, path, line, "bad date: row skipped");
			st->skipped++;
			continue;
		}
		if (trimmed_copy(r.home, sizeof(r.home),
		        json_string_value(json_object_get(g, "home_team"))) ||
		    trimmed_copy(r.away, sizeof(r.away),
		        json_string_value(json_object_get(g, "away_team"))) ||
		    strcmp(r.home, r.away) == 0) {
			catalog_report(st, path, line, "missing or bad teams: row skipped");
			st->skipped++;
			continue;
		}
		r.home_score = r.away_score = -1;
		if (json_int(json_object_get(g, "home_final"), &hs) == 0 &&
		    json_int(json_object_get(g, "away_final"), &as) == 0) {
			if (hs < 0 || as < 0 || hs > 999 || as > 999) {
				catalog_report(st, path, line, "bad scores: row skipped");
				st->skipped++;
				continue;
			}
			r.home_score = (int)hs;
			r.away_score = (int)as;
		}
		us_event(&r, "NFL", y, mo, d, 13);
		if (json_int(json_object_get(g, "home_close_ml"), &am[0]) != 0)
			am[0] = 0;
		if (json_int(json_object_get(g, "away_close_ml"), &am[1]) != 0)
			am[1] = 0;
		/* A closing spread whose sign contradicts the moneyline favourite
		 * (a pick'em spread of 0 against a moneyline favourite included). */
		spread = json_object_get(g, "home_close_spread");
		if (am[0] && am[1] && json_is_number(spread) &&
		    ml_favourite((int32_t)am[0], (int32_t)am[1]) != 0 &&
		    (json_number_value(spread) < 0 ? 1
		            : json_number_value(spread) > 0
		            ? -1
		            : 0) != ml_favourite((int32_t)am[0], (int32_t)am[1]))
			catalog_report(st, path, line,
			    "inconsistent (game index %zu): home_close_spread "
			    "%g but moneylines home %lld away %lld; prices not imported, result kept",
			    i, json_number_value(spread), am[0], am[1]);
		else
			ml_prices(st, path, line, &r, am);
		catalog_batch_add(b, &r, line);
	}
	catalog_batch_end(b);
	json_decref(root);
	return b ? 0 : -1;
}
