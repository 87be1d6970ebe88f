// MailSettings: who the reminder mails come from and how they leave — into a
// Maildir (the default: DATA/maildir, read by the desk's mail tool or
// delivered onwards by the system's MTA) or over SMTP to a relay.
//
// Plain data, filled by the reminder worker from its configuration; the
// composer and the deliveries check what they use and say what is wrong.
#pragma once

#include <chrono>
#include <string>

namespace madoguchi {

struct SmtpSettings {
  // "smtp://host:port" (STARTTLS, see starttls) or "smtps://host:port" (TLS
  // from the first byte). No user or password in the URL: use the fields.
  std::string url;
  // Empty: no AUTH. Sent only over TLS (smtps://, or smtp:// with starttls).
  std::string user;
  std::string password;
  // For smtp:// URLs: true requires STARTTLS and fails when the server does
  // not offer it; false speaks plain text (only for a relay on this machine).
  bool starttls = true;
  // Envelope sender (MAIL FROM); empty: MailSettings::from_address.
  std::string mail_from;
  // The whole conversation, connect included, must finish within this.
  std::chrono::milliseconds timeout{30000};
  // Folder (created with mode 0700) that records which reminders were sent,
  // so that the same reminder twice is sent once. Required.
  std::string record_dir;
};

struct MailSettings {
  enum class Transport { kMaildir, kSmtp };

  // The desk's address, e.g. "madoguchi@kenpo.example.jp" (plain addr-spec).
  std::string from_address;
  // Its display name, e.g. "デクセリアルズ健康保険組合 個人情報窓口" (UTF-8;
  // encoded per RFC 2047 in the From header). May be empty.
  std::string from_name;
  // Right-hand side of Message-IDs; empty: the domain of from_address.
  std::string message_id_domain;

  Transport transport = Transport::kMaildir;
  // The Maildir (its tmp/, new/ and cur/ are created, mode 0700).
  std::string maildir;
  SmtpSettings smtp;
};

}  // namespace madoguchi
