// EngineConfig: DATA/madoguchi.json, checked against
// schemas/engine-config.schema.json and its parts' own checks (office
// calendar, deadline policy). `madoguchi-engine init` writes the defaults:
// config/engine-defaults.json with the shipped deadline policy.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/business_calendar.h"
#include "core/deadline_policy.h"
#include "core/desk_rules.h"
#include "util/status.h"
#include "web/web_desk_options.h"

namespace madoguchi {

struct EngineConfig {
  std::string data_key_file = "data.key";  // relative to the data folder, or absolute
  nlohmann::json society;  // name, postal_code, address, phone, complaint_contact
  std::string commands_endpoint;
  std::string workers_endpoint;
  size_t max_message_bytes = 262144;
  int max_batch = 256;
  int64_t max_database_mb = 0;  // 0: no limit but the disk's
  int readers = 2;
  std::string log_level = "info";
  std::string log_file = "logs/engine.log";  // relative to the data folder; "": standard error only
  int log_max_file_mb = 16;                  // log.max_file_mb: the file rotates at this size
  int log_max_files = 5;                     // log.max_files: rotated files kept
  int lease_seconds = 60;
  int max_attempts = 5;
  std::string letters_dir = "letters";  // relative to the data folder
  std::string templates_dir = "";  // workers.templates_dir, else the build's templates/letters: the render check's templates
  double timer_interval_seconds = 30;
  size_t worker_max_message_bytes = 16 * 1024 * 1024;
  int duplicate_window_days = 90;  // intake.duplicate_window_days (StoreOptions)
  bool audit_head_mail = true;     // audit.head_mail: the chain's head to the auditors daily
  WebDeskOptions web;  // paths as written (relative to the data folder)
  // metrics: Prometheus text at http://ADDRESS:PORT/metrics (web/metrics_server.h); off by default.
  bool metrics_enabled = false;
  std::string metrics_address = "127.0.0.1";
  int metrics_port = 9464;
  OfficeCalendarConfig office_calendar;
  DeadlinePolicy deadline_policy;
  DeskRules desk_rules = DeskRules::Default();  // "fees", "identity_documents" (optional)

  static Result<EngineConfig> FromJson(const nlohmann::json& j);
  static Result<EngineConfig> Load(const std::string& path);
  // What init writes.
  static nlohmann::json DefaultJson();
};

}  // namespace madoguchi
