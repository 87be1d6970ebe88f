#include "protect_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_connection.h"
#include "local_input.h"
#include "table_output.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

struct ProtectArgs {
  ConnectionArgs connection;
  bool json = false;
  std::string action;  // add, remove, list
  std::string file;    // add, remove: the person
};

void Run(const ProtectArgs& a, int& exit_code) {
  Command cmd("protect", a.connection, exit_code);
  if (a.action == "list") {
    std::optional<json> r = cmd.Call("protected_list", json::object());
    if (!r) return;
    if (a.json) return PrintJson(*r);
    std::cout << r->at("items").size() << " 名（支援措置の対象者。本人を特定する情報は表示しません）\n";
    Table table({{"番号"}, {"登録者"}, {"登録日時"}});
    for (const json& item : r->at("items")) {
      table.AddRow({std::to_string(item.value("id", int64_t{0})), item.value("added_by", ""), item.value("added_at", "")});
    }
    table.Print(std::cout, "  ");
    return;
  }
  if (a.file.empty()) return cmd.FailLocal(Status::InvalidArgument(a.action + " needs PERSON_FILE"));
  Result<json> person = ReadJsonObjectFile(a.file, "person file");
  if (!person.ok()) return cmd.FailLocal(person.status());
  std::optional<json> r = cmd.Call("protect", {{"action", a.action}, {"person", *person}});
  if (!r) return;
  if (a.json) return PrintJson(*r);
  if (a.action == "remove") {
    std::cout << "支援措置の対象者から削除しました（既に付いた案件の表示は残ります）\n";
    return;
  }
  std::cout << (r->value("already_listed", false) ? "既に支援措置の対象者です\n" : "支援措置の対象者に登録しました\n");
  for (const json& id : r->value("flagged", json::array())) std::cout << "  対象者の表示を付けた案件 " << id.get<std::string>() << '\n';
}

}  // namespace

void AddProtectCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ProtectArgs>();
  CLI::App* sub = app.add_subcommand("protect", "The list of people under a 支援措置 (managers): add, remove, list");
  sub->add_option("action", args->action, "add, remove or list")->required()->check(CLI::IsMember({"add", "remove", "list"}));
  sub->add_option("file", args->file,
                  "add, remove: JSON file of the person (insured_symbol, insured_number, birth_date, kana)");
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { Run(*args, exit_code); });
}

}  // namespace madoguchi::cli
