/*
 * The result vocabulary (core.h, "results"): the status and the default
 * words of each code. Pure; the web layer renders a struct tg_err once
 * (web_refuse), as a page or as {"error":{"code","message","fields"}}.
 */
#include "core.h"

int
tg_status(enum tg_code c)
{
	switch (c) {
	case TG_OK:
		return 200;
	case TG_BAD_REQUEST:
		return 400;
	case TG_UNAUTHENTICATED:
		return 401;
	case TG_FORBIDDEN:
		return 403;
	case TG_NOT_FOUND:
		return 404;
	case TG_CONFLICT:
		return 409;
	case TG_INVALID:
		return 422;
	case TG_LIMITED:
		return 429;
	case TG_UNAVAILABLE:
		return 503;
	case TG_INTERNAL:
		return 500;
	}
	return 500;
}

enum tg_code
tg_code_of_status(int status)
{
	switch (status) {
	case 200:
	case 201:
	case 204:
		return TG_OK;
	case 400:
		return TG_BAD_REQUEST;
	case 401:
		return TG_UNAUTHENTICATED;
	case 403:
		return TG_FORBIDDEN;
	case 404:
		return TG_NOT_FOUND;
	case 409:
		return TG_CONFLICT;
	case 422:
		return TG_INVALID;
	case 429:
		return TG_LIMITED;
	case 503:
		return TG_UNAVAILABLE;
	default:
		return TG_INTERNAL;
	}
}

/* The default words match the ones the JSON API answered before the
 * vocabulary existed (clients depend on them). */
const char *
tg_reason(const struct tg_err *e)
{
	if (e->reason != NULL)
		return e->reason;
	switch (e->code) {
	case TG_OK:
		return "ok";
	case TG_BAD_REQUEST:
		return "bad_request";
	case TG_UNAUTHENTICATED:
		return "unauthorized";
	case TG_FORBIDDEN:
		return "forbidden";
	case TG_NOT_FOUND:
		return "not_found";
	case TG_CONFLICT:
		return "conflict";
	case TG_INVALID:
		return "validation_failed";
	case TG_LIMITED:
		return "too_many_requests";
	case TG_UNAVAILABLE:
		return "unavailable";
	case TG_INTERNAL:
		break;
	}
	return "internal_error";
}

const char *
tg_message(const struct tg_err *e)
{
	if (e->message != NULL)
		return e->message;
	switch (e->code) {
	case TG_OK:
		return "Done.";
	case TG_BAD_REQUEST:
		return "The request could not be understood.";
	case TG_UNAUTHENTICATED:
		return "Please sign in to continue.";
	case TG_FORBIDDEN:
		return "You are not allowed to do that.";
	case TG_NOT_FOUND:
		return "We could not find that page.";
	case TG_CONFLICT:
		return "That cannot be done in the current state.";
	case TG_INVALID:
		return "Some of what you entered needs another look.";
	case TG_LIMITED:
		return "Too many attempts. Please wait a moment and try again.";
	case TG_UNAVAILABLE:
		return "The service is briefly unavailable. Please try again in a moment.";
	case TG_INTERNAL:
		break;
	}
	return "Something went wrong on our side. It has been logged.";
}

int
tg_is_refusal(const struct tg_err *e)
{
	int s = tg_status(e->code);

	return s >= 400 && s < 500;
}
