# Varnish in front of Roost.
#
# Roost names what each widget response was rendered from in a
# Surrogate-Key header ("p<post id> u<user id> l<list id> t<tag>", "all" for
# pages that depend on everything) and bounds its life with Cache-Control
# (s-maxage + stale-while-revalidate <= --edge-ttl). With
# --purge-url http://VARNISH/ every change an instance handles sends
#   PURGE /  with  Surrogate-Key: p1 u2 ...
# and this configuration bans every cached object carrying any of those
# keys, so a deleted post leaves the edge at once, not at the edge TTL.
#
# The backends live in roost-backends.vcl (one file for docker compose,
# another written by e2e/varnish_test.go), which must define
# `sub roost_backend` setting req.backend_hint.
vcl 4.1;

include "roost-backends.vcl";

# Who may purge: the Roost instances. Keep this to their addresses.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    call roost_backend;
    if (req.method == "PURGE") {
        call roost_purge;
    }
    # Roost sets no cookies and reads none: a cookie the browser holds for
    # this domain must not bypass the cache for everyone's widgets.
    if (req.method == "GET" || req.method == "HEAD") {
        unset req.http.Cookie;
    }
    # Everything else (Authorization, non-GET) follows the built-in rules:
    # never cached.
}

# roost_purge bans every object whose Surrogate-Key shares a key with the
# request's. Keys are letters, digits and '_' (plus non-ASCII letters in
# hashtags); anything that could change the meaning of the ban's regular
# expression is refused.
sub roost_purge {
    if (client.ip !~ purgers) {
        return (synth(405, "purging not allowed from this address"));
    }
    if (!req.http.Surrogate-Key || req.http.Surrogate-Key ~ "^\s*$") {
        return (synth(400, "Surrogate-Key required"));
    }
    if (req.http.Surrogate-Key ~ {"[][\\^$.|?*+(){}"]"}) {
        return (synth(400, "bad Surrogate-Key"));
    }
    if (req.http.Surrogate-Key ~ "(^|\s)all(\s|$)") {
        ban("obj.status != 0");
        return (synth(200, "purged everything"));
    }
    set req.http.X-Roost-Keys = regsuball(regsuball(req.http.Surrogate-Key, "^\s+|\s+$", ""), "\s+", "|");
    ban("obj.http.Surrogate-Key ~ (^|\s)(" + req.http.X-Roost-Keys + ")(\s|$)");
    return (synth(200, "purged"));
}

sub vcl_backend_response {
    # Roost says how long each answer may be kept; an answer without
    # Cache-Control is not cached at all.
    if (!beresp.http.Cache-Control) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Keep bans lurker-friendly: they test obj.* only, so the ban lurker
    # can evict banned objects in the background.
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for this cache, not for browsers.
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
