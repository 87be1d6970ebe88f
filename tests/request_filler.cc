#include "request_filler.h"

#include "core/decision_table.h"
#include "protocol/random_token.h"
#include "store/personal_vault.h"
#include "store/user_store.h"

#include <random>

#include "test_support.h"

namespace madoguchi::testing {

namespace {

const Actor kClerk{"clerk1", Role::kClerk};
const Actor kManager{"manager1", Role::kManager};
const Actor kLetterWorker{"letters1", Role::kWorker};
constexpr int kReviewers = 6;  // reviewer1 .. reviewer6

// One event of a request's life, on a day counted from the plan's first day.
struct Step {
  int day = 0;
  Actor actor;
  Event event = Event::kNote;
  nlohmann::json data;
};

struct Life {
  std::string id;
  RequestType type = RequestType::kPurposeNotice;
  int64_t version = 1;
  std::vector<Step> steps;
  size_t next = 0;
};

// The decision a life drew ("full", or "partial" on some ground), in its
// type's terms (engine/core/decision_table.h): an outcome the type has, one of
// its grounds, the basis of a suspension; a correction item by item
// (SampleRecord asks for one item, so partial becomes refused).
nlohmann::json DecideFor(RequestType type, nlohmann::json data) {
  std::string outcome = data.value("outcome", "full");
  if (type == RequestType::kCorrection && outcome == "partial") outcome = "refused";
  if (!ParseOutcome(outcome) || FindOutcome(type, *ParseOutcome(outcome)) == nullptr) outcome = "refused";
  const OutcomeRule& rule = *FindOutcome(type, *ParseOutcome(outcome));
  data["outcome"] = outcome;
  data.erase("grounds");
  if (rule.grounds != GroundCount::kNone) data["grounds"] = {rule.allowed_grounds.front()};
  if (!RulesFor(type).bases.empty()) data["basis"] = RulesFor(type).bases.front().code;
  if (type == RequestType::kCorrection) {
    data["items"] = {{{"n", 1}, {"corrected", outcome == "full"}, {"reason", "事実と異なることを確認できないため"}}};
  }
  return data;
}

class LifeDrawer {
 public:
  explicit LifeDrawer(uint32_t seed) : rng_(seed) {}

  int Between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // The events of a request received on `day`, in order; steps past the
  // plan's last day simply have not happened yet.
  std::vector<Step> Draw(int day) {
    int t = day;
    std::vector<Step> steps;
    auto step = [&](int lo, int hi, const Actor& actor, Event e, nlohmann::json data) {
      t += Between(lo, hi);
      steps.push_back({t, actor, e, std::move(data)});
    };
    if (Chance(0.03)) {
      step(1, 3, kClerk, Event::kRejectIdentity, {{"reason", "本人確認書類の不備"}});
      return steps;
    }
    if (Chance(0.04)) {
      step(1, 15, kClerk, Event::kWithdraw, {{"reason", "本人より取下げの申出"}});
      return steps;
    }
    if (Chance(0.08)) {
      step(1, 2, kClerk, Event::kRequestDocuments, {{"missing", {"住民票"}}});
      step(2, 12, kClerk, Event::kDocumentsReceived, {{"received", {"住民票"}}});
    }
    step(1, 3, kClerk, Event::kVerifyIdentity,
         {{"method", "counter"}, {"documents", {{{"kind", "passport"}, {"issued", "2022-05-01"}}}}});
    const Actor reviewer{"reviewer" + std::to_string(Between(1, kReviewers)), Role::kReviewer};
    step(1, 2, kManager, Event::kAssign, {{"to", reviewer.user}});
    if (Chance(0.1)) {
      step(1, 3, reviewer, Event::kConsult, {{"institution", "中央病院"}, {"question", "開示の可否"}});
      step(2, 10, reviewer, Event::kConsultationDone, {{"institution", "中央病院"}, {"answer", "no_objection"}});
    }
    if (Chance(0.2)) {
      step(2, 10, reviewer, Event::kDecide,
           {{"outcome", "partial"}, {"grounds", {"harm"}}, {"reason", "第三者の情報を含む"}});
      step(1, 3, kManager, Event::kApprove, nlohmann::json::object());
    } else {
      step(2, 10, reviewer, Event::kDecide, {{"outcome", "full"}});
    }
    step(1, 2, reviewer, Event::kRespond, {{"method", "post"}});
    step(1, 2, kLetterWorker, Event::kLetterIssued, {{"letter_id", "L-fill"}, {"sha256", std::string(64, 'a')}});
    // A few are forgotten at some stage and stay open (and, in time, overdue).
    if (Chance(0.02)) steps.resize(static_cast<size_t>(Between(0, static_cast<int>(steps.size()) - 1)));
    return steps;
  }

  RequestType Type() {
    auto types = AllRequestTypes();
    return types[static_cast<size_t>(Between(0, static_cast<int>(types.size()) - 1))];
  }

 private:
  std::mt19937 rng_;
};

// Copy c of a request id: its number within the year moved up by c * span
// ("R2026-000042" -> "R2026-250042" for span 250000), so that it stays a
// valid id and never meets another request's.
std::string CopiedId(const char* column, int c, int span) {
  return std::string("substr(") + column + ", 1, 6) || printf('%06d', CAST(substr(" + column + ", 7) AS INTEGER) + " +
         std::to_string(c * span) + ")";
}

// The columns are those of migrations.cc; ids and unique keys get the copy's mark.
Status CopyRequests(SQLite::Database& db, PersonalVault& vault, int copies) {
  const int span = 1000000 / copies;
  return WithSqliteErrors("copying requests", [&]() -> Status {
    if (db.execAndGet("SELECT coalesce(max(CAST(substr(id, 7) AS INTEGER)), 0) FROM requests").getInt64() >= span) {
      return Status::InvalidArgument("too many requests in a year for " + std::to_string(copies) + " copies");
    }
    SQLite::Transaction txn(db);
    const std::string original = " < " + std::to_string(span);
    for (int c = 1; c < copies; ++c) {
      const std::string mark = "'#" + std::to_string(c) + "'";
      db.exec("INSERT INTO requests (" + std::string(kRequestColumns) + ") SELECT " + CopiedId("id", c, span) +
              ", type, state, version, categories, channel, disclosure_method, received_at, due_date, clock_stopped, "
              "assignee, decided_by, outcome, resume_state, deadline, idempotency_key || " + mark +
              ", created_at, updated_at, particulars, original_due_date, retention_until, legal_hold, disposed_at "
              "FROM requests WHERE CAST(substr(id, 7) AS INTEGER)" +
              original);
      const std::string of_original = " WHERE CAST(substr(request_id, 7) AS INTEGER)" + original;
      // Sealed records are bound to their request id: each copy is sealed anew.
      SQLite::Statement originals(db, "SELECT request_id, " + CopiedId("request_id", c, span) +
                                          " FROM personal_records" + of_original);
      std::vector<std::pair<std::string, std::string>> ids;
      while (originals.executeStep()) ids.emplace_back(originals.getColumn(0).getString(), originals.getColumn(1).getString());
      Result<DataKey> key = vault.SealingKey(db);
      if (!key.ok()) return key.status();
      for (const auto& [from, to] : ids) {
        Result<nlohmann::json> personal = LoadPersonal(db, vault, from);
        if (!personal.ok()) return personal.status();
        WriteSealedPersonal(db, *key, to, *personal);
      }
      db.exec("INSERT INTO history (request_id, version, at, actor, role, event, data, from_state, to_state) SELECT " +
              CopiedId("request_id", c, span) +
              ", version, at, actor, role, event, data, from_state, to_state FROM history" + of_original);
      db.exec("INSERT INTO outbox (request_id, kind, dedup_key, payload, created_at, available_at, attempts, "
              "lease_until, done_at, dead_at, last_error, leased_to) SELECT " +
              CopiedId("request_id", c, span) + ", kind, dedup_key || " + mark +
              ", payload, created_at, available_at, attempts, lease_until, done_at, dead_at, last_error, leased_to "
              "FROM outbox" + of_original);
      db.exec("INSERT INTO timers (request_id, kind, fire_on, fired_at, cancelled_at) SELECT " +
              CopiedId("request_id", c, span) + ", kind, fire_on, fired_at, cancelled_at FROM timers" + of_original);
    }
    txn.commit();
    return Status::Ok();
  });
}

}  // namespace

Status EnsureReviewers(SQLite::Database& db, const std::vector<std::string>& names) {
  UserStore users(db);
  for (const std::string& name : names) {
    Result<std::optional<User>> found = users.FindByName(name);
    if (!found.ok()) return found.status();
    if (found->has_value()) continue;
    User reviewer;
    reviewer.name = name;
    reviewer.role = Role::kReviewer;
    reviewer.public_key = RandomToken().substr(0, 40);
    reviewer.created_at = Now();
    if (Status s = users.Add(reviewer); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<FillStats> FillRequests(RequestWriter& store, const FillPlan& plan) {
  if (plan.requests < 0 || plan.days < 1 || plan.copies < 1) {
    return Status::InvalidArgument("a fill needs requests >= 0, days >= 1 and copies >= 1");
  }
  std::vector<std::string> reviewers;
  for (int n = 1; n <= kReviewers; ++n) reviewers.push_back("reviewer" + std::to_string(n));
  if (Status s = EnsureReviewers(store.db(), reviewers); !s.ok()) return s;
  LifeDrawer drawer(plan.seed);
  const Date first = plan.today.AddDays(1 - plan.days);
  std::vector<Life> lives(static_cast<size_t>(plan.requests));
  std::vector<std::vector<size_t>> due(static_cast<size_t>(plan.days));  // day -> lives whose next step is then
  auto schedule = [&](size_t i) {
    const Life& life = lives[i];
    if (life.next < life.steps.size() && life.steps[life.next].day < plan.days) {
      due[static_cast<size_t>(life.steps[life.next].day)].push_back(i);
    }
  };
  FillStats stats;
  size_t received = 0;
  for (int day = 0; day < plan.days; ++day) {
    std::vector<WriteCommand> batch;
    std::vector<size_t> owner;  // the life of each command
    for (size_t i : due[static_cast<size_t>(day)]) {
      const Life& life = lives[i];
      const Step& s = life.steps[life.next];
      WriteCommand c;
      c.kind = WriteCommand::Kind::kAdvance;
      c.actor = s.actor;
      c.id = life.id;
      c.event = {s.event, s.data, life.version};
      if (s.event == Event::kDecide) c.event.data = DecideFor(life.type, s.data);
      batch.push_back(std::move(c));
      owner.push_back(i);
    }
    // Arrivals spread evenly: request k arrives on day k * days / requests.
    const auto arrived = static_cast<size_t>(static_cast<int64_t>(day + 1) * plan.requests / plan.days);
    for (; received < arrived; ++received) {
      WriteCommand c;
      c.kind = WriteCommand::Kind::kIntake;
      c.actor = kClerk;
      c.record = SampleRecord(std::string(Name(drawer.Type())),
                              "fill-" + std::to_string(plan.seed) + "-" + std::to_string(received));
      // One person a request, as at a real desk: duplicates are the exception.
      c.record["requester"]["insured_number"] = std::to_string(100000 + received);
      batch.push_back(std::move(c));
      owner.push_back(received);
    }
    const Timestamp now = JstStartOfDay(first.AddDays(day)) + std::chrono::hours(10);
    std::vector<WriteResult> results = store.ApplyBatch(batch, now);
    for (size_t j = 0; j < results.size(); ++j) {
      const Status& s = results[j].status;
      if (!s.ok()) {
        return Status::FromCodeName(s.code_name(), "filling " + first.AddDays(day).ToIso() + ": " + s.message());
      }
      Life& life = lives[owner[j]];
      if (batch[j].kind == WriteCommand::Kind::kIntake) {
        life.id = results[j].request.id;
        life.type = results[j].request.type;
        life.steps = drawer.Draw(day);
        ++stats.requests;
      } else {
        life.version = results[j].request.version;
        ++life.next;
      }
      schedule(owner[j]);
    }
    stats.commands += static_cast<int64_t>(results.size());
  }
  if (plan.copies > 1) {
    if (Status s = CopyRequests(store.db(), store.vault(), plan.copies); !s.ok()) return s;
    stats.requests *= plan.copies;
  }
  return stats;
}

}  // namespace madoguchi::testing
