#include "outbox_commands.h"

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/letter_plan.h"
#include "util/status.h"
#include "engine_connection.h"
#include "local_input.h"
#include "output_file.h"
#include "util/base64.h"
#include "util/sha256.h"
#include "request_format.h"
#include "table_output.h"

namespace madoguchi::cli {

namespace {

using nlohmann::json;

// Sent explicitly rather than left to the engine, so that the title line
// can tell when the list may have been cut short.
constexpr int kDefaultOutboxLimit = 100;
constexpr int kMaxOutboxLimit = 1000;  // schemas/api/outbox.request.schema.json
// A last error gets one line of the table; --json has all of it.
constexpr int kErrorWidth = 40;
// Enough of a SHA-256 to tell letters apart by eye; --json has all of it.
constexpr size_t kShortHashLength = 16;

// ---------------------------------------------------------------------------
// The arguments of the subcommands (see ConnectionArgs for their lifetime).

struct OutboxArgs {
  // Shared with `outbox retry`, whose connection options fall through to
  // `outbox` wherever they stand on the command line.
  ConnectionArgs connection;
  bool dead = false;
  int limit = kDefaultOutboxLimit;
  bool json = false;
  int64_t retry_id = 0;  // outbox retry ID
};

struct LettersArgs {
  ConnectionArgs connection;
  std::string id;
  bool json = false;
};

struct LetterArgs {
  ConnectionArgs connection;
  std::string id;
  int n = 0;
  std::string out;
  std::string text;
  bool force = false;
};

// ---------------------------------------------------------------------------
// Words for the outbox and letters.

// An integer member as digits, or "" when missing or not an integer.
std::string IntegerText(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->dump() : std::string();
}

int64_t IntegerOf(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string OrDash(std::string text) { return text.empty() ? "-" : text; }

std::string KindLabel(std::string_view kind) {
  if (kind == "letter") return "通知書";
  if (kind == "reminder") return "リマインダー";
  return std::string(kind);
}

// core/reminder_schedule.h's stages.
std::string StageLabel(std::string_view stage) {
  if (stage == "before") return "期限前";
  if (stage == "due") return "期限当日";
  if (stage == "overdue") return "期限超過";
  return std::string(stage);
}

// The Japanese title of a letter kind. A kind this client does not know (a
// newer engine's) gets the generic title, so it keeps its wire name beside it.
std::string LetterKindTitle(std::string_view kind) {
  const std::string_view generic = LetterTitle("");
  const std::string_view title = LetterTitle(kind);
  return title == generic ? WithJapanese(kind, title) : std::string(title);
}

// What a message is about: the letter's title, or the reminder's stage.
std::string WhatText(const json& item) {
  const std::string what = Text(item, "what");
  if (what.empty()) return {};
  return Text(item, "kind") == "letter" ? LetterKindTitle(what) : StageLabel(what);
}

// One line of at most kErrorWidth columns: a worker's error may be long and
// span lines.
std::string ErrorText(std::string error) {
  for (char& c : error) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return TruncateToWidth(error, kErrorWidth);
}

std::string DeadAtText(const json& item) {
  const std::string dead_at = Text(item, "dead_at");
  return dead_at.empty() ? "-" : DateTime(dead_at);
}

// ---------------------------------------------------------------------------
// outbox, outbox retry

Table OutboxTable() {
  return Table({{"ID", Align::kRight},
                {"請求ID"},
                {"種類"},
                {"内容"},
                {"試行", Align::kRight},
                {"リース先"},
                {"停止日時"},
                {"最後のエラー"}});
}

void AddOutboxRow(Table& table, const json& item) {
  table.AddRow({IntegerText(item, "id"), Text(item, "request_id"), KindLabel(Text(item, "kind")), WhatText(item),
                IntegerText(item, "attempts"), OrDash(Text(item, "leased_to")), DeadAtText(item),
                ErrorText(Text(item, "last_error"))});
}

// "停止 (dead) 2件", with how to retry them when there are any.
std::string DeadLine(int64_t dead_total) {
  std::string line = "停止 (dead) " + std::to_string(dead_total) + "件";
  if (dead_total > 0) line += "  再送: madoguchi outbox retry ID (管理者)";
  return line;
}

// "未完了の送信 (3件)"; when the engine sent as many as asked for, there may
// be more than the limit let through.
std::string OutboxTitle(const OutboxArgs& a, size_t shown) {
  std::string title = std::string(a.dead ? "停止中の送信" : "未完了の送信") + " (" + std::to_string(shown) + "件";
  if (shown >= static_cast<size_t>(a.limit)) title += "、--limit " + std::to_string(a.limit) + " まで表示";
  return title + ")";
}

void RunOutbox(const OutboxArgs& a, int& exit_code) {
  Command cmd("outbox", a.connection, exit_code);
  std::optional<json> r = cmd.Call("outbox", {{"dead", a.dead}, {"limit", a.limit}});
  if (!r) return;
  if (a.json) return PrintJson(*r);
  const json items = ItemsOf(*r, "items");
  std::cout << DeadLine(IntegerOf(*r, "dead_total")) << "\n\n" << OutboxTitle(a, items.size()) << '\n';
  if (items.empty()) {
    std::cout << "  なし\n";
    return;
  }
  Table table = OutboxTable();
  for (const json& item : items) AddOutboxRow(table, item);
  table.Print(std::cout, "  ");
}

bool ListOptionsGiven(const CLI::App& outbox) {
  return outbox.count("--dead") + outbox.count("--limit") + outbox.count("--json") > 0;
}

// `list_options_given`: --dead, --limit or --json came with `retry`; they
// belong to the listing, and silently ignoring them would mislead.
void RunOutboxRetry(const OutboxArgs& a, bool list_options_given, int& exit_code) {
  Command cmd("outbox retry", a.connection, exit_code);
  if (list_options_given) {
    return cmd.FailLocal(Status::InvalidArgument("--dead, --limit and --json are for listing, not for `outbox retry`"));
  }
  std::optional<json> r = cmd.Call("outbox_retry", {{"outbox_id", a.retry_id}});
  if (!r) return;
  const std::string id = std::to_string(a.retry_id);
  auto retried = r->find("retried");
  if (retried == r->end() || !retried->is_boolean() || !retried->get<bool>()) {
    return cmd.FailReply(Status::Conflict("the engine did not put outbox message " + id + " back in the queue"));
  }
  std::cout << "送信 " << id << " を再送待ちに戻しました (試行回数を0から数え直します)\n";
}

// ---------------------------------------------------------------------------
// letters

Table LettersTable() {
  return Table({{"n", Align::kRight}, {"表題"}, {"種類"}, {"発行日時"}, {"SHA-256"}, {"バイト", Align::kRight}});
}

std::string TitleOf(const json& letter) {
  const std::string title = Text(letter, "title");
  return title.empty() ? LetterKindTitle(Text(letter, "kind")) : title;
}

void AddLetterRow(Table& table, const json& item) {
  table.AddRow({IntegerText(item, "n"), TitleOf(item), Text(item, "kind"), DateTime(Text(item, "issued_at")),
                Text(item, "sha256").substr(0, kShortHashLength), IntegerText(item, "pdf_bytes")});
}

void RunLetters(const LettersArgs& a, int& exit_code) {
  Command cmd("letters", a.connection, exit_code);
  if (Status s = CheckRequestId(a.id); !s.ok()) return cmd.FailLocal(s);
  std::optional<json> r = cmd.Call("letters", {{"id", a.id}});
  if (!r) return;
  if (a.json) return PrintJson(*r);
  const json items = ItemsOf(*r, "items");
  std::cout << a.id << " の通知書 (" << items.size() << "通)\n";
  if (items.empty()) {
    std::cout << "  なし\n";
    return;
  }
  Table table = LettersTable();
  for (const json& item : items) AddLetterRow(table, item);
  table.Print(std::cout, "  ");
}

// ---------------------------------------------------------------------------
// letter

// Checked before the engine is asked, so that a file in the way costs no
// round trip.
Status CheckOutputPaths(const LetterArgs& a) {
  if (Status s = CheckOutputPath(a.out, a.force); !s.ok()) return s;
  if (a.text.empty()) return Status::Ok();
  if (a.text == a.out) return Status::InvalidArgument("--out and --text name the same file");
  return CheckOutputPath(a.text, a.force);
}

// The SHA-256 of the file as it is on disk: what counts is what landed
// there, not the bytes we meant to write.
Result<std::string> WrittenSha256(const std::string& path) {
  Result<std::string> written = ReadTextFile(path, "the written letter");
  if (!written.ok()) return written.status();
  return Sha256Hex(*written);
}

// Writes the PDF and checks it. On failure the run is already reported and
// a file that does not match the record is removed: nobody should post it.
bool WritePdf(Command& cmd, const LetterArgs& a, const std::string& pdf, const std::string& expected_sha256) {
  if (Status s = WriteOutputFile(a.out, pdf, a.force); !s.ok()) {
    cmd.FailLocal(s);
    return false;
  }
  Result<std::string> actual = WrittenSha256(a.out);
  if (!actual.ok()) {
    cmd.FailLocal(actual.status());
    return false;
  }
  if (*actual != expected_sha256) {
    std::error_code ec;
    std::filesystem::remove(a.out, ec);
    cmd.FailReply(Status::Corruption("the SHA-256 of the letter written to " + a.out + " is " + *actual +
                                     ", the engine's record says " + expected_sha256 + "; the file was removed"));
    return false;
  }
  return true;
}

void PrintWritten(const LetterArgs& a, const json& r, size_t pdf_bytes) {
  std::cout << a.id << " 通知書 " << a.n << ": " << TitleOf(r) << " (" << Text(r, "kind") << ")";
  if (std::string issued = Text(r, "issued_at"); !issued.empty()) std::cout << "  発行 " << DateTime(issued);
  std::cout << "\n  PDF       " << a.out << "  " << pdf_bytes << "バイト\n"
            << "  SHA-256   " << Text(r, "sha256") << "  エンジンの記録と一致\n";
  if (!a.text.empty()) std::cout << "  テキスト  " << a.text << '\n';
}

void RunLetter(const LetterArgs& a, int& exit_code) {
  Command cmd("letter", a.connection, exit_code);
  if (Status s = CheckRequestId(a.id); !s.ok()) return cmd.FailLocal(s);
  if (Status s = CheckOutputPaths(a); !s.ok()) return cmd.FailLocal(s);
  std::optional<json> r = cmd.Call("letter", {{"id", a.id}, {"n", a.n}});
  if (!r) return;
  const std::string expected = Text(*r, "sha256");
  if (expected.empty()) return cmd.FailReply(Status::Corruption("the engine's reply has no sha256"));
  Result<std::string> pdf = Base64Decode(Text(*r, "pdf_base64"));
  if (!pdf.ok()) {
    return cmd.FailReply(Status::Corruption("the engine's PDF is not valid base64: " + pdf.status().message()));
  }
  if (!WritePdf(cmd, a, *pdf, expected)) return;
  if (!a.text.empty()) {
    if (Status s = WriteOutputFile(a.text, Text(*r, "text"), a.force); !s.ok()) return cmd.FailLocal(s);
  }
  PrintWritten(a, *r, pdf->size());
}

// ---------------------------------------------------------------------------
// Registration.

void AddOutbox(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<OutboxArgs>();
  CLI::App* sub = app.add_subcommand("outbox", "Messages the engine still owes the workers (managers, auditors)");
  sub->add_flag("--dead", args->dead, "Only the dead messages (out of attempts)");
  sub->add_option("--limit", args->limit, "At most this many (1-1000)")
      ->check(CLI::Range(1, kMaxOutboxLimit))
      ->capture_default_str();
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);

  CLI::App* retry = sub->add_subcommand(
      "retry", "Put a dead message back in the queue (managers); --engine, --key and --timeout as for outbox");
  retry->add_option("id", args->retry_id, "Outbox message id, from `madoguchi outbox --dead`")
      ->required()
      ->check(CLI::Range(int64_t{1}, std::numeric_limits<int64_t>::max()));
  // `outbox retry ID --key FILE`: the connection options are outbox's.
  retry->fallthrough();
  retry->callback([args, sub, &exit_code] { RunOutboxRetry(*args, ListOptionsGiven(*sub), exit_code); });
  // CLI11 runs outbox's callback after retry's: list only when no retry.
  sub->callback([args, sub, retry, &exit_code] {
    if (!sub->got_subcommand(retry)) RunOutbox(*args, exit_code);
  });
}

void AddLetters(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<LettersArgs>();
  CLI::App* sub = app.add_subcommand("letters", "The letters sent for a request: kind, time, SHA-256");
  sub->add_option("id", args->id, "Request id, e.g. R2026-000001")->required();
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunLetters(*args, exit_code); });
}

void AddLetter(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<LetterArgs>();
  CLI::App* sub = app.add_subcommand("letter", "Write one letter of a request to a PDF file, checked by its SHA-256");
  sub->add_option("id", args->id, "Request id, e.g. R2026-000001")->required();
  sub->add_option("n", args->n, "Letter number, from `madoguchi letters ID`")
      ->required()
      ->check(CLI::Range(1, std::numeric_limits<int>::max()));
  sub->add_option("--out", args->out, "Write the PDF to this file")->required();
  sub->add_option("--text", args->text, "Write the text copy (UTF-8) to this file too");
  sub->add_flag("--force", args->force, "Overwrite files that exist");
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { RunLetter(*args, exit_code); });
}

}  // namespace

void AddOutboxCommands(CLI::App& app, int& exit_code) {
  AddOutbox(app, exit_code);
  AddLetters(app, exit_code);
  AddLetter(app, exit_code);
}

}  // namespace madoguchi::cli
