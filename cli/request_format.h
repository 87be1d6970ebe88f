// How the `madoguchi` command prints requests for staff: the Japanese labels
// of types, states, events and outcomes, dates in ISO and the Japanese era,
// the table of requests (list, overdue) and the block of one request (show).
//
// Human output shows ISO dates, with the Japanese era form where a person
// reads one date at a time ("2026-11-25 (令和8年11月25日)"). Where the engine
// sent a Japanese label (type_ja, state_ja) it wins over ours, so that an
// older client still prints a newer engine's words. Reading a reply never
// throws: a member that is missing or of the wrong type prints as empty.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "table_output.h"

namespace madoguchi::cli {

// ---------------------------------------------------------------------------
// Reading the engine's reply.

// A string member, or "" when missing, null or not a string.
std::string Text(const nlohmann::json& j, const char* key);

// An array member, or [] when missing or not an array.
nlohmann::json ItemsOf(const nlohmann::json& result, const char* key);

// ---------------------------------------------------------------------------
// Words.

// "ja (wire)", or the wire name alone when there is no label.
std::string WithJapanese(std::string_view wire, std::string_view ja);

// 受付済 for "received", 開示 for "disclosure"; unknown names as they are.
std::string StateJapanese(std::string_view state);
std::string TypeJapanese(std::string_view type);

// The type or state label of a request or summary: the engine's, else ours.
std::string TypeLabel(const nlohmann::json& item);
std::string StateLabel(const nlohmann::json& item);

// "assign 担当割当".
std::string EventLabel(std::string_view event);

// ---------------------------------------------------------------------------
// Dates.

// "2026-11-25 (令和8年11月25日)"; the ISO date alone before the Shōwa era.
std::string DateWithEra(std::string_view iso);

// "2026-11-25 10:30" from RFC 3339 in JST ("2026-11-25T10:30:00+09:00").
std::string DateTime(std::string_view rfc3339);

// "あと8日", "今日まで", "3日超過", or "停止中" while the clock is stopped.
std::string DaysLeftText(const nlohmann::json& item);

// ---------------------------------------------------------------------------
// Requests.

// The table of request summaries (list, overdue): its columns, and one row.
Table RequestTable();
void AddRequestRow(Table& table, const nlohmann::json& item);

// Oldest due date first (then earliest received), whatever order the engine
// sent: the desk works from the top of the list.
std::vector<nlohmann::json> OldestFirst(const nlohmann::json& items);

// The block of `show`: type, state, dates, assignee, what the request is
// about, who asked, the events the caller may fire, and the history table.
void PrintRequest(const nlohmann::json& r);

}  // namespace madoguchi::cli
