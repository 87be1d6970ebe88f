#include "request_commands.h"

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <regex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "core/letter_plan.h"
#include "util/status.h"
#include "core/workflow_table.h"
#include "engine_connection.h"
#include "protocol/random_token.h"
#include "local_input.h"
#include "request_format.h"
#include "table_output.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

constexpr int kDefaultDueSoonDays = 3;

// ---------------------------------------------------------------------------
// The arguments of the subcommands (see ConnectionArgs for their lifetime).

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
  std::string idempotency_key;  // "": one made here
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
  std::string id;               // a 受付番号 as typed: the engine folds it (core/request_id.h)
  std::string insured_number;  // searched by blind index in the engine
  std::string name;
  std::string due_before;
  std::string due;    // overdue, soon
  bool open = false;  // neither closed nor withdrawn
  std::string sort;   // a sort of list.request.schema.json
  std::string order;  // asc, desc
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
// The commands.

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
  if (!a.id.empty()) args["id"] = a.id;
  if (!a.insured_number.empty()) args["insured_number"] = a.insured_number;
  if (!a.name.empty()) args["name"] = a.name;
  if (!a.due_before.empty()) {
    if (Result<Date> d = Date::Parse(a.due_before); !d.ok()) return d.status();
    args["due_before"] = a.due_before;
  }
  // due, sort and order were checked by CLI11 against their few names.
  for (auto [name, value] : {std::pair{"due", &a.due}, std::pair{"sort", &a.sort}, std::pair{"order", &a.order}}) {
    if (!value->empty()) args[name] = *value;
  }
  if (a.open) args["open"] = true;
  if (a.limit > 0) args["limit"] = a.limit;
  if (a.offset >= 0) args["offset"] = a.offset;
  return args;
}

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

// The engine's reason check (check_reason) of each field the event's letter
// prints, on stderr: warnings only, the event is sent as it is.
void WarnAboutPrintedText(Command& cmd, const std::string& id, const std::string& event, const json& data) {
  std::optional<Event> e = ParseEvent(event);
  if (!e || !data.is_object()) return;
  for (std::string_view field : PrintedFields(*e)) {
    auto it = data.find(std::string(field));
    if (it == data.end() || !it->is_string()) continue;
    std::optional<json> r = cmd.Call("check_reason", {{"id", id}, {"text", *it}});
    if (!r) continue;
    for (const json& w : r->value("warnings", json::array())) {
      std::cerr << "注意（" << field << "）: " << w.value("message", "") << '\n';
    }
  }
}

void SendAdvance(const AdvanceArgs& a, const Result<json>& data, int& exit_code) {
  Command cmd("advance", a.connection, exit_code);
  if (Status s = CheckRequestId(a.id); !s.ok()) return cmd.FailLocal(s);
  if (Status s = CheckEvent(a.event); !s.ok()) return cmd.FailLocal(s);
  if (!data.ok()) return cmd.FailLocal(data.status());
  int64_t version = a.version;
  std::string from;
  if (version == 0) {
    // The version and state only: no personal fields, so no showing in the access log.
    std::optional<json> current = cmd.Call("show", {{"id", a.id}, {"personal", false}});
    if (!current) return;
    version = current->value("version", int64_t{0});
    from = StateJapanese(Text(*current, "state")) + " ";
  }
  WarnAboutPrintedText(cmd, a.id, a.event, *data);
  // A key for this advance, so that sending it again (the CLI does once when
  // the engine does not answer, and the message says how by hand) does it once.
  static const std::regex kKey(R"(^[A-Za-z0-9._:-]{8,128}$)");
  if (!a.idempotency_key.empty() && !std::regex_match(a.idempotency_key, kKey)) {
    return cmd.FailLocal(Status::InvalidArgument("--idempotency-key '" + a.idempotency_key +
                                                 "' is not 8 to 128 of A-Z a-z 0-9 . _ : -"));
  }
  const std::string key = a.idempotency_key.empty() ? "cli-" + RandomToken() : a.idempotency_key;
  const std::string hint = "; it may have been applied: to send it again safely (applied at most once), run the same "
                           "command with --version " + std::to_string(version) + " --idempotency-key " + key;
  std::optional<json> r = cmd.CallIdempotent(
      "advance", {{"id", a.id}, {"event", a.event}, {"version", version}, {"data", *data}, {"idempotency_key", key}}, hint);
  if (!r) return;
  if (r->value("replayed", false)) {
    std::cout << a.id << "  " << EventLabel(a.event) << ": 冪等キー " << key << " で適用済み（今回の変更なし）\n";
    from.clear();
  }
  std::cout << a.id << "  " << EventLabel(a.event) << ": " << from << "→ "
            << WithJapanese(Text(*r, "state"), StateLabel(*r)) << "  版 " << r->value("version", json()).dump()
            << "  期限 " << Text(*r, "due_date");
  if (std::string left = DaysLeftText(*r); !left.empty()) std::cout << " " << left;
  std::cout << '\n';
}

void RunAdvance(const AdvanceArgs& a, int& exit_code) { SendAdvance(a, EventData(a.data), exit_code); }

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
  if (r->contains("dead_outbox")) totals.AddRow({"送信停止 (dead outbox)", (*r)["dead_outbox"].dump()});
  if (r->contains("returned_letters")) {
    totals.AddRow({"返戻された通知書 (returned letters)", (*r)["returned_letters"].value("count", json(0)).dump()});
  }
  if (r->contains("flagged_duplicates")) {
    totals.AddRow({"重複の可能性 (possible duplicates)", (*r)["flagged_duplicates"].value("count", json(0)).dump()});
  }
  totals.Print(std::cout);
  if (r->contains("returned_letters") && !(*r)["returned_letters"].value("items", json::array()).empty()) {
    std::cout << "\n返戻された通知書\n";
    Table returned({{"請求"}, {"通知書", Align::kRight}, {"理由"}, {"記録"}});
    for (const json& item : (*r)["returned_letters"]["items"]) {
      returned.AddRow({item.value("request_id", ""), item.value("n", json(0)).dump(), item.value("reason", ""),
                       item.value("at", "")});
    }
    returned.Print(std::cout, "  ");
  }
}

void RunWhoami(const WhoamiArgs& a, int& exit_code) {
  Command cmd("whoami", a.connection, exit_code);
  std::optional<json> r = cmd.Call("whoami", json::object());
  if (!r) return;
  std::cout << Text(*r, "user") << " (" << Text(*r, "role") << ")\n";
}

// ---------------------------------------------------------------------------
// Registration.

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
  sub->add_option("--idempotency-key", args->idempotency_key,
                  "Key of this advance (default: a new random one); the same key, version and data again give the "
                  "first result instead of doing it twice");
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
  sub->add_option("--insured-number", args->insured_number,
                  "Only the requests of this insured number (or symbol and number); clerks, managers, a reviewer's own");
  sub->add_option("--id", args->id, "Only this request (受付番号; full-width, lower case and spaces do not matter)");
  sub->add_option("--name", args->name,
                  "Only the requests of this requester's name or kana: whole, the surname alone, or surname and given "
                  "name with a space; hiragana or katakana");
  sub->add_option("--due-before", args->due_before, "Only requests due before this date (YYYY-MM-DD)");
  sub->add_option("--due", args->due, "Only open requests past their due date, or due within 3 business days")
      ->check(CLI::IsMember({"overdue", "soon"}));
  sub->add_flag("--open", args->open, "Only open requests (neither closed nor withdrawn)");
  sub->add_option("--sort", args->sort, "Order by this (default received_at, most recent first)")
      ->check(CLI::IsMember({"received_at", "due_date", "id", "state", "type", "assignee"}));
  sub->add_option("--order", args->order, "asc or desc (default desc for received_at, asc otherwise)")
      ->check(CLI::IsMember({"asc", "desc"}));
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

void AddRequestCommands(CLI::App& app, int& exit_code) {
  AddIntake(app, exit_code);
  AddAdvance(app, exit_code);
  AddShow(app, exit_code);
  AddList(app, exit_code);
  AddOverdue(app, exit_code);
  AddStats(app, exit_code);
  AddWhoami(app, exit_code);
}

void AdvanceWithData(const ConnectionArgs& connection, const std::string& id, const std::string& event,
                     const nlohmann::json& data, int& exit_code) {
  AdvanceArgs a;
  a.connection = connection;
  a.id = id;
  a.event = event;
  SendAdvance(a, Result<json>(data), exit_code);
}

}  // namespace madoguchi::cli
