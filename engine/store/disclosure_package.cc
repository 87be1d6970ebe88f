#include "store/disclosure_package.h"

#include <cstdio>
#include <memory>

#include <sodium.h>
#include <zip.h>

namespace madoguchi {

namespace {

std::string ZipErrorText(zip_error_t* error) {
  std::string text = zip_error_strerror(error);
  zip_error_fini(error);
  return text;
}

}  // namespace

std::string PackagePassword() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  constexpr uint32_t kSize = sizeof(kAlphabet) - 1;
  std::string out;
  for (int i = 0; i < 16; ++i) out += kAlphabet[randombytes_uniform(kSize)];
  return out;
}

Result<std::string> MakeEncryptedZip(const std::vector<PackageEntry>& entries, const std::string& password) {
  if (entries.empty()) return Status::InvalidArgument("a package needs at least one file");
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return Status::IoError("making the package: " + ZipErrorText(&error));
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return Status::IoError("making the package: " + ZipErrorText(&error));
  }
  zip_source_keep(buffer);  // read back after zip_close
  auto fail = [&](const std::string& what) -> Status {
    std::string message = "making the package: " + what + ": " + zip_strerror(archive);
    zip_discard(archive);
    zip_source_free(buffer);
    return Status::IoError(message);
  };
  for (const PackageEntry& e : entries) {
    // The entries' bytes live in `entries` until zip_close has read them.
    zip_source_t* file = zip_source_buffer(archive, e.bytes.data(), e.bytes.size(), 0);
    if (file == nullptr) return fail(e.name);
    zip_int64_t index = zip_file_add(archive, e.name.c_str(), file, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(file);
      return fail(e.name);
    }
    if (zip_file_set_encryption(archive, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256, password.c_str()) != 0) {
      return fail(e.name + " (AES-256)");
    }
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), 946684800, 0);
  }
  if (zip_close(archive) != 0) return fail("writing");
  std::string out;
  if (zip_source_open(buffer) != 0) {
    zip_source_free(buffer);
    return Status::IoError("reading the package back");
  }
  char chunk[65536];
  for (zip_int64_t n; (n = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) out.append(chunk, static_cast<size_t>(n));
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (out.empty()) return Status::IoError("the package came out empty");
  return out;
}

}  // namespace madoguchi
