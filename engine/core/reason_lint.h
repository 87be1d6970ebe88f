// LintLetterText: the check of a text staff write to be printed in a letter
// (a decision's reason, a message to the requester): warnings, never a
// refusal, about what a 公用文 letter in です・ます must not carry. The word
// lists are config/reason-phrases.json's `lint` (reason_phrases.h).
//
// Warns, each once per finding, in this order:
//   plain_ending    a sentence (up to 。 or a line break; a closing bracket's
//                   aside at its end set aside) that does not end in one of
//                   polite_endings ("…開示する。" → です・ます)
//   act_name        the Act's name written out: after the letter's first full
//                   citation it is 「法」
//   placeholder     【…】 or 〇〇 of a phrase not filled in
//   sensitive_word  a word that suggests a diagnosis not yet told or a third
//                   party's opinion (病名, 告知, 異議, ...)
//   name            one of `names_not_to_print` (e.g. a consulted institution)
// Messages are Japanese, for the staff who wrote the text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/reason_phrases.h"

namespace madoguchi {

struct LintWarning {
  std::string code;
  std::string message;
};

std::vector<LintWarning> LintLetterText(std::string_view text, const ReasonPhrases& rules,
                                        const std::vector<std::string>& names_not_to_print = {});

// [{code, message}], as the check_reason reply carries them.
nlohmann::json WarningsJson(const std::vector<LintWarning>& warnings);

}  // namespace madoguchi
