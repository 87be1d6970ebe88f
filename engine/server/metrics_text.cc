#include "server/metrics_text.h"

#include <fmt/format.h>

#include <chrono>
#include <map>

namespace madoguchi {

namespace {

// A label value: backslash, double quote and newline escaped.
std::string LabelValue(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

class Text {
 public:
  void Family(const char* name, const char* type, const char* help) {
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  void Sample(const std::string& name, const std::string& labels, double value) {
    out_ += name;
    if (!labels.empty()) out_ += "{" + labels + "}";
    out_ += fmt::format(" {}\n", value);
  }
  void ByKind(const char* name, const std::map<std::string, int64_t>& by_kind) {
    // Both kinds always, so that a series never vanishes at zero.
    std::map<std::string, int64_t> all = {{"letter", 0}, {"reminder", 0}};
    for (const auto& [kind, n] : by_kind) all[kind] = n;
    for (const auto& [kind, n] : all) Sample(name, "kind=\"" + LabelValue(kind) + "\"", static_cast<double>(n));
  }
  void Histogram(const char* name, const char* help, const madoguchi::Histogram::Snapshot& h) {
    Family(name, "histogram", help);
    for (size_t i = 0; i < h.bounds.size(); ++i) {
      Sample(std::string(name) + "_bucket", fmt::format("le=\"{}\"", h.bounds[i]), static_cast<double>(h.counts[i]));
    }
    Sample(std::string(name) + "_bucket", "le=\"+Inf\"", static_cast<double>(h.count));
    Sample(std::string(name) + "_sum", "", h.sum);
    Sample(std::string(name) + "_count", "", static_cast<double>(h.count));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string PrometheusText(const MetricsSnapshot& m) {
  Text t;
  t.Family("madoguchi_requests", "gauge", "Requests by workflow state and request type.");
  for (const auto& [key, n] : m.store.requests) {
    t.Sample("madoguchi_requests", "state=\"" + LabelValue(key.first) + "\",type=\"" + LabelValue(key.second) + "\"",
             static_cast<double>(n));
  }
  t.Family("madoguchi_requests_overdue", "gauge", "Open requests, clock running, past their due date.");
  t.Sample("madoguchi_requests_overdue", "", static_cast<double>(m.store.overdue));
  t.Family("madoguchi_requests_due_soon", "gauge", "Open requests, clock running, due within the next few business days.");
  t.Sample("madoguchi_requests_due_soon", "", static_cast<double>(m.store.due_soon));

  t.Family("madoguchi_outbox_messages", "gauge", "Letter and reminder jobs not yet done (waiting or leased), by kind.");
  t.ByKind("madoguchi_outbox_messages", m.store.outbox_waiting);
  t.Family("madoguchi_outbox_leased_messages", "gauge", "Jobs leased to a worker now, by kind.");
  t.ByKind("madoguchi_outbox_leased_messages", m.store.outbox_leased);
  t.Family("madoguchi_outbox_dead_messages", "gauge", "Jobs parked after their last attempt, by kind: each needs a person.");
  t.ByKind("madoguchi_outbox_dead_messages", m.store.outbox_dead);

  t.Family("madoguchi_audit_head_position", "gauge", "Entries in the audit chain (audit log, history, access log).");
  t.Sample("madoguchi_audit_head_position", "", static_cast<double>(m.store.audit_head));

  if (m.engine != nullptr) {
    const EngineMetrics& e = *m.engine;
    t.Family("madoguchi_worker_leases_total", "counter", "Jobs leased to a worker (however batched), since the engine started.");
    t.Sample("madoguchi_worker_leases_total", "", static_cast<double>(e.jobs_leased.load()));
    t.Family("madoguchi_worker_acks_total", "counter", "Jobs acknowledged done by a worker, since the engine started.");
    t.Sample("madoguchi_worker_acks_total", "", static_cast<double>(e.acks.load()));
    t.Family("madoguchi_worker_fails_total", "counter", "Jobs a worker reported failed, since the engine started.");
    t.Sample("madoguchi_worker_fails_total", "", static_cast<double>(e.fails.load()));
    t.Histogram("madoguchi_commit_batch_commands", "Commands per group commit of the writer.", e.commit_batch_size.Take());
    t.Histogram("madoguchi_commit_duration_seconds", "Seconds from the start of a group commit to its durable end.",
                e.commit_seconds.Take());
    t.Family("madoguchi_web_sign_in_failures_total", "counter",
             "Web sign-ins refused (wrong password, a wait or a lock), since the engine started.");
    t.Sample("madoguchi_web_sign_in_failures_total", "", static_cast<double>(e.sign_in_failures.load()));
    if (e.web_sessions) {
      t.Family("madoguchi_web_sessions", "gauge", "Live web desk sessions.");
      t.Sample("madoguchi_web_sessions", "", static_cast<double>(e.web_sessions()));
    }
  }
  if (m.last_backup) {
    const double at = std::chrono::duration<double>(m.last_backup->time_since_epoch()).count();
    const double age = std::chrono::duration<double>(m.now - *m.last_backup).count();
    t.Family("madoguchi_backup_last_success_timestamp_seconds", "gauge", "When the last backup that succeeded was taken (Unix time).");
    t.Sample("madoguchi_backup_last_success_timestamp_seconds", "", at);
    t.Family("madoguchi_backup_age_seconds", "gauge", "Seconds since the last backup that succeeded.");
    t.Sample("madoguchi_backup_age_seconds", "", age);
  }
  return t.Take();
}

}  // namespace madoguchi
