#include "engine_commands.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <regex>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "core/data_categories.h"
#include "core/status.h"
#include "core/workflow_table.h"
#include "protocol/engine_client.h"
#include "protocol/key_file.h"
#include "table_output.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

constexpr int kExitEngineError = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitNoAnswer = 3;
constexpr double kDefaultTimeoutSeconds = 5;
constexpr double kMaxTimeoutSeconds = 3600;
constexpr int kDefaultDueSoonDays = 3;
// Wide enough for a summary of an event's data, narrow enough that a history
// row fits a terminal.
constexpr int kSummaryWidth = 44;
// Free text (what the person wrote) is wrapped to this many columns.
constexpr int kFreeTextWidth = 60;

// ---------------------------------------------------------------------------
// The arguments of the subcommands. Each lives in a shared_ptr owned by the
// subcommand's callback, so that CLI11 can write into it during the parse.

struct ConnectionArgs {
  std::string engine;
  std::string key_file;
  double timeout_seconds = kDefaultTimeoutSeconds;
};

struct IntakeArgs {
  ConnectionArgs connection;
  std::string file;
};

struct AdvanceArgs {
  ConnectionArgs connection;
  std::string id;
  std::string event;
  std::string data;
  int64_t version = 0;  // 0: not given, ask `show`
};

struct ShowArgs {
  ConnectionArgs connection;
  std::string id;
  bool json = false;
};

struct ListArgs {
  ConnectionArgs connection;
  std::string state;
  std::string type;
  std::string assignee;
  std::string due_before;
  int limit = 0;    // 0: the engine's default
  int offset = -1;  // -1: not given
  bool json = false;
};

struct OverdueArgs {
  ConnectionArgs connection;
  int days = kDefaultDueSoonDays;
  bool json = false;
};

struct StatsArgs {
  ConnectionArgs connection;
  bool json = false;
};

struct WhoamiArgs {
  ConnectionArgs connection;
};

// ---------------------------------------------------------------------------
// One run of one command: owns the connection and turns every failure into a
// message on stderr and the exit code of its kind.

class Command {
 public:
  Command(std::string_view name, const ConnectionArgs& connection, int& exit_code)
      : name_(name), connection_(connection), exit_code_(exit_code) {}

  // Bad local input: exit 2.
  void FailLocal(const Status& status) { Report(status.message(), kExitBadInput); }

  // Sends one command; nullopt (already reported) when it failed.
  std::optional<json> Call(std::string_view command, const json& args);

 private:
  Status Connect();
  void Report(const std::string& message, int code) {
    std::cerr << "madoguchi " << name_ << ": " << message << "\n";
    exit_code_ = code;
  }

  std::string name_;
  const ConnectionArgs& connection_;
  int& exit_code_;
  std::unique_ptr<EngineClient> client_;
};

// tcp://HOST:PORT or ipc://PATH: what a client can connect to. Checked here
// so that a typo is reported as bad input rather than as an engine error.
Status CheckEndpoint(const std::string& endpoint) {
  static const std::regex kEndpoint(R"(^(tcp://.+:[0-9]{1,5}|ipc://.+)$)");
  if (std::regex_match(endpoint, kEndpoint)) return Status::Ok();
  return Status::InvalidArgument("engine endpoint '" + endpoint + "' is not tcp://HOST:PORT or ipc://PATH");
}

Result<std::chrono::milliseconds> TimeoutOf(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0 || seconds > kMaxTimeoutSeconds) {
    return Status::InvalidArgument("--timeout must be more than 0 and at most 3600 seconds");
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

Status Command::Connect() {
  if (connection_.key_file.empty()) {
    return Status::InvalidArgument(
        "no key file: pass --key FILE or set MADOGUCHI_KEY "
        "(an administrator makes one with `madoguchi-engine user add NAME --role ROLE`)");
  }
  Result<KeyFile> key = KeyFile::Load(connection_.key_file);
  if (!key.ok()) return key.status();
  std::string endpoint = connection_.engine.empty() ? key->engine_endpoint : connection_.engine;
  if (Status s = CheckEndpoint(endpoint); !s.ok()) return s;
  Result<std::chrono::milliseconds> timeout = TimeoutOf(connection_.timeout_seconds);
  if (!timeout.ok()) return timeout.status();
  client_ = std::make_unique<EngineClient>(std::move(key).value(), std::move(endpoint), *timeout);
  return Status::Ok();
}

std::optional<json> Command::Call(std::string_view command, const json& args) {
  if (!client_) {
    if (Status s = Connect(); !s.ok()) {
      FailLocal(s);
      return std::nullopt;
    }
  }
  Result<json> result = client_->Call(command, args);
  if (result.ok()) return std::move(result).value();
  const Status& s = result.status();
  if (s.code() == Status::Code::kUnavailable) {
    // CURVE gives a refused key no answer at all: from here an unknown or
    // disabled key looks like an engine that is down, so say both.
    std::string message = s.message();
    if (message.find(" key") == std::string::npos) {
      message += " (or it does not accept the key in " + connection_.key_file + ")";
    }
    Report(message, kExitNoAnswer);
  } else {
    Report(s.ToString(), kExitEngineError);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Local input.

Result<std::string> ReadTextFile(const std::string& path, std::string_view what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(std::string(what) + " " + path + " does not exist or is not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(std::string(what) + " " + path + " cannot be read");
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// A JSON object from `text`; `what` names where it came from in messages.
Result<json> ParseJsonObject(const std::string& text, const std::string& what) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument(what + " is not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument(what + " is not a JSON object");
  return j;
}

Result<json> ReadJsonObjectFile(const std::string& path, std::string_view what) {
  Result<std::string> text = ReadTextFile(path, what);
  if (!text.ok()) return text.status();
  return ParseJsonObject(*text, std::string(what) + " " + path);
}

// --data: inline JSON, or @FILE; absent means {}.
Result<json> EventData(const std::string& argument) {
  if (argument.empty()) return json::object();
  if (argument.front() == '@') return ReadJsonObjectFile(argument.substr(1), "event data file");
  return ParseJsonObject(argument, "--data");
}

Status CheckRequestId(const std::string& id) {
  static const std::regex kId(R"(^R[0-9]{4}-[0-9]{6}$)");
  if (std::regex_match(id, kId)) return Status::Ok();
  return Status::InvalidArgument("'" + id + "' is not a request id (like R2026-000001)");
}

template <typename T>
std::string NameList(std::span<const T> values) {
  std::string out;
  for (const T& v : values) out += (out.empty() ? "" : ", ") + std::string(Name(v));
  return out;
}

Status CheckEvent(const std::string& event) {
  std::optional<Event> e = ParseEvent(event);
  if (e && *e != Event::kIntake) return Status::Ok();
  std::vector<Event> events;
  for (Event v : AllEvents()) {
    if (v != Event::kIntake) events.push_back(v);
  }
  return Status::InvalidArgument("unknown event '" + event + "'; events: " + NameList<Event>(events));
}

// The list filters, checked and turned into `list` arguments.
Result<json> ListFilter(const ListArgs& a) {
  json args = json::object();
  if (!a.state.empty()) {
    if (!ParseState(a.state)) {
      return Status::InvalidArgument("unknown state '" + a.state + "'; states: " + NameList(AllStates()));
    }
    args["state"] = a.state;
  }
  if (!a.type.empty()) {
    if (!ParseRequestType(a.type)) {
      return Status::InvalidArgument("unknown type '" + a.type + "'; types: " + NameList(AllRequestTypes()));
    }
    args["type"] = a.type;
  }
  if (!a.assignee.empty()) {
    static const std::regex kUser(R"(^[A-Za-z0-9._-]{1,64}$)");
    if (!std::regex_match(a.assignee, kUser)) {
      return Status::InvalidArgument("'" + a.assignee + "' is not a user name");
    }
    args["assignee"] = a.assignee;
  }
  if (!a.due_before.empty()) {
    if (Result<Date> d = Date::Parse(a.due_before); !d.ok()) return d.status();
    args["due_before"] = a.due_before;
  }
  if (a.limit > 0) args["limit"] = a.limit;
  if (a.offset >= 0) args["offset"] = a.offset;
  return args;
}

// ---------------------------------------------------------------------------
// Words and dates for staff.

constexpr std::pair<std::string_view, std::string_view> kEventJapanese[] = {
    {"intake", "受付"},
    {"request_documents", "書類等の依頼"},
    {"documents_received", "書類等の受領"},
    {"verify_identity", "本人確認"},
    {"reject_identity", "本人確認不能"},
    {"assign", "担当割当"},
    {"consult", "照会"},
    {"consultation_done", "照会回答"},
    {"decide", "決定"},
    {"approve", "承認"},
    {"return", "差戻し"},
    {"respond", "通知"},
    {"letter_issued", "通知書発行"},
    {"extend", "期限延長"},
    {"withdraw", "取下げ"},
    {"note", "メモ"},
};

constexpr std::pair<std::string_view, std::string_view> kChannelJapanese[] = {
    {"counter", "窓口"}, {"post", "郵送"}, {"online", "オンライン"}};

constexpr std::pair<std::string_view, std::string_view> kMethodJapanese[] = {
    {"paper", "書面"}, {"electronic", "電磁的記録"}, {"other", "その他"}};

constexpr std::pair<std::string_view, std::string_view> kOutcomeJapanese[] = {
    {"full", "全部"},         {"partial", "一部"},   {"refused", "不開示・不実施"},
    {"not_held", "不存在"},   {"alternative", "代替措置"}, {"identity_failed", "本人確認不能"},
    {"withdrawn", "取下げ"},
};

template <size_t N>
std::string_view Lookup(const std::pair<std::string_view, std::string_view> (&table)[N], std::string_view key) {
  for (const auto& [k, v] : table) {
    if (k == key) return v;
  }
  return {};
}

// "ja (wire)", or the wire name alone when there is no label.
std::string WithJapanese(std::string_view wire, std::string_view ja) {
  if (ja.empty()) return std::string(wire);
  return std::string(ja) + " (" + std::string(wire) + ")";
}

// A string member, or "" when missing, null or not a string.
std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string StateJapanese(std::string_view state) {
  std::optional<State> s = ParseState(state);
  return s ? std::string(JapaneseName(*s)) : std::string(state);
}

std::string TypeJapanese(std::string_view type) {
  std::optional<RequestType> t = ParseRequestType(type);
  return t ? std::string(JapaneseName(*t)) : std::string(type);
}

// The engine's label when it sent one, else ours.
std::string TypeLabel(const json& item) {
  std::string ja = Text(item, "type_ja");
  return ja.empty() ? TypeJapanese(Text(item, "type")) : ja;
}

std::string StateLabel(const json& item) {
  std::string ja = Text(item, "state_ja");
  return ja.empty() ? StateJapanese(Text(item, "state")) : ja;
}

std::string EventLabel(std::string_view event) {
  std::string_view ja = Lookup(kEventJapanese, event);
  return ja.empty() ? std::string(event) : std::string(event) + " " + std::string(ja);
}

// "令和8年11月25日" (令和元年 for 2019), or "" before 1926-12-25 or for a bad date.
std::string EraDate(std::string_view iso) {
  Result<Date> d = Date::Parse(iso.substr(0, 10));
  if (!d.ok()) return {};
  struct Era {
    const char* name;
    int year, month, day;
  };
  static constexpr Era kEras[] = {{"令和", 2019, 5, 1}, {"平成", 1989, 1, 8}, {"昭和", 1926, 12, 25}};
  for (const Era& era : kEras) {
    if (*d >= Date::FromYmd(era.year, era.month, era.day).value()) {
      int year = d->year() - era.year + 1;
      return std::string(era.name) + (year == 1 ? std::string("元") : std::to_string(year)) + "年" +
             std::to_string(d->month()) + "月" + std::to_string(d->day()) + "日";
    }
  }
  return {};
}

// "2026-11-25 (令和8年11月25日)".
std::string DateWithEra(std::string_view iso) {
  std::string era = EraDate(iso);
  std::string day(iso.substr(0, 10));
  return era.empty() ? day : day + " (" + era + ")";
}

// "2026-11-25 10:30" from RFC 3339 in JST ("2026-11-25T10:30:00+09:00").
std::string DateTime(std::string_view rfc3339) {
  if (rfc3339.size() < 16 || rfc3339[10] != 'T') return std::string(rfc3339);
  return std::string(rfc3339.substr(0, 10)) + " " + std::string(rfc3339.substr(11, 5));
}

std::string Day(std::string_view rfc3339) { return std::string(rfc3339.substr(0, 10)); }

// "10:30" from RFC 3339, or "" when there is no time in it.
std::string TimeOfDay(std::string_view rfc3339) {
  std::string date_time = DateTime(rfc3339);
  return date_time.size() == 16 && date_time[10] == ' ' ? date_time.substr(11) : std::string();
}

// "あと8日", "今日まで", "3日超過", or "停止中" while the clock is stopped.
std::string DaysLeftText(const json& item) {
  if (item.value("clock_stopped", false)) return "停止中";
  auto it = item.find("days_left");
  if (it == item.end() || !it->is_number_integer()) return "";
  const int64_t days = it->get<int64_t>();
  if (days > 0) return "あと" + std::to_string(days) + "日";
  if (days == 0) return "今日まで";
  return std::to_string(-days) + "日超過";
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

void PrintJson(const json& j) { std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n'; }

// ---------------------------------------------------------------------------
// Tables of requests (list, overdue).

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

json ItemsOf(const json& result, const char* key) {
  auto it = result.find(key);
  return it != result.end() && it->is_array() ? *it : json::array();
}

// Oldest due date first (then earliest received), whatever order the engine
// sent: the desk works from the top of the list.
std::vector<json> OldestFirst(const json& items) {
  std::vector<json> out(items.begin(), items.end());
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
    return std::pair(Text(a, "due_date"), Text(a, "received_at")) <
           std::pair(Text(b, "due_date"), Text(b, "received_at"));
  });
  return out;
}

// ---------------------------------------------------------------------------
// show

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
  std::string text = WithJapanese(outcome, Lookup(kOutcomeJapanese, outcome));
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
  PrintPersonal(r);
  PrintField("できる操作", AllowedEventsText(r));
  PrintHistory(r);
}

// ---------------------------------------------------------------------------
// The commands.

void RunIntake(const IntakeArgs& a, int& exit_code) {
  Command cmd("intake", a.connection, exit_code);
  Result<json> record = ReadJsonObjectFile(a.file, "request file");
  if (!record.ok()) return cmd.FailLocal(record.status());
  std::optional<json> r = cmd.Call("intake", {{"record", *record}});
  if (!r) return;
  const std::string id = Text(*r, "id");
  const std::string type = TypeJapanese(Text(*record, "type"));
  if (r->value("created", true)) {
    std::cout << id << " を受け付けました  " << type;
  } else {
    std::cout << id << " は受付済みです (冪等キー " << Text(*record, "idempotency_key") << "、新たな登録なし)  "
              << type;
  }
  std::cout << "  状態 " << WithJapanese(Text(*r, "state"), StateLabel(*r)) << "  期限 "
            << DateWithEra(Text(*r, "due_date")) << '\n'
            << id << '\n';
}

void RunAdvance(const AdvanceArgs& a, int& exit_code) {
  Command cmd("advance", a.connection, exit_code);
  if (Status s = CheckRequestId(a.id); !s.ok()) return cmd.FailLocal(s);
  if (Status s = CheckEvent(a.event); !s.ok()) return cmd.FailLocal(s);
  Result<json> data = EventData(a.data);
  if (!data.ok()) return cmd.FailLocal(data.status());
  int64_t version = a.version;
  std::string from;
  if (version == 0) {
    std::optional<json> current = cmd.Call("show", {{"id", a.id}});
    if (!current) return;
    version = current->value("version", int64_t{0});
    from = StateJapanese(Text(*current, "state")) + " ";
  }
  std::optional<json> r = cmd.Call("advance", {{"id", a.id}, {"event", a.event}, {"version", version}, {"data", *data}});
  if (!r) return;
  std::cout << a.id << "  " << EventLabel(a.event) << ": " << from << "→ "
            << WithJapanese(Text(*r, "state"), StateLabel(*r)) << "  版 " << r->value("version", json()).dump()
            << "  期限 " << Text(*r, "due_date");
  if (std::string left = DaysLeftText(*r); !left.empty()) std::cout << " " << left;
  std::cout << '\n';
}

void RunShow(const ShowArgs& a, int& exit_code) {
  Command cmd("show", a.connection, exit_code);
  if (Status s = CheckRequestId(a.id); !s.ok()) return cmd.FailLocal(s);
  std::optional<json> r = cmd.Call("show", {{"id", a.id}});
  if (!r) return;
  if (a.json) return PrintJson(*r);
  PrintRequest(*r);
}

// "14件中 1–14件", or "14件中 0件" past the end.
std::string PageText(int64_t total, int64_t offset, size_t shown) {
  std::string text = std::to_string(total) + "件中 ";
  if (shown == 0) return text + "0件";
  return text + std::to_string(offset + 1) + "–" + std::to_string(offset + static_cast<int64_t>(shown)) + "件";
}

void RunList(const ListArgs& a, int& exit_code) {
  Command cmd("list", a.connection, exit_code);
  Result<json> filter = ListFilter(a);
  if (!filter.ok()) return cmd.FailLocal(filter.status());
  std::optional<json> r = cmd.Call("list", *filter);
  if (!r) return;
  if (a.json) return PrintJson(*r);
  const json items = ItemsOf(*r, "items");
  Table table = RequestTable();
  for (const json& item : items) AddRequestRow(table, item);
  if (!table.empty()) table.Print(std::cout);
  const int64_t offset = r->value("offset", int64_t{a.offset > 0 ? a.offset : 0});
  std::cout << PageText(r->value("total", int64_t{0}), offset, items.size()) << '\n';
}

void PrintRequestSection(const std::string& title, const json& items) {
  std::cout << title << " (" << items.size() << "件)\n";
  if (items.empty()) {
    std::cout << "  なし\n";
    return;
  }
  Table table = RequestTable();
  for (const json& item : OldestFirst(items)) AddRequestRow(table, item);
  table.Print(std::cout, "  ");
}

void RunOverdue(const OverdueArgs& a, int& exit_code) {
  Command cmd("overdue", a.connection, exit_code);
  std::optional<json> r = cmd.Call("overdue", {{"days", a.days}});
  if (!r) return;
  if (a.json) return PrintJson(*r);
  std::cout << "今日 " << DateWithEra(Text(*r, "today")) << "\n\n";
  PrintRequestSection("期限超過", ItemsOf(*r, "overdue"));
  std::string until = Text(*r, "due_soon_until");
  std::cout << '\n';
  PrintRequestSection("期限間近: " + std::to_string(a.days) + "営業日以内" + (until.empty() ? "" : " (" + until + "まで)"),
                      ItemsOf(*r, "due_soon"));
}

// A two-column table of counts, in the order of `names`, then any name the
// engine sent that we do not know.
void PrintCounts(const std::string& title, const json& counts, const std::vector<std::string>& names,
                 std::string (*japanese)(std::string_view)) {
  Table table({{title}, {"件数", Align::kRight}});
  auto count_of = [&](const std::string& name) {
    auto it = counts.find(name);
    return it != counts.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
  };
  for (const std::string& name : names) table.AddRow({WithJapanese(name, japanese(name)), std::to_string(count_of(name))});
  if (counts.is_object()) {
    for (const auto& [name, value] : counts.items()) {
      if (std::find(names.begin(), names.end(), name) == names.end()) table.AddRow({name, value.dump()});
    }
  }
  table.Print(std::cout);
}

template <typename T>
std::vector<std::string> Names(std::span<const T> values) {
  std::vector<std::string> out;
  for (const T& v : values) out.emplace_back(Name(v));
  return out;
}

void RunStats(const StatsArgs& a, int& exit_code) {
  Command cmd("stats", a.connection, exit_code);
  std::optional<json> r = cmd.Call("stats", json::object());
  if (!r) return;
  if (a.json) return PrintJson(*r);
  PrintCounts("状態", r->value("by_state", json::object()), Names(AllStates()), StateJapanese);
  std::cout << '\n';
  PrintCounts("種別", r->value("by_type", json::object()), Names(AllRequestTypes()), TypeJapanese);
  std::cout << '\n';
  Table totals({{"集計"}, {"件数", Align::kRight}});
  totals.AddRow({"未完了 (open)", r->value("open", json(0)).dump()});
  totals.AddRow({"期限超過 (overdue)", r->value("overdue", json(0)).dump()});
  if (r->contains("due_soon")) totals.AddRow({"期限間近 (due soon)", (*r)["due_soon"].dump()});
  totals.Print(std::cout);
}

void RunWhoami(const WhoamiArgs& a, int& exit_code) {
  Command cmd("whoami", a.connection, exit_code);
  std::optional<json> r = cmd.Call("whoami", json::object());
  if (!r) return;
  std::cout << Text(*r, "user") << " (" << Text(*r, "role") << ")\n";
}

// ---------------------------------------------------------------------------
// Registration.

void AddConnectionOptions(CLI::App* sub, ConnectionArgs& c) {
  sub->add_option("--engine", c.engine, "Engine endpoint, tcp://HOST:PORT or ipc://PATH (default: the key file's)")
      ->envname("MADOGUCHI_ENGINE");
  sub->add_option("--key", c.key_file, "Your key file (from `madoguchi-engine user add`)")->envname("MADOGUCHI_KEY");
  sub->add_option("--timeout", c.timeout_seconds, "Seconds to wait for the engine's answer")->capture_default_str();
}

void AddJsonFlag(CLI::App* sub, bool& target) {
  sub->add_flag("--json", target, "Print the engine's result as JSON");
}

void AddIntake(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<IntakeArgs>();
  CLI::App* sub = app.add_subcommand("intake", "Record a request from a JSON file; prints its id on the last line");
  sub->add_option("file", args->file, "Request record (schemas/request.schema.json)")->required();
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunIntake(*args, exit_code); });
}

void AddAdvance(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AdvanceArgs>();
  CLI::App* sub = app.add_subcommand("advance", "Fire a workflow event on a request");
  sub->add_option("id", args->id, "Request id, e.g. R2026-000001")->required();
  sub->add_option("event", args->event, "Event, e.g. verify_identity, assign, decide")->required();
  sub->add_option("--data", args->data, "Event data: JSON, or @FILE (schemas/events/EVENT.schema.json)");
  sub->add_option("--version", args->version, "The version you saw (default: the current one)")
      ->check(CLI::Range(int64_t{1}, std::numeric_limits<int64_t>::max()));
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunAdvance(*args, exit_code); });
}

void AddShow(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* sub = app.add_subcommand("show", "Show a request, what you may do with it, and its history");
  sub->add_option("id", args->id, "Request id, e.g. R2026-000001")->required();
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunShow(*args, exit_code); });
}

void AddList(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ListArgs>();
  CLI::App* sub = app.add_subcommand("list", "List requests");
  sub->add_option("--state", args->state, "Only this state, e.g. in_review");
  sub->add_option("--type", args->type, "Only this type, e.g. disclosure");
  sub->add_option("--assignee", args->assignee, "Only requests assigned to this user");
  sub->add_option("--due-before", args->due_before, "Only requests due before this date (YYYY-MM-DD)");
  sub->add_option("--limit", args->limit, "At most this many (1-500)")->check(CLI::Range(1, 500));
  sub->add_option("--offset", args->offset, "Skip this many")->check(CLI::NonNegativeNumber);
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunList(*args, exit_code); });
}

void AddOverdue(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<OverdueArgs>();
  CLI::App* sub = app.add_subcommand("overdue", "Requests past their due date and due within N business days");
  sub->add_option("--days", args->days, "Business days counted as due soon (0-60)")
      ->check(CLI::Range(0, 60))
      ->capture_default_str();
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunOverdue(*args, exit_code); });
}

void AddStats(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* sub = app.add_subcommand("stats", "Counts by state and type, open, overdue, due soon");
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunStats(*args, exit_code); });
}

void AddWhoami(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<WhoamiArgs>();
  CLI::App* sub = app.add_subcommand("whoami", "Who the engine takes your key for: user (role)");
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunWhoami(*args, exit_code); });
}

}  // namespace

void AddEngineCommands(CLI::App& app, int& exit_code) {
  AddIntake(app, exit_code);
  AddAdvance(app, exit_code);
  AddShow(app, exit_code);
  AddList(app, exit_code);
  AddOverdue(app, exit_code);
  AddStats(app, exit_code);
  AddWhoami(app, exit_code);
}

}  // namespace madoguchi::cli
