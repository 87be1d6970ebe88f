#include "letters/report_csv.h"

namespace madoguchi {

namespace {

std::string Field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Line(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += Field(fields[i]);
  }
  return out + "\r\n";
}

// A day, a number or empty for null.
std::string Text(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

const std::vector<std::string>& ReportCsvHeader() {
  static const std::vector<std::string> header = {
      "受付番号", "請求種別", "受付日", "本人確認日", "決定日", "回答日", "開示実施日", "開示方法", "完了日", "期限",
      "結果", "処理日数", "時計停止日数", "延長日数", "期限超過", "延長前の期限", "延長前の期限の超過"};
  return header;
}

Result<std::string> ReportCsv(const nlohmann::json& report) {
  try {
    std::string out = kUtf8Bom;
    out += Line(ReportCsvHeader());
    for (const nlohmann::json& r : report.at("items")) {
      out += Line({r.at("id").get<std::string>(), r.at("type_ja").get<std::string>(), Text(r.at("received_on")),
                   Text(r.at("verified_on")), Text(r.at("decided_on")), Text(r.at("responded_on")),
                   Text(r.value("delivered_on", nlohmann::json())), r.value("delivery_ja", std::string()),
                   Text(r.at("ended_on")), Text(r.at("due_date")), r.at("outcome_ja").get<std::string>(),
                   Text(r.at("days_taken")), Text(r.at("clock_stop_days")), Text(r.at("extension_days")),
                   r.at("overdue").get<bool>() ? "超過" : "", Text(r.at("original_due_date")),
                   r.at("overdue_original").get<bool>() ? "超過" : ""});
    }
    const nlohmann::json& t = report.at("totals");
    out += "\r\n";
    out += Line({"項目", "値"});
    out += Line({"帳簿", report.at("title").get<std::string>()});
    out += Line({"対象期間", report.at("first_day").get<std::string>() + "〜" + report.at("last_day").get<std::string>()});
    out += Line({"集計日", report.at("as_of").get<std::string>()});
    out += Line({"件数", Text(t.at("count"))});
    for (const nlohmann::json& b : t.at("by_type")) {
      out += Line({"種別：" + b.at("type_ja").get<std::string>(), Text(b.at("count"))});
    }
    for (const nlohmann::json& b : t.at("by_outcome")) {
      out += Line({"結果：" + b.at("type_ja").get<std::string>() + "：" + b.at("outcome_ja").get<std::string>(),
                   Text(b.at("count"))});
    }
    out += Line({"決定済み件数（承認待ちを除く）", Text(t.at("decided"))});
    out += Line({"承認待ち件数", Text(t.at("pending_approval"))});
    const nlohmann::json& d = t.at("days_to_respond");
    out += Line({"回答件数", Text(d.at("count"))});
    out += Line({"回答日数の中央値", Text(d.at("median"))});
    out += Line({"回答日数の90パーセンタイル", Text(d.at("p90"))});
    out += Line({"回答日数の最大", Text(d.at("max"))});
    out += Line({"期限超過件数", Text(t.at("overdue"))});
    out += Line({"期限超過件数（延長前の期限による）", Text(t.at("overdue_original"))});
    return out;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("not a report: ") + e.what());
  }
}

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace madoguchi
