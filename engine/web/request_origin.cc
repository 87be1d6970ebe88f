#include "web/request_origin.h"

#include <string>

namespace madoguchi {

bool FromAnotherOrigin(const HttpRequest& request, bool https) {
  if (request.headers.Has("Sec-Fetch-Site") && !EqualsIgnoreCase(request.headers.Get("Sec-Fetch-Site"), "same-origin")) {
    return true;
  }
  if (!request.headers.Has("Origin")) return false;
  const std::string own = std::string(https ? "https://" : "http://") + request.headers.Get("Host");
  // "null" (a sandboxed frame, a file, a redirect across sites) is never ours.
  return request.headers.Count("Origin") != 1 || !EqualsIgnoreCase(request.headers.Get("Origin"), own);
}

BodyType BodyTypeOf(const HttpRequest& request) {
  if (request.body.empty() && !request.headers.Has("Content-Type")) return BodyType::kNone;
  std::string type = request.headers.Get("Content-Type");
  std::string media = type.substr(0, type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.pop_back();
  if (EqualsIgnoreCase(media, "application/json")) return BodyType::kJson;
  if (EqualsIgnoreCase(media, "application/x-www-form-urlencoded")) return BodyType::kForm;
  if (request.body.empty()) return BodyType::kNone;
  return BodyType::kOther;
}

}  // namespace madoguchi
