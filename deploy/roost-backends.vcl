# The Roost instances of deploy/compose.yaml, balanced round-robin. The
# health probe is /readyz: an instance whose store is unreachable, or that
# is catching up on the change log after a gap, leaves the rotation until
# it is current again.
import directors;

probe roost_ready {
    .url = "/readyz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}

backend roost1 {
    .host = "roost1";
    .port = "8080";
    .probe = roost_ready;
}

backend roost2 {
    .host = "roost2";
    .port = "8080";
    .probe = roost_ready;
}

sub vcl_init {
    new roost = directors.round_robin();
    roost.add_backend(roost1);
    roost.add_backend(roost2);
}

sub roost_backend {
    set req.backend_hint = roost.backend();
}
