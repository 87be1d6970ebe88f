#include "core/provision_ledger.h"

#include <algorithm>

#include "core/utf8.h"

namespace madoguchi {

namespace {

using nlohmann::json;

// Arts. 27(1) (consent), 27(2) (opt-out) and 28(1) (a third party abroad, with consent).
const std::vector<ProvisionBasis> kRecorded = {
    {"consent", "本人の同意による提供（法第27条第1項）", false},
    {"opt_out", "オプトアウトによる提供（法第27条第2項）", true},
    {"foreign_consent", "外国にある第三者への本人の同意による提供（法第28条第1項）", false},
};

// Art. 29(1): no record of a provision to a body of 16(2), nor of one under
// 27(1)(i)-(vii) or 27(5)(i)-(iii).
const std::vector<UnrecordedBasis> kUnrecorded = {
    {"law", "法令に基づく場合等（法第27条第1項各号）",
     "法第27条第1項各号に該当する提供は、法第29条第1項ただし書により記録を要しません"},
    {"entrustment", "委託に伴う提供（法第27条第5項第1号）",
     "委託に伴う提供（法第27条第5項第1号）は第三者提供に当たらず、法第29条第1項ただし書により記録を要しません"},
    {"succession", "事業の承継に伴う提供（法第27条第5項第2号）",
     "事業の承継に伴う提供（法第27条第5項第2号）は第三者提供に当たらず、法第29条第1項ただし書により記録を要しません"},
    {"joint_use", "共同利用（法第27条第5項第3号）",
     "共同利用（法第27条第5項第3号）は第三者提供に当たらず、法第29条第1項ただし書により記録を要しません"},
    {"public_body", "国の機関、地方公共団体等（法第16条第2項各号に掲げる者）への提供",
     "法第16条第2項各号に掲げる者への提供は、法第29条第1項の「第三者」から除かれ、記録を要しません"},
};

// 施行規則 第19条 (how the record is made) and 第21条 (how long it is kept).
const std::vector<RecordMethod> kMethods = {
    {"each", "提供の都度作成（施行規則第19条第1項）", 3, "施行規則第21条第3号"},
    {"bulk", "一括して作成（施行規則第19条第3項）", 3, "施行規則第21条第2号"},
    {"contract", "契約書等をもって代替（施行規則第19条第2項）", 1, "施行規則第21条第1号"},
};

template <typename T>
const T* FindCode(const std::vector<T>& table, std::string_view code) {
  for (const T& row : table) {
    if (row.code == code) return &row;
  }
  return nullptr;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool HasControl(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// A text field: required or not, at most `max` characters, no control characters.
Status TextField(const std::string& value, const char* label, size_t max, bool required) {
  if (required && value.empty()) return Status::InvalidArgument(std::string(label) + "がありません");
  if (!IsValidUtf8(value)) return Status::InvalidArgument(std::string(label) + "がUTF-8ではありません");
  if (CodePointCount(value) > max) {
    return Status::InvalidArgument(std::string(label) + "が長すぎます（" + std::to_string(max) + "文字まで）");
  }
  if (HasControl(value)) return Status::InvalidArgument(std::string(label) + "に制御文字があります");
  return Status::Ok();
}

Result<std::optional<Date>> DateField(const std::string& value, const char* label) {
  if (value.empty()) return std::optional<Date>();
  Result<Date> d = Date::Parse(value);
  if (!d.ok()) return Status::InvalidArgument(std::string(label) + "が日付（YYYY-MM-DD）ではありません：" + value.substr(0, 20));
  return std::optional<Date>(*d);
}

Date AddYears(Date d, int years) {
  Result<Date> same = Date::FromYmd(d.year() + years, d.month(), d.day());
  if (same.ok()) return *same;
  return *Date::FromYmd(d.year() + years, d.month(), 28);  // 29 February
}

}  // namespace

const std::vector<ProvisionBasis>& RecordedProvisionBases() { return kRecorded; }
const std::vector<UnrecordedBasis>& UnrecordedProvisionBases() { return kUnrecorded; }
const std::vector<RecordMethod>& ProvisionRecordMethods() { return kMethods; }
const ProvisionBasis* FindProvisionBasis(std::string_view code) { return FindCode(kRecorded, code); }
const UnrecordedBasis* FindUnrecordedBasis(std::string_view code) { return FindCode(kUnrecorded, code); }
const RecordMethod* FindRecordMethod(std::string_view code) { return FindCode(kMethods, code); }

std::string_view UnrecordedProvisionsNote() {
  return "なお、法令に基づく提供等（法第27条第1項各号）、委託、事業の承継又は共同利用に伴う提供（同条第5項各号）"
         "については法第29条第1項ただし書により、国の機関、地方公共団体等（法第16条第2項各号に掲げる者）への提供"
         "については同項本文の規定により、記録の作成を要しないこととされているため、その記録はありません。また、"
         "第三者提供記録は、個人情報の保護に関する法律施行規則第21条に定める期間（記録の作成の方法に応じ、最後に"
         "提供を行った日から起算して1年又は3年）保存し、その期間を経過したものは廃棄しています。";
}

Date ProvisionRecord::last_provided() const {
  if (provided_on) return *provided_on;
  return *period_to;
}

Date ProvisionRecord::retention_until() const {
  const RecordMethod* m = FindRecordMethod(record_method);
  return AddYears(last_provided(), m != nullptr ? m->retention_years : 3).AddDays(-1);
}

json ProvisionRecord::SealedJson() const {
  json j = {{"recipient", {{"name", recipient_name}, {"address", recipient_address}}},
            {"person", {{"insured_symbol", insured_symbol}, {"insured_number", insured_number}, {"name", person_name}}},
            {"items", items},
            {"consent", consent},
            {"basis", basis},
            {"record_method", record_method}};
  if (provided_on) j["provided_on"] = provided_on->ToIso();
  if (period_from) j["period_from"] = period_from->ToIso();
  if (period_to) j["period_to"] = period_to->ToIso();
  return j;
}

json ProvisionRecord::ViewJson() const {
  json j = SealedJson();
  std::string joined;
  for (const std::string& i : items) joined += (joined.empty() ? "" : "、") + i;
  j["items_text"] = joined;
  j["consent_label"] = consent ? "同意あり" : "同意なし";
  const ProvisionBasis* b = FindProvisionBasis(basis);
  j["basis_label"] = b != nullptr ? std::string(b->label) : basis;
  j["retention_until"] = retention_until().ToIso();
  return j;
}

Result<ProvisionRecord> ParseProvisionRecord(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("記録がJSONのオブジェクトではありません");
  ProvisionRecord r;
  r.basis = Str(j, "basis");
  if (const UnrecordedBasis* u = FindUnrecordedBasis(r.basis)) {
    return Status::InvalidArgument("提供の根拠「" + std::string(u->label) + "」は記録を要しない提供です（" +
                                   std::string(u->why) + "）。台帳には記録しません");
  }
  const ProvisionBasis* basis = FindProvisionBasis(r.basis);
  if (basis == nullptr) {
    std::string known;
    for (const auto& b : kRecorded) known += (known.empty() ? "" : ", ") + std::string(b.code);
    return Status::InvalidArgument("提供の根拠（basis）「" + r.basis.substr(0, 40) + "」は使えません（" + known + "）");
  }
  if (j.contains("record_method")) r.record_method = Str(j, "record_method");
  if (FindRecordMethod(r.record_method) == nullptr) {
    return Status::InvalidArgument("記録の方法（record_method）「" + r.record_method.substr(0, 40) +
                                   "」は使えません（each, bulk, contract）");
  }
  for (auto [key, label, target] : {std::tuple{"provided_on", "提供年月日", &r.provided_on},
                                    std::tuple{"period_from", "提供期間の初日", &r.period_from},
                                    std::tuple{"period_to", "提供期間の末日", &r.period_to}}) {
    Result<std::optional<Date>> d = DateField(Str(j, key), label);
    if (!d.ok()) return d.status();
    *target = *d;
  }
  if (r.provided_on && (r.period_from || r.period_to)) {
    return Status::InvalidArgument("提供年月日と提供期間は、どちらか一方を記入してください");
  }
  if (!r.provided_on) {
    if (basis->date_required) {
      return Status::InvalidArgument("オプトアウトによる提供は提供年月日が必要です（施行規則第20条第1項第1号イ）");
    }
    if (!r.period_from || !r.period_to) {
      return Status::InvalidArgument("提供年月日、又は提供期間の初日と末日がありません");
    }
    if (*r.period_to < *r.period_from) return Status::InvalidArgument("提供期間の末日が初日より前です");
  }
  const json recipient = j.value("recipient", json::object());
  const json person = j.value("person", json::object());
  r.recipient_name = Str(recipient, "name");
  r.recipient_address = Str(recipient, "address");
  r.insured_symbol = Str(person, "insured_symbol");
  r.insured_number = Str(person, "insured_number");
  r.person_name = Str(person, "name");
  for (auto [value, label, max, required] :
       {std::tuple{&r.recipient_name, "提供先の名称", size_t{200}, true},
        std::tuple{&r.recipient_address, "提供先の住所", size_t{300}, basis->date_required},
        std::tuple{&r.insured_symbol, "本人の記号", size_t{20}, false},
        std::tuple{&r.insured_number, "本人の番号", size_t{20}, true},
        std::tuple{&r.person_name, "本人の氏名", size_t{100}, true}}) {
    if (Status s = TextField(*value, label, max, required); !s.ok()) {
      if (basis->date_required && std::string(label) == "提供先の住所" && value->empty()) {
        return Status::InvalidArgument("オプトアウトによる提供は提供先の住所が必要です（施行規則第20条第1項第1号ロ）");
      }
      return s;
    }
  }
  const json items = j.value("items", json::array());
  if (!items.is_array() || items.empty()) return Status::InvalidArgument("提供した個人データの項目がありません");
  if (items.size() > kMaxProvisionItems) {
    return Status::InvalidArgument("項目が多すぎます（" + std::to_string(kMaxProvisionItems) + "まで）");
  }
  for (const json& i : items) {
    const std::string item = i.is_string() ? i.get<std::string>() : std::string();
    if (Status s = TextField(item, "項目", 100, true); !s.ok()) return s;
    r.items.push_back(item);
  }
  if (!j.contains("consent") || !j["consent"].is_boolean()) {
    return Status::InvalidArgument("本人の同意の有無（consent）がありません");
  }
  r.consent = j["consent"].get<bool>();
  if ((r.basis == "consent" || r.basis == "foreign_consent") && !r.consent) {
    return Status::InvalidArgument("提供の根拠が本人の同意なのに、同意の有無が「なし」です");
  }
  return r;
}

Result<ProvisionRecord> ProvisionRecordFromSealed(const json& sealed) {
  return ParseProvisionRecord(sealed);
}

namespace {

// One CSV line's fields; false on an unbalanced quote.
bool SplitCsvLine(std::string_view line, std::vector<std::string>* out) {
  out->clear();
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      out->push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  if (quoted) return false;
  out->push_back(std::move(field));
  return true;
}

std::vector<std::string> SplitItems(const std::string& s) {
  // 「氏名・生年月日」 or "氏名;生年月日" or "氏名、生年月日"
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < s.size();) {
    bool sep = false;
    for (std::string_view mark : {std::string_view("\u30FB"), std::string_view("\u3001"), std::string_view(";")}) {
      if (s.compare(i, mark.size(), mark) == 0) {
        sep = true;
        i += mark.size();
        break;
      }
    }
    if (sep) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += s[i++];
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

Result<bool> ConsentField(const std::string& s) {
  if (s == "あり" || s == "有" || s == "yes" || s == "true" || s == "1") return true;
  if (s == "なし" || s == "無" || s == "no" || s == "false" || s == "0") return false;
  return Status::InvalidArgument("同意の有無（consent）は「あり」か「なし」で記入してください");
}

}  // namespace

Result<std::vector<ProvisionRecord>> ParseProvisionCsv(std::string_view csv) {
  if (csv.size() > kMaxProvisionCsvBytes) {
    return Status::InvalidArgument("CSVファイルが大きすぎます（" + std::to_string(kMaxProvisionCsvBytes / 1024) +
                                   " KiBまで）。分けて取り込んでください");
  }
  if (!IsValidUtf8(csv)) return Status::InvalidArgument("CSVファイルがUTF-8ではありません");
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);
  std::vector<std::string> known;
  {
    std::vector<std::string> cols;
    SplitCsvLine(kProvisionCsvColumns, &cols);
    known = cols;
  }
  std::vector<std::string> header;
  std::vector<ProvisionRecord> records;
  std::vector<std::string> errors;
  size_t line_no = 0;
  size_t data_lines = 0;
  while (!csv.empty()) {
    ++line_no;
    const size_t nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv.remove_prefix(nl == std::string_view::npos ? csv.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" ,") == std::string_view::npos) continue;  // a blank line
    std::vector<std::string> fields;
    const std::string where = std::to_string(line_no) + "行目: ";
    if (!SplitCsvLine(line, &fields)) {
      errors.push_back(where + "引用符（\"）が閉じていません");
      continue;
    }
    if (header.empty()) {
      for (std::string& f : fields) {
        if (std::find(known.begin(), known.end(), f) == known.end()) {
          return Status::InvalidArgument(where + "見出しの列「" + f.substr(0, 40) + "」は使えません（使える列: " +
                                         std::string(kProvisionCsvColumns) + "）");
        }
      }
      header = fields;
      continue;
    }
    if (++data_lines > kMaxProvisionRecordsPerCommand) {
      return Status::InvalidArgument("記録が多すぎます（1回に" + std::to_string(kMaxProvisionRecordsPerCommand) +
                                     "件まで）。分けて取り込んでください");
    }
    if (fields.size() != header.size()) {
      errors.push_back(where + "列の数が見出しと違います（見出し " + std::to_string(header.size()) + " 列、この行 " +
                       std::to_string(fields.size()) + " 列）");
      continue;
    }
    json j = {{"recipient", json::object()}, {"person", json::object()}};
    Status bad;
    for (size_t i = 0; i < header.size(); ++i) {
      const std::string& col = header[i];
      const std::string& v = fields[i];
      if (col == "recipient_name") j["recipient"]["name"] = v;
      else if (col == "recipient_address") j["recipient"]["address"] = v;
      else if (col == "insured_symbol") j["person"]["insured_symbol"] = v;
      else if (col == "insured_number") j["person"]["insured_number"] = v;
      else if (col == "person_name") j["person"]["name"] = v;
      else if (col == "items") j["items"] = SplitItems(v);
      else if (col == "consent") {
        Result<bool> c = ConsentField(v);
        if (!c.ok()) bad = c.status();
        else j["consent"] = *c;
      } else if (!v.empty()) {
        j[col] = v;
      }
    }
    if (!bad.ok()) {
      errors.push_back(where + bad.message());
      continue;
    }
    Result<ProvisionRecord> r = ParseProvisionRecord(j);
    if (!r.ok()) {
      errors.push_back(where + r.status().message());
      continue;
    }
    records.push_back(std::move(r).value());
  }
  if (header.empty()) return Status::InvalidArgument("CSVファイルに見出しの行がありません");
  if (!errors.empty()) {
    std::string text = "CSVファイルに誤りがあるため、1件も取り込みませんでした（" + std::to_string(errors.size()) + "行）:";
    for (size_t i = 0; i < errors.size() && i < 50; ++i) text += "\n" + errors[i];
    if (errors.size() > 50) text += "\nほか " + std::to_string(errors.size() - 50) + " 行";
    return Status::InvalidArgument(text);
  }
  if (records.empty()) return Status::InvalidArgument("CSVファイルに記録の行がありません");
  return records;
}

}  // namespace madoguchi
