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
      // Approval by a manager: always, or when the request holds one of the categories (issue 17).
      std::string approval = o.value("needs_approval", false) ? "要" : "-";
      if (!o.value("needs_approval", false) && !o.value("approval_categories", json::array()).empty()) {
        approval = "要:";
        for (const json& c : o["approval_categories"]) approval += " " + c.get<std::string>();
      }
      outcomes.AddRow({o.value("outcome", ""), o.value("label", ""), o.value("letter_title", ""), approval,
                       o.value("needs_reason", false) ? "要" : "-", grounds});
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
    if (!type.value("consult_categories", json::array()).empty()) {
      std::string cats;
      for (const json& c : type["consult_categories"]) cats += " " + c.get<std::string>();
      std::cout << "  照会が先:" << cats
                << "（生存者の開示は受付時の医療機関すべての回答後、または管理者が承認する照会の省略 exempt_consultation）\n";
    }
    std::cout << "\n";
  }
  if (r->contains("consultation_answers")) {
    std::cout << "consultation_done  照会の回答\n";
    Table answers({{"answer"}, {"回答"}, {"理由"}, {"回答期限後のみ"}});
    for (const json& a : r->at("consultation_answers")) {
      answers.AddRow({a.value("answer", ""), a.value("label", ""), a.value("needs_reason", false) ? "要" : "-",
                      a.value("after_due_only", false) ? "○" : "-"});
    }
    answers.Print(std::cout, "  ");
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
