// ReasonPhrases: the 例文 library of config/reason-phrases.json (schema
// schemas/reason-phrases.schema.json): the standard wording of a decision's
// reason (Art. 36) per request type, outcome and ground, in the letters'
// register, which staff pick in the decide form and edit; and the word lists
// of the reason check (reason_lint.h). A data folder replaces the file under
// `reason_phrases` in madoguchi.json.
//
// Contract: FromJson refuses a file that breaks the schema or names a type,
// outcome, ground or basis the decision table (decision_table.h) does not
// have for that type, naming the phrase.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

struct ReasonPhrase {
  std::string type;
  std::string outcome;
  std::optional<std::string> ground;
  std::optional<std::string> basis;
  std::string label;
  std::string text;
};

struct SensitiveWord {
  std::string word;
  std::string why;  // Japanese, shown to staff
};

class ReasonPhrases {
 public:
  static Result<ReasonPhrases> FromJson(const nlohmann::json& j);
  // The shipped config/reason-phrases.json.
  static const ReasonPhrases& Default();

  const std::vector<ReasonPhrase>& phrases() const { return phrases_; }
  const std::vector<std::string>& polite_endings() const { return polite_endings_; }
  const std::vector<std::string>& act_names() const { return act_names_; }
  const std::vector<std::string>& placeholders() const { return placeholders_; }
  const std::vector<SensitiveWord>& sensitive_words() const { return sensitive_words_; }

  // The phrases as the `meta` reply carries them: [{type, outcome, ground?, basis?, label, text}].
  nlohmann::json PhrasesJson() const;

 private:
  std::vector<ReasonPhrase> phrases_;
  std::vector<std::string> polite_endings_;
  std::vector<std::string> act_names_;
  std::vector<std::string> placeholders_;
  std::vector<SensitiveWord> sensitive_words_;
};

}  // namespace madoguchi
