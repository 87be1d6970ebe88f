// ReadHandler: runs the read commands (show, list, overdue, stats, dashboard,
// users, ...) on one reader thread's own connection, for an actor whose role
// may send them (checked before, by the command policy).
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_policy.h"
#include "core/workflow.h"
#include "store/personal_access.h"
#include "store/request_reader.h"

namespace madoguchi {

// What the read commands need besides the database.
struct ReadSettings {
  nlohmann::json society;   // the letterhead (configuration)
  std::string letters_dir;  // where letters are kept
  std::string audit_anchor = "";  // the anchor file audit_verify checks the chain against ("" for none)
  std::string templates_dir = "";  // the letter templates (preview)
};

class ReadHandler {
 public:
  ReadHandler(std::unique_ptr<RequestReader> reader, const Workflow& workflow, ReadSettings settings)
      : reader_(std::move(reader)), workflow_(workflow), settings_(std::move(settings)) {}

  // `args` has passed schemas/api/<command>.request.schema.json.
  Result<nlohmann::json> Run(Command command, const nlohmann::json& args, const Actor& actor, Timestamp now);

  // Which requests' personal data the commands run since the last call
  // showed (request_id and what; the caller adds who, when and from where).
  // Recorded as the reply is built, so a refused command shows nothing.
  std::vector<PersonalAccess> TakeAccess() { return std::exchange(accessed_, {}); }

 private:
  Result<nlohmann::json> Show(const nlohmann::json& args, const Actor& actor, Date today);
  Result<nlohmann::json> List(const nlohmann::json& args, const Actor& actor, Date today);
  // The ids a list's insured_number / name arguments select for `actor`.
  Result<std::vector<std::string>> PersonalSearch(const nlohmann::json& args, const Actor& actor);
  Result<nlohmann::json> Overdue(const nlohmann::json& args, const Actor& actor, Date today);
  Result<nlohmann::json> Stats(const Actor& actor, Date today);
  Result<nlohmann::json> Dashboard(const nlohmann::json& args, const Actor& actor, Date today);
  Result<nlohmann::json> Users(const nlohmann::json& args, const Actor& actor);
  // The protected list (store/protected_persons.h): who added each entry and when.
  Result<nlohmann::json> ProtectedList();
  // The provision ledger (store/provision_store.h), opened: each record shown is logged.
  Result<nlohmann::json> ProvisionList(const nlohmann::json& args);
  Result<nlohmann::json> DisposalList(const nlohmann::json& args, Date today);
  Result<nlohmann::json> AuditVerify(const nlohmann::json& args);
  Result<nlohmann::json> AuditExport(const nlohmann::json& args);
  Result<nlohmann::json> Report(const nlohmann::json& args, const Actor& actor, Date today);
  Result<nlohmann::json> Outbox(const nlohmann::json& args);
  Result<nlohmann::json> Letters(const nlohmann::json& args, const Actor& actor);
  Result<nlohmann::json> Letter(const nlohmann::json& args, const Actor& actor);
  Result<nlohmann::json> DisclosureExport(const nlohmann::json& args, const Actor& actor);
  Result<nlohmann::json> LetterContext(const nlohmann::json& args, const Actor& actor, Date today);
  Result<nlohmann::json> AccessLog(const nlohmann::json& args);
  // check_reason {text, id?}: the warnings of core/reason_lint.h about a text to be printed in a letter.
  Result<nlohmann::json> CheckReason(const nlohmann::json& args, const Actor& actor);
  // preview {id, event, data}: the letters the event would send, as text, without firing it.
  Result<nlohmann::json> Preview(const nlohmann::json& args, const Actor& actor, Timestamp now);
  // The requester's name in a list item: full (and recorded) when asked for
  // and MaySeePersonal, masked when MaySeeMaskedName, else none.
  Status AddNames(const std::vector<Request>& requests, bool full, const Actor& actor, nlohmann::json* items);
  void Accessed(const std::string& request_id, const char* what) { accessed_.push_back({"", "", "", "", request_id, what}); }
  // The request, when the actor may see it.
  Result<RequestDetail> VisibleDetail(const std::string& id, const Actor& actor);

  std::unique_ptr<RequestReader> reader_;
  const Workflow& workflow_;
  ReadSettings settings_;
  std::vector<PersonalAccess> accessed_;
};

// How many access-log rows access_log returns at most: the latest, oldest first.
inline constexpr int kAccessLogLimit = 1000;

// Business days counted ahead for "due soon" when the caller names none.
inline constexpr int kDefaultDueSoonBusinessDays = 3;
// How many returned letters and flagged duplicates stats and the dashboard list.
inline constexpr int kPostListLimit = 50;
// Weeks of received and closed requests the dashboard shows when asked for none.
inline constexpr int kDefaultDashboardWeeks = 12;

}  // namespace madoguchi
