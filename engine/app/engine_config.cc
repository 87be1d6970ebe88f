#include "app/engine_config.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/embedded_files.h"
#include "core/office_calendar_config.h"
#include "core/schema_validator.h"
#include "util/install_paths.h"

namespace madoguchi {

nlohmann::json EngineConfig::DefaultJson() {
  nlohmann::json j = EmbeddedJson("config/engine-defaults.json");
  j["deadline_policy"] = EmbeddedJson("config/deadline-policy.json");
  return j;
}

Result<EngineConfig> EngineConfig::FromJson(const nlohmann::json& j) {
  if (Status s = SchemaValidator::Embedded("schemas/engine-config.schema.json").Check(j, "configuration", "(config)"); !s.ok()) {
    return s;
  }
  Result<OfficeCalendarConfig> calendar = OfficeCalendarConfigFromJson(j["office_calendar"]);
  if (!calendar.ok()) return Status::InvalidArgument("office_calendar: " + calendar.status().message());
  Result<DeadlinePolicy> policy = DeadlinePolicy::FromJson(j["deadline_policy"]);
  if (!policy.ok()) return Status::InvalidArgument("deadline_policy: " + policy.status().message());

  // Issue 6: who asks with which documents, fees, retention, consultation days.
  Result<DeskRules> rules =
      DeskRules::FromJson(j.contains("identity_documents") ? j["identity_documents"] : EmbeddedJson("config/identity-documents.json"),
                          j.contains("fees") ? j["fees"] : EmbeddedJson("config/fees.json"));
  if (!rules.ok()) return Status::InvalidArgument(rules.status().message());
  if (j.contains("reason_phrases")) {
    Result<ReasonPhrases> phrases = ReasonPhrases::FromJson(j["reason_phrases"]);
    if (!phrases.ok()) return Status::InvalidArgument(phrases.status().message());
    rules->set_reason_phrases(std::move(phrases).value());
  }

  // The pick-up deadline the decision letter prints (society.disclosure.counter.pickup_days)
  // is the one the workflow keeps: disclosure_uncollected only after it.
  const nlohmann::json counter = j["society"].value("disclosure", nlohmann::json::object()).value("counter", nlohmann::json());
  if (counter.is_object() && counter.contains("pickup_days")) rules->set_pickup_days(counter["pickup_days"].get<int>());

  EngineConfig c{.society = j["society"],
                 .commands_endpoint = j["endpoints"]["commands"].get<std::string>(),
                 .workers_endpoint = j["endpoints"].value("workers", "tcp://127.0.0.1:7461"),
                 .web = {},
                 .office_calendar = std::move(calendar).value(),
                 .deadline_policy = std::move(policy).value(),
                 .desk_rules = std::move(rules).value()};
  c.data_key_file = j.value("data_key_file", c.data_key_file);
  const nlohmann::json& limits = j["limits"];
  c.max_message_bytes = limits.value("max_message_bytes", c.max_message_bytes);
  c.max_batch = limits.value("max_batch", c.max_batch);
  c.max_database_mb = limits.value("max_database_mb", c.max_database_mb);
  c.readers = limits.value("readers", c.readers);
  c.log_level = j["log"].value("level", c.log_level);
  c.log_file = j["log"].value("file", c.log_file);
  c.log_max_file_mb = j["log"].value("max_file_mb", c.log_max_file_mb);
  c.log_max_files = j["log"].value("max_files", c.log_max_files);
  const nlohmann::json workers = j.value("workers", nlohmann::json::object());
  c.lease_seconds = workers.value("lease_seconds", c.lease_seconds);
  c.max_attempts = workers.value("max_attempts", c.max_attempts);
  c.letters_dir = workers.value("letters_dir", c.letters_dir);
  // Installed, the package's templates (beside the executable: util/install_paths.h).
  c.templates_dir = workers.value("templates_dir", ShippedDir("templates/letters", MADOGUCHI_TEMPLATES_DIR));
  c.timer_interval_seconds = workers.value("timer_interval_seconds", c.timer_interval_seconds);
  c.worker_max_message_bytes = workers.value("max_message_bytes", c.worker_max_message_bytes);
  const nlohmann::json intake = j.value("intake", nlohmann::json::object());
  c.duplicate_window_days = intake.value("duplicate_window_days", c.duplicate_window_days);
  c.audit_head_mail = j.value("audit", nlohmann::json::object()).value("head_mail", c.audit_head_mail);
  const nlohmann::json metrics = j.value("metrics", nlohmann::json::object());
  c.metrics_enabled = metrics.value("enabled", c.metrics_enabled);
  c.metrics_address = metrics.value("address", c.metrics_address);
  c.metrics_port = metrics.value("port", c.metrics_port);
  const nlohmann::json web = j.value("web", nlohmann::json::object());
  c.web.enabled = web.value("enabled", c.web.enabled);
  c.web.address = web.value("address", c.web.address);
  c.web.port = web.value("port", c.web.port);
  c.web.certificate = web.value("certificate", c.web.certificate);
  c.web.private_key = web.value("private_key", c.web.private_key);
  c.web.assets_dir = web.value("assets_dir", c.web.assets_dir);
  c.web.session_idle = std::chrono::minutes(web.value("session_idle_minutes", c.web.session_idle.count()));
  c.web.session_max = std::chrono::hours(web.value("session_max_hours", c.web.session_max.count()));
  c.web.sign_in.free_failures = web.value("sign_in_free_failures", c.web.sign_in.free_failures);
  c.web.sign_in.max_delay =
      std::chrono::seconds(web.value("sign_in_max_delay_seconds", c.web.sign_in.max_delay.count()));
  c.web.sign_in.lock_failures = web.value("lockout_failures", c.web.sign_in.lock_failures);
  c.web.sign_in.lockout = std::chrono::minutes(web.value("lockout_minutes", c.web.sign_in.lockout.count()));
  c.web.threads = web.value("threads", c.web.threads);
  c.web.sign_in_concurrency = web.value("sign_in_concurrency", c.web.sign_in_concurrency);
  c.web.max_connections = web.value("max_connections", c.web.max_connections);
  c.web.max_connections_per_address = web.value("max_connections_per_address", c.web.max_connections_per_address);
  c.web.head_timeout = std::chrono::seconds(web.value("head_timeout_seconds", c.web.head_timeout.count()));
  c.web.keep_alive = std::chrono::seconds(web.value("keep_alive_seconds", c.web.keep_alive.count()));
  c.web.report_drawer.program = web.value("report_drawer", c.web.report_drawer.program);
  c.web.report_drawer.timeout =
      std::chrono::seconds(web.value("report_drawer_timeout_seconds", c.web.report_drawer.timeout.count()));
  c.web.report_drawer.concurrency = web.value("report_drawer_concurrency", c.web.report_drawer.concurrency);
  return c;
}

Result<EngineConfig> EngineConfig::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("no configuration at " + path + "; run madoguchi-engine init");
  nlohmann::json j = nlohmann::json::parse(std::string((std::istreambuf_iterator<char>(in)), {}), nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument(path + " is not valid JSON");
  Result<EngineConfig> c = FromJson(j);
  if (!c.ok()) return Status::InvalidArgument(path + ": " + c.status().message());
  // A fee must be published before it is charged (Art. 32(1)(iii)): the
  // society's notice (society_notice, default society-notice.txt beside this
  // file, else the shipped config/society-notice.txt) states every fee.
  if (c->desk_rules.charges_fees()) {
    std::filesystem::path notice = std::filesystem::path(path).parent_path() / j.value("society_notice", "society-notice.txt");
    if (!std::filesystem::exists(notice)) notice = MADOGUCHI_SOCIETY_NOTICE;
    std::ifstream text(notice);
    if (!text) return Status::NotFound(path + ": fees are charged but the published notice " + notice.string() + " cannot be read");
    if (Status s = c->desk_rules.CheckFeesPublished(std::string((std::istreambuf_iterator<char>(text)), {})); !s.ok()) {
      return Status::InvalidArgument(path + ": " + s.message() + " (notice: " + notice.string() + ")");
    }
  }
  return c;
}

}  // namespace madoguchi
