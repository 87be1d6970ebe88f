// ReportCsv: the annual ledger (the reply of `report`,
// schemas/api/report.reply.schema.json) as one CSV file that Excel opens with
// its Japanese intact: UTF-8 with a byte order mark, CRLF line ends, fields
// quoted as RFC 4180 says when they hold a comma, a quote or a line end.
//
// Layout: a header row in Japanese and one row per request (kReportCsvHeader),
// then one empty line and the totals section: rows of "項目,値" (件数,
// 種別別, 結果別, 回答日数の中央値 and 90パーセンタイル, 期限超過件数). One file,
// so that what the auditors file is one document; a program reading the
// ledger stops at the first empty line.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

inline constexpr const char* kUtf8Bom = "\xEF\xBB\xBF";

// The ledger's columns, in order.
const std::vector<std::string>& ReportCsvHeader();

// InvalidArgument when `report` is not a report reply.
Result<std::string> ReportCsv(const nlohmann::json& report);

// The fields of one CSV line (without its line end), unquoted: for tests and readers.
std::vector<std::string> SplitCsvLine(const std::string& line);

}  // namespace madoguchi
