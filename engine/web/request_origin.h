// Where a state-changing request comes from, and what its body is: the
// checks against cross-site (and cross-port) request forgery that need no
// session (docs/web-desk.md, "CSRF").
//
// Browsers say where a request comes from: Sec-Fetch-Site (same-origin,
// same-site, cross-site, none) and Origin (scheme://host:port). Another port
// of the same host is the same *site* (its cookies are ours, SameSite lets
// them through) but another *origin*; only the desk's own origin is trusted.
// A request that says neither (a script, an old browser) is not refused here:
// it still needs a bearer token or the session's CSRF token.
#pragma once

#include "web/http_message.h"

namespace madoguchi {

// True when the request says it comes from another origin than the one it
// is addressed to (scheme, and the Host header it was sent with).
bool FromAnotherOrigin(const HttpRequest& request, bool https);

enum class BodyType {
  kNone,   // no body
  kJson,   // application/json
  kForm,   // application/x-www-form-urlencoded
  kOther,  // anything else, text/plain among them: a form of another site may send it without asking
};
BodyType BodyTypeOf(const HttpRequest& request);

}  // namespace madoguchi
