// What of a request's workflow record is personal data besides its personal
// record (issue 15, item 7): health-related particulars (the receipts named
// at intake — a medical institution and months of treatment —, the retention
// flags naming them, the institutions consulted and their reasons) and the
// free text of history events (notes, reasons, comments, questions, messages).
// One table here (kSealedHistoryFields) and one split of the particulars say
// what is sealed; the store keeps the rest in clear and the views show the
// sealed part only to those who may see personal fields (MaySeePersonal).
//
// Particulars: requests.particulars holds ClearParticularsJson: the
// consultations keep their dates and answer codes, and an institution number
// ("institution_no", 1-based, the same number for the same institution)
// instead of the name; receipts and retention flags keep only their counts.
// HealthParticulars is the rest, kept under "health" in the sealed personal
// record. ParticularsFromJson of the clear part alone gives placeholder
// institutions ("#1", "#2", ...), so that the workflow's matching by
// institution holds without the names; MergeHealthParticulars puts the names
// and the rest back.
//
// History: the row keeps WithheldHistoryData of each event's data (codes,
// numbers, positions; and "withheld": the sorted names of the fields taken
// out); the whole data as it was is sealed beside the row
// (store/history_seal.h). The audit chain's MAC covers the whole data; the
// verifier checks that the row holds exactly its clear part.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/request.h"
#include "util/status.h"

namespace madoguchi {

// A field of an event's data that is free text: `field` at the top level, or
// `field` of each element of the array `array` ("items[].reason").
struct SealedHistoryField {
  std::string_view event;
  std::string_view array;  // "" for a top-level field
  std::string_view field;
};
const std::vector<SealedHistoryField>& SealedHistoryFields();

// The marker of a history row's data that had fields taken out.
inline constexpr const char* kWithheldKey = "withheld";

// `data` without the sealed fields of `event`, with kWithheldKey naming those
// it had (sorted, "items[].reason" for an array's); `data` itself when it had
// none.
nlohmann::json WithheldHistoryData(std::string_view event, const nlohmann::json& data);

// The clear part of the particulars (see above) and the sealed one.
nlohmann::json ClearParticularsJson(const Request& r);
nlohmann::json HealthParticulars(const Request& r);
// Puts the sealed part back into a request read from its clear part. An
// empty `health` (a request with no receipts or consultations) changes nothing.
Status MergeHealthParticulars(const nlohmann::json& health, Request* r);
// The particulars as shown to someone who may not see personal fields: the
// clear part, and "withheld": true when a sealed part exists.
nlohmann::json WithheldParticularsJson(const Request& r);

}  // namespace madoguchi
