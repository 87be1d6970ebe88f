#include "web/http_message.h"

#include <algorithm>

namespace madoguchi {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

void HttpHeaders::Set(const std::string& name, std::string value) {
  std::erase_if(fields_, [&](const auto& f) { return EqualsIgnoreCase(f.first, name); });
  fields_.emplace_back(name, std::move(value));
}

std::string HttpHeaders::Get(std::string_view name) const {
  for (const auto& [n, v] : fields_) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return std::string();
}

bool HttpHeaders::Has(std::string_view name) const { return Count(name) > 0; }

size_t HttpHeaders::Count(std::string_view name) const {
  return static_cast<size_t>(
      std::count_if(fields_.begin(), fields_.end(), [&](const auto& f) { return EqualsIgnoreCase(f.first, name); }));
}

}  // namespace madoguchi
