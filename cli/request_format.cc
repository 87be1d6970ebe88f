#include "request_format.h"

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <optional>
#include <utility>

#include "core/civil_date.h"
#include "core/data_categories.h"
#include "core/decision_table.h"
#include "core/japanese_era.h"
#include "util/status.h"
#include "core/workflow_table.h"

namespace madoguchi::cli {

using nlohmann::json;

namespace {

// Wide enough for a summary of an event's data, narrow enough that a history
// row fits a terminal.
constexpr int kSummaryWidth = 44;
// Free text (what the person wrote) is wrapped to this many columns.
constexpr int kFreeTextWidth = 60;

constexpr std::pair<std::string_view, std::string_view> kChannelJapanese[] = {
    {"counter", "窓口"}, {"post", "郵送"}, {"online", "オンライン"}};

constexpr std::pair<std::string_view, std::string_view> kMethodJapanese[] = {
    {"paper", "書面"}, {"electronic", "電磁的記録"}, {"other", "その他"}};

template <size_t N>
std::string_view Lookup(const std::pair<std::string_view, std::string_view> (&table)[N], std::string_view key) {
  for (const auto& [k, v] : table) {
    if (k == key) return v;
  }
  return {};
}

// "令和8年11月25日" (令和元年 for 2019), or "" for a bad date.
std::string EraDate(std::string_view iso) {
  Result<Date> d = Date::Parse(iso.substr(0, 10));
  return d.ok() ? JapaneseEraDate(*d) : std::string();
}

// "2026-11-25" from RFC 3339.
std::string Day(std::string_view rfc3339) { return std::string(rfc3339.substr(0, 10)); }

// "10:30" from RFC 3339, or "" when there is no time in it.
std::string TimeOfDay(std::string_view rfc3339) {
  std::string date_time = DateTime(rfc3339);
  return date_time.size() == 16 && date_time[10] == ' ' ? date_time.substr(11) : std::string();
}

std::string AssigneeText(const json& item) {
  std::string assignee = Text(item, "assignee");
  return assignee.empty() ? "-" : assignee;
}

// A one-line summary of an event's data: "to=reviewer1, outcome=partial".
std::string ValueSummary(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const json& e : v) out += (out.empty() ? "" : "/") + ValueSummary(e);
    return out;
  }
  if (v.is_object()) {
    // A document reads best kind first ("drivers_license:2022-05-01"); keys
    // otherwise come in alphabetical order.
    std::string out = v.contains("kind") ? ValueSummary(v["kind"]) : "";
    for (const auto& [k, e] : v.items()) {
      if (k != "kind") out += (out.empty() ? "" : ":") + ValueSummary(e);
    }
    return out;
  }
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string DataSummary(const json& data) {
  if (!data.is_object()) return ValueSummary(data);
  std::string out;
  for (const auto& [key, value] : data.items()) out += (out.empty() ? "" : ", ") + key + "=" + ValueSummary(value);
  return TruncateToWidth(out, kSummaryWidth);
}

}  // namespace

// ---------------------------------------------------------------------------
// Reading the engine's reply.

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json ItemsOf(const json& result, const char* key) {
  auto it = result.find(key);
  return it != result.end() && it->is_array() ? *it : json::array();
}

// ---------------------------------------------------------------------------
// Words.

std::string WithJapanese(std::string_view wire, std::string_view ja) {
  if (ja.empty()) return std::string(wire);
  return std::string(ja) + " (" + std::string(wire) + ")";
}

std::string StateJapanese(std::string_view state) {
  std::optional<State> s = ParseState(state);
  return s ? std::string(JapaneseName(*s)) : std::string(state);
}

std::string TypeJapanese(std::string_view type) {
  std::optional<RequestType> t = ParseRequestType(type);
  return t ? std::string(JapaneseName(*t)) : std::string(type);
}

std::string TypeLabel(const json& item) {
  std::string ja = Text(item, "type_ja");
  return ja.empty() ? TypeJapanese(Text(item, "type")) : ja;
}

std::string StateLabel(const json& item) {
  std::string ja = Text(item, "state_ja");
  return ja.empty() ? StateJapanese(Text(item, "state")) : ja;
}

std::string EventLabel(std::string_view event) {
  std::optional<Event> e = ParseEvent(event);
  return e ? std::string(event) + " " + std::string(JapaneseName(*e)) : std::string(event);
}

// ---------------------------------------------------------------------------
// Dates.

std::string DateWithEra(std::string_view iso) {
  std::string era = EraDate(iso);
  std::string day(iso.substr(0, 10));
  return era.empty() ? day : day + " (" + era + ")";
}

std::string DateTime(std::string_view rfc3339) {
  if (rfc3339.size() < 16 || rfc3339[10] != 'T') return std::string(rfc3339);
  return std::string(rfc3339.substr(0, 10)) + " " + std::string(rfc3339.substr(11, 5));
}

std::string DaysLeftText(const json& item) {
  if (item.value("clock_stopped", false)) return "停止中";
  auto it = item.find("days_left");
  if (it == item.end() || !it->is_number_integer()) return "";
  const int64_t days = it->get<int64_t>();
  if (days > 0) return "あと" + std::to_string(days) + "日";
  if (days == 0) return "今日まで";
  return std::to_string(-days) + "日超過";
}

// ---------------------------------------------------------------------------
// Requests.

Table RequestTable() {
  return Table({{"ID"},
                {"種別"},
                {"状態"},
                {"受付日"},
                {"期限"},
                {"残日数", Align::kRight},
                {"担当"}});
}

void AddRequestRow(Table& table, const json& item) {
  table.AddRow({Text(item, "id"), TypeLabel(item), StateLabel(item), Day(Text(item, "received_at")),
                Text(item, "due_date"), DaysLeftText(item), AssigneeText(item)});
}

std::vector<json> OldestFirst(const json& items) {
  std::vector<json> out(items.begin(), items.end());
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
    return std::pair(Text(a, "due_date"), Text(a, "received_at")) <
           std::pair(Text(b, "due_date"), Text(b, "received_at"));
  });
  return out;
}

namespace {

// ---------------------------------------------------------------------------
// The show block.

// One "label  value" line of the show block, labels padded to one width.
void PrintField(std::string_view label, const std::string& value) {
  if (value.empty()) return;
  constexpr int kLabelWidth = 10;
  std::cout << "  " << PadToWidth(label, kLabelWidth) << "  " << value << '\n';
}

std::string DueText(const json& r) {
  std::string text = DateWithEra(Text(r, "due_date")) + "  " + DaysLeftText(r);
  if (r.value("clock_stopped", false)) {
    std::string since = Text(r, "stopped_since");
    text += since.empty() ? " (請求者対応待ち)" : " (" + since + "から請求者対応待ち)";
  }
  if (int64_t stopped = r.value("stopped_days", int64_t{0}); stopped > 0) {
    text += "  停止 " + std::to_string(stopped) + "日";
  }
  if (int64_t extended = r.value("extended_days", int64_t{0}); extended > 0) {
    text += "  延長 " + std::to_string(extended) + "日";
  }
  return text;
}

std::string CategoriesText(const json& r) {
  std::string out;
  for (const json& c : ItemsOf(r, "categories")) {
    if (!c.is_string()) continue;
    const DataCategory* category = DataCategories::Default().Find(c.get<std::string>());
    out += (out.empty() ? "" : "、") + (category ? category->name : c.get<std::string>());
  }
  return out;
}

std::string OutcomeText(const json& r) {
  std::string outcome = Text(r, "outcome");
  if (outcome.empty()) return {};
  // The type's own words for a decision (decision_table.h): 一部開示, 訂正等を行わない, ...
  std::optional<RequestType> type = ParseRequestType(Text(r, "type"));
  const std::optional<Outcome> known = ParseOutcome(outcome);
  std::string text = WithJapanese(outcome, !known ? std::string_view()
                                           : type ? OutcomeLabel(*type, *known)
                                                  : OutcomeName(*known));
  std::string decider = Text(r, "decided_by");
  return decider.empty() ? text : text + "  決定者 " + decider;
}

std::string AllowedEventsText(const json& r) {
  std::string out;
  for (const json& e : ItemsOf(r, "allowed_events")) {
    if (e.is_string()) out += (out.empty() ? "" : ", ") + EventLabel(e.get<std::string>());
  }
  return out.empty() ? "(なし)" : out;
}

std::string PersonText(const json& person, const char* detail_key) {
  if (!person.is_object()) return {};
  std::string name = Text(person, "name");
  std::string detail = Text(person, detail_key);
  return detail.empty() ? name : name + " (" + detail + ")";
}

void PrintPersonal(const json& r) {
  auto it = r.find("personal");
  if (it == r.end() || !it->is_object()) return;
  const json& p = *it;
  PrintField("請求者", PersonText(p.value("requester", json()), "kana"));
  PrintField("代理人", PersonText(p.value("agent", json()), "relation"));
  std::string free_text = Text(p, "free_text");
  if (free_text.empty()) return;
  std::vector<std::string> lines = WrapToWidth(free_text, kFreeTextWidth);
  PrintField("請求内容", lines.front());
  for (size_t i = 1; i < lines.size(); ++i) PrintField("", lines[i]);
}

// The medical institutions consulted (particulars), each with its reply
// deadline and answer in the decision table's words (issue 17: 回答なし after
// the deadline); withheld names (sealed) show as numbers.
void PrintConsultations(const json& r) {
  auto p = r.find("particulars");
  if (p == r.end() || !p->is_object()) return;
  int n = 0;
  for (const json& c : ItemsOf(*p, "consultations")) {
    std::string who = Text(c, "institution");
    const ConsultationParty* party = FindConsultationParty(c.value("party_kind", "institution"));
    const std::string kind = party ? std::string(party->label) : "医療機関";
    if (who.empty() && c.contains("institution_no")) who = kind + c["institution_no"].dump();
    else if (party && !party->receipts) who = kind + "：" + who;
    std::string answer = "回答待ち";
    if (const std::string code = Text(c, "answer"); !code.empty()) {
      const ConsultationAnswer* a = FindConsultationAnswer(code);
      answer = a ? WithJapanese(code, a->label) : code;
      if (const std::string part = Text(c, "part"); !part.empty()) answer += "（該当部分：" + part + "）";
    }
    PrintField(n++ == 0 ? "照会" : "", who + "（照会 " + Text(c, "sent") + "、回答期限 " + Text(c, "due") + "）: " + answer);
  }
}

// The disclosure itself (issue 17): how it goes, the pick-up deadline, how
// and when it went, and what was handed over, by SHA-256.
void PrintDelivery(const json& r) {
  auto p = r.find("particulars");
  if (p == r.end() || !p->is_object() || !p->contains("delivery")) return;
  const json& d = (*p)["delivery"];
  std::string status = "開示実施待ち（" + Text(d, "method") +
                       (Text(d, "pickup_by").empty() ? "" : "、受取期限 " + DateWithEra(Text(d, "pickup_by"))) + "）";
  if (!Text(d, "delivered_on").empty()) {
    status = DateWithEra(Text(d, "delivered_on")) + " " + Text(d, "delivered_method") + " により開示";
  } else if (!Text(d, "uncollected_on").empty()) {
    status = DateWithEra(Text(d, "uncollected_on")) + " 受取期限経過（未受領）";
  }
  PrintField("開示の実施", status);
  int n = 0;
  for (const json& f : ItemsOf(d, "files")) {
    PrintField(n++ == 0 ? "開示ファイル" : "", f.value("n", json(0)).dump() + ". " + Text(f, "media_type") + "  " +
                                                 f.value("bytes", json(0)).dump() + "バイト  SHA-256 " + Text(f, "sha256"));
  }
  if (d.contains("package") && d["package"].is_object()) {
    const json& pkg = d["package"];
    PrintField("暗号化ファイル", "ZIP（AES-256） " + pkg.value("bytes", json(0)).dump() + "バイト  SHA-256 " +
                                     Text(pkg, "sha256"));
  }
}

// A correction's items (personal), the links both ways with the duplicate
// flag, and the post (issue 6).
void PrintRelations(const json& r) {
  if (r.contains("personal") && r["personal"].is_object()) {
    int n = 0;
    for (const json& item : ItemsOf(r["personal"], "correction_items")) {
      ++n;
      PrintField(n == 1 ? "訂正項目" : "", "(" + std::to_string(n) + ") " + Text(item, "item") + ": " +
                                               Text(item, "current") + " → " + Text(item, "requested"));
    }
  }
  if (r.value("possible_duplicate", false)) PrintField("重複", "重複の可能性あり (possible duplicate)");
  // Where the letters go (issue 17 part 5; only with the personal fields).
  if (r.contains("letter_address") && r["letter_address"].is_object()) {
    const json& a = r["letter_address"];
    std::string to = Text(a, "letters_to") == "documents" ? "本人確認書類の住所" : "請求書に記載の住所";
    if (a.value("differs", false)) to += "（本人確認書類と請求書の住所が異なります: addresses differ）";
    PrintField("送付先", to);
  }
  std::string links;
  for (const json& l : ItemsOf(r, "links")) {
    links += (links.empty() ? "" : ", ") + Text(l, "id") + " (" + Text(l, "kind") +
             (Text(l, "direction") == "to" ? " →" : " ←") + ")";
  }
  if (!links.empty()) PrintField("関連", links);
  for (const json& p : ItemsOf(r, "post")) {
    std::string line = "通知書 " + p.value("n", json(0)).dump() + ": ";
    if (ParseEvent(Text(p, "event")) == Event::kLetterPosted) {
      line += "郵送 " + Text(p, "method") + (p.value("no_forwarding", false) ? " 転送不要" : "") +
              (Text(p, "tracking").empty() ? "" : " " + Text(p, "tracking"));
    } else {
      line += "返戻 " + Text(p, "reason");
    }
    PrintField("郵送", line);
  }
}

std::string TransitionText(const json& h) {
  std::string to = StateJapanese(Text(h, "to_state"));
  std::string from = Text(h, "from_state");
  if (from.empty()) return "→ " + to;
  if (from == Text(h, "to_state")) return to;
  return StateJapanese(from) + " → " + to;
}

void PrintHistory(const json& r) {
  Table table({{"版", Align::kRight}, {"日時"}, {"担当者"}, {"操作"}, {"状態"}, {"内容"}});
  for (const json& h : ItemsOf(r, "history")) {
    std::string version = h.contains("version") ? h["version"].dump() : "";
    table.AddRow({version, DateTime(Text(h, "at")), Text(h, "actor") + " (" + Text(h, "role") + ")",
                  EventLabel(Text(h, "event")), TransitionText(h), DataSummary(h.value("data", json::object()))});
  }
  std::cout << "\n履歴\n";
  table.Print(std::cout, "  ");
}

}  // namespace

void PrintRequest(const json& r) {
  std::cout << Text(r, "id") << "  " << TypeLabel(r) << "\n";
  PrintField("種別", WithJapanese(Text(r, "type"), TypeLabel(r)));
  PrintField("状態", WithJapanese(Text(r, "state"), StateLabel(r)) + "  版 " + r.value("version", json()).dump());
  PrintField("受付日", DateWithEra(Text(r, "received_at")) + " " + TimeOfDay(Text(r, "received_at")));
  PrintField("期限", DueText(r));
  PrintField("担当", AssigneeText(r));
  std::string channel = Text(r, "channel");
  PrintField("受付方法", WithJapanese(channel, Lookup(kChannelJapanese, channel)));
  PrintField("対象情報", CategoriesText(r));
  std::string method = Text(r, "disclosure_method");
  if (!method.empty()) PrintField("開示方法", WithJapanese(method, Lookup(kMethodJapanese, method)));
  PrintField("結果", OutcomeText(r));
  if (const json retention = r.value("retention", json::object()); retention.is_object() && !retention.empty()) {
    std::string text;
    if (retention.value("disposed_at", json()).is_string()) {
      text = "廃棄済み " + retention["disposed_at"].get<std::string>() + "（個人情報・通知書は消去、台帳と履歴の記録のみ）";
    } else if (retention.value("until", json()).is_string()) {
      text = DateWithEra(retention["until"].get<std::string>()) + " まで保存";
      if (retention.value("due", false)) text += "（保存期間経過）";
    } else {
      text = "完了後に定まる";
    }
    if (retention.value("legal_hold", false)) text += "  廃棄保留中";
    PrintField("保存期間", text);
  }
  PrintPersonal(r);
  PrintConsultations(r);
  PrintDelivery(r);
  PrintRelations(r);
  PrintField("できる操作", AllowedEventsText(r));
  PrintHistory(r);
}

}  // namespace madoguchi::cli
