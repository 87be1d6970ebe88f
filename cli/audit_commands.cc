#include "audit_commands.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine_connection.h"
#include "output_file.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

constexpr double kExportTimeoutSeconds = 60;

struct AuditArgs {
  ConnectionArgs connection;
  bool json = false;
  std::vector<std::string> expect_heads;  // verify: N:HASH
  std::string anchors;                    // verify: a file of kept heads
  std::string from;
  std::string to;
  std::string out;
  bool force = false;
};

// One CSV cell, always quoted; a leading = + @ is defused for spreadsheets.
std::string Cell(const std::string& s) {
  std::string out = "\"";
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '@')) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void RunVerify(AuditArgs a, int& exit_code) {
  // The whole chain is read: a large database takes a while.
  if (a.connection.timeout_seconds == kDefaultTimeoutSeconds) a.connection.timeout_seconds = kExportTimeoutSeconds;
  Command cmd("audit verify", a.connection, exit_code);
  json args = json::object();
  if (!a.expect_heads.empty()) args["expect_heads"] = a.expect_heads;
  if (!a.anchors.empty()) {
    std::ifstream in(a.anchors, std::ios::binary);
    if (!in) return cmd.FailLocal(Status::InvalidArgument("cannot read " + a.anchors));
    json lines = json::array();
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    args["anchors"] = lines;
    args["anchors_name"] = a.anchors;
  }
  std::optional<json> r = cmd.Call("audit_verify", args);
  if (!r) return;
  if (a.json) {
    PrintJson(*r);
  } else {
    std::cout << r->value("text", "") << "\n";
  }
  if (!r->value("ok", false)) exit_code = kExitEngineError;
}

void RunExport(AuditArgs a, int& exit_code) {
  if (a.connection.timeout_seconds == kDefaultTimeoutSeconds) a.connection.timeout_seconds = kExportTimeoutSeconds;
  Command cmd("audit export", a.connection, exit_code);
  if (!a.out.empty()) {
    if (Status s = CheckOutputPath(a.out, a.force); !s.ok()) return cmd.FailLocal(s);
  }
  std::optional<json> r = cmd.Call("audit_export", {{"from", a.from}, {"to", a.to}});
  if (!r) return;
  static const char* kColumns[] = {"seq",    "at",  "actor",  "role", "source", "command", "target",
                                   "result", "detail", "pos", "key_id", "prev",   "hash"};
  std::string csv = "\xEF\xBB\xBF";
  for (size_t i = 0; i < std::size(kColumns); ++i) csv += std::string(i ? "," : "") + kColumns[i];
  csv += "\r\n";
  for (const json& item : r->at("items")) {
    for (size_t i = 0; i < std::size(kColumns); ++i) {
      const json& v = item.at(kColumns[i]);
      csv += std::string(i ? "," : "") + Cell(v.is_string() ? v.get<std::string>() : v.dump());
    }
    csv += "\r\n";
  }
  if (a.out.empty()) {
    std::cout << csv << std::flush;
    return;
  }
  if (Status s = WriteOutputFile(a.out, csv, a.force); !s.ok()) return cmd.FailLocal(s);
  std::cerr << r->at("items").size() << " records to " << a.out << "\n";
}

}  // namespace

void AddAuditCommands(CLI::App& app, int& exit_code) {
  CLI::App* audit = app.add_subcommand("audit", "The audit log (auditors, admins): verify its chain, export it");
  audit->require_subcommand(1);

  auto verify_args = std::make_shared<AuditArgs>();
  CLI::App* verify = audit->add_subcommand(
      "verify", "Walk the keyed chain (audit, history, access log) against the anchor: the count and head, or the first broken record");
  verify->add_option("--expect-head", verify_args->expect_heads, "N:HASH, a head you kept (e.g. from the daily mail); repeatable");
  verify->add_option("--anchors", verify_args->anchors, "a file of kept heads: the daily mails' lines, one a line");
  AddJsonFlag(verify, verify_args->json);
  AddConnectionOptions(verify, verify_args->connection);
  verify->callback([verify_args, &exit_code] { RunVerify(*verify_args, exit_code); });

  auto export_args = std::make_shared<AuditArgs>();
  CLI::App* exp = audit->add_subcommand("export", "The records of a date range as CSV (UTF-8 BOM, header row)");
  exp->add_option("--from", export_args->from, "First JST date, YYYY-MM-DD")->required();
  exp->add_option("--to", export_args->to, "Last JST date, YYYY-MM-DD")->required();
  exp->add_option("--out", export_args->out, "Write the CSV to this file (default: standard output)");
  exp->add_flag("--force", export_args->force, "Overwrite the file if it exists");
  AddConnectionOptions(exp, export_args->connection);
  exp->callback([export_args, &exit_code] { RunExport(*export_args, exit_code); });
}

}  // namespace madoguchi::cli
