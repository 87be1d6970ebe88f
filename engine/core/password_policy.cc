#include "core/password_policy.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>

#include "core/embedded_files.h"
#include "core/utf8.h"

namespace madoguchi {

namespace {

const std::unordered_set<std::string>& CommonPasswords() {
  static const std::unordered_set<std::string> list = [] {
    std::unordered_set<std::string> words;
    Result<std::string_view> text = EmbeddedFile("config/common-passwords.txt");
    if (!text.ok()) throw std::logic_error(text.status().ToString());
    std::string_view rest = *text;
    while (!rest.empty()) {
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (!line.empty() && line.front() != '#') words.emplace(line);
    }
    return words;
  }();
  return list;
}

// ASCII letters folded to lower case (the list is lower case; names are ASCII).
std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool IsLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// The password without the digits and symbols put before and after it.
std::string_view Core(std::string_view lower) {
  size_t first = 0, last = lower.size();
  while (first < last && !IsLetter(lower[first]) && static_cast<unsigned char>(lower[first]) < 0x80) ++first;
  while (last > first && !IsLetter(lower[last - 1]) && static_cast<unsigned char>(lower[last - 1]) < 0x80) --last;
  return lower.substr(first, last - first);
}

// The shortest part that `text` is a repetition of ("abcabc" -> "abc").
std::string_view RepeatedUnit(std::string_view text) {
  for (size_t n = 1; n <= text.size() / 2; ++n) {
    if (text.size() % n != 0) continue;
    bool repeats = true;
    for (size_t i = n; i < text.size() && repeats; ++i) repeats = text[i] == text[i % n];
    if (repeats) return text.substr(0, n);
  }
  return text;
}

bool IsCommon(std::string_view lower) {
  const auto& list = CommonPasswords();
  for (std::string_view candidate : {lower, Core(lower), RepeatedUnit(lower), RepeatedUnit(Core(lower))}) {
    if (!candidate.empty() && list.count(std::string(candidate)) > 0) return true;
  }
  return false;
}

}  // namespace

Status CheckNewPassword(std::string_view password, std::string_view user) {
  size_t characters = 0, i = 0;
  char32_t c = 0;
  while (i < password.size()) {
    if (!NextCodePoint(password, &i, &c)) return Status::InvalidArgument("the password is not valid UTF-8");
    ++characters;
  }
  if (characters < static_cast<size_t>(kMinimumPasswordCharacters)) {
    return Status::InvalidArgument("the password has " + std::to_string(characters) + " characters; it needs at least " +
                                   std::to_string(kMinimumPasswordCharacters) + " characters");
  }
  std::string lower = Lower(password);
  std::string name = Lower(user);
  if (!name.empty() && (lower == name || (name.size() >= 3 && lower.find(name) != std::string::npos))) {
    return Status::InvalidArgument("the password contains the user name '" + std::string(user) + "'; choose another");
  }
  // A single character repeated, or a pair ("abababababab"), is as easy to guess.
  if (RepeatedUnit(lower).size() <= 2 || IsCommon(lower)) {
    return Status::InvalidArgument("the password is too common: one of the most common passwords (as it is, "
                                   "with digits or symbols added, or repeated) or one or two characters repeated; "
                                   "choose another");
  }
  return Status::Ok();
}

}  // namespace madoguchi
