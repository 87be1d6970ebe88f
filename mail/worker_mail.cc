#include "mail/worker_mail.h"

#include <algorithm>

#include "mail/mime_text.h"
#include "util/sha256.h"

namespace madoguchi {

namespace {

// The domain of Message-IDs, after checking the sender settings.
Result<std::string> MessageIdDomain(const MailSettings& s) {
  if (!IsPlainAddress(s.from_address)) {
    return Status::InvalidArgument("mail settings: from_address '" + s.from_address + "' is not a plain address");
  }
  if (!s.from_name.empty() && (!IsValidUtf8(s.from_name) || s.from_name.find_first_of("\r\n") != std::string::npos)) {
    return Status::InvalidArgument("mail settings: from_name must be one line of UTF-8 text");
  }
  std::string domain = s.message_id_domain.empty() ? s.from_address.substr(s.from_address.rfind('@') + 1)
                                                   : s.message_id_domain;
  if (!IsPlainAddress("x@" + domain)) {
    return Status::InvalidArgument("mail settings: message_id_domain '" + domain + "' is not a domain");
  }
  return domain;
}

// The key may hold characters a msg-id may not (':' in "before:3"), so the
// id is a digest of it: stable, and unique for practical purposes.
std::string MessageId(const std::string& key, const std::string& domain) {
  return "<reminder." + Sha256Hex(key).substr(0, 32) + "@" + domain + ">";
}

std::string FromHeader(const MailSettings& s) {
  if (s.from_name.empty()) return "From: " + s.from_address + "\r\n";
  return "From: " + EncodeWords(s.from_name, std::string_view("From: ").size()) + "\r\n <" + s.from_address +
         ">\r\n";
}

std::string ToHeader(const std::vector<std::string>& to) {
  std::string out = "To: ";
  for (std::size_t i = 0; i < to.size(); ++i) out += (i == 0 ? "" : ",\r\n ") + to[i];
  return out + "\r\n";
}

}  // namespace

Status CheckMailSettings(const MailSettings& settings) { return MessageIdDomain(settings).status(); }

Result<std::vector<std::string>> MailRecipients(const nlohmann::json& message, const std::string& what) {
  auto bad = [&](const std::string& why) { return Status::InvalidArgument(what + ": " + why); };
  if (!message.contains("to") || !message["to"].is_array() || message["to"].empty()) {
    return bad("'to' must list at least one recipient");
  }
  std::vector<std::string> out;
  for (const nlohmann::json& r : message["to"]) {
    if (!r.is_object() || !r.contains("email") || !r["email"].is_string()) return bad("a recipient has no 'email'");
    const std::string address = r["email"].get<std::string>();
    if (!IsPlainAddress(address)) return bad("recipient address '" + address + "' is not a plain address");
    // A person may be named twice (an assignee who is also a manager): one copy each.
    if (std::find(out.begin(), out.end(), address) == out.end()) out.push_back(address);
  }
  return out;
}

Result<std::string> ComposeWorkerMail(const MailSettings& settings, const std::vector<std::string>& to,
                                      const std::string& subject, const std::string& key, const std::string& body,
                                      Timestamp now) {
  Result<std::string> domain = MessageIdDomain(settings);
  if (!domain.ok()) return domain.status();
  std::string m = FromHeader(settings);
  m += ToHeader(to);
  m += "Date: " + MailDate(now) + "\r\n";
  m += "Subject: " + EncodeWords(subject, std::string_view("Subject: ").size()) + "\r\n";
  m += "Message-ID: " + MessageId(key, *domain) + "\r\n";
  m += "X-Madoguchi-Reminder: " + key + "\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += "Content-Transfer-Encoding: base64\r\n";
  m += "\r\n";
  m += Base64Body(ToCrlf(body));
  return m;
}

}  // namespace madoguchi
