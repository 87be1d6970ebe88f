#include "provision_command.h"

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

// The CSV file's size limit, as the engine's (core/provision_ledger.h kMaxProvisionCsvBytes).
constexpr size_t kMaxCsvBytes = 200 * 1024;

struct ProvisionArgs {
  ConnectionArgs connection;
  bool json = false;
  std::string action;  // add, import, list, dispose
  std::string file;
  std::string insured_number, insured_symbol;
  bool all = false;
};

void PrintAdded(const json& r) {
  const json added = r.value("added", json::array());
  std::cout << added.size() << " 件を第三者提供記録の台帳に記録しました\n";
  Table table({{"番号"}, {"保存期限"}, {"備考"}});
  for (const json& a : added) {
    table.AddRow({std::to_string(a.value("id", int64_t{0})), a.value("retention_until", ""),
                  a.value("expired", false) ? "保存期間経過済み（次の廃棄で廃棄されます）" : ""});
  }
  table.Print(std::cout, "  ");
}

void PrintList(const json& r) {
  const json items = r.value("items", json::array());
  std::cout << items.size() << " 件（第三者提供記録。表示は記録されます）\n";
  Table table({{"番号"}, {"提供年月日・期間"}, {"提供先"}, {"本人"}, {"項目"}, {"同意"}, {"保存期限"}});
  for (const json& i : items) {
    const json rec = i.value("record", json::object());
    std::string when = rec.value("provided_on", "");
    if (when.empty() && rec.contains("period_from")) when = rec.value("period_from", "") + "～" + rec.value("period_to", "");
    std::string person;
    if (rec.contains("person")) {
      const json& p = rec["person"];
      person = p.value("insured_symbol", "") + "-" + p.value("insured_number", "") + " " + p.value("name", "");
    }
    if (i.value("disposed", false)) {
      when = "（廃棄済み " + i.value("disposed_at", "") + "）";
    }
    table.AddRow({std::to_string(i.value("id", int64_t{0})), when,
                  rec.contains("recipient") ? rec["recipient"].value("name", "") : "", person,
                  rec.value("items_text", ""), rec.value("consent_label", ""), i.value("retention_until", "")});
  }
  table.Print(std::cout, "  ");
}

void Run(const ProvisionArgs& a, int& exit_code) {
  Command cmd("provision", a.connection, exit_code);
  if (a.action == "list") {
    json args = json::object();
    if (!a.insured_number.empty()) args["insured_number"] = a.insured_number;
    if (!a.insured_symbol.empty()) args["insured_symbol"] = a.insured_symbol;
    if (a.all) args["include_disposed"] = true;
    std::optional<json> r = cmd.Call("provision_list", args);
    if (!r) return;
    if (a.json) return PrintJson(*r);
    return PrintList(*r);
  }
  if (a.action == "dispose") {
    std::optional<json> r = cmd.Call("provision_dispose", json::object());
    if (!r) return;
    if (a.json) return PrintJson(*r);
    std::cout << r->value("disposed", json::array()).size() << " 件の保存期間を経過した記録を廃棄しました\n";
    return;
  }
  if (a.file.empty()) return cmd.FailLocal(Status::InvalidArgument(a.action + " needs FILE"));
  json args = {{"action", a.action}};
  if (a.action == "import") {
    Result<std::string> csv = ReadTextFile(a.file, "CSV file");
    if (!csv.ok()) return cmd.FailLocal(csv.status());
    if (csv->size() > kMaxCsvBytes) {
      return cmd.FailLocal(Status::InvalidArgument("the CSV file is larger than 200 KiB: split it and import each part"));
    }
    args["csv"] = *csv;
  } else {
    Result<std::string> text = ReadTextFile(a.file, "record file");
    if (!text.ok()) return cmd.FailLocal(text.status());
    json parsed = json::parse(*text, nullptr, false);
    if (parsed.is_discarded()) return cmd.FailLocal(Status::InvalidArgument(a.file + " is not JSON"));
    if (parsed.is_object() && parsed.contains("records")) parsed = parsed["records"];
    if (parsed.is_object()) parsed = json::array({parsed});
    args["records"] = parsed;
  }
  std::optional<json> r = cmd.Call("provision", args);
  if (!r) return;
  if (a.json) return PrintJson(*r);
  PrintAdded(*r);
}

}  // namespace

void AddProvisionCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ProvisionArgs>();
  CLI::App* sub = app.add_subcommand(
      "provision", "The provision ledger (第三者提供記録; clerks, managers): add FILE, import CSV, list, dispose");
  sub->add_option("action", args->action, "add, import, list or dispose")
      ->required()
      ->check(CLI::IsMember({"add", "import", "list", "dispose"}));
  sub->add_option("file", args->file, "add: JSON file of records; import: CSV file (UTF-8, with a header line)");
  sub->add_option("--insured-number", args->insured_number, "list: the person's records only (被保険者証等の番号)");
  sub->add_option("--insured-symbol", args->insured_symbol, "list: with --insured-number, the symbol (記号)");
  sub->add_flag("--all", args->all, "list: records disposed of too (their rows, nothing of the person)");
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { Run(*args, exit_code); });
}

}  // namespace madoguchi::cli
