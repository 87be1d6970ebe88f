// The provision ledger (第三者提供記録; APPI Arts. 29 and 30, disclosed under
// 33(5)): the one table of what a record of a provision to a third party
// holds, which provisions must be recorded at all, and how long a record is
// kept (施行規則 第21条). The store seals each record (store/provision_store.h);
// the command `provision` adds records one by one or from a CSV file, all or
// nothing; `provision_list` reads them back; a 33(5) decision lists the
// records of the person that it discloses (core/disclosure_items.h).
//
// A record (schemas/api/provision.request.schema.json, `records[]`):
//   provided_on          YYYY-MM-DD (提供年月日): required for an opt-out provision
//                        (施行規則 第20条第1項第1号イ); otherwise it or a period
//   period_from/to       YYYY-MM-DD (提供期間): a provision made continuously or
//                        repeatedly and recorded at once (第19条第3項)
//   recipient {name, address}   提供先 (the address required for opt-out)
//   person {insured_symbol, insured_number, name}   本人 (記号番号 and 氏名)
//   items [..]           the items of personal data provided (個人データの項目)
//   consent              true / false (本人の同意の有無)
//   basis                how it was provided: a recorded basis (kRecordedBases) or one
//                        the ledger refuses because no record is required (kNotRequired)
//   record_method        each (one record per provision), bulk (第19条第3項),
//                        contract (記録に代えて契約書等, 第19条第2項): the retention
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "util/status.h"

namespace madoguchi {

// A basis of provision that must be recorded (Art. 29(1)).
struct ProvisionBasis {
  std::string_view code;
  std::string_view label;    // 提供の根拠 as printed (「本人の同意（法第27条第1項）」)
  bool date_required;        // opt-out: 提供年月日 and the recipient's address are required
};
// A basis of provision that needs no record: the ledger refuses it and says why.
struct UnrecordedBasis {
  std::string_view code;
  std::string_view label;
  std::string_view why;      // the article that exempts it, in Japanese
};
// How the record was made, and how long it is kept (施行規則 第21条).
struct RecordMethod {
  std::string_view code;
  std::string_view label;
  int retention_years;
  std::string_view article;
};

const std::vector<ProvisionBasis>& RecordedProvisionBases();
const std::vector<UnrecordedBasis>& UnrecordedProvisionBases();
const std::vector<RecordMethod>& ProvisionRecordMethods();
const ProvisionBasis* FindProvisionBasis(std::string_view code);
const UnrecordedBasis* FindUnrecordedBasis(std::string_view code);
const RecordMethod* FindRecordMethod(std::string_view code);

// The sentence the 33(5) letters print about the provisions for which no
// record is made, and how long records are kept (not_held_notice, ...).
std::string_view UnrecordedProvisionsNote();

// Bounds.
inline constexpr size_t kMaxProvisionRecordsPerCommand = 1000;
inline constexpr size_t kMaxProvisionCsvBytes = 200 * 1024;
inline constexpr size_t kMaxProvisionItems = 30;

struct ProvisionRecord {
  std::optional<Date> provided_on;
  std::optional<Date> period_from, period_to;
  std::string recipient_name, recipient_address;
  std::string insured_symbol, insured_number, person_name;
  std::vector<std::string> items;
  bool consent = false;
  std::string basis;
  std::string record_method = "each";

  // The last day personal data was provided under this record.
  Date last_provided() const;
  // The last day it must be kept: last_provided + the method's years.
  Date retention_until() const;
  // The sealed part (everything about the person and the recipient).
  nlohmann::json SealedJson() const;
  // Printable fields for a letter and a list: provided (「令和7年4月1日」 is
  // the template's; here ISO: "2025-04-01" or "2025-04-01/2025-09-30").
  nlohmann::json ViewJson() const;
};

// Parses and checks one record (schemas/api/provision.request.schema.json's
// record, already schema-checked where it came by JSON). InvalidArgument, in
// Japanese, naming the field: a basis that needs no record says why.
Result<ProvisionRecord> ParseProvisionRecord(const nlohmann::json& j);
// Reads a record back from its sealed part and its clear columns.
Result<ProvisionRecord> ProvisionRecordFromSealed(const nlohmann::json& sealed);

// The CSV import: UTF-8 (a BOM is skipped), a header line naming the columns
// (kProvisionCsvColumns, in any order; unknown ones refused), then one record
// a line. Quoted fields ("...", "" for a quote) may hold commas, not line
// breaks. All or nothing: InvalidArgument listing each bad line
// (「3行目: 提供先の名称がありません」), at most 50 of them.
inline constexpr std::string_view kProvisionCsvColumns =
    "provided_on,period_from,period_to,recipient_name,recipient_address,insured_symbol,insured_number,"
    "person_name,items,consent,basis,record_method";
Result<std::vector<ProvisionRecord>> ParseProvisionCsv(std::string_view csv);

}  // namespace madoguchi
