#include "test_support.h"

#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <thread>

namespace madoguchi::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("madoguchi-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

nlohmann::json SampleRecord(const std::string& type, const std::string& idempotency_key) {
  nlohmann::json r = {
      {"type", type},
      {"requester",
       {{"name", "山田 花子"},
        {"kana", "ヤマダ ハナコ"},
        {"birth_date", "1980-04-12"},
        {"insured_symbol", "1234"},
        {"insured_number", "56789"},
        {"postal_code", "104-0031"},
        {"address", "東京都中央区京橋1-1-1"},
        {"phone", "03-1234-5678"}}},
      {"categories", {"qualification"}},
      {"channel", "counter"},
      {"idempotency_key", idempotency_key},
  };
  if (type == "disclosure" || type == "third_party_record_disclosure") r["disclosure_method"] = "paper";
  if (type == "correction") {
    r["correction_items"] = {{{"item", "氏名"}, {"current", "山田 花子"}, {"requested", "山田 華子"}}};
  }
  return r;
}

const BusinessCalendar& DefaultCalendar() {
  static const BusinessCalendar calendar{OfficeCalendarConfig{}};
  return calendar;
}

Date D(const char* iso) {
  Result<Date> d = Date::Parse(iso);
  // An exception fails the test that called it (and this library also
  // serves the benchmark, which has no Catch).
  if (!d.ok()) throw std::invalid_argument(d.status().message());
  return *d;
}

const Workflow& DefaultWorkflow() {
  static const Workflow workflow(BusinessCalendar(OfficeCalendarConfig{}), DeadlinePolicy::Default(),
                                 DataCategories::Default());
  return workflow;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds limit, std::chrono::milliseconds poll) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(poll);
  }
  return true;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string Normalised(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') continue;
    if (text.compare(i, 3, "\u3000") == 0) {
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace madoguchi::testing
