// What a disclosure decision covers, item by item (issue 17, part 2): decide's
// `items` on a disclosure (Art. 33) or a disclosure of third-party provision
// records (33(5)) decided full, partial or not_held. Each item is
//   {result, category?, institution?, month?, record?, part?, reason?, provision?}
//   result       disclosed 開示 / partly_disclosed 一部開示 / not_held 不存在
//   receipts     institution + month ("2025-04"): one institution × month of care
//   other data   record: the record by name and period (「令和6年度 特定健康診査結果」)
//   33(5)        provision: the id of a ledger record (core/provision_ledger.h); the
//                engine copies the record's 提供年月日, 提供先, 項目, 同意の有無 into the
//                decision (store), so the letter prints the record as it was decided
//   part         partly_disclosed: which part is withheld (「傷病名欄」)
//   reason       partly_disclosed, not_held: why (printed); a receipts item the
//                request did not name: why it is listed
// The items are personal data (a clinic and months of care, what a record
// says): sealed in history (core/sealed_fields.cc) and printed only in the letter.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/request.h"
#include "util/status.h"

namespace madoguchi {

struct DisclosureItemResult {
  std::string_view code;
  std::string_view label;  // 開示, 一部開示, 不存在
};
const std::vector<DisclosureItemResult>& DisclosureItemResults();
const DisclosureItemResult* FindDisclosureItemResult(std::string_view code);

// Checks decide's items against the request and the outcome (see above).
// InvalidArgument naming the item by its 1-based position; OK when there are none.
Status CheckDisclosureItems(const Request& r, const nlohmann::json& data);

}  // namespace madoguchi
