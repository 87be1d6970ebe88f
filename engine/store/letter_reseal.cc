#include "store/letter_reseal.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "util/private_file.h"
#include "store/letter_seal.h"

namespace madoguchi {

namespace {

namespace fs = std::filesystem;

Result<std::string> ReadBytes(const std::string& path, size_t limit = std::string::npos) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read the letter file " + path);
  if (limit == std::string::npos) return std::string((std::istreambuf_iterator<char>(in)), {});
  std::string head(limit, '\0');
  in.read(head.data(), static_cast<std::streamsize>(limit));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// The letter files of `dir` the scope takes, by name (sorted: a resumed run
// goes the same way).
Result<std::vector<std::string>> FilesInScope(const std::string& dir, const std::string& target_key_id,
                                              LetterScope scope) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec) || !IsLetterFileName(name)) continue;
    // The magic and the key id are the first 21 bytes.
    Result<std::string> head = ReadBytes(entry.path().string(), 32);
    if (!head.ok()) return head.status();
    std::optional<std::string> key_id = SealedLetterKeyId(*head);
    bool take = scope == LetterScope::kClear ? !key_id : key_id != target_key_id;
    if (take) out.push_back(name);
  }
  if (ec) return Status::IoError("reading " + dir + ": " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

// Zeros over the `size` bytes of an open file, synced: what a clear letter's
// blocks held, once the sealed file has taken its name.
void OverwriteWithZeros(int fd, off_t size) {
  const std::string zeros(64 * 1024, '\0');
  off_t done = 0;
  while (done < size) {
    size_t n = static_cast<size_t>(std::min<off_t>(size - done, static_cast<off_t>(zeros.size())));
    ssize_t w = ::pwrite(fd, zeros.data(), n, done);
    if (w <= 0) break;
    done += w;
  }
  ::fdatasync(fd);
}

// Seals one file under `target`, in place.
Status SealOne(const std::string& dir, const std::string& name, PersonalVault& vault, const DataKey& target,
               std::vector<std::string>* problems) {
  const std::string path = dir + "/" + name;
  Result<std::string> bytes = ReadBytes(path);
  if (!bytes.ok()) return bytes.status();
  Result<std::string> letter = OpenLetterFile(vault, name, *bytes);
  if (!letter.ok()) {
    if (letter.status().code() != Status::Code::kCorruption) return letter.status();
    problems->push_back(letter.status().message());
    return Status::Ok();
  }
  const bool clear = !SealedLetterKeyId(*bytes);
  // Held across the rename: the clear file's blocks are still ours to overwrite.
  int old_fd = clear ? ::open(path.c_str(), O_WRONLY | O_CLOEXEC) : -1;
  Status written = WriteFileAtomically(path, SealLetter(target, name, *letter), 0600);
  if (old_fd >= 0) {
    if (written.ok()) OverwriteWithZeros(old_fd, static_cast<off_t>(bytes->size()));
    ::close(old_fd);
  }
  return written;
}

}  // namespace

Result<int64_t> CountLetterFiles(const std::string& dir, const std::string& target_key_id, LetterScope scope) {
  Result<std::vector<std::string>> files = FilesInScope(dir, target_key_id, scope);
  if (!files.ok()) return files.status();
  return static_cast<int64_t>(files->size());
}

Result<int64_t> SealLetterFiles(const std::string& dir, PersonalVault& vault, const DataKey& target, LetterScope scope,
                                const ResealProgress& progress, std::vector<std::string>* problems) {
  Result<std::vector<std::string>> files = FilesInScope(dir, target.id, scope);
  if (!files.ok()) return files.status();
  const int64_t total = static_cast<int64_t>(files->size());
  int64_t done = 0;
  int64_t sealed = 0;
  for (const std::string& name : *files) {
    const size_t problems_before = problems->size();
    if (Status s = SealOne(dir, name, vault, target, problems); !s.ok()) return s;
    if (problems->size() == problems_before) ++sealed;
    ++done;
    if (progress && (done % 100 == 0 || done == total)) progress(done, total);
  }
  return sealed;
}

}  // namespace madoguchi
