#include "mail/smtp_delivery.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <utility>

#include "mail/mime_text.h"

namespace madoguchi {

namespace {

// curl_global_init is not safe to race with other threads' first use of
// libcurl; do it once, before any handle exists. Never cleaned up: the
// process keeps libcurl until it exits.
void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* userdata) {
  auto* upload = static_cast<Upload*>(userdata);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// The scheme and the host[:port] of the URL; no user info allowed.
Status CheckUrl(const SmtpSettings& s) {
  const bool plain = s.url.starts_with("smtp://");
  const bool tls = s.url.starts_with("smtps://");
  if (!plain && !tls) return Status::InvalidArgument("smtp: url must start with smtp:// or smtps://, not '" + s.url + "'");
  const std::string_view rest = std::string_view(s.url).substr(plain ? 7 : 8);
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.empty()) return Status::InvalidArgument("smtp: url '" + s.url + "' names no host");
  if (authority.find('@') != std::string_view::npos) {
    return Status::InvalidArgument("smtp: put the user and password in the settings, not in the url");
  }
  if (!IsHeaderToken(s.url, 1000)) return Status::InvalidArgument("smtp: url has spaces or control characters");
  if (!s.user.empty() && plain && !s.starttls) {
    return Status::InvalidArgument("smtp: a password may not go over plain text: use smtps:// or starttls");
  }
  return Status::Ok();
}

// What went wrong, in words a person can act on, with the server's last reply
// code when there was one.
Status CurlStatus(CURLcode code, const char* detail, long reply, const std::string& url) {
  std::string msg = "smtp " + url + ": " + (detail[0] != '\0' ? detail : curl_easy_strerror(code));
  if (reply != 0) msg += " (server replied " + std::to_string(reply) + ")";
  // Not a switch: CURLcode has a hundred values, and every one not named here
  // is a failure the next attempt may not meet.
  if (code == CURLE_LOGIN_DENIED) return Status::PermissionDenied(msg);
  if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT) return Status::InvalidArgument(msg);
  return Status::Unavailable(msg);
}

}  // namespace

SmtpDelivery::SmtpDelivery(SmtpSettings smtp, DeliveryRecord record)
    : smtp_(std::move(smtp)), record_(std::move(record)) {}

Result<SmtpDelivery> SmtpDelivery::Open(const SmtpSettings& smtp, const std::string& default_mail_from) {
  Status s = CheckUrl(smtp);
  if (!s.ok()) return s;
  SmtpSettings settings = smtp;
  if (settings.mail_from.empty()) settings.mail_from = default_mail_from;
  if (!IsPlainAddress(settings.mail_from)) {
    return Status::InvalidArgument("smtp: envelope sender '" + settings.mail_from + "' is not a plain address");
  }
  if (settings.timeout.count() <= 0) return Status::InvalidArgument("smtp: timeout must be positive");
  if (settings.record_dir.empty()) return Status::InvalidArgument("smtp: record_dir is required");
  Result<DeliveryRecord> record = DeliveryRecord::Open(settings.record_dir);
  if (!record.ok()) return record.status();
  InitCurlOnce();
  return SmtpDelivery(std::move(settings), std::move(record).value());
}

Status SmtpDelivery::Send(const OutgoingMail& mail) const {
  std::unique_ptr<curl_slist, SlistDeleter> rcpt;
  for (const std::string& to : mail.recipients) {
    if (!IsPlainAddress(to)) return Status::InvalidArgument("smtp: recipient '" + to + "' is not a plain address");
    curl_slist* grown = curl_slist_append(rcpt.get(), ("<" + to + ">").c_str());
    if (grown == nullptr) return Status::IoError("smtp: out of memory");
    rcpt.release();
    rcpt.reset(grown);
  }
  if (!rcpt) return Status::InvalidArgument("smtp: a mail needs at least one recipient");
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::IoError("smtp: cannot start libcurl");
  CURL* c = curl.get();
  Upload upload{mail.message};
  char detail[CURL_ERROR_SIZE] = {};
  const std::string mail_from = "<" + smtp_.mail_from + ">";
  const long timeout_ms = static_cast<long>(smtp_.timeout.count());
  curl_easy_setopt(c, CURLOPT_URL, smtp_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.message.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM for timeouts
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
  if (smtp_.url.starts_with("smtp://")) {
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(smtp_.starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  }
  if (!smtp_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, smtp_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, smtp_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(c);
  if (code == CURLE_OK) return Status::Ok();
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  return CurlStatus(code, detail, reply, smtp_.url);
}

Result<DeliveryOutcome> SmtpDelivery::Deliver(const OutgoingMail& mail) {
  if (mail.key.empty()) return Status::InvalidArgument("smtp: a mail needs an idempotency key");
  Result<DeliveryRecord::Claim> claim = record_.Begin(mail.key);
  if (!claim.ok()) return claim.status();
  if (claim->done()) return DeliveryOutcome::kAlreadyDelivered;
  Status s = Send(mail);
  if (!s.ok()) return s;
  s = claim->MarkDone();
  if (!s.ok()) return Status::IoError("smtp: the mail was sent, but recording it failed: " + s.message());
  return DeliveryOutcome::kDelivered;
}

}  // namespace madoguchi
