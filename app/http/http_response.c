/* Reading the body and writing the response. */
#include "http.h"

#include <ctype.h>
#include <stdlib.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *
http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 303:
		return "See Other";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Payload Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	default:
		return "Unknown";
	}
}

static int
header_safe(const char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n' || *s == '\0')
			return 0;
	return 1;
}

void
http_set_header(struct http_req *req, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value))
		return; /* response splitting is never worth a header */
	buf_printf(&req->headers, "%s: %s\r\n", name, value);
}

void
http_redirect(struct http_req *req, int status, const char *location)
{
	req->status = status;
	http_set_header(req, "Location", location);
	buf_reset(&req->body);
}

static int
media_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

int
http_read_body(struct http_req *req, const struct http_limits *lim, long body_max, const char **msg)
{
	char *body;
	long long want = req->content_length;
	int got = 0;

	if (want <= 0)
		return 0;
	if (want > body_max) {
		*msg = "the request body is too large";
		return 413;
	}
	if ((body = arena_alloc(req->a, (size_t)want + 1)) == NULL) {
		*msg = "out of memory";
		return 500;
	}
	while (got < want) {
		int n = FCGX_GetStr(body + got, (int)(want - got), req->fcgi->in);

		if (n <= 0)
			break;
		got += n;
	}
	if (got != want) {
		*msg = "the request body was cut short";
		return 400;
	}
	body[got] = '\0';
	req->raw_body = body;
	req->raw_len = (size_t)got;
	if (req->route != NULL && (req->route->flags & R_RAW))
		return 0;
	if (media_is(req->content_type, "application/x-www-form-urlencoded"))
		return http_parse_urlencoded(req->a, body, (size_t)got, lim, &req->form, msg);
	if (media_is(req->content_type, "application/json")) {
		json_error_t err;

		if (!util_utf8_valid(body, (size_t)got)) {
			*msg = "the JSON body is not valid UTF-8";
			return 400;
		}
		req->json = json_loadb(body, (size_t)got, JSON_REJECT_DUPLICATES, &err);
		if (req->json == NULL) {
			*msg = arena_printf(req->a, "malformed JSON at line %d column %d: %s",
			    err.line, err.column, err.text);
			return 400;
		}
		if (arena_cleanup(req->a, (arena_cleanup_fn)json_decref, req->json) != 0) {
			req->json = NULL; /* already released */
			*msg = "out of memory";
			return 500;
		}
		if (!json_is_object(req->json)) {
			*msg = "the JSON body must be an object";
			return 400;
		}
		if (json_object_size(req->json) > lim->fields_max) {
			*msg = "too many fields";
			return 413;
		}
		return 0;
	}
	*msg =
	    "unsupported Content-Type (use application/x-www-form-urlencoded or application/json)";
	return 415;
}

void
http_send(struct http_req *req)
{
	struct buf h;
	char line[128];

	buf_init(&h);
	snprintf(line, sizeof(line), "Status: %d %s\r\n", req->status, http_reason(req->status));
	buf_puts(&h, line);
	if (req->content_type_out != NULL && req->status != 204 && req->status != 304)
		buf_printf(&h, "Content-Type: %s\r\n", req->content_type_out);
	snprintf(line, sizeof(line), "Content-Length: %lu\r\n",
	    (unsigned long)(req->status == 204 || req->status == 304 ? 0 : req->body.len));
	buf_puts(&h, line);
	buf_append(&h, req->headers.p ? req->headers.p : "", req->headers.len);
	buf_puts(&h, "\r\n");
	FCGX_PutStr(h.p, (int)h.len, req->fcgi->out);
	if (req->method != HTTP_HEAD && req->status != 204 && req->status != 304 && req->body.len)
		FCGX_PutStr(req->body.p, (int)req->body.len, req->fcgi->out);
	buf_free(&h);
}

int
http_is_loopback(const char *addr)
{
	return addr != NULL &&
	    (strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0 ||
	        strncmp(addr, "::ffff:127.", 11) == 0 || strcmp(addr, "unix:") == 0);
}

/* "http://Demo.LocalHost:8080" against scheme "http", host "demo.localhost",
 * port "8080": the scheme, the host (any case, one trailing dot) and the port
 * (the scheme's default when absent) must all match. */
int
http_origin_same(const char *origin, const char *scheme, const char *host, const char *port)
{
	const char *h, *colon, *oport;
	size_t sl, hl;
	long want, got;
	char *end;

	if (origin == NULL || scheme == NULL || host == NULL || *host == '\0')
		return 0;
	if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)
		return 0;
	sl = strlen(scheme);
	if (strncasecmp(origin, scheme, sl) != 0 || strncmp(origin + sl, "://", 3) != 0)
		return 0;
	h = origin + sl + 3;
	colon = strchr(h, ':');
	hl = colon ? (size_t)(colon - h) : strlen(h);
	if (hl && h[hl - 1] == '.' && strlen(host) == hl - 1)
		hl--;
	if (hl == 0 || hl != strlen(host) || strncasecmp(h, host, hl) != 0)
		return 0;
	for (size_t i = 0; i < hl; i++)
		if (!(isalnum((unsigned char)h[i]) || h[i] == '-' || h[i] == '.'))
			return 0;
	want = strcasecmp(scheme, "https") == 0 ? 443 : 80;
	if (port != NULL && *port) {
		want = strtol(port, &end, 10);
		if (*end != '\0')
			return 0;
	}
	got = strcasecmp(scheme, "https") == 0 ? 443 : 80;
	if (colon != NULL) {
		oport = colon + 1;
		if (*oport < '0' || *oport > '9')
			return 0;
		got = strtol(oport, &end, 10);
		if (*end != '\0' || end - oport > 5)
			return 0;
	}
	return got == want;
}
