/*
 * http: the FastCGI process model and everything between raw request bytes
 * and a handler that reads typed, validated values.
 *
 *   http_serve()      master + prefork workers on one FastCGI unix socket
 *   http_parse_*()    query strings, urlencoded forms, cookies (bounded)
 *   http_route_*()    method + path patterns with {params}; 404/405 + Allow
 *   http_validate()   a route's declared fields checked before its handler
 *   http_send()       status, headers and body written through FCGX_PutStr
 *
 * Order inside a request is fixed by app/app_request.c: parse, tenant, route,
 * body, transaction, session, CSRF, validate, handler, commit, send, log.
 */
#ifndef TG_HTTP_H
#define TG_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>
#include <jansson.h>

#include "../core/core.h"

enum http_method {
	HTTP_GET = 1,
	HTTP_HEAD = 2,
	HTTP_POST = 4,
	HTTP_PUT = 8,
	HTTP_PATCH = 16,
	HTTP_DELETE = 32,
	HTTP_OTHER = 64,
};

struct http_kv {
	const char *key;
	const char *val;
	size_t vlen;
};

struct http_kvs {
	struct http_kv *v;
	size_t n, cap;
};

struct http_limits {
	size_t fields_max;
	size_t field_len_max;
};

/* Parse results: 0, or an HTTP status (400, 413) with *msg set. */
int http_parse_urlencoded(struct arena *, const char *s, size_t n, const struct http_limits *,
    struct http_kvs *out, const char **msg);
int http_parse_cookies(struct arena *, const char *header, struct http_kvs *out);
/* Percent-decodes src[0..n) into a new arena string; '+' is a space when plus. */
char *http_urldecode(struct arena *, const char *src, size_t n, int plus, size_t *outlen);
/* Percent-encodes a path: everything but RFC 3986 unreserved characters and '/'. */
char *http_urlencode(struct arena *, const char *s);
const char *http_kvs_get(const struct http_kvs *, const char *key);
enum http_method http_method_parse(const char *);
const char *http_method_name(enum http_method);

/* ---- declared inputs ----
 * A route declares its fields in a table; http_validate checks them before
 * the handler and fills req->vals in table order. Each table has an enum in
 * the same order (kcgi-style), and a handler reads a typed value by index:
 *
 *     enum { BETS_F_SELECTION, BETS_F_STAKE, ... };    beside the table
 *     const struct http_value *v = http_vals(req, bets_place_fields);
 *     q.stake = v[BETS_F_STAKE].money;
 *
 * so a misspelt field is a compile error, not an absent value.
 *
 * The text form of each type (a form value, a query value, a JSON string):
 *   FT_MONEY  "12.50" (JSON: "12.50" or 12.5): a positive amount, at most two
 *             decimals -> .money (minor units); with FF_MINOR whole minor
 *             units ("1250", JSON 1250). min/max in minor units when max > 0
 *   FT_ODDS   "2.10": decimal odds, at most three decimals -> .odds
 *             (thousandths, ODDS_MIN..ODDS_MAX); a JSON number is decimal
 *   FT_BP     "12.5": a percentage, at most two decimals -> .bp (basis
 *             points; min..max in basis points when max > 0); with
 *             FF_FRACTION a fraction with at most four decimals ("0.125")
 *   FT_UUID   an id -> .str (lower case)
 *   FT_TIME   RFC 3339 / ISO 8601 with a zone ("2026-05-01T19:45:00+01:00")
 *             -> .time (seconds since 1970, UTC) and .str normalised to UTC
 *             ("2026-05-01T18:45:00Z")
 *   FT_ENUM   one of choices -> .idx (index in choices; -1 when absent), .str
 *   FT_OBJECT JSON only: an object checked against .fields -> .sub
 *   FT_ARRAY  JSON only: a list (min..max items) of objects checked against
 *             .fields -> http_item(v, i)
 * Errors inside FT_OBJECT/FT_ARRAY carry their path
 * ("markets[0].selections[1].odds"). */
enum http_ftype {
	FT_STRING, /* min/max: length in characters */
	FT_TEXT,   /* like FT_STRING; newlines allowed */
	FT_INT,    /* min/max: value */
	FT_BOOL,
	FT_ENUM,  /* one of choices */
	FT_LIST,  /* zero or more of choices; min/max: count */
	FT_MONEY, /* min/max (minor units) when max > 0 */
	FT_ODDS,
	FT_BP, /* min/max: basis points when max > 0 */
	FT_UUID,
	FT_TIME,
	FT_OBJECT, /* JSON only */
	FT_ARRAY,  /* JSON only; min/max: item count */
};
#define HTTP_FTYPE_COUNT (FT_ARRAY + 1)
/* The type's name ("money", "odds", ...), for documents (OpenAPI). */
const char *http_ftype_name(enum http_ftype);

#define FF_REQUIRED 0x1u
#define FF_SECRET 0x2u  /* never echoed back into a re-rendered form */
#define FF_RAW 0x4u     /* no whitespace trimming (passwords) */
#define FF_DECIMAL 0x8u /* FT_STRING that JSON may also send as a number */
#define FF_JSON \
	0x10u /* JSON only: any value (object, list); the handler checks it,
                          * presence included, from req->json (left in app/copy
                          * only; being replaced by FT_OBJECT / FT_ARRAY) */
#define FF_MINOR \
	0x20u /* FT_MONEY given as whole minor units ("1250", JSON 1250: the
                          * API's amounts, docs/api.md, Units) instead of "12.50" */
#define FF_FRACTION \
	0x40u /* FT_BP given as a fraction with at most four decimals
                          * ("0.55" = 5500) instead of a percentage ("55") */

struct http_field {
	const char *name;
	enum http_ftype type;
	unsigned flags;
	long long min, max;
	/* FT_ENUM, FT_LIST: the choices (const char *const[], NULL-terminated);
	 * FT_OBJECT, FT_ARRAY: the members' table (const struct http_field[],
	 * ending with { NULL }). One member, so that positional tables keep
	 * compiling; read it through http_field_members(). */
	const void *choices;
	/* Extra check on a present value; returns a message or NULL. */
	const char *(*check)(const char *value);
	const char *label;
};

struct http_value {
	int present;
	const char *str;   /* text types, FT_ENUM, FT_UUID, FT_TIME; "" when absent */
	long long num;     /* FT_INT */
	int yes;           /* FT_BOOL */
	const char **list; /* FT_LIST */
	size_t nlist;
	int64_t money; /* FT_MONEY: minor units */
	int32_t odds;  /* FT_ODDS: thousandths */
	int32_t bp;    /* FT_BP: basis points */
	int64_t time;  /* FT_TIME: seconds since 1970 UTC */
	int idx;       /* FT_ENUM: index in choices; -1 when absent */
	/* FT_OBJECT: nsub values aligned with .fields; FT_ARRAY: nitems blocks of
	 * nsub values (http_item). */
	struct http_value *sub;
	size_t nsub, nitems;
};

#define HTTP_MAX_FIELD_ERRORS 32
struct http_errors {
	size_t n;
	const char *field[HTTP_MAX_FIELD_ERRORS];
	const char *msg[HTTP_MAX_FIELD_ERRORS];
};

/* ---- routes ---- */
struct http_req;
typedef int (*http_handler)(struct http_req *);

#define R_JSON 0x1u      /* JSON in and out; errors as JSON */
#define R_AUTH 0x2u      /* signed-in user required */
#define R_WRITE 0x4u     /* read-write transaction even for GET */
#define R_NODB 0x8u      /* no transaction at all */
#define R_NOTENANT 0x10u /* operator route: answered before host resolution */
#define R_LOOPBACK 0x20u /* only from 127.0.0.0/8 or ::1 */
#define R_INTERNAL 0x40u /* only through nginx's internal location (TG_INTERNAL) */
#define R_RAW \
	0x80u /* body kept raw, not parsed (signed webhooks: the handler
                          * verifies req->raw_body before reading it) */

struct db_batch;
struct http_route {
	unsigned methods;
	const char *pattern; /* "/u/{username}" */
	http_handler handler;
	const struct http_field *fields; /* ends with a { NULL } entry; NULL: none */
	unsigned flags;
	int min_role; /* 0: anyone (subject to R_AUTH) */
	/* HTML form re-rendered (status 422) when validation fails. */
	http_handler on_invalid;
	const char *name; /* metrics label; pattern when NULL */
	/* Reads queued to travel with the transaction's first round trip
	 * (db_begin_with), kept in req->prefetched; NULL: none. */
	void (*prefetch)(struct http_req *, struct db_batch *);
	/* Feature gate: the route answers 404 on a brand that turned this
	 * feature off (tenant configuration); NULL: always on. */
	const char *feature;
	/* One line describing the route (the OpenAPI summary); required for
	 * JSON routes. */
	const char *summary;
};

#define HTTP_MAX_PARAMS 4
struct http_params {
	size_t n;
	const char *name[HTTP_MAX_PARAMS];
	const char *val[HTTP_MAX_PARAMS];
};

/* 0 found; 404 no such path; 405 path exists, *allow holds its methods. */
int http_route_match(const struct http_route *routes, size_t n, enum http_method m,
    const char *path, struct arena *, const struct http_route **out, struct http_params *,
    unsigned *allow);
/* "GET, HEAD, POST" for an allow mask. */
void http_allow_string(unsigned allow, char *out, size_t outsz);
int http_route_index(const struct http_route *routes, const struct http_route *r);

struct tenancy_tenant;

struct http_user {
	char id[UUID_STRLEN + 1];
	char username[32];
	char display_name[208]; /* 50 characters of UTF-8 */
	int role;
	int platform_admin;
	long long session_id;
	char csrf[65];
	int touch; /* last_seen is stale: refresh after the response */
	/* Profile fields read with the session (NULL after sign-up/sign-in). */
	const char *bio, *sports_json, *member_since;
	/* Values other modules read with the session (auth_session_column:
	 * the header's cash and unread badges), as text; NULL: SQL NULL. */
#define HTTP_USER_EXTRAS 4
	const char *extras[HTTP_USER_EXTRAS];
};

struct http_req {
	struct arena *a;
	FCGX_Request *fcgi;
	const struct http_route *route;
	void *prefetched; /* the route's prefetch, for its handler */
	int route_index;
	uint64_t start_us;
	char request_id[33];

	enum http_method method;
	const char *path; /* decoded path, no query */
	const char *raw_query;
	const char *host; /* lowercased, port stripped */
	const char *remote_addr;
	const char *content_type;
	const char *accept;
	const char *user_agent;
	const char *csrf_header;
	const char *internal; /* TG_INTERNAL fastcgi param (nginx-only routes) */
	long long content_length;

	struct http_kvs query, form, cookies;
	json_t *json; /* JSON body (object), owned by the arena */
	/* The body exactly as received (NUL-terminated, owned by the arena;
	 * NULL without a body), bounded by http.body_max like the parsed forms. */
	const char *raw_body;
	size_t raw_len;
	struct http_params params;
	struct http_value *vals; /* aligned with route->fields */
	size_t nvals;
	struct http_errors errors;

	const struct tenancy_tenant *tenant;
	int readonly;              /* the transaction is BEGIN READ ONLY */
	struct http_user *user;    /* NULL when signed out */
	const char *session_token; /* raw cookie value, when present */

	/* response */
	int status;
	struct buf headers;
	struct buf body;
	const char *content_type_out;
	int committed;
	struct web_page *page; /* web: the page being built (web_page) */
};

/* Reads and parses the body into form/json per Content-Type. 0 or a status. */
int http_read_body(struct http_req *, const struct http_limits *, long body_max, const char **msg);
/* Validates the route's declared fields; fills req->vals and req->errors.
 * Returns 0 when valid, 422 for field errors, 400 for a malformed shape, 415
 * for a body that is not JSON on a route with a required FT_OBJECT/FT_ARRAY. */
int http_validate(struct http_req *, const char **msg);
/* Pure core of http_validate for one value (unit-tested). NULL or a message. */
const char *http_check_value(
    struct arena *, const struct http_field *, const char *v, struct http_value *out);
/* Field check: a positive amount of money with at most two decimals ("12.50"). */
const char *http_check_money(const char *value);
/* Field check: an id (a UUID in its text form). */
const char *http_check_uuid(const char *value);
void http_field_error(struct http_req *, const char *field, const char *msg);
/* A validated value by its field's name, for tests and tools; handlers read
 * by index with http_vals. An undeclared name reads as absent. */
const struct http_value *http_val(const struct http_req *, const char *name);
/* The validated values of a route declared with `table` (req->vals): index
 * them with the table's enum. A handler mounted on a route with another table
 * is a programming error: it is logged and reads every field as absent. */
const struct http_value *http_vals(const struct http_req *, const struct http_field *table);
/* Compile-time check beside a table defined with designated initializers
 * ([X_F_NAME] = {...}) and its enum ending in a count: one entry per enum
 * value plus the { NULL } end. */
#define HTTP_FIELDS_CHECK(table, count)                                           \
	_Static_assert(sizeof(table) / sizeof((table)[0]) == (size_t)(count) + 1, \
	    #table ": one entry per enum value, then { NULL }")
/* Item i of an FT_ARRAY value (its members aligned with the field's table). */
const struct http_value *http_item(const struct http_value *, size_t i);
/* The members' table of an FT_OBJECT / FT_ARRAY field. */
#define http_field_members(f) ((const struct http_field *)(f)->choices)
/* Number of entries of a field table (before its { NULL } end). */
size_t http_fields_count(const struct http_field *);
/* Validates a JSON object against a table into vals (http_fields_count
 * entries); errors go to errs under prefix ("" at the top). Unknown members
 * are errors. 0 when valid. Used by http_validate and by domain code that
 * reads nested JSON stored elsewhere (copy settings). */
int http_check_object(struct arena *, const struct http_field *, json_t *obj, const char *prefix,
    struct http_value *vals, struct http_errors *errs);
/* Field-error list helper: the first message per path wins. */
void http_errors_add(struct http_errors *, const char *field, const char *msg);
/* Pure: RFC 3339 time with a zone -> seconds since 1970 UTC. 0 or -1. */
int http_time_parse(const char *s, int64_t *out);
/* Typed path parameters: "{name:type}" in a pattern. Types: uuid, username
 * (3..30 of a-z A-Z 0-9 _), int (a positive whole number), any other name:
 * any segment. A segment of the wrong type does not match the route (404). */
int http_param_type_ok(const char *type, size_t tlen, const char *seg, size_t slen);
const char *http_param(const struct http_req *, const char *name);

void http_set_header(struct http_req *, const char *name, const char *value);
void http_redirect(struct http_req *, int status, const char *location);
/* Writes the response (HEAD: no body). */
void http_send(struct http_req *);
const char *http_reason(int status);
int http_is_loopback(const char *addr);
/* Pure: 1 when an Origin header names this scheme, host and port (the port
 * the request arrived on; empty: the scheme's default). */
int http_origin_same(const char *origin, const char *scheme, const char *host, const char *port);

/* ---- process model ---- */
struct http_server {
	const char *socket_path;
	const char *socket_group;
	int workers;
	/* Called in each worker after fork; nonzero exit code aborts that worker. */
	int (*worker_init)(void);
	/* Serves one accepted request; the arena is reset afterwards. */
	void (*handle)(FCGX_Request *, struct arena *);
	void (*worker_exit)(void);
	/* Master hooks: config reload on SIGHUP, a worker that died unexpectedly. */
	int (*reload)(void);
	void (*on_restart)(void);
};

/* Runs the master until SIGTERM/SIGINT; returns the exit status. */
int http_serve(const struct http_server *);

#endif
