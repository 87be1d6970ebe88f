// What the web desk is told by the configuration (DATA/madoguchi.json, "web").
#pragma once

#include <chrono>
#include <string>

#include "server/audit_sink.h"

namespace madoguchi {

struct WebDeskOptions {
  bool enabled = true;
  std::string address = "127.0.0.1";
  int port = 8080;                // 0: any free port
  std::string certificate;        // PEM; with private_key, HTTPS only
  std::string private_key;
  std::string assets_dir;         // the pages and their assets (web/)
  std::chrono::minutes session_idle{30};
  std::chrono::hours session_max{10};
  int lockout_failures = 5;
  std::chrono::minutes lockout{15};
  int threads = 8;
  AuditSink* audit = nullptr;     // sign-ins, failed sign-ins and sign-outs go here (not configuration)

  bool https() const { return !certificate.empty(); }
};

}  // namespace madoguchi
