// DeskRules: the society's rules for who may ask with which documents, what it
// charges, how long it keeps receipts and gives medical institutions to answer
// (config/identity-documents.json and config/fees.json, each checked against
// its schema in schemas/), and the reasons' 例文 (reason_phrases.h). Pure: no
// I/O beyond the embedded defaults.
//
// Contracts:
//  - MissingDocuments() returns, in the checklist's order, the label of every
//    requirement of the relation that no document seen satisfies (one of its
//    kinds, of the right person, issued at most max_age_days before `today`);
//    empty when identity may be verified.
//  - FeeFor() is zero for request types that may not be charged (Art. 38:
//    never for correction or suspension).
//  - CheckFeesPublished() refuses a fee above zero that the society's notice
//    does not state (a fee must be published beforehand).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/business_calendar.h"
#include "core/civil_date.h"
#include "core/reason_phrases.h"
#include "util/status.h"
#include "core/workflow_table.h"

namespace madoguchi {

struct DocumentRequirement {
  std::string label;               // Japanese, shown to staff and in refusals
  std::string of;                  // requester | agent
  std::vector<std::string> kinds;  // any one of these
  std::optional<int> max_age_days;
  std::vector<std::string> channels;  // empty: every channel
  std::vector<std::string> or_two_of;  // or two of different kinds from these (no photo: two are needed)
};

struct FeeSchedule {
  int per_request = 0;
  int per_page = 0;
  int per_pages = 1;
  int postage = 0;
  bool per_page_electronic = false;  // per_page also for an electronic record
  bool charges() const { return per_request > 0 || per_page > 0 || postage > 0; }
};

// A fee as charged (Art. 38), part by part, as the letter prints it.
struct FeeCharge {
  int per_request = 0;
  int page_blocks = 0;  // started blocks of per_pages pages charged
  int per_page = 0;     // yen per block
  int per_pages = 1;
  int postage = 0;
  int total() const { return per_request + page_blocks * per_page + postage; }
};

class DeskRules {
 public:
  static Result<DeskRules> FromJson(const nlohmann::json& identity_documents, const nlohmann::json& fees);
  // The shipped defaults (config/identity-documents.json, config/fees.json).
  static const DeskRules& Default();

  // Relation wire names: insured, dependent, legal_representative, voluntary_agent, bereaved_family.
  static bool IsRelation(std::string_view relation);
  std::string RelationName(const std::string& relation) const;  // Japanese

  std::vector<std::string> MissingDocuments(const std::string& relation, const std::string& channel,
                                            const nlohmann::json& documents, Date today) const;

  // The fee of a decision that gives data, by how it goes (respond.method):
  // per_request, per_page for each started block of per_pages pages of paper
  // copies (post, counter; electronic only with per_page_electronic; never
  // viewing), postage when it goes by post. Zero for types that may not be
  // charged (Art. 38: never correction or suspension).
  FeeCharge FeeFor(RequestType type, int pages, const std::string& method) const;
  // Days from the letter to the fee's due date, and how to pay (config/fees.json).
  int payment_days() const { return payment_days_; }
  const nlohmann::json& payment() const { return payment_; }
  // Ok when every fee above zero is published (Art. 32(1)(iii)): `notice` (the
  // society's public notice) mentions 手数料 and each amount charged per
  // request ("300円" or "1,000円"); InvalidArgument naming the fee otherwise.
  Status CheckFeesPublished(const std::string& notice) const;
  bool charges_fees() const;

  // The 例文 and the reason check's word lists (config/reason-phrases.json,
  // or the data folder's `reason_phrases`).
  const ReasonPhrases& reason_phrases() const { return reason_phrases_; }
  void set_reason_phrases(ReasonPhrases phrases) { reason_phrases_ = std::move(phrases); }

  // The day by which the requester is asked to send what request_documents
  // (its data) asks for: its respond_by, else `asked_on` + respond_within_days
  // (config/identity-documents.json, default 14) moved to the next business day.
  Date RespondBy(const nlohmann::json& request_documents, Date asked_on, const BusinessCalendar& calendar) const;
  int respond_within_days() const { return respond_within_days_; }

  int receipt_retention_years() const { return receipt_retention_years_; }
  int consultation_days() const { return consultation_days_; }
  // Calendar days from the decision letter until which data disclosed at the
  // counter or by viewing is kept for the person to collect (the pick-up
  // deadline; society.disclosure.counter.pickup_days in madoguchi.json, which
  // the letter prints; default 30). disclosure_uncollected only after it.
  int pickup_days() const { return pickup_days_; }
  void set_pickup_days(int days) { pickup_days_ = days; }

 private:
  struct RelationRules {
    std::string name;
    std::vector<DocumentRequirement> required;
  };
  std::map<std::string, RelationRules> relations_;
  std::map<RequestType, FeeSchedule> fees_;
  int receipt_retention_years_ = 5;
  int consultation_days_ = 14;
  int respond_within_days_ = 14;
  int payment_days_ = 30;
  int pickup_days_ = 30;
  nlohmann::json payment_ = nlohmann::json::object();
  ReasonPhrases reason_phrases_ = ReasonPhrases::Default();
};

}  // namespace madoguchi
