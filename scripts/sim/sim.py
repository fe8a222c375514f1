#!/usr/bin/python3
"""Tailgate's provider simulator: Stripe's conventions, offline.

Python 3 standard library only (docs/decisions.md, "The provider simulator").
scripts/stack.sh starts it on 127.0.0.1 with a port it chose; the integration
tests drive it through the /_sim/ control endpoints. shared/providers.md §7 is
the full target; this is the framework and Stripe's conventions, with
Customers, PaymentIntents (create/retrieve) and the balance as real resources.

Stripe conventions implemented (providers.md §1):
  * form-encoded bodies in (brackets for nesting), JSON out
  * Bearer or Basic auth against the configured sk_test_ keys, else 401
  * a Request-Id header on every answer, errors as {"error": {...}}
  * unknown parameters: 400 parameter_unknown; missing: parameter_missing
  * Idempotency-Key on POST: (key, account, method + path) -> the first
    status and body, replayed byte for byte (500s included) with the header
    Idempotent-Replayed: true; different parameters: 400 idempotency_error;
    the same key while the first is running: 409 idempotency_key_in_use;
    validation failures are not stored; keys expire after 24 h

Control endpoints (no auth; the simulator listens on loopback only):
  POST /_sim/faults     {"faults": [FAULT, ...]}  queued; each API request
                        takes the next one. FAULT: {"status": 503,
                        "should_retry": "true"|"false", "after_commit": false,
                        "delay_ms": 0, "drop": false, "pad_bytes": 0,
                        "path": "/v1/customers" (only requests to this path)}
  POST /_sim/reset      forget faults and the request log (objects stay)
  GET  /_sim/requests   the request log: method, path, idempotency key, status,
                        replayed; ?path=/v1/customers filters
  GET  /_sim/objects    how many objects of each kind exist
--watch-file PATH: the simulator stops once PATH (its stack's pid file) is gone.
  POST /_sim/webhooks/send  {"type", "data", "scheme": "stripe"|"standard",
                        "url", "host", "id", "duplicate", "stale",
                        "bad_signature", "two_signatures"}: signs and delivers
                        now; answers every delivery's status
"""

import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import secrets
import socketserver
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

API_VERSION = "2026-07-29.dahlia"
IDEMPOTENCY_TTL = 24 * 3600


def rand_id(prefix, n=24):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(n))


class StripeError(Exception):
    def __init__(self, status, etype, message, code=None, param=None):
        super().__init__(message)
        self.status, self.etype, self.code, self.param = status, etype, code, param

    def body(self):
        e = {"type": self.etype, "message": str(self)}
        if self.code:
            e["code"] = self.code
            e["doc_url"] = "https://stripe.com/docs/error-codes/" + self.code.replace("_", "-")
        if self.param:
            e["param"] = self.param
        return {"error": e}


def parse_form(raw):
    """a=1&metadata[k]=v&expand[]=x -> flat dict of bracketed keys to values."""
    out = {}
    for k, v in urllib.parse.parse_qsl(raw, keep_blank_values=True, strict_parsing=False):
        out[k] = v
    return out


def nested(params, prefix):
    """metadata[k]=v -> {"k": "v"}"""
    res = {}
    for k, v in params.items():
        if k.startswith(prefix + "[") and k.endswith("]"):
            res[k[len(prefix) + 1:-1]] = v
    return res


def check_params(params, allowed, required=()):
    for k in params:
        base = k.split("[", 1)[0]
        if base not in allowed:
            raise StripeError(400, "invalid_request_error",
                              "Received unknown parameter: %s" % k, "parameter_unknown", k)
    for r in required:
        if not params.get(r):
            raise StripeError(400, "invalid_request_error",
                              "Missing required param: %s." % r, "parameter_missing", r)


class State:
    def __init__(self, keys):
        self.lock = threading.Lock()
        self.keys = set(keys)
        self.objects = {}          # id -> object
        self.idem = {}             # (key, account, method path) -> record
        self.faults = []
        self.log = []

    def add(self, obj):
        self.objects[obj["id"]] = obj
        return obj

    def count(self):
        kinds = {}
        for o in self.objects.values():
            kinds[o["object"]] = kinds.get(o["object"], 0) + 1
        return kinds

    def take_fault(self, path):
        with self.lock:
            for i, f in enumerate(self.faults):
                if not f.get("path") or f["path"] == path:
                    return self.faults.pop(i)
        return None


# ---- resources ----

def customer_create(st, p):
    check_params(p, {"email", "name", "description", "phone", "metadata", "expand"})
    return 200, st.add({
        "id": rand_id("cus_", 14), "object": "customer", "created": int(time.time()),
        "livemode": False, "email": p.get("email"), "name": p.get("name"),
        "description": p.get("description"), "phone": p.get("phone"),
        "metadata": nested(p, "metadata"), "balance": 0, "currency": None,
    })


def payment_intent_create(st, p):
    check_params(p, {"amount", "currency", "customer", "description", "metadata",
                     "payment_method", "payment_method_types", "confirm",
                     "automatic_payment_methods", "expand"}, ("amount", "currency"))
    try:
        amount = int(p["amount"])
    except ValueError:
        raise StripeError(400, "invalid_request_error", "Invalid integer: %s" % p["amount"],
                          "parameter_invalid_integer", "amount")
    if amount < 50:
        raise StripeError(400, "invalid_request_error",
                          "Amount must be at least $0.50 usd", "amount_too_small", "amount")
    pid = rand_id("pi_", 24)
    return 200, st.add({
        "id": pid, "object": "payment_intent", "created": int(time.time()),
        "livemode": False, "amount": amount, "amount_received": 0,
        "currency": p["currency"].lower(), "customer": p.get("customer"),
        "description": p.get("description"), "metadata": nested(p, "metadata"),
        "client_secret": pid + "_secret_" + rand_id("", 24),
        "status": "requires_payment_method", "last_payment_error": None,
    })


def retrieve(kind):
    def fn(st, oid):
        o = st.objects.get(oid)
        if o is None or o["object"] != kind:
            raise StripeError(404, "invalid_request_error",
                              "No such %s: '%s'" % (kind, oid), "resource_missing", "id")
        return 200, o
    return fn


def list_of(kind, path):
    def fn(st, p):
        check_params(p, {"limit", "starting_after", "ending_before", "created", "expand"})
        if p.get("starting_after") and p.get("ending_before"):
            raise StripeError(400, "invalid_request_error",
                              "You may only specify one of these parameters: "
                              "starting_after, ending_before.")
        try:
            limit = int(p.get("limit", "10"))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 100:
            raise StripeError(400, "invalid_request_error",
                              "Invalid limit: must be between 1 and 100", "parameter_invalid_integer",
                              "limit")
        objs = [o for o in st.objects.values() if o["object"] == kind]
        objs.sort(key=lambda o: o["created"], reverse=True)
        if p.get("starting_after"):
            ids = [o["id"] for o in objs]
            if p["starting_after"] in ids:
                objs = objs[ids.index(p["starting_after"]) + 1:]
        return 200, {"object": "list", "url": path, "has_more": len(objs) > limit,
                     "data": objs[:limit]}
    return fn


def balance(st, p):
    check_params(p, {"expand"})
    return 200, {"object": "balance", "livemode": False,
                 "available": [{"amount": 0, "currency": "usd"}],
                 "pending": [{"amount": 0, "currency": "usd"}]}


POSTS = {"/v1/customers": customer_create, "/v1/payment_intents": payment_intent_create}
GETS = {"/v1/customers": list_of("customer", "/v1/customers"),
        "/v1/payment_intents": list_of("payment_intent", "/v1/payment_intents"),
        "/v1/balance": balance}
GET_ONE = {"/v1/customers/": retrieve("customer"), "/v1/payment_intents/": retrieve("payment_intent")}


# ---- webhooks out ----

def sign_stripe(secret, ts, body):
    return hmac.new(secret.encode(), ("%d." % ts).encode() + body, hashlib.sha256).hexdigest()


def sign_standard(secret, mid, ts, body):
    key = base64.b64decode(secret[len("whsec_"):])
    mac = hmac.new(key, ("%s.%d." % (mid, ts)).encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def deliver(url, host, headers, body):
    h = dict(headers)
    h["Content-Type"] = "application/json; charset=utf-8"
    h["User-Agent"] = "Stripe/1.0 (+https://stripe.com/docs/webhooks) tailgate-sim"
    if host:
        h["Host"] = host
    req = urllib.request.Request(url, data=body, headers=h, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as e:
        return 0, str(e)


def webhook_send(cfg, spec):
    scheme = spec.get("scheme", "stripe")
    url = spec.get("url") or (cfg.webhook_url if scheme == "stripe" else cfg.standard_url)
    host = spec.get("host", cfg.webhook_host)
    now = int(time.time())
    ts = now - 600 if spec.get("stale") else now
    if scheme == "stripe":
        secret = spec.get("secret") or cfg.webhook_secret
        eid = spec.get("id") or rand_id("evt_", 24)
        event = {"id": eid, "object": "event", "type": spec.get("type", "ping"),
                 "api_version": API_VERSION, "created": now, "livemode": False,
                 "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
                 "data": {"object": spec.get("data", {})}}
        body = json.dumps(event, separators=(",", ":")).encode()
        sig = sign_stripe(secret, ts, body)
        if spec.get("bad_signature"):
            sig = sign_stripe(secret + "x", ts, body)
        v1s = ["v1=" + sig]
        if spec.get("two_signatures"):
            v1s.insert(0, "v1=" + sign_stripe("whsec_rolled_out", ts, body))
        headers = {"Stripe-Signature": "t=%d,%s" % (ts, ",".join(v1s))}
    else:
        secret = spec.get("secret") or cfg.standard_secret
        eid = spec.get("id") or rand_id("msg_", 24)
        event = {"type": spec.get("type", "ping"),
                 "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
                 "data": spec.get("data", {})}
        body = json.dumps(event, separators=(",", ":")).encode()
        sig = sign_standard(secret, eid, ts, body)
        if spec.get("bad_signature"):
            sig = sign_standard(secret, eid, ts, body + b" ")
        if spec.get("two_signatures"):
            sig = sign_standard("whsec_" + base64.b64encode(b"rolled-out-key-24-bytes!").decode(),
                                eid, ts, body) + " " + sig
        headers = {"webhook-id": eid, "webhook-timestamp": str(ts), "webhook-signature": sig}
    out = []
    for _ in range(2 if spec.get("duplicate") else 1):
        status, text = deliver(url, host, headers, body)
        out.append({"status": status, "body": text})
    return {"id": eid, "deliveries": out}


# ---- the server ----

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tailgate-sim/1"

    def log_message(self, fmt, *args):  # one line per request, no secrets
        sys.stderr.write("sim: %s %s\n" % (self.address_string(), fmt % args))

    @property
    def st(self):
        return self.server.state

    def send_json(self, status, obj=None, raw=None, extra=None, rid=None):
        body = raw if raw is not None else json.dumps(obj, indent=2).encode() + b"\n"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Request-Id", rid or rand_id("req_", 14))
        self.send_header("Stripe-Version", API_VERSION)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def authorised(self):
        auth = self.headers.get("Authorization", "")
        key = None
        if auth.startswith("Bearer "):
            key = auth[7:].strip()
        elif auth.startswith("Basic "):
            try:
                key = base64.b64decode(auth[6:].strip()).decode().split(":", 1)[0]
            except (ValueError, UnicodeDecodeError):
                key = None
        return key is not None and key in self.st.keys

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_DELETE(self):
        self.route("DELETE")

    def route(self, method):
        u = urllib.parse.urlsplit(self.path)
        raw = self.read_body()
        if u.path.startswith("/_sim/"):
            return self.control(method, u, raw)
        return self.api(method, u, raw)

    # -- control --
    def control(self, method, u, raw):
        st = self.st
        try:
            spec = json.loads(raw) if raw else {}
        except ValueError:
            return self.send_json(400, {"error": {"type": "invalid_request_error",
                                                  "message": "control bodies are JSON"}})
        if method == "POST" and u.path == "/_sim/faults":
            with st.lock:
                st.faults.extend(spec.get("faults", []))
            return self.send_json(200, {"queued": len(st.faults)})
        if method == "POST" and u.path == "/_sim/reset":
            with st.lock:
                st.faults.clear()
                st.log.clear()
            return self.send_json(200, {"reset": True})
        if method == "GET" and u.path == "/_sim/requests":
            q = dict(urllib.parse.parse_qsl(u.query))
            with st.lock:
                rows = [r for r in st.log if not q.get("path") or r["path"] == q["path"]]
            return self.send_json(200, {"data": rows})
        if method == "GET" and u.path == "/_sim/objects":
            with st.lock:
                return self.send_json(200, st.count())
        if method == "POST" and u.path == "/_sim/webhooks/send":
            return self.send_json(200, webhook_send(self.server.cfg, spec))
        return self.send_json(404, {"error": {"type": "invalid_request_error",
                                              "message": "no such control endpoint"}})

    # -- the API --
    def api(self, method, u, raw):
        st = self.st
        key = self.headers.get("Idempotency-Key") if method == "POST" else None
        entry = {"method": method, "path": u.path, "idempotency_key": key, "status": 0,
                 "replayed": False, "fault": None}
        with st.lock:
            st.log.append(entry)
        if not self.authorised():
            entry["status"] = 401
            return self.send_json(401, StripeError(
                401, "invalid_request_error",
                "Invalid API Key provided. Use a test key (sk_test_...).").body())
        fault = st.take_fault(u.path)
        if fault:
            entry["fault"] = fault
            if fault.get("delay_ms"):
                time.sleep(fault["delay_ms"] / 1000.0)
            if not fault.get("after_commit"):
                if self.faulted(fault, entry):
                    return None
        params = parse_form(raw.decode("utf-8", "replace") if method == "POST" else u.query)
        account = self.headers.get("Stripe-Account", "")
        rec = None
        if key is not None:
            if len(key) > 255:
                entry["status"] = 400
                return self.send_json(400, StripeError(
                    400, "invalid_request_error",
                    "Idempotency-Key is at most 255 characters.").body())
            ik = (key, account, method + " " + u.path)
            norm = sorted(params.items())
            with st.lock:
                now = time.time()
                for k in [k for k, r in st.idem.items() if now - r["at"] > IDEMPOTENCY_TTL]:
                    del st.idem[k]
                rec = st.idem.get(ik)
                if rec is None:
                    rec = {"params": norm, "status": None, "body": None, "at": now}
                    st.idem[ik] = rec
                    rec_new = True
                else:
                    rec_new = False
            if not rec_new:
                if rec["params"] != norm:
                    entry["status"] = 400
                    return self.send_json(400, StripeError(
                        400, "idempotency_error",
                        "Keys for idempotent requests can only be used with the same parameters "
                        "they were first used with.").body())
                if rec["status"] is None:
                    entry["status"] = 409
                    return self.send_json(409, StripeError(
                        409, "invalid_request_error",
                        "There is currently another in-progress request using this "
                        "Idempotent Key.", "idempotency_key_in_use").body())
                entry["status"], entry["replayed"] = rec["status"], True
                return self.send_json(rec["status"], raw=rec["body"],
                                      extra={"Idempotent-Replayed": "true",
                                             "Original-Request": rec["rid"]})
        rid = rand_id("req_", 14)
        try:
            status, obj = self.execute(method, u, params)
            body = json.dumps(obj, indent=2).encode() + b"\n"
        except StripeError as e:
            status, body = e.status, json.dumps(e.body(), indent=2).encode() + b"\n"
            if rec is not None and e.status == 400:
                with st.lock:  # validation failures are not stored
                    st.idem.pop((key, account, method + " " + u.path), None)
                rec = None
        if rec is not None:
            with st.lock:
                rec["status"], rec["body"], rec["rid"] = status, body, rid
        entry["status"] = status
        if fault and fault.get("after_commit") and self.faulted(fault, entry):
            return None
        if fault and fault.get("pad_bytes"):
            body = body.rstrip(b"\n") + b" " * int(fault["pad_bytes"]) + b"\n"
        return self.send_json(status, raw=body, rid=rid)

    def faulted(self, fault, entry):
        """Answers (or drops) per the fault; True when the request ends here."""
        if fault.get("drop"):
            entry["status"] = -1
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return True
        if fault.get("status"):
            s = int(fault["status"])
            entry["status"] = s
            extra = {}
            if fault.get("should_retry"):
                extra["Stripe-Should-Retry"] = fault["should_retry"]
            etype = "api_error" if s >= 500 else "invalid_request_error"
            code = "rate_limit" if s == 429 else None
            self.send_json(s, StripeError(s, etype, "Simulated fault (%d)." % s, code).body(),
                           extra=extra)
            return True
        return False

    def execute(self, method, u, params):
        path = u.path.rstrip("/")
        if method == "POST" and path in POSTS:
            return POSTS[path](self.st, params)
        if method == "GET" and path in GETS:
            return GETS[path](self.st, params)
        if method == "GET":
            for prefix, fn in GET_ONE.items():
                if path.startswith(prefix) and "/" not in path[len(prefix):]:
                    return fn(self.st, path[len(prefix):])
        raise StripeError(404, "invalid_request_error",
                          "Unrecognized request URL (%s: %s)." % (method, u.path))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def watch_file(srv, path):
    """Stops the simulator once `path` (its stack's pid file) is gone: the stack was
    stopped or its directory removed, so nobody would stop it otherwise."""
    time.sleep(2)  # the starter writes the file just after starting us
    while os.path.exists(path):
        time.sleep(2)
    sys.stderr.write("sim: %s is gone; stopping\n" % path)
    srv.shutdown()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--keys", default="sk_test_tailgate_sim",
                    help="comma-separated secret keys accepted (sk_test_...)")
    ap.add_argument("--webhook-url", default="", help="where Stripe-style events go")
    ap.add_argument("--webhook-host", default="", help="Host header for deliveries")
    ap.add_argument("--webhook-secret", default="whsec_tailgate_sim_stripe",
                    help="Stripe scheme: the whole string is the key")
    ap.add_argument("--standard-url", default="", help="where Standard Webhooks events go")
    ap.add_argument("--standard-secret",
                    default="whsec_" + base64.b64encode(b"tailgate-simulator-key-32-bytes!").decode(),
                    help="Standard Webhooks: whsec_ + base64 of the key")
    ap.add_argument("--watch-file", default="",
                    help="stop once this file (the stack's pid file) is gone")
    cfg = ap.parse_args()
    keys = [k for k in cfg.keys.split(",") if k]
    if any(not k.startswith("sk_test_") for k in keys):
        ap.error("only sk_test_ keys: the simulator never stands in for live mode")
    srv = Server(("127.0.0.1", cfg.port), Handler)
    srv.state = State(keys)
    srv.cfg = cfg
    if cfg.watch_file:
        threading.Thread(target=watch_file, args=(srv, cfg.watch_file), daemon=True).start()
    sys.stderr.write("sim: listening on http://127.0.0.1:%d\n" % cfg.port)
    sys.stderr.flush()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
