// What a request ended with (Request::outcome, the `outcome` column, a decide
// event's `outcome`): an outcome a reviewer decided, or one of the two that
// close a request without a decision. Which outcomes a request type may be
// decided with, their words and their letters are the decision table's
// (decision_table.h); the wire names below are read from that table too
// (decision_table.cc, kOutcomeNames), so there is one list of them.
//
// The wire names are the API and the stored values: they never change
// meaning. Code compares Outcome values, never their names.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace madoguchi {

enum class Outcome {
  kFull,            // full: 全部応諾 (disclose, correct, stop, ... everything asked)
  kPartial,         // partial: 一部応諾
  kRefused,         // refused: 拒否
  kNotHeld,         // not_held: 不存在 (the society holds no such data)
  kAlternative,     // alternative: 代替措置 (Art. 35's proviso: another measure instead)
  kOtherProcedure,  // other_procedure: another law's procedure discloses it (Art. 33(4))
  kNeutral,         // neutral: neither confirms nor denies that the data exists
  kIdentityFailed,  // identity_failed: closed by reject_identity, without a decision
  kWithdrawn,       // withdrawn: closed by withdraw, without a decision
};

// The wire name ("partial"), and its inverse (nullopt for an unknown name).
std::string_view Name(Outcome v);
std::optional<Outcome> ParseOutcome(std::string_view name);

// Every outcome, in declaration order.
std::span<const Outcome> AllOutcomes();

// An Outcome in JSON is its wire name (never its number).
void to_json(nlohmann::json& j, Outcome v);

}  // namespace madoguchi
