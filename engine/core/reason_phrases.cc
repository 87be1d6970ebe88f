#include "core/reason_phrases.h"

#include <stdexcept>

#include "core/decision_table.h"
#include "core/embedded_files.h"
#include "core/schema_validator.h"

namespace madoguchi {

namespace {

std::optional<std::string> OptionalText(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return j[key].get<std::string>();
}

// Ok when the phrase's type, outcome, ground and basis are the decision table's.
Status CheckAgainstTable(const ReasonPhrase& p, size_t i) {
  const std::string where = "reason_phrases: phrases[" + std::to_string(i) + "] (" + p.label + "): ";
  std::optional<RequestType> type = ParseRequestType(p.type);
  if (!type) return Status::InvalidArgument(where + "type '" + p.type + "' is not a request type");
  const std::optional<Outcome> parsed = ParseOutcome(p.outcome);
  const OutcomeRule* outcome = parsed ? FindOutcome(*type, *parsed) : nullptr;
  if (outcome == nullptr) {
    return Status::InvalidArgument(where + "'" + p.outcome + "' is not an outcome of a " + p.type);
  }
  if (p.ground) {
    bool allowed = false;
    for (std::string_view g : outcome->allowed_grounds) allowed |= g == *p.ground;
    if (!allowed) {
      return Status::InvalidArgument(where + "'" + *p.ground + "' is not a ground of outcome '" + p.outcome +
                                     "' of a " + p.type);
    }
  }
  if (p.basis && FindBasis(*type, *p.basis) == nullptr) {
    return Status::InvalidArgument(where + "'" + *p.basis + "' is not a basis of a " + p.type);
  }
  return Status::Ok();
}

}  // namespace

Result<ReasonPhrases> ReasonPhrases::FromJson(const nlohmann::json& j) {
  Status valid = SchemaValidator::Embedded("schemas/reason-phrases.schema.json").Check(j, "reason_phrases", "(config)");
  if (!valid.ok()) return valid;
  ReasonPhrases out;
  for (const nlohmann::json& p : j["phrases"]) {
    ReasonPhrase phrase{p["type"].get<std::string>(), p["outcome"].get<std::string>(), OptionalText(p, "ground"),
                        OptionalText(p, "basis"), p["label"].get<std::string>(), p["text"].get<std::string>()};
    if (Status s = CheckAgainstTable(phrase, out.phrases_.size()); !s.ok()) return s;
    out.phrases_.push_back(std::move(phrase));
  }
  const nlohmann::json& lint = j["lint"];
  out.polite_endings_ = lint["polite_endings"].get<std::vector<std::string>>();
  out.act_names_ = lint["act_names"].get<std::vector<std::string>>();
  out.placeholders_ = lint["placeholders"].get<std::vector<std::string>>();
  for (const nlohmann::json& w : lint["sensitive_words"]) {
    out.sensitive_words_.push_back({w["word"].get<std::string>(), w["why"].get<std::string>()});
  }
  return out;
}

const ReasonPhrases& ReasonPhrases::Default() {
  static const ReasonPhrases phrases = [] {
    Result<ReasonPhrases> parsed = FromJson(EmbeddedJson("config/reason-phrases.json"));
    if (!parsed.ok()) throw std::logic_error("reason phrases: " + parsed.status().message());
    return std::move(parsed).value();
  }();
  return phrases;
}

nlohmann::json ReasonPhrases::PhrasesJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const ReasonPhrase& p : phrases_) {
    nlohmann::json j = {{"type", p.type}, {"outcome", p.outcome}, {"label", p.label}, {"text", p.text}};
    if (p.ground) j["ground"] = *p.ground;
    if (p.basis) j["basis"] = *p.basis;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace madoguchi
