// RequestWriter, what a disclosure hands over (issue 17): the files attached
// (disclosure_attach) and the encrypted package of an electronic disclosure
// (disclosure_package), each kept sealed in the letters folder under its
// SHA-256 (store/letter_seal.h, LetterArchive::Keep) and recorded in the
// request's delivery and its history row, in the event's transaction; the
// package's password kept sealed for its letter (store/disclosure_package.h).
#include <algorithm>
#include <cstdio>

#include "core/letter_plan.h"
#include "core/utf8.h"
#include "util/base64.h"
#include "util/sha256.h"
#include "store/database.h"
#include "store/disclosure_package.h"
#include "store/personal_vault.h"
#include "store/record_seal.h"
#include "commands/request_writer.h"

namespace madoguchi {

namespace {

std::string ExtensionOf(const std::string& media_type) { return media_type == "application/pdf" ? "pdf" : "csv"; }

// What the package calls a file: the request and its number, nothing personal.
std::string EntryName(const std::string& request_id, const DisclosedFile& f) {
  char n[8];
  std::snprintf(n, sizeof n, "%02d", f.n);
  return request_id + "-" + n + "." + ExtensionOf(f.media_type);
}

}  // namespace

Status RequestWriter::AttachDisclosureFile(Request* next, const nlohmann::json& data, nlohmann::json* history) {
  const std::string media_type = data.at("media_type").get<std::string>();
  Result<std::string> bytes = Base64Decode(data.at("content_base64").get<std::string>());
  if (!bytes.ok()) return Status::InvalidArgument("data of 'disclosure_attach' is invalid: content_base64: " + bytes.status().message());
  if (bytes->empty() || static_cast<int64_t>(bytes->size()) > kMaxDisclosedFileBytes) {
    return Status::InvalidArgument("data of 'disclosure_attach' is invalid: content_base64: a file of " +
                                   std::to_string(bytes->size()) + " bytes; one file holds 1 to " +
                                   std::to_string(kMaxDisclosedFileBytes) + " bytes");
  }
  if (media_type == "application/pdf" && bytes->rfind("%PDF-", 0) != 0) {
    return Status::InvalidArgument("data of 'disclosure_attach' is invalid: content_base64: not a PDF (it does not start with %PDF-)");
  }
  if (media_type == "text/csv" && (!IsValidUtf8(*bytes) || bytes->find('\0') != std::string::npos)) {
    return Status::InvalidArgument("data of 'disclosure_attach' is invalid: content_base64: a CSV is UTF-8 text");
  }
  const std::string sha256 = Sha256Hex(*bytes);
  Delivery& d = *next->delivery;
  if (std::any_of(d.files.begin(), d.files.end(), [&](const DisclosedFile& f) { return f.sha256 == sha256; })) {
    return Status::InvalidArgument("data of 'disclosure_attach' is invalid: request " + next->id +
                                   " has this file attached already (SHA-256 " + sha256 + ")");
  }
  if (Status s = letters_.Keep(sha256, ExtensionOf(media_type), *bytes); !s.ok()) return s;
  DisclosedFile file{static_cast<int>(d.files.size()) + 1, media_type, sha256, static_cast<int64_t>(bytes->size())};
  d.files.push_back(file);
  *history = {{"n", file.n}, {"media_type", file.media_type}, {"sha256", file.sha256}, {"bytes", file.bytes}};
  return Status::Ok();
}

Status RequestWriter::MakeDisclosurePackage(Request* next, Timestamp now, nlohmann::json* history) {
  Delivery& d = *next->delivery;
  std::vector<PackageEntry> entries;
  std::vector<int> numbers;
  for (const DisclosedFile& f : d.files) {
    Result<std::string> bytes = letters_.ReadFile(f.sha256, ExtensionOf(f.media_type));
    if (!bytes.ok()) return bytes.status();
    entries.push_back({EntryName(next->id, f), std::move(bytes).value()});
    numbers.push_back(f.n);
  }
  const std::string password = PackagePassword();
  Result<std::string> zip = MakeEncryptedZip(entries, password);
  if (!zip.ok()) return zip.status();
  const std::string sha256 = Sha256Hex(*zip);
  if (Status s = letters_.Keep(sha256, "zip", *zip); !s.ok()) return s;
  // The password waits, sealed, for its letter (the one the event plans,
  // core/letter_plan.h); the letter's ack deletes it (AckLetter).
  const std::string letter_id = LetterId(next->id, "package_password_notice", next->version);
  Result<DataKey> key = vault_->SealingKey(statements_);
  if (!key.ok()) return key.status();
  KeepPackagePassword(statements_, *key, letter_id, next->id, password);
  d.package = DisclosurePackage{sha256, static_cast<int64_t>(zip->size()), numbers, letter_id, JstDate(now)};
  *history = {{"sha256", sha256}, {"bytes", d.package->bytes}, {"files", numbers}, {"password_letter", letter_id}};
  return Status::Ok();
}

}  // namespace madoguchi
