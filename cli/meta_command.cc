#include "meta_command.h"

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

struct MetaArgs {
  ConnectionArgs connection;
  bool json = false;
};

std::string GroundCount(const std::string& count) {
  if (count == "one") return "1つ";
  if (count == "one_or_more") return "1つ以上";
  return "-";
}

void Run(const MetaArgs& a, int& exit_code) {
  Command cmd("meta", a.connection, exit_code);
  std::optional<json> r = cmd.Call("meta", json::object());
  if (!r) return;
  if (a.json) return PrintJson(*r);
  for (const json& type : r->at("types")) {
    std::cout << type.value("type", "") << "  " << type.value("label", "") << "（" << type.value("article", "")
              << "）\n";
    Table outcomes({{"outcome"}, {"決定"}, {"通知書"}, {"承認"}, {"理由"}, {"根拠"}});
    for (const json& o : type.at("outcomes")) {
      std::string grounds = GroundCount(o.value("grounds", ""));
      for (const json& g : o.at("allowed_grounds")) grounds += " " + g.get<std::string>();
      outcomes.AddRow({o.value("outcome", ""), o.value("label", ""), o.value("letter_title", ""),
                       o.value("needs_approval", false) ? "要" : "-", o.value("needs_reason", false) ? "要" : "-",
                       grounds});
    }
    outcomes.Print(std::cout, "  ");
    if (!type.at("grounds").empty()) {
      Table grounds({{"ground"}, {"根拠"}, {"条項"}});
      for (const json& g : type.at("grounds")) {
        std::string article = g.value("article", "");
        if (article.empty()) article = g.value("by_basis", "") == "proviso" ? "（請求の根拠のただし書）" : "（請求の根拠による）";
        grounds.AddRow({g.value("code", ""), g.value("label", ""), article});
      }
      grounds.Print(std::cout, "  ");
    }
    if (!type.at("bases").empty()) {
      Table bases({{"basis"}, {"請求の根拠"}, {"ただし書"}});
      for (const json& b : type.at("bases")) bases.AddRow({b.value("code", ""), b.value("label", ""), b.value("proviso", "")});
      bases.Print(std::cout, "  ");
    }
    std::cout << "\n";
  }
}

}  // namespace

void AddMetaCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<MetaArgs>();
  CLI::App* sub = app.add_subcommand("meta", "The decision table: outcomes, grounds and bases of each request type");
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { Run(*args, exit_code); });
}

}  // namespace madoguchi::cli
