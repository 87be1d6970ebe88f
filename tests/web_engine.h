// WebEngine: a real engine (EngineProcess) whose staff all have one web desk
// password, started, with the calls the web desk's tests share: a signed-in
// WebClient, and what the engine holds asked over ZeroMQ, not over the desk.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_process.h"
#include "web_client.h"

namespace madoguchi::testing {

// Every staff member's password in a WebEngine.
inline const std::string kWebPassword = "correct-horse-battery";

struct WebEngine {
  EngineProcess engine;

  // `config` edits DATA/madoguchi.json before the engine starts.
  explicit WebEngine(const std::function<void(nlohmann::json&)>& config = {});

  // A client signed in as `user` (the test fails when it cannot sign in).
  std::unique_ptr<WebClient> SignedIn(const std::string& user, const WebClientOptions& options = {});

  // How many requests the engine holds (manager1's `list` over ZeroMQ).
  int64_t RequestCount();
};

}  // namespace madoguchi::testing
