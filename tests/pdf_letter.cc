#include "pdf_letter.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "core/letter_plan.h"
#include "engine_calls.h"
#include "util/base64.h"

namespace madoguchi::testing {

PdfLetter FetchLetter(EngineProcess& engine, const std::string& user, const std::string& id, int n,
                      const TempDir& dir) {
  nlohmann::json letter = Call(engine, user, "letter", {{"id", id}, {"n", n}});
  PdfLetter out;
  out.kind = letter.value("kind", "");
  out.path = dir.file(id + "-" + std::to_string(n) + ".pdf");
  Result<std::string> pdf = Base64Decode(letter["pdf_base64"].get<std::string>());
  REQUIRE(pdf.ok());
  std::ofstream(out.path, std::ios::binary) << *pdf;
  CommandOutput text = RunCommand("pdftotext -layout '" + out.path + "' -");
  INFO(text.out);
  REQUIRE(text.exit_code == 0);
  out.text = text.out;
  out.flat = std::regex_replace(Normalised(text.out), std::regex("-[0-9]+/[0-9]+-"), "");
  CommandOutput info = RunCommand("pdfinfo '" + out.path + "'");
  REQUIRE(info.exit_code == 0);
  std::smatch pages;
  REQUIRE(std::regex_search(info.out, pages, std::regex(R"(Pages:\s+(\d+))")));
  out.pages = std::stoi(pages[1]);
  return out;
}

PdfLetter FetchLastLetter(EngineProcess& engine, const std::string& user, const std::string& id, const TempDir& dir) {
  // The requester's letter of the latest event: letters are numbered in the
  // order the worker's acks came in, and a job retried under load (the
  // acknowledgement, say) can be issued after a later event's letter. Letters
  // to consulted parties (engine/core/letter_plan.h PartyLettersFor: the
  // outcome notices follow the decision letter) are not the requester's.
  nlohmann::json items = Call(engine, user, "letters", {{"id", id}})["items"];
  const nlohmann::json* last = nullptr;
  for (const auto& item : items) {
    if (IsPartyLetterKind(item["kind"].get<std::string>())) continue;
    if (last == nullptr || item.value("revision", 0) >= last->value("revision", 0)) last = &item;
  }
  REQUIRE(last != nullptr);
  return FetchLetter(engine, user, id, (*last)["n"].get<int>(), dir);
}

PdfLetter RespondByPost(EngineProcess& engine, const std::string& id, const TempDir& dir) {
  Advance(engine, "clerk1", id, "respond", {{"method", "post"}});
  // Letters only: a reminder that falls due meanwhile has no worker here.
  REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60), "letter"));
  return FetchLastLetter(engine, "clerk1", id, dir);
}

}  // namespace madoguchi::testing
