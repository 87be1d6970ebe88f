#include "disposal_command.h"

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_connection.h"
#include "protocol/random_token.h"
#include "request_format.h"
#include "table_output.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

struct DisposalArgs {
  ConnectionArgs connection;
  bool json = false;
  std::string action;  // list, hold, release
  std::string id;      // hold, release
  std::string reason;  // hold, release
  bool due = false, kept = false, held = false, disposed = false;
  int limit = 200;
};

std::string Or(const json& v, const std::string& fallback) { return v.is_string() ? v.get<std::string>() : fallback; }

void List(Command& cmd, const DisposalArgs& a) {
  const std::string filter = a.kept ? "kept" : a.held ? "held" : a.disposed ? "disposed" : "due";
  std::optional<json> r = cmd.Call("disposal_list", {{"filter", filter}, {"limit", a.limit}});
  if (!r) return;
  if (a.json) return PrintJson(*r);
  static const std::map<std::string, std::string> kTitles = {
      {"due", "保存期間を過ぎ、廃棄を待つ案件"}, {"kept", "完了後、保存中の案件"},
      {"held", "廃棄保留中の案件"}, {"disposed", "廃棄済みの案件（台帳と履歴の記録のみ残る）"}};
  std::cout << kTitles.at(filter) << "  " << r->value("total", int64_t{0}) << "件（今日 "
            << DateWithEra(r->value("today", "")) << "）\n";
  Table table({{"案件番号"}, {"種別"}, {"状態"}, {"結果"}, {"保存期限"}, {"廃棄保留"}, {"廃棄日時"}});
  for (const json& item : r->at("items")) {
    table.AddRow({item.value("id", ""), TypeJapanese(item.value("type", "")), StateJapanese(item.value("state", "")),
                  Or(item.value("outcome", json()), "-"), Or(item.value("retention_until", json()), "-"),
                  item.value("legal_hold", false) ? "保留中" : "", Or(item.value("disposed_at", json()), "")});
  }
  if (!table.empty()) table.Print(std::cout, "  ");
  if (filter == "due") {
    std::cout << "保留中でないものは、エンジンが次の見回り（起動時と timer_interval ごと）で廃棄します\n";
  }
}

void Hold(Command& cmd, const DisposalArgs& a) {
  if (a.id.empty()) return cmd.FailLocal(Status::InvalidArgument(a.action + " needs the request id"));
  if (a.reason.empty()) return cmd.FailLocal(Status::InvalidArgument(a.action + " needs --reason"));
  std::optional<json> current = cmd.Call("show", {{"id", a.id}, {"personal", false}});
  if (!current) return;
  const std::string event = a.action == "hold" ? "legal_hold" : "legal_hold_release";
  const std::string key = "cli-" + RandomToken();
  std::optional<json> r = cmd.CallIdempotent(
      "advance",
      {{"id", a.id}, {"event", event}, {"version", current->value("version", int64_t{0})},
       {"data", {{"reason", a.reason}}}, {"idempotency_key", key}},
      "; it may have been applied: look with madoguchi show " + a.id);
  if (!r) return;
  if (a.json) return PrintJson(*r);
  std::cout << a.id << (a.action == "hold" ? "  廃棄保留にしました（保存期間を過ぎても廃棄しません）\n"
                                           : "  廃棄保留を解除しました（保存期間を過ぎていれば次の見回りで廃棄します）\n");
}

}  // namespace

void AddDisposalCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DisposalArgs>();
  CLI::App* sub = app.add_subcommand(
      "disposal", "Retention and disposal (managers): list the due, kept, held or disposed; hold or release a request");
  sub->add_option("action", args->action, "list, hold or release")
      ->required()
      ->check(CLI::IsMember({"list", "hold", "release"}));
  sub->add_option("id", args->id, "hold, release: the request (R2026-000001)");
  sub->add_option("--reason", args->reason, "hold, release: why (sealed; write no personal data you need not)");
  auto* due = sub->add_flag("--due", args->due, "list: past their retention date and not disposed of (the default)");
  auto* kept = sub->add_flag("--kept", args->kept, "list: closed and kept, with their retention date");
  auto* held = sub->add_flag("--held", args->held, "list: under a legal hold");
  auto* disposed = sub->add_flag("--disposed", args->disposed, "list: disposed of, newest first");
  due->excludes(kept, held, disposed);
  kept->excludes(held, disposed);
  held->excludes(disposed);
  sub->add_option("--limit", args->limit, "list: at most this many (1-1000)")->check(CLI::Range(1, 1000));
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] {
    Command cmd("disposal", args->connection, exit_code);
    if (args->action == "list") return List(cmd, *args);
    Hold(cmd, *args);
  });
}

}  // namespace madoguchi::cli
