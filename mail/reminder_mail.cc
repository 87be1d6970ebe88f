#include "mail/reminder_mail.h"

#include <optional>
#include <vector>

#include "core/civil_date.h"
#include "core/japanese_era.h"
#include "core/schema_validator.h"
#include "mail/mime_text.h"
#include "mail/worker_mail.h"

namespace madoguchi {

namespace {

using nlohmann::json;

// Identifiers go into headers as they are; 200 characters is far above any
// id the engine makes and far below the 998-character line limit.
constexpr std::size_t kMaxIdLength = 200;
constexpr std::size_t kMaxLabelBytes = 200;

// A reminder message after its fields were checked.
struct Reminder {
  std::string reminder_id;
  std::string request_id;
  std::string type;
  std::string type_ja;
  std::string state;
  std::string state_ja;
  Date due;
  int days_left = 0;
  std::optional<int> business_days_left;
  std::string stage;  // "before", "due" or "overdue"
  std::string consultation;  // a consultation's due day, when the reminder is about one
  bool consultation_passed = false;  // its reply deadline has passed with no answer
  bool escalated = false;
  std::vector<std::string> to;  // plain addresses, each once
};

constexpr std::string_view kReminderSchema = "schemas/messages/reminder.schema.json";

Status Bad(const std::string& what) { return Status::InvalidArgument("reminder mail: " + what); }

Result<std::string> StringField(const json& j, const char* name) {
  if (!j.contains(name) || !j[name].is_string()) return Bad(std::string("'") + name + "' is missing or not a string");
  return j[name].get<std::string>();
}

Result<std::string> IdField(const json& j, const char* name) {
  Result<std::string> s = StringField(j, name);
  if (s.ok() && !IsHeaderToken(*s, kMaxIdLength)) {
    return Bad(std::string("'") + name + "' must be 1 to 200 printable ASCII characters without spaces");
  }
  return s;
}

// Japanese labels: valid UTF-8, one line, no control characters.
Result<std::string> LabelField(const json& j, const char* name) {
  Result<std::string> s = StringField(j, name);
  if (!s.ok()) return s;
  bool ok = !s->empty() && s->size() <= kMaxLabelBytes && IsValidUtf8(*s);
  for (unsigned char c : *s) ok = ok && c >= 0x20 && c != 0x7F;
  if (!ok) return Bad(std::string("'") + name + "' must be one line of UTF-8 text (at most 200 bytes)");
  return s;
}

Result<int> IntField(const json& j, const char* name) {
  if (!j.contains(name) || !j[name].is_number_integer()) return Bad(std::string("'") + name + "' must be an integer");
  return j[name].get<int>();
}

// Reads the fields a mail needs; the first problem found is the error.
Result<Reminder> ParseReminder(const json& j) {
  if (!j.is_object()) return Bad("the reminder is not a JSON object");
  Reminder r;
  for (auto [field, name] : {std::pair{&r.reminder_id, "reminder_id"}, std::pair{&r.request_id, "request_id"},
                             std::pair{&r.type, "type"}, std::pair{&r.state, "state"}}) {
    Result<std::string> s = IdField(j, name);
    if (!s.ok()) return s.status();
    *field = *s;
  }
  for (auto [field, name] : {std::pair{&r.type_ja, "type_ja"}, std::pair{&r.state_ja, "state_ja"}}) {
    Result<std::string> s = LabelField(j, name);
    if (!s.ok()) return s.status();
    *field = *s;
  }
  Result<std::string> due = StringField(j, "due_date");
  if (!due.ok()) return due.status();
  Result<Date> due_date = Date::Parse(*due);
  if (!due_date.ok()) return Bad("'due_date': " + due_date.status().message());
  r.due = *due_date;
  Result<int> days = IntField(j, "days_left");
  if (!days.ok()) return days.status();
  r.days_left = *days;
  if (j.contains("business_days_left")) {
    Result<int> business = IntField(j, "business_days_left");
    if (!business.ok()) return business.status();
    r.business_days_left = *business;
  }
  Result<std::string> stage = StringField(j, "stage");
  if (!stage.ok()) return stage.status();
  r.stage = *stage;  // one of the schema's stages (PrepareReminderMail)
  if (j.contains("escalated") && !j["escalated"].is_boolean()) return Bad("'escalated' must be true or false");
  r.escalated = j.value("escalated", false);
  if (j.contains("consultation") && j["consultation"].is_object()) {
    r.consultation = "照会" + std::to_string(j["consultation"].value("number", 0)) + "（回答期限 " +
                     j["consultation"].value("due_date", "") + "）";
    r.consultation_passed = j["consultation"].value("passed", false);
  }
  Result<std::vector<std::string>> to = MailRecipients(j, "reminder mail");
  if (!to.ok()) return to.status();
  r.to = *to;
  return r;
}

std::string Subject(const Reminder& r) {
  std::string head;
  std::string tail;
  if (r.stage == "before") {
    head = r.business_days_left ? "【期限まで" + std::to_string(*r.business_days_left) + "営業日】"
                                : "【期限まであと" + std::to_string(r.days_left) + "日】";
    tail = "（あと" + std::to_string(r.days_left) + "日）";
  } else if (r.stage == "due") {
    head = "【本日期限】";
    tail = "（本日）";
  } else {
    head = "【期限超過】";
    tail = "（" + std::to_string(-r.days_left) + "日超過）";
  }
  if (!r.consultation.empty()) {
    // The stage is the consultation's; the request's own due date is counted as it stands.
    head = r.consultation_passed ? "【照会回答期限経過】" : "【照会回答期限】";
    tail = r.days_left >= 0 ? "（あと" + std::to_string(r.days_left) + "日）"
                            : "（" + std::to_string(-r.days_left) + "日超過）";
  }
  return head + r.request_id + " " + r.type_ja + " — 期限 " + JapaneseEraDate(r.due) + tail;
}

std::string BusinessDays(const Reminder& r, int sign) {
  if (!r.business_days_left) return "";
  return "（" + std::to_string(sign * *r.business_days_left) + "営業日）";
}

std::string RemainingLine(const Reminder& r) {
  if (!r.consultation.empty()) {
    return r.days_left >= 0 ? "期限まで: あと" + std::to_string(r.days_left) + "日" + BusinessDays(r, 1)
                            : "期限超過: " + std::to_string(-r.days_left) + "日" + BusinessDays(r, -1);
  }
  if (r.stage == "before") return "期限まで: あと" + std::to_string(r.days_left) + "日" + BusinessDays(r, 1);
  if (r.stage == "due") return "期限まで: 本日が期限です";
  return "期限超過: " + std::to_string(-r.days_left) + "日" + BusinessDays(r, -1);
}

std::string Body(const Reminder& r) {
  std::string headline = r.stage == "before" ? "期限が近づいている請求があります。"
                         : r.stage == "due"  ? "本日が期限の請求があります。"
                                             : "期限を過ぎている請求があります。";
  if (!r.consultation.empty()) headline = "医療機関への照会の回答期限が来ています。回答を確認してください。";
  if (r.consultation_passed) {
    headline = "医療機関への照会の回答期限を過ぎましたが、回答が記録されていません。回答が届いていなければ"
               "「回答なし」を記録し、組合として開示の可否を判断してください。";
  }
  std::string text = headline + "\n\n";
  text += "請求番号: " + r.request_id + "\n";
  text += "請求の種類: " + r.type_ja + "（" + r.type + "）\n";
  text += "現在の状態: " + r.state_ja + "（" + r.state + "）\n";
  text += "期限: " + r.due.ToIso() + "（" + JapaneseEraDate(r.due) + "）\n";
  text += RemainingLine(r) + "\n";
  if (!r.consultation.empty()) text += "医療機関への照会: " + r.consultation + "\n";
  if (r.escalated) text += "\nこの通知は期限を過ぎているため、管理者の皆さまにも送信しています。\n";
  text += "\n窓口システムで請求番号 " + r.request_id + " を開き、対応を進めてください。\n";
  text += "このメールは窓口システム（Madoguchi）が自動送信しています。返信には対応していません。\n";
  text += "通知番号: " + r.reminder_id + "\n";
  return text;
}

}  // namespace

Result<std::string> ComposeReminderMail(const nlohmann::json& reminder, const MailSettings& settings,
                                        Timestamp now) {
  Result<OutgoingMail> mail = PrepareReminderMail(reminder, settings, now);
  if (!mail.ok()) return mail.status();
  return std::move(mail->message);
}

Result<OutgoingMail> PrepareReminderMail(const nlohmann::json& reminder, const MailSettings& settings,
                                         Timestamp now) {
  if (Status s = CheckMailSettings(settings); !s.ok()) return s;
  Result<Reminder> r = ParseReminder(reminder);
  if (!r.ok()) return r.status();
  // The reminder as the engine publishes it (its ids, state and type are the
  // engine's, its stage one of three); ParseReminder above checked what makes a
  // mail safe, which the schema cannot say, with the mail's own messages.
  if (Status s = SchemaValidator::Embedded(kReminderSchema).Check(reminder, "reminder mail: the reminder", "(reminder)");
      !s.ok()) {
    return s;
  }
  Result<std::string> message = ComposeWorkerMail(settings, r->to, Subject(*r), r->reminder_id, Body(*r), now);
  if (!message.ok()) return message.status();
  return OutgoingMail{r->reminder_id, r->to, std::move(message).value()};
}

}  // namespace madoguchi
