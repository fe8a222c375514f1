/*
 * Declared inputs. A route lists its fields; values come from the query
 * (GET/HEAD), the urlencoded form, or the JSON body, and every present field
 * passes through http_check_value before the handler sees it. Fields a route
 * does not declare never reach it; in JSON they are an error, because an API
 * client that sends a misspelt key deserves to hear about it.
 *
 * Every type yields a typed value (minor units, thousandths, basis points,
 * seconds, a choice index), so a handler never parses its input again.
 * Nested JSON (FT_OBJECT, FT_ARRAY) is checked by the same code under a path
 * ("markets[0].selections[1].odds").
 */
#include "http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Index of v in choices, or -1. */
static int
choice_index(const char *const *choices, const char *v)
{
	for (int i = 0; choices != NULL && choices[i] != NULL; i++)
		if (strcmp(choices[i], v) == 0)
			return i;
	return -1;
}

static int
in_choices(const char *const *choices, const char *v)
{
	return choice_index(choices, v) >= 0;
}

static const char *const ftype_names[HTTP_FTYPE_COUNT] = {
	[FT_STRING] = "string",
	[FT_TEXT] = "text",
	[FT_INT] = "integer",
	[FT_BOOL] = "boolean",
	[FT_ENUM] = "enum",
	[FT_LIST] = "list",
	[FT_MONEY] = "money",
	[FT_ODDS] = "odds",
	[FT_BP] = "basis_points",
	[FT_UUID] = "uuid",
	[FT_TIME] = "time",
	[FT_OBJECT] = "object",
	[FT_ARRAY] = "array",
};

const char *
http_ftype_name(enum http_ftype t)
{
	return (unsigned)t < HTTP_FTYPE_COUNT ? ftype_names[t] : "unknown";
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
http_time_parse(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
	const char *p;

	if (strlen(s) < 20 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &se))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 59 ||
	    y < 1)
		return -1;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	p = s + 19;
	if (*p == '.') { /* fractions of a second: accepted, dropped */
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return -1;
		p += 6;
	} else
		return -1;
	if (*p != '\0')
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
	    (int64_t)sign * (oh * 3600 + om * 60);
	return 0;
}

static char *
trim_copy(struct arena *a, const char *v)
{
	const char *e;

	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	return arena_strndup(a, v, (size_t)(e - v));
}

static int
has_control(const char *s, int allow_newlines)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0x7f ||
		    (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))))
			return 1;
	}
	return 0;
}

/* Basis points as a percentage ("0.01") or a fraction ("0.0001"). */
static const char *
bp_text(struct arena *a, int64_t bp, int fraction)
{
	return fraction
	    ? arena_printf(a, "%lld.%04lld", (long long)(bp / 10000), (long long)(bp % 10000))
	    : arena_printf(a, "%lld.%02lld", (long long)(bp / 100), (long long)(bp % 100));
}

/* The typed scalars beyond text: fills out and returns NULL, or a message. */
static const char *
check_typed(struct arena *a, const struct http_field *f, const char *v, struct http_value *out)
{
	int64_t m;
	int32_t o;

	switch (f->type) {
	case FT_MONEY: {
		int64_t lo = f->max > 0 ? f->min : 1, hi = f->max > 0 ? f->max : MONEY_MAX;

		if (f->flags & FF_MINOR) {
			long long n;

			if (util_parse_ll(v, &n) != 0)
				return "must be a whole number";
			if (n < lo || n > hi)
				return arena_printf(a, "must be between %lld and %lld",
				    (long long)lo, (long long)hi);
			out->money = n;
			return NULL;
		}
		if (money_parse(v, &m) != 0 || m <= 0)
			return "must be a positive amount with at most two decimals";
		if (m < lo || m > hi)
			return arena_printf(
			    a, "must be between %s and %s", money_str(a, lo), money_str(a, hi));
		out->money = m;
		return NULL;
	}
	case FT_ODDS:
		if (odds_parse(v, &o) != 0)
			return "must be decimal odds above 1.0 with at most three decimals (e.g. 2.10)";
		out->odds = o;
		return NULL;
	case FT_BP: {
		int64_t lo = f->max > 0 ? f->min : 0, hi = f->max > 0 ? f->max : 10000;

		if (f->flags & FF_FRACTION) {
			if (money_fixed_parse(v, 4, 10000, &m) != 0 || m < lo || m > hi)
				return arena_printf(a,
				    "must be a fraction between %s and %s, "
				    "at most four decimals",
				    bp_text(a, lo, 1), bp_text(a, hi, 1));
		} else if (money_fixed_parse(v, 2, 10000, &m) != 0 || m < lo || m > hi)
			return arena_printf(a, "must be a percentage between %s and %s",
			    bp_text(a, lo, 0), bp_text(a, hi, 0));
		out->bp = (int32_t)m;
		return NULL;
	}
	case FT_UUID:
		if (!util_uuid_valid(v))
			return "must be an id (a UUID)";
		out->str = util_lower(arena_strdup(a, v));
		return NULL;
	case FT_TIME: {
		char b[24];
		time_t t;
		struct tm tm;

		if (http_time_parse(v, &m) != 0)
			return "must be an RFC 3339 time with a zone, such as 2026-05-01T19:45:00Z";
		t = (time_t)m;
		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
			return "must be an RFC 3339 time with a zone, such as 2026-05-01T19:45:00Z";
		out->time = m;
		out->str = arena_strdup(a, b);
		return NULL;
	}
	default:
		return "has a type that cannot be read here";
	}
}

const char *
http_check_value(struct arena *a, const struct http_field *f, const char *v, struct http_value *out)
{
	long long n;
	size_t len;
	const char *err;

	if (!util_utf8_valid(v, strlen(v)))
		return "is not valid UTF-8";
	out->present = 1;
	out->idx = -1;
	switch (f->type) {
	case FT_STRING:
	case FT_TEXT:
		out->str = (f->flags & FF_RAW) ? arena_strdup(a, v) : trim_copy(a, v);
		if (out->str == NULL)
			return "could not be stored";
		if (has_control(out->str, f->type == FT_TEXT))
			return "contains control characters";
		len = utf8_chars(out->str);
		if (len == 0 && (f->flags & FF_REQUIRED))
			return "is required";
		if (f->min > 0 && len < (size_t)f->min && len > 0)
			return arena_printf(a, "must be at least %lld characters", f->min);
		if (f->max > 0 && len > (size_t)f->max)
			return arena_printf(a, "must be at most %lld characters", f->max);
		break;
	case FT_INT:
		if (*v == '\0' && !(f->flags & FF_REQUIRED)) {
			out->present = 0; /* an empty optional number is absent (?page=) */
			out->str = "";
			break;
		}
		if (util_parse_ll(v, &n) != 0)
			return "must be a whole number";
		if (n < f->min || n > f->max)
			return arena_printf(a, "must be between %lld and %lld", f->min, f->max);
		out->num = n;
		out->str = v;
		break;
	case FT_BOOL:
		if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0)
			out->yes = 1;
		else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
		    *v == '\0')
			out->yes = 0;
		else
			return "must be true or false";
		out->str = v;
		break;
	case FT_ENUM:
		if (*v == '\0' && !(f->flags & FF_REQUIRED)) {
			out->present = 0;
			out->str = "";
			break;
		}
		if ((out->idx = choice_index(f->choices, v)) < 0)
			return "is not one of the allowed values";
		out->str = v;
		break;
	case FT_MONEY:
	case FT_ODDS:
	case FT_BP:
	case FT_UUID:
	case FT_TIME: {
		char *t = trim_copy(a, v);

		if (t == NULL)
			return "could not be stored";
		if (*t == '\0') { /* an empty optional value is absent, as for numbers */
			out->present = 0;
			out->str = "";
			return (f->flags & FF_REQUIRED) ? "is required" : NULL;
		}
		out->str = t;
		if ((err = check_typed(a, f, t, out)) != NULL)
			return err;
		break;
	}
	case FT_LIST:
		return "must be a list";
	case FT_OBJECT:
		return "must be an object";
	case FT_ARRAY:
		return "must be a list of objects";
	}
	if (f->check != NULL && out->str != NULL && *out->str)
		return f->check(out->str);
	return NULL;
}

void
http_errors_add(struct http_errors *e, const char *field, const char *msg)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return; /* first message per field wins */
	if (e->n < HTTP_MAX_FIELD_ERRORS) {
		e->field[e->n] = field;
		e->msg[e->n] = msg;
		e->n++;
	}
}

void
http_field_error(struct http_req *req, const char *field, const char *msg)
{
	http_errors_add(&req->errors, field, msg);
}

/* Collects list items from repeated form keys or a JSON array. */
static const char *
list_add(struct arena *a, const struct http_field *f, struct http_value *out, const char *v)
{
	const char **nl;

	if (!util_utf8_valid(v, strlen(v)))
		return "is not valid UTF-8";
	if (*v == '\0')
		return NULL;
	if (!in_choices(f->choices, v))
		return "contains a value that is not allowed";
	for (size_t i = 0; i < out->nlist; i++)
		if (strcmp(out->list[i], v) == 0)
			return NULL;
	if (f->max > 0 && out->nlist >= (size_t)f->max)
		return arena_printf(a, "may list at most %lld items", f->max);
	if ((nl = arena_alloc(a, (out->nlist + 1) * sizeof(*nl))) == NULL)
		return "could not be stored";
	if (out->nlist)
		memcpy(nl, out->list, out->nlist * sizeof(*nl));
	nl[out->nlist++] = v;
	out->list = nl;
	return NULL;
}

/* The text of a JSON scalar for a field, or NULL with *err set. */
static const char *
json_scalar(struct arena *a, const struct http_field *f, json_t *j, const char **err)
{
	int decimal = f->type == FT_ODDS || f->type == FT_BP ||
	    (f->type == FT_MONEY && !(f->flags & FF_MINOR)) ||
	    ((f->flags & FF_DECIMAL) && f->type == FT_STRING);

	*err = NULL;
	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_integer(j) && f->type == FT_INT)
		return arena_printf(a, "%lld", (long long)json_integer_value(j));
	if (json_is_boolean(j) && f->type == FT_BOOL)
		return json_is_true(j) ? "true" : "false";
	/* Minor units are a JSON integer (a string too, as for FT_INT). */
	if (json_is_integer(j) && f->type == FT_MONEY && (f->flags & FF_MINOR))
		return arena_printf(a, "%lld", (long long)json_integer_value(j));
	/* A decimal (odds 2.1) may come as a JSON number; 15 significant digits
	 * give back the shortest decimal the client wrote. The type's parser
	 * decides what is acceptable. */
	if (json_is_number(j) && decimal)
		return json_is_integer(j)
		    ? arena_printf(a, "%lld", (long long)json_integer_value(j))
		    : arena_printf(a, "%.15g", json_real_value(j));
	*err = f->type == FT_INT                           ? "must be a whole number"
	    : f->type == FT_BOOL                           ? "must be true or false"
	    : f->type == FT_MONEY && (f->flags & FF_MINOR) ? "must be a whole number"
	    : decimal                                      ? "must be a number"
	                                                   : "must be a string";
	return NULL;
}

/* After a value is read: the required rule, and a list's minimum count. */
static const char *
required_or_count(struct arena *a, const struct http_field *f, const struct http_value *out)
{
	if ((f->flags & FF_REQUIRED) &&
	    (!out->present ||
	        (f->type == FT_LIST ? out->nlist == 0
	                : f->type == FT_OBJECT || f->type == FT_ARRAY || (f->flags & FF_JSON)
	                ? 0
	                : out->str != NULL && *out->str == '\0')))
		return "is required";
	if (f->type == FT_LIST && f->min > 0 && out->nlist < (size_t)f->min)
		return arena_printf(a, "must list at least %lld items", f->min);
	if (f->type == FT_ARRAY && out->present && f->min > 0 && out->nitems < (size_t)f->min)
		return arena_printf(a, "must list at least %lld items", f->min);
	return NULL;
}

static const char *
path_of(struct arena *a, const char *prefix, const char *name)
{
	return *prefix ? arena_printf(a, "%s.%s", prefix, name) : name;
}

static void
absent(struct http_value *v)
{
	v->str = "";
	v->idx = -1;
}

/* One field of a JSON object; j may be NULL (absent). */
static void
check_json_field(struct arena *a, const struct http_field *f, json_t *j, const char *path,
    struct http_value *out, struct http_errors *errs)
{
	const char *err = NULL;

	absent(out);
	if (j == NULL || json_is_null(j)) {
		/* absent */
	} else if (f->flags & FF_JSON) {
		out->present = 1; /* nested: checked by hand by the handler */
	} else if (f->type == FT_OBJECT) {
		out->present = 1;
		if (!json_is_object(j))
			err = "must be an object";
		else {
			out->nsub = http_fields_count(http_field_members(f));
			if ((out->sub = arena_calloc(
			         a, out->nsub ? out->nsub : 1, sizeof(*out->sub))) == NULL)
				err = "could not be stored";
			else
				http_check_object(
				    a, http_field_members(f), j, path, out->sub, errs);
		}
	} else if (f->type == FT_ARRAY) {
		size_t n = json_is_array(j) ? json_array_size(j) : 0;

		out->present = 1;
		out->nsub = http_fields_count(http_field_members(f));
		if (!json_is_array(j))
			err = "must be a list";
		else if (f->max > 0 && n > (size_t)f->max)
			err = arena_printf(a, "may list at most %lld items", f->max);
		else if ((out->sub = arena_calloc(
		              a, n * out->nsub > 0 ? n * out->nsub : 1, sizeof(*out->sub))) == NULL)
			err = "could not be stored";
		else {
			out->nitems = n;
			for (size_t i = 0; i < n; i++) {
				json_t *it = json_array_get(j, i);
				const char *ip = arena_printf(a, "%s[%zu]", path, i);

				if (!json_is_object(it))
					http_errors_add(errs, ip, "must be an object");
				else
					http_check_object(a, http_field_members(f), it, ip,
					    out->sub + i * out->nsub, errs);
			}
		}
	} else if (f->type == FT_LIST) {
		size_t k;
		json_t *it;

		out->present = 1;
		if (!json_is_array(j))
			err = "must be a list";
		else
			json_array_foreach(j, k, it)
			{
				if (!json_is_string(it)) {
					err = "must be a list of strings";
					break;
				}
				if ((err = list_add(a, f, out, json_string_value(it))) != NULL)
					break;
			}
	} else {
		const char *v = json_scalar(a, f, j, &err);

		if (v != NULL)
			err = http_check_value(a, f, v, out);
	}
	if (err == NULL)
		err = required_or_count(a, f, out);
	if (err != NULL)
		http_errors_add(errs, path, err);
}

int
http_check_object(struct arena *a, const struct http_field *fields, json_t *obj, const char *prefix,
    struct http_value *vals, struct http_errors *errs)
{
	size_t nf = http_fields_count(fields), before = errs->n;
	const char *key;
	json_t *val;

	json_object_foreach(obj, key, val)
	{
		size_t i;

		for (i = 0; i < nf; i++)
			if (strcmp(fields[i].name, key) == 0)
				break;
		/* csrf_token is checked by the pipeline, not by the route */
		/* an empty key is named "" so that every error has a path */
		if (i == nf && !(*prefix == '\0' && strcmp(key, "csrf_token") == 0))
			http_errors_add(errs,
			    path_of(a, prefix, *key ? arena_strdup(a, key) : "\"\""),
			    "is not a known field");
	}
	for (size_t i = 0; i < nf; i++)
		check_json_field(a, &fields[i], json_object_get(obj, fields[i].name),
		    path_of(a, prefix, fields[i].name), &vals[i], errs);
	return errs->n > before ? -1 : 0;
}

size_t
http_fields_count(const struct http_field *fields)
{
	size_t n = 0;

	while (fields != NULL && fields[n].name != NULL)
		n++;
	return n;
}

/* A required field only JSON can send (FT_OBJECT, FT_ARRAY): such a route
 * refuses a form body as a whole (415) instead of field by field. */
static int
needs_json(const struct http_field *fields)
{
	for (size_t i = 0; fields != NULL && fields[i].name != NULL; i++)
		if ((fields[i].flags & FF_REQUIRED) &&
		    (fields[i].type == FT_OBJECT || fields[i].type == FT_ARRAY))
			return 1;
	return 0;
}

/* A browser sends every field of a <form>, an empty box as "": on a form or
 * a query an empty field (blank, once trimmed) is not given, whatever its
 * type, as if it had not been sent; a list of empty values too. JSON keeps
 * "" as given (an API client clears a text with it). */
static int
form_empty(const struct http_field *f, const struct http_value *v)
{
	return f->type == FT_LIST ? v->nlist == 0 : v->str != NULL && *v->str == '\0';
}

static void
form_absent(struct http_value *v)
{
	v->present = 0;
	v->yes = 0;
	absent(v);
}

int
http_validate(struct http_req *req, const char **msg)
{
	const struct http_route *r = req->route;
	const struct http_kvs *src =
	    (req->method == HTTP_GET || req->method == HTTP_HEAD || req->method == HTTP_DELETE)
	    ? &req->query
	    : &req->form;
	size_t nf = http_fields_count(r->fields);

	req->nvals = nf;
	req->vals = arena_calloc(req->a, nf ? nf : 1, sizeof(*req->vals));
	if (req->vals == NULL) {
		*msg = "out of memory";
		return 500;
	}
	if (req->json == NULL && req->method != HTTP_GET && req->method != HTTP_HEAD &&
	    needs_json(r->fields)) {
		*msg = "Send this as JSON (Content-Type: application/json).";
		return 415;
	}
	if (req->json != NULL) {
		if (!json_is_object(req->json)) {
			*msg = "the JSON body must be an object";
			return 400;
		}
		http_check_object(req->a, r->fields, req->json, "", req->vals, &req->errors);
	} else
		for (size_t i = 0; i < nf; i++) {
			const struct http_field *f = &r->fields[i];
			struct http_value *out = &req->vals[i];
			const char *err = NULL;

			absent(out);
			if (f->type == FT_OBJECT || f->type == FT_ARRAY || (f->flags & FF_JSON)) {
				/* JSON only: a form cannot send it */
			} else if (f->type == FT_LIST) {
				for (size_t k = 0; k < src->n && err == NULL; k++)
					if (strcmp(src->v[k].key, f->name) == 0) {
						out->present = 1;
						err = list_add(req->a, f, out, src->v[k].val);
					}
			} else {
				const char *v = http_kvs_get(src, f->name);

				if (v != NULL)
					err = http_check_value(req->a, f, v, out);
			}
			if (out->present && form_empty(f, out))
				form_absent(out);
			if (err == NULL)
				err = required_or_count(req->a, f, out);
			if (err != NULL)
				http_field_error(req, f->name, err);
		}
	if (req->errors.n) {
		*msg = "some fields are not valid";
		return 422;
	}
	return 0;
}

const struct http_value *
http_val(const struct http_req *req, const char *name)
{
	static const struct http_value none = { .str = "", .idx = -1 };

	for (size_t i = 0; req->route != NULL && req->vals != NULL && i < req->nvals; i++)
		if (strcmp(req->route->fields[i].name, name) == 0)
			return &req->vals[i];
	return &none;
}

const struct http_value *
http_vals(const struct http_req *req, const struct http_field *table)
{
	size_t n = http_fields_count(table);
	struct http_value *none;

	if (req->route != NULL && req->route->fields == table && req->vals != NULL &&
	    req->nvals == n)
		return req->vals;
	log_error("http: a handler read the fields of another route's table (%s)",
	    n ? table[0].name : "empty");
	if ((none = arena_calloc(req->a, n ? n : 1, sizeof(*none))) == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		absent(&none[i]);
	return none;
}

const struct http_value *
http_item(const struct http_value *v, size_t i)
{
	return i < v->nitems ? v->sub + i * v->nsub : NULL;
}

const char *
http_check_money(const char *v)
{
	int64_t m;

	return money_parse(v, &m) == 0 && m > 0
	    ? NULL
	    : "must be a positive amount with at most two decimals";
}

const char *
http_check_uuid(const char *v)
{
	return util_uuid_valid(v) ? NULL : "must be an id (a UUID)";
}
