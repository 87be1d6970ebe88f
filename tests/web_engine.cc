#include "web_engine.h"

#include <catch2/catch.hpp>

namespace madoguchi::testing {

WebEngine::WebEngine(const std::function<void(nlohmann::json&)>& config) {
  if (config) engine.EditConfig(config);
  for (const char* user : {"clerk1", "reviewer1", "reviewer2", "manager1", "manager2", "auditor1", "admin1"}) {
    engine.SetPassword(user, kWebPassword);
  }
  engine.Start();
}

std::unique_ptr<WebClient> WebEngine::SignedIn(const std::string& user, const WebClientOptions& options) {
  auto web = std::make_unique<WebClient>(engine.web_url(), options);
  WebAnswer a = web->SignIn(user, kWebPassword);
  INFO(a.body);
  REQUIRE(a.status == 200);
  return web;
}

int64_t WebEngine::RequestCount() {
  auto r = engine.Client("manager1")->Call("list", nlohmann::json::object());
  REQUIRE(r.ok());
  return (*r)["total"];
}

}  // namespace madoguchi::testing
