/*
 * wallet: the member's wallet page and its JSON (balances and history), and
 * tenant administrators' top-ups and adjustments (page and operator API).
 * A feature above bets and social (a copied bet's trader in the history);
 * the ledger below it keeps the books and includes no feature.
 */
#ifndef TG_WALLET_H
#define TG_WALLET_H

#include "../http/http.h"

int wallet_page(struct http_req *);         /* GET /wallet */
int wallet_api_show(struct http_req *);     /* GET /social/wallet */
int wallet_admin_adjust(struct http_req *); /* POST /admin/users/{user_id}/adjust */
int wallet_api_adjust(struct http_req *);   /* POST /admin/api/users/{user_id}/adjustments */
extern const struct http_field wallet_adjust_fields[];
extern const struct http_field wallet_adjust_api_fields[];
extern const struct http_field wallet_page_fields[];

/* The module's routes (wallet_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module wallet_module;

#endif
