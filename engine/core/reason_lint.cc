#include "core/reason_lint.h"

#include <algorithm>
#include <vector>

#include "core/utf8.h"

namespace madoguchi {

namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";
constexpr std::string_view kFullStop = "\u3002";  // 。

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view Trim(std::string_view s) {
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view blank : {std::string_view(" "), std::string_view("\t"), std::string_view("\r"), kIdeographicSpace}) {
      while (s.substr(0, blank.size()) == blank) s.remove_prefix(blank.size()), changed = true;
      while (EndsWith(s, blank)) s.remove_suffix(blank.size()), changed = true;
    }
  }
  return s;
}

// A sentence without the aside in brackets at its end: "…開示する（法第33条）" → "…開示する".
std::string_view WithoutTrailingAside(std::string_view s) {
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"\uFF08", "\uFF09"},
                             std::pair<std::string_view, std::string_view>{"(", ")"}}) {
    if (EndsWith(s, close)) {
      size_t at = s.rfind(open);
      if (at != std::string_view::npos) return Trim(s.substr(0, at));
    }
  }
  return s;
}

// The text's sentences: split at 。 and at line breaks.
std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t stop = text.find(kFullStop);
    size_t line = text.find('\n');
    size_t end = std::min(stop, line);
    std::string_view sentence = Trim(text.substr(0, end));
    if (!sentence.empty()) out.push_back(sentence);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + (end == stop ? kFullStop.size() : 1));
  }
  return out;
}

// The last few characters of a sentence, to name it in a message.
std::string Tail(std::string_view sentence) {
  constexpr size_t kTailCharacters = 12;
  std::vector<size_t> starts;  // where each character starts
  for (size_t i = 0; i < sentence.size(); i += CharacterAt(sentence, i).length) starts.push_back(i);
  const size_t start = starts.size() > kTailCharacters ? starts[starts.size() - kTailCharacters] : 0;
  return (start > 0 ? "…" : "") + std::string(sentence.substr(start));
}

}  // namespace

std::vector<LintWarning> LintLetterText(std::string_view text, const ReasonPhrases& rules,
                                        const std::vector<std::string>& names_not_to_print) {
  std::vector<LintWarning> out;
  for (std::string_view sentence : Sentences(text)) {
    std::string_view core = WithoutTrailingAside(sentence);
    bool polite = std::any_of(rules.polite_endings().begin(), rules.polite_endings().end(),
                              [&](const std::string& e) { return EndsWith(core, e); });
    if (!polite) {
      out.push_back({"plain_ending", "「" + Tail(sentence) + "」: 通知書は「です・ます」で書きます。文末を「…です。」「…ます。」にしてください。"});
    }
  }
  for (const std::string& name : rules.act_names()) {
    if (text.find(name) != std::string_view::npos) {
      out.push_back({"act_name", "「" + name + "」: 通知書の冒頭で正式名称を引用し、以下「法」としています。「法第33条」のように書いてください。"});
    }
  }
  for (const std::string& mark : rules.placeholders()) {
    if (text.find(mark) != std::string_view::npos) {
      out.push_back({"placeholder", "「" + mark + "」: 例文の【…】の部分が残っています。書き換えてください。"});
      break;
    }
  }
  for (const SensitiveWord& w : rules.sensitive_words()) {
    if (text.find(w.word) != std::string_view::npos) out.push_back({"sensitive_word", "「" + w.word + "」: " + w.why});
  }
  for (const std::string& name : names_not_to_print) {
    if (!name.empty() && text.find(name) != std::string_view::npos) {
      out.push_back({"name", "「" + name + "」: 照会した医療機関等の名称は通知書に書かないでください（意見の内容を推知させるおそれがあります）。"});
    }
  }
  return out;
}

nlohmann::json WarningsJson(const std::vector<LintWarning>& warnings) {
  nlohmann::json out = nlohmann::json::array();
  for (const LintWarning& w : warnings) out.push_back({{"code", w.code}, {"message", w.message}});
  return out;
}

}  // namespace madoguchi
