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
live_authorize(struct http_req *req)
{
	const char *ch = req->path && strncmp(req->path, "/live/", 6) == 0 ? req->path + 6 : "";

	if (req->user == NULL || strcmp(ch, req->user->id) != 0)
		return site_error(req, 403, "not your channel");
	req->status = 204;
	return 0;
}
