/* Publishing to nchan and authorising subscribers. */
#include "live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "../core/core.h"
#include "../http/http.h"
#include "../web/web.h"

static CURL *curl;

static size_t
discard(char *p, size_t sz, size_t n, void *u)
{
	(void)p;
	(void)u;
	return sz * n;
}

int
live_publish(const char *channel, const char *event, json_t *data)
{
	struct curl_slist *h = NULL;
	char url[160], evh[96], *body;
	long status = 0;
	CURLcode rc;

	if (!util_uuid_valid(channel))
		return -1;
	if (curl == NULL && (curl = curl_easy_init()) == NULL)
		return -1;
	if ((body = json_dumps(data, JSON_COMPACT)) == NULL)
		return -1;
	snprintf(url, sizeof(url), "http://localhost/pub/%s", channel);
	snprintf(evh, sizeof(evh), "X-EventSource-Event: %s", event);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, evh);
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, conf.live_publish);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 3000L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	rc = curl_easy_perform(curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	free(body);
	if (rc != CURLE_OK || status < 200 || status >= 300) {
		log_warn("live publish to %s failed: %s (status %ld)", channel,
		    rc != CURLE_OK ? curl_easy_strerror(rc) : "rejected", status);
		return -1;
	}
	return 0;
}

int
live_deliver(struct arena *a, const struct tenancy_tenant *t, const char *key, json_t *p, char *err,
    size_t errsz)
{
	const char *ch = json_string_value(json_object_get(p, "channel"));
	const char *ev = json_string_value(json_object_get(p, "event"));
	json_t *data = json_object_get(p, "data");

	(void)a;
	(void)t;
	(void)key;
	if (ch == NULL || !util_uuid_valid(ch) || ev == NULL || data == NULL) {
		snprintf(err, errsz, "payload needs a channel, an event and data");
		return 1;
	}
	if (live_publish(ch, ev, data) != 0) {
		snprintf(err, errsz, "nchan did not take the event");
		return -1;
	}
	return 0;
}

int
live_authorize(struct http_req *req)
{
	const char *ch = req->path && strncmp(req->path, "/live/", 6) == 0 ? req->path + 6 : "";

	if (req->user == NULL || strcmp(ch, req->user->id) != 0)
		return web_error(req, 403, "not your channel");
	req->status = 204;
	return 0;
}
