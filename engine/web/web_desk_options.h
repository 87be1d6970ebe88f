// What the web desk is told by the configuration (DATA/madoguchi.json, "web").
#pragma once

#include <chrono>
#include <string>

#include "server/audit_sink.h"
#include "server/engine_metrics.h"
#include "web/login_throttle.h"
#include "web/report_drawer.h"

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
  SignInThrottlePolicy sign_in;   // sign_in_free_failures, sign_in_max_delay_seconds, lockout_*
  // The HTTP server's bounds (web/http_server.h).
  int threads = 8;                // handler threads; one of them only for staff
  int sign_in_concurrency = 2;    // password hashes at once
  int max_connections = 512;
  int max_connections_per_address = 64;
  std::chrono::seconds head_timeout{10};
  std::chrono::seconds keep_alive{10};
  ReportDrawerOptions report_drawer;  // report_drawer, report_drawer_timeout_seconds, report_drawer_concurrency
  AuditSink* audit = nullptr;     // sign-ins, failed sign-ins and sign-outs go here (not configuration)
  EngineMetrics* metrics = nullptr;  // refused sign-ins are counted here when set (not configuration)

  bool https() const { return !certificate.empty(); }
};

}  // namespace madoguchi
