#include "store/audit_anchor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace madoguchi {

namespace {

std::string MacText(int64_t n, const std::string& hash, const std::string& at, bool accept) {
  return "anchor " + std::to_string(n) + " " + hash + " " + at + " " + (accept ? "accept" : "head");
}

bool IsHex(std::string_view s, size_t size) {
  if (s.size() != size) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Writes all of `bytes` to `fd`.
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string HeadText(int64_t n, const std::string& hash) { return "record " + std::to_string(n) + " (" + hash + ")"; }

}  // namespace

std::string FormatAnchorLine(const ChainHead& head, const std::string& at, const DataKey& key, bool accept) {
  std::string line = std::to_string(head.count) + " " + head.hash + " " + at + " " + key.id + " " +
                     ChainMac(key, MacText(head.count, head.hash, at, accept));
  return accept ? line + " accept" : line;
}

Result<AnchorLine> ParseAnchorLine(std::string_view text, const ChainKeys& keys) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> words((std::istream_iterator<std::string>(in)), std::istream_iterator<std::string>());
  AnchorLine line;
  bool shaped = (words.size() == 5 || (words.size() == 6 && words[5] == "accept")) && IsHex(words[1], 64) &&
                IsHex(words[3], 16) && IsHex(words[4], 64) && !words[0].empty() &&
                words[0].find_first_not_of("0123456789") == std::string::npos && words[0].size() < 19;
  if (!shaped) return Status::InvalidArgument("not a head line (N HASH TIME KEYID MAC [accept])");
  line.n = std::stoll(words[0]);
  line.hash = words[1];
  line.at = words[2];
  line.key_id = words[3];
  line.mac = words[4];
  line.accept = words.size() == 6;
  Result<DataKey> key = keys(line.key_id);
  if (!key.ok()) return Status::Corruption("its key " + line.key_id + " is not in the data key file");
  if (ChainMac(*key, MacText(line.n, line.hash, line.at, line.accept)) != line.mac) {
    return Status::Corruption("its MAC does not hold: it was not written with this desk's data key");
  }
  return line;
}

Result<std::vector<AnchorLine>> ParseAnchorLines(std::string_view text, const std::string& name, const ChainKeys& keys) {
  std::vector<AnchorLine> lines;
  int line_no = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) break;  // torn by a crash mid-write: never a head
    std::string_view raw = text.substr(0, end);
    text.remove_prefix(end + 1);
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (raw.find_first_not_of(" \t") == std::string_view::npos || raw.front() == '#') continue;
    Result<AnchorLine> line = ParseAnchorLine(raw, keys);
    if (!line.ok()) {
      return Status::FromCodeName(line.status().code_name(),
                                  name + " line " + std::to_string(line_no) + ": " + line.status().message());
    }
    line->line_no = line_no;
    lines.push_back(std::move(line).value());
  }
  return lines;
}

Result<std::vector<AnchorLine>> ReadAnchorFile(const std::string& path, const ChainKeys& keys) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return Status::NotFound("no anchor file " + path);
    return Status::IoError("cannot read " + path);
  }
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return ParseAnchorLines(text, path, keys);
}

std::vector<AnchorLine> BindingLines(const std::vector<AnchorLine>& lines) {
  size_t from = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].accept) from = i;
  }
  return std::vector<AnchorLine>(lines.begin() + static_cast<long>(from), lines.end());
}

std::vector<ChainExpectation> AnchorExpectations(const std::vector<AnchorLine>& lines, const std::string& name) {
  std::vector<ChainExpectation> out;
  for (const AnchorLine& l : BindingLines(lines)) {
    out.push_back({l.n, l.hash, name + " line " + std::to_string(l.line_no) + " (" + l.at + ")"});
  }
  return out;
}

Status AppendAnchor(const std::string& path, const ChainHead& head, const DataKey& key, Timestamp now, bool accept) {
  const bool created = !std::filesystem::exists(path);
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("opening the anchor file " + path);
  std::string line = FormatAnchorLine(head, FormatJst(now), key, accept) + "\n";
  // A torn last line (a crash mid-write) gets its own line end first.
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    char last = '\n';
    if (::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n') line = "\n" + line;
  }
  Status s;
  if (!WriteAll(fd, line)) s = ErrnoStatus("writing the anchor file " + path);
  if (s.ok() && ::fdatasync(fd) != 0) s = ErrnoStatus("syncing the anchor file " + path);
  ::close(fd);
  if (s.ok() && created) {
    std::string folder = std::filesystem::path(path).parent_path().string();
    int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      if (::fsync(dir) != 0) s = ErrnoStatus("syncing " + folder);
      ::close(dir);
    }
  }
  return s;
}

Status CheckAnchor(SQLite::Database& db, const std::string& path, const ChainKeys& keys, const std::string& data_dir) {
  try {
    const ChainHead head = ReadChainHead(db);
    const std::string way_on =
        " If the database was put back from a backup on purpose, check it (madoguchi-engine audit-verify --data " +
        data_dir + ") and accept its head: madoguchi-engine audit-anchor --data " + data_dir + " --accept " +
        std::to_string(head.count) + ":" + head.hash + " --reason '...' (docs/audit.md). Otherwise keep this "
        "database and the anchor file as they are: they are the evidence.";
    Result<std::vector<AnchorLine>> lines = ReadAnchorFile(path, keys);
    if (!lines.ok()) {
      if (lines.status().code() != Status::Code::kNotFound) return lines.status();
      if (!ChainIsKeyed(db)) return Status::Ok();  // a database from before the anchor: it starts one
      return Status::Corruption("the anchor file " + path + " is missing, but the database's audit chain is keyed "
                                "(it ends at " + HeadText(head.count, head.hash) + "): the file was removed." + way_on);
    }
    std::optional<AnchorLine> top;
    for (const AnchorLine& l : BindingLines(*lines)) {
      if (!top || l.n > top->n) top = l;
    }
    if (!top) return Status::Ok();
    const std::string anchored = "the anchor file " + path + " recorded " + HeadText(top->n, top->hash) + " at " +
                                 top->at + " (line " + std::to_string(top->line_no) + ")";
    if (head.count < top->n) {
      return Status::Corruption("the database's audit chain ends at " + HeadText(head.count, head.hash) +
                                ", behind its anchor: " + anchored +
                                ". Records were cut, or an older copy of the database was put back." + way_on);
    }
    std::optional<std::string> there = ChainHashAt(db, top->n);
    if (!there || *there != top->hash) {
      return Status::Corruption("the database's audit chain is off its anchor: " + anchored + ", but the database holds " +
                                (there ? *there : std::string("nothing")) + " at record " + std::to_string(top->n) +
                                " (its head is " + HeadText(head.count, head.hash) +
                                "). The chain was rewritten, or another database was put here." + way_on);
    }
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("reading the audit chain: ") + e.what());
  }
}

}  // namespace madoguchi
