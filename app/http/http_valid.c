/*
 * Declared inputs. A route lists its fields; values come from the query
 * (GET/HEAD), the urlencoded form, or the JSON body, and every present field
 * passes through http_check_value before the handler sees it. Fields a route
 * does not declare never reach it; in JSON they are an error, because an API
 * client that sends a misspelt key deserves to hear about it.
 */
#include "http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int
in_choices(const char *const *choices, const char *v)
{
	for (; choices != NULL && *choices != NULL; choices++)
		if (strcmp(*choices, v) == 0)
			return 1;
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

		if (c == 0x7f || (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))))
			return 1;
	}
	return 0;
}

const char *
http_check_value(struct arena *a, const struct http_field *f, const char *v,
    struct http_value *out)
{
	long long n;
	size_t len;

	if (!util_utf8_valid(v, strlen(v)))
		return "is not valid UTF-8";
	out->present = 1;
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
		if (!in_choices(f->choices, v))
			return "is not one of the allowed values";
		out->str = v;
		break;
	case FT_LIST:
		return "must be a list";
	}
	if (f->check != NULL && out->str != NULL && *out->str)
		return f->check(out->str);
	return NULL;
}

void
http_field_error(struct http_req *req, const char *field, const char *msg)
{
	for (size_t i = 0; i < req->errors.n; i++)
		if (strcmp(req->errors.field[i], field) == 0)
			return; /* first message per field wins */
	if (req->errors.n < HTTP_MAX_FIELD_ERRORS) {
		req->errors.field[req->errors.n] = field;
		req->errors.msg[req->errors.n] = msg;
		req->errors.n++;
	}
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

static const char *
json_scalar(struct arena *a, const struct http_field *f, json_t *j, const char **err)
{
	*err = NULL;
	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_integer(j) && f->type == FT_INT)
		return arena_printf(a, "%lld", (long long)json_integer_value(j));
	if (json_is_boolean(j) && f->type == FT_BOOL)
		return json_is_true(j) ? "true" : "false";
	/* A decimal field (odds 2.1) may come as a JSON number; 15 significant
	 * digits give back the shortest decimal the client wrote. Its check
	 * function decides what is acceptable. */
	if (json_is_number(j) && (f->flags & FF_DECIMAL) && f->type == FT_STRING)
		return json_is_integer(j) ? arena_printf(a, "%lld", (long long)json_integer_value(j))
					  : arena_printf(a, "%.15g", json_real_value(j));
	*err = f->type == FT_INT ? "must be a whole number"
	    : f->type == FT_BOOL ? "must be true or false"
				 : "must be a string";
	return NULL;
}

int
http_validate(struct http_req *req, const char **msg)
{
	const struct http_route *r = req->route;
	const struct http_kvs *src = (req->method == HTTP_GET || req->method == HTTP_HEAD ||
					 req->method == HTTP_DELETE)
	    ? &req->query
	    : &req->form;

	size_t nf = 0;

	while (r->fields != NULL && r->fields[nf].name != NULL)
		nf++;
	req->nvals = nf;
	req->vals = arena_calloc(req->a, nf ? nf : 1, sizeof(*req->vals));
	if (req->vals == NULL) {
		*msg = "out of memory";
		return 500;
	}
	if (req->json != NULL) {
		const char *key;
		json_t *val;

		if (!json_is_object(req->json)) {
			*msg = "the JSON body must be an object";
			return 400;
		}
		json_object_foreach(req->json, key, val) {
			size_t i;

			for (i = 0; i < nf; i++)
				if (strcmp(r->fields[i].name, key) == 0)
					break;
			/* csrf_token is checked by the pipeline, not by the route */
			if (i == nf && strcmp(key, "csrf_token") != 0)
				http_field_error(req, arena_strdup(req->a, key), "is not a known field");
		}
	}
	for (size_t i = 0; i < nf; i++) {
		const struct http_field *f = &r->fields[i];
		struct http_value *out = &req->vals[i];
		const char *err = NULL;

		out->str = "";
		if (req->json != NULL) {
			json_t *j = json_object_get(req->json, f->name);

			if (j == NULL || json_is_null(j)) {
				/* absent */
			} else if (f->flags & FF_JSON) {
				out->present = 1;  /* nested: checked by hand by the handler */
			} else if (f->type == FT_LIST) {
				size_t k;
				json_t *it;

				out->present = 1;
				if (!json_is_array(j))
					err = "must be a list";
				else
					json_array_foreach(j, k, it) {
						if (!json_is_string(it)) {
							err = "must be a list of strings";
							break;
						}
						if ((err = list_add(req->a, f, out, json_string_value(it))) != NULL)
							break;
					}
			} else {
				const char *v = json_scalar(req->a, f, j, &err);

				if (v != NULL)
					err = http_check_value(req->a, f, v, out);
			}
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
		if (err == NULL && (f->flags & FF_REQUIRED) &&
		    (!out->present || (f->type == FT_LIST ? out->nlist == 0
							   : out->str != NULL && *out->str == '\0')))
			err = "is required";
		if (err == NULL && f->type == FT_LIST && f->min > 0 && out->nlist < (size_t)f->min)
			err = arena_printf(req->a, "must list at least %lld items", f->min);
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
	static const struct http_value none = { 0, "", 0, 0, NULL, 0 };

	for (size_t i = 0; req->route != NULL && req->vals != NULL && i < req->nvals; i++)
		if (strcmp(req->route->fields[i].name, name) == 0)
			return &req->vals[i];
	return &none;
}

const char *
http_check_money(const char *v)
{
	int64_t m;

	return money_parse(v, &m) == 0 && m > 0 ? NULL
	    : "must be a positive amount with at most two decimals";
}

const char *
http_check_uuid(const char *v)
{
	return util_uuid_valid(v) ? NULL : "must be an id (a UUID)";
}
