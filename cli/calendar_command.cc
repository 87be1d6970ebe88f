#include "calendar_command.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/business_calendar.h"
#include "core/civil_date.h"
#include "core/japanese_holidays.h"
#include "core/jst_time.h"
#include "core/office_calendar_config.h"
#include "util/status.h"

namespace madoguchi::cli {

namespace {

constexpr int kExitClosed = 1;
constexpr int kExitBadInput = 2;
// Far enough for any deadline, near enough that the loop ends at once.
constexpr int kMaxBusinessDays = 100000;

// The arguments of the subcommands. Each lives in a shared_ptr owned by the
// subcommand's callback, so that CLI11 can write into it during the parse.
struct HolidaysArgs {
  std::string from_year;
  std::string to_year;
  std::string closures_file;
};

struct AddBusinessDaysArgs {
  std::string date;
  std::string count;
  std::string closures_file;
};

struct IsBusinessDayArgs {
  std::string date;
  std::string closures_file;
};

// Reports bad input: a message on stderr and exit code 2.
void Fail(const Status& status, int& exit_code) {
  std::cerr << "madoguchi calendar: " << status.message() << "\n";
  exit_code = kExitBadInput;
}

// A whole decimal integer within [min, max]; `what` names it in the message.
Result<int> ParseInt(std::string_view text, std::string_view what, int min, int max) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return Status::InvalidArgument(std::string(what) + " '" + std::string(text) + "' is not a whole number");
  }
  if (value < min || value > max) {
    return Status::InvalidArgument(std::string(what) + " " + std::to_string(value) + " is outside " +
                                   std::to_string(min) + ".." + std::to_string(max));
  }
  return value;
}

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound("closures file " + path + " does not exist or is not a file");
  }
  std::ifstream in(path);
  if (!in) return Status::IoError("closures file " + path + " cannot be read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument("closures file " + path + " is not valid JSON: " + e.what());
  }
}

// The default office calendar, or the one in `closures_file` when given.
Result<BusinessCalendar> LoadCalendar(const std::string& closures_file) {
  if (closures_file.empty()) return BusinessCalendar(OfficeCalendarConfig{});
  Result<nlohmann::json> j = ReadJsonFile(closures_file);
  if (!j.ok()) return j.status();
  Result<OfficeCalendarConfig> config = OfficeCalendarConfigFromJson(*j);
  if (!config.ok()) return Status::InvalidArgument("closures file " + closures_file + ": " + config.status().message());
  return BusinessCalendar(std::move(config).value());
}

// The closures file is read by every subcommand even where it cannot change
// the output, so that a broken file is reported wherever it is passed.
void AddClosuresOption(CLI::App* sub, std::string& target) {
  sub->add_option("--closures", target, "JSON file of office closures (year_end_closure, closures)");
}

void RunHolidays(const HolidaysArgs& args, int& exit_code) {
  if (Result<BusinessCalendar> calendar = LoadCalendar(args.closures_file); !calendar.ok()) {
    return Fail(calendar.status(), exit_code);
  }
  const int this_year = JstDate(Now()).year();
  Result<int> from = args.from_year.empty()
                         ? Result<int>(this_year)
                         : ParseInt(args.from_year, "--from year", kFirstHolidayYear, kLastHolidayYear);
  if (!from.ok()) return Fail(from.status(), exit_code);
  Result<int> to = args.to_year.empty() ? Result<int>(this_year)
                                        : ParseInt(args.to_year, "--to year", kFirstHolidayYear, kLastHolidayYear);
  if (!to.ok()) return Fail(to.status(), exit_code);
  if (*from > *to) {
    return Fail(Status::InvalidArgument("--from " + std::to_string(*from) + " is after --to " + std::to_string(*to)),
                exit_code);
  }
  for (int year = *from; year <= *to; ++year) {
    for (const Holiday& h : NationalHolidaysOfYear(year)) std::cout << h.date.ToIso() << '\t' << h.name << '\n';
  }
}

void RunAddBusinessDays(const AddBusinessDaysArgs& args, int& exit_code) {
  Result<BusinessCalendar> calendar = LoadCalendar(args.closures_file);
  if (!calendar.ok()) return Fail(calendar.status(), exit_code);
  Result<Date> date = Date::Parse(args.date);
  if (!date.ok()) return Fail(date.status(), exit_code);
  Result<int> n = ParseInt(args.count, "the number of business days", 0, kMaxBusinessDays);
  if (!n.ok()) return Fail(n.status(), exit_code);
  std::cout << calendar->AddBusinessDays(*date, *n).ToIso() << '\n';
}

void RunIsBusinessDay(const IsBusinessDayArgs& args, int& exit_code) {
  Result<BusinessCalendar> calendar = LoadCalendar(args.closures_file);
  if (!calendar.ok()) return Fail(calendar.status(), exit_code);
  Result<Date> date = Date::Parse(args.date);
  if (!date.ok()) return Fail(date.status(), exit_code);
  if (std::optional<std::string> reason = calendar->ClosedReason(*date)) {
    std::cout << date->ToIso() << "\tclosed: " << *reason << '\n';
    exit_code = kExitClosed;
  } else {
    std::cout << date->ToIso() << "\tbusiness day\n";
  }
}

void AddHolidays(CLI::App& calendar, int& exit_code) {
  auto args = std::make_shared<HolidaysArgs>();
  CLI::App* sub = calendar.add_subcommand("holidays", "List the national holidays of Japan, one per line");
  sub->add_option("--from", args->from_year, "First year (default: this year in JST)");
  sub->add_option("--to", args->to_year, "Last year, inclusive (default: this year in JST)");
  AddClosuresOption(sub, args->closures_file);
  sub->callback([args, &exit_code] { RunHolidays(*args, exit_code); });
}

void AddAddBusinessDays(CLI::App& calendar, int& exit_code) {
  auto args = std::make_shared<AddBusinessDaysArgs>();
  CLI::App* sub = calendar.add_subcommand("add-business-days", "Print the N-th business day after DATE");
  sub->add_option("date", args->date, "YYYY-MM-DD (not itself counted)")->required();
  sub->add_option("n", args->count, "Number of business days, 0 or more")->required();
  AddClosuresOption(sub, args->closures_file);
  sub->callback([args, &exit_code] { RunAddBusinessDays(*args, exit_code); });
}

void AddIsBusinessDay(CLI::App& calendar, int& exit_code) {
  auto args = std::make_shared<IsBusinessDayArgs>();
  CLI::App* sub = calendar.add_subcommand("is-business-day", "Exit 0 if DATE is a business day, else 1 and say why");
  sub->add_option("date", args->date, "YYYY-MM-DD")->required();
  AddClosuresOption(sub, args->closures_file);
  sub->callback([args, &exit_code] { RunIsBusinessDay(*args, exit_code); });
}

}  // namespace

void AddCalendarCommand(CLI::App& app, int& exit_code) {
  CLI::App* calendar = app.add_subcommand("calendar", "The office calendar: national holidays and business days");
  calendar->require_subcommand(1);
  AddHolidays(*calendar, exit_code);
  AddAddBusinessDays(*calendar, exit_code);
  AddIsBusinessDay(*calendar, exit_code);
}

}  // namespace madoguchi::cli
