// Shared helpers of the tests: a fresh temporary folder, sample request
// records, a workflow with the shipped configuration.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/business_calendar.h"
#include "core/data_categories.h"
#include "core/deadline_policy.h"
#include "core/workflow.h"

namespace madoguchi::testing {

// A new empty folder under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A valid request record of the given type (a disclosure asks on paper).
nlohmann::json SampleRecord(const std::string& type, const std::string& idempotency_key);

// The workflow with the shipped policy and categories and the default office calendar.
const Workflow& DefaultWorkflow();

// The office calendar with nothing configured: weekends, holidays, 12/29-1/3.
const BusinessCalendar& DefaultCalendar();

// A date written as "YYYY-MM-DD" in a test; a bad one fails the test.
Date D(const char* iso);

// Polls `done` every `poll` until it answers true (true) or `limit` has
// passed (false): every wait in a test has a deadline, so a stalled engine
// fails its test with a message instead of holding ctest until its timeout.
bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds limit,
               std::chrono::milliseconds poll = std::chrono::milliseconds(10));

// The whole file, bytes as they are; "" when it cannot be read.
std::string ReadFile(const std::string& path);

// Writes `bytes` as the whole file (created or truncated); throws (failing
// the test) when it cannot.
void WriteFile(const std::string& path, const std::string& bytes);

// `text` with every blank removed (spaces, U+3000, tabs, line and page
// breaks): pdftotext lays text out with spaces, turns U+3000 into a space
// and breaks wrapped paragraphs into lines, so tests compare text this way.
std::string Normalised(const std::string& text);

}  // namespace madoguchi::testing
