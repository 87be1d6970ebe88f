// Fuzzes the request record's parser (schemas/request.schema.json and the
// checks the schema cannot express): any JSON a clerk's client may send as
// `intake`'s record. It must never crash or throw; a record it accepts must
// carry the fields the store relies on.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "core/data_categories.h"
#include "core/jst_time.h"
#include "core/request_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const madoguchi::RequestRecordParser parser(madoguchi::DataCategories::Default());
  static const madoguchi::Timestamp now = *madoguchi::ParseTimestamp("2026-11-25T10:00:00+09:00");
  nlohmann::json record = nlohmann::json::parse(reinterpret_cast<const char*>(data),
                                                reinterpret_cast<const char*>(data) + size, nullptr,
                                                /*allow_exceptions=*/false);
  if (record.is_discarded()) return 0;
  madoguchi::Result<madoguchi::RequestRecord> parsed = parser.Parse(record, now);
  if (parsed.ok()) {
    if (parsed->idempotency_key.empty() || parsed->categories.empty()) std::abort();
    if (!parsed->personal.is_object()) std::abort();
  } else if (parsed.status().message().empty()) {
    std::abort();
  }
  return 0;
}
