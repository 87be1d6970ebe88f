#include "web/http_router.h"

namespace madoguchi {

HttpResponse HttpRouter::Dispatch(HttpRequest& request) const {
  HttpResponse response;
  for (const Route& route : routes_) {
    std::smatch m;
    if (route.method != request.method || !std::regex_match(request.path, m, route.pattern)) continue;
    request.matches.clear();
    for (size_t i = 1; i < m.size(); ++i) request.matches.push_back(m[i].str());
    route.handler(request, response);
    return response;
  }
  not_found_(request, response);
  return response;
}

}  // namespace madoguchi
