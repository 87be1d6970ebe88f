#include "access_log_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_connection.h"
#include "table_output.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

struct AccessLogArgs {
  ConnectionArgs connection;
  bool json = false;
  std::string id;
};

// What was seen, as the desk's staff call it.
std::string WhatLabel(const std::string& what) {
  if (what == "show") return "詳細表示 (show)";
  if (what == "list") return "一覧の氏名 (list)";
  if (what == "letter") return "通知書 (letter)";
  if (what == "letter_context") return "通知書作成 (letter_context)";
  if (what == "preview") return "通知書の文面確認 (preview)";
  return what;
}

void Run(const AccessLogArgs& a, int& exit_code) {
  Command cmd("access-log", a.connection, exit_code);
  std::optional<json> r = cmd.Call("access_log", {{"id", a.id}});
  if (!r) return;
  if (a.json) return PrintJson(*r);
  const json& items = r->at("items");
  std::cout << a.id << ": " << items.size() << " showings of personal data\n";
  if (items.empty()) return;
  Table table({{"閲覧日時"}, {"職員"}, {"役割"}, {"経路"}, {"内容"}});
  for (const json& item : items) {
    table.AddRow({item.value("at", ""), item.value("actor", ""), item.value("role", ""), item.value("source", ""),
                  WhatLabel(item.value("what", ""))});
  }
  table.Print(std::cout, "  ");
}

}  // namespace

void AddAccessLogCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AccessLogArgs>();
  CLI::App* sub = app.add_subcommand("access-log", "Who saw a request's personal data (managers, auditors)");
  sub->add_option("id", args->id, "Request id, e.g. R2026-000001")->required();
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { Run(*args, exit_code); });
}

}  // namespace madoguchi::cli
