// HttpRouter: which handler answers a request, by method and path. A route's
// pattern is a regular expression that must match the whole (decoded) path;
// its groups are handed to the handler in request.matches. No route: 404
// (the `not_found` answer the router was given).
#pragma once

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "web/http_message.h"

namespace madoguchi {

class HttpRouter {
 public:
  using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;

  explicit HttpRouter(Handler not_found) : not_found_(std::move(not_found)) {}

  void Get(const std::string& pattern, Handler handler) { Add("GET", pattern, std::move(handler)); }
  void Post(const std::string& pattern, Handler handler) { Add("POST", pattern, std::move(handler)); }

  // Runs the first route that matches (setting request.matches).
  HttpResponse Dispatch(HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
  };
  void Add(std::string method, const std::string& pattern, Handler handler) {
    routes_.push_back(Route{std::move(method), std::regex(pattern), std::move(handler)});
  }

  Handler not_found_;
  std::vector<Route> routes_;
};

}  // namespace madoguchi
