#include "mail/audit_head_mail.h"

#include "core/civil_date.h"
#include "core/japanese_era.h"
#include "core/schema_validator.h"
#include "mail/mime_text.h"
#include "mail/worker_mail.h"

namespace madoguchi {

namespace {

Status Bad(const std::string& what) { return Status::InvalidArgument("audit head mail: " + what); }

bool IsHex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

bool IsAuditHeadMessage(const nlohmann::json& message) {
  return message.is_object() && message.value("mail", "") == "audit_head";
}

Result<OutgoingMail> PrepareAuditHeadMail(const nlohmann::json& m, const MailSettings& settings, Timestamp now) {
  if (Status s = CheckMailSettings(settings); !s.ok()) return s;
  if (!IsAuditHeadMessage(m)) return Bad("not an audit head message");
  const std::string key = m.value("reminder_id", "");
  if (!IsHeaderToken(key, 200)) return Bad("'reminder_id' must be 1 to 200 printable ASCII characters without spaces");
  if (!m.contains("count") || !m["count"].is_number_integer() || m["count"].get<int64_t>() < 0) {
    return Bad("'count' must be a number of records");
  }
  const int64_t count = m["count"].get<int64_t>();
  const std::string head = m.value("head", "");
  if (!IsHex64(head)) return Bad("'head' must be 64 hex digits");
  const std::string at = m.value("at", "");
  Result<Date> day = Date::Parse(at.substr(0, 10));
  if (!day.ok()) return Bad("'at' must be a JST time (RFC 3339)");
  const std::string line = m.value("line", "");
  // One line of printable ASCII: it is copied out of the mail as it is.
  bool printable = !line.empty() && line.size() <= 300;
  for (unsigned char c : line) printable = printable && c >= 0x20 && c < 0x7F;
  if (!printable) return Bad("'line' must be one line of printable ASCII");
  Result<std::vector<std::string>> to = MailRecipients(m, "audit head mail");
  if (!to.ok()) return to.status();
  // The message as the engine publishes it; the checks above are what makes a safe mail.
  if (Status s = SchemaValidator::Embedded("schemas/messages/audit-head.schema.json")
                     .Check(m, "audit head mail: the message", "(message)");
      !s.ok()) {
    return s;
  }

  const std::string subject = "【監査記録】本日の先頭 " + JapaneseEraDate(*day) + "（" + std::to_string(count) + "件）";
  std::string body =
      "監査記録（監査ログ・処理履歴・個人情報の閲覧記録をつなぐ鍵付きハッシュの連鎖）の、本日の先頭をお知らせします。\n"
      "次の1行を、窓口システムのサーバーの外（このメールのまま、または監事の手元のファイル）に保管してください。\n\n" +
      line + "\n\n" +
      "件数: " + std::to_string(count) + "\n" +
      "先頭のハッシュ: " + head + "\n" +
      "時刻: " + at + "\n\n" +
      "確かめ方:\n"
      "  madoguchi audit verify --expect-head " + std::to_string(count) + ":" + head + "\n"
      "保管した行をまとめたファイル（1行に1日分）で確かめる場合:\n"
      "  madoguchi audit verify --anchors ファイル名\n\n"
      "記録の件数がこの行の件数より少なくなっていたり、この位置のハッシュが違っていたりすれば、\n"
      "監査記録が削られたか書き換えられたことを示します。\n"
      "このメールは窓口システム（Madoguchi）が自動送信しています。返信には対応していません。\n"
      "通知番号: " + key + "\n";
  Result<std::string> message = ComposeWorkerMail(settings, *to, subject, key, body, now);
  if (!message.ok()) return message.status();
  return OutgoingMail{key, *to, std::move(message).value()};
}

}  // namespace madoguchi
