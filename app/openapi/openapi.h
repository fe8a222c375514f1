/*
 * openapi: the JSON API described from one source. The declared routes
 * (struct http_route) and their declared fields (struct http_field) are
 * turned into an OpenAPI 3.1 document: every R_JSON route is one operation
 * (operationId: the route's name, summary: its .summary), with its path
 * parameters, its query parameters (GET, DELETE) or its JSON request body
 * (POST, PUT, PATCH), its security (session cookie, plus the CSRF header on
 * state-changing requests) and its responses (success, and the standard
 * error shape {"error":{"code","message","fields"}} as shared components).
 *
 * The module sits just above http and knows no feature: the composition root
 * hands it the route tables (one per module; the module's name becomes the
 * operations' tag). Building and checking are pure (jansson only);
 * `tailgate openapi` prints the document, GET /openapi.json serves it to
 * operators (loopback only), and make test validates it (tests/e2e/openapi.mjs).
 */
#ifndef TG_OPENAPI_H
#define TG_OPENAPI_H

#include <stddef.h>

#include <jansson.h>

#include "../core/core.h"
#include "../http/http.h"

struct openapi_table {
	const char *tag; /* the module's name (the operations' tag); NULL: none */
	const struct http_route *routes;
	size_t n;
};

struct openapi_info {
	const char *title;          /* info.title */
	const char *version;        /* info.version: the API's version (docs/api.md) */
	const char *session_cookie; /* the session cookie's name */
	/* min_role as a word for descriptions ("admin"); NULL: the number. */
	const char *(*role_name)(int);
};

/* The OpenAPI 3.1 document of every R_JSON route in the tables (a new
 * reference). A route without a summary is described without one: the check
 * below names it. NULL only when out of memory. */
json_t *openapi_document(const struct openapi_table *, size_t ntables, const struct openapi_info *);

/* What makes the document incomplete, one line per problem appended to
 * `out` (NULL: only counted): a JSON route without a summary or a name, two
 * JSON routes with the same name, a JSON route (method and path) that the
 * document does not carry as its operation. Returns the number of problems. */
size_t openapi_check(const struct openapi_table *, size_t ntables, json_t *doc, struct buf *out);

/* The JSON Schema of one declared field (a new reference). The mapping is a
 * switch over enum http_ftype without a default: a new field type does not
 * compile until it is described here. */
json_t *openapi_field_schema(const struct http_field *);

/* `tailgate openapi`: prints the document (exit 0), or names every problem
 * openapi_check finds on stderr and prints nothing (exit 1). */
int openapi_cli(int argc, char **argv, const struct openapi_table *, size_t ntables,
    const struct openapi_info *);

/* ---- served to operators ---- */
/* Builds the document once (call before the workers fork); the tables must
 * outlive the process's serving. Returns 0, or -1 when out of memory. */
int openapi_serve_init(const struct openapi_table *, size_t ntables, const struct openapi_info *);
/* GET /openapi.json: the document built by openapi_serve_init (503 without). */
int openapi_handler(struct http_req *);

#endif
