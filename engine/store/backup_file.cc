#include "store/backup_file.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace madoguchi {

namespace {

constexpr char kMagic[8] = {'M', 'A', 'D', 'O', 'B', 'A', 'K', '\n'};
constexpr size_t kKeyIdBytes = 16;
constexpr size_t kHeaderBytes = sizeof kMagic + 4 + kKeyIdBytes + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
// Plaintext per chunk: large enough that the 4 + 17 bytes of framing and the
// per-chunk cost do not matter, small enough to stream.
constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kMaxCipherChunk = kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr size_t kMaxNameBytes = 4096;

void PutBigEndian(std::string* out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t GetBigEndian(const std::string& in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(in[at + static_cast<size_t>(i)]);
  return v;
}

void InitSodium() {
  // sodium_init is thread-safe and idempotent; < 0 means no random source.
  if (sodium_init() < 0) std::abort();
}

const unsigned char* Bytes(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

// ---- BackupWriter ----

BackupWriter::BackupWriter(std::FILE* file, std::string header)
    : file_(file), header_(std::move(header)), state_(crypto_secretstream_xchacha20poly1305_statebytes()) {}

BackupWriter::~BackupWriter() { sodium_memzero(state_.data(), state_.size()); }

Result<std::unique_ptr<BackupWriter>> BackupWriter::Start(std::FILE* file, const DataKey& key) {
  InitSodium();
  if (key.id.size() != kKeyIdBytes) return Status::InvalidArgument("data key id '" + key.id + "' is not 16 characters");
  std::array<uint8_t, 32> subkey = key.Subkey(KeyPurpose::kSealBackup);
  std::string header(kMagic, sizeof kMagic);
  PutBigEndian(&header, kBackupFormatVersion, 4);
  header += key.id;
  unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  std::unique_ptr<BackupWriter> w(new BackupWriter(file, ""));
  auto* state = reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(w->state_.data());
  int rc = crypto_secretstream_xchacha20poly1305_init_push(state, stream_header, subkey.data());
  sodium_memzero(subkey.data(), subkey.size());
  if (rc != 0) return Status::IoError("cannot start the backup's encryption");
  header.append(reinterpret_cast<const char*>(stream_header), sizeof stream_header);
  w->header_ = header;
  if (std::fwrite(header.data(), 1, header.size(), file) != header.size()) return ErrnoStatus("writing the backup");
  return w;
}

Status BackupWriter::PushChunk(bool final) {
  std::string cipher(buffer_.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  unsigned long long cipher_len = 0;
  auto* state = reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(state_.data());
  if (crypto_secretstream_xchacha20poly1305_push(
          state, reinterpret_cast<unsigned char*>(cipher.data()), &cipher_len, Bytes(buffer_), buffer_.size(),
          Bytes(header_), header_.size(),
          final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) != 0) {
    return Status::IoError("cannot seal a backup chunk");
  }
  sodium_memzero(buffer_.data(), buffer_.size());
  buffer_.clear();
  std::string frame;
  PutBigEndian(&frame, cipher_len, 4);
  if (std::fwrite(frame.data(), 1, frame.size(), file_) != frame.size() ||
      std::fwrite(cipher.data(), 1, cipher_len, file_) != cipher_len) {
    return ErrnoStatus("writing the backup");
  }
  return Status::Ok();
}

Status BackupWriter::Append(const char* data, size_t n) {
  while (n > 0) {
    size_t take = std::min(n, kChunkBytes - buffer_.size());
    buffer_.append(data, take);
    data += take;
    n -= take;
    plaintext_bytes_ += take;
    // A full buffer is sealed at once; Finish seals what is left (possibly
    // nothing) as the final chunk.
    if (buffer_.size() == kChunkBytes) {
      if (Status s = PushChunk(false); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

Status BackupWriter::BeginEntry(const std::string& name, uint64_t size) {
  if (finished_) return Status::InvalidArgument("the backup is finished already");
  if (name.empty() || name.size() > kMaxNameBytes) return Status::InvalidArgument("bad entry name '" + name + "'");
  std::string head;
  PutBigEndian(&head, name.size(), 2);
  head += name;
  PutBigEndian(&head, size, 8);
  return Append(head.data(), head.size());
}

Status BackupWriter::AddBytes(const std::string& name, const std::string& bytes) {
  if (Status s = BeginEntry(name, bytes.size()); !s.ok()) return s;
  return Append(bytes.data(), bytes.size());
}

Status BackupWriter::AddFile(const std::string& name, const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!in) return ErrnoStatus("opening " + path);
  if (std::fseek(in.get(), 0, SEEK_END) != 0) return ErrnoStatus("reading " + path);
  long size = std::ftell(in.get());
  if (size < 0 || std::fseek(in.get(), 0, SEEK_SET) != 0) return ErrnoStatus("reading " + path);
  if (Status s = BeginEntry(name, static_cast<uint64_t>(size)); !s.ok()) return s;
  std::string buf(kChunkBytes, '\0');
  uint64_t left = static_cast<uint64_t>(size);
  while (left > 0) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(left, buf.size()));
    size_t got = std::fread(buf.data(), 1, want, in.get());
    if (got != want) {
      // The size was promised in the entry's head: a file that shrank while
      // being read would leave a stream that cannot be parsed.
      return Status::IoError(path + " changed while it was being backed up");
    }
    if (Status s = Append(buf.data(), got); !s.ok()) return s;
    left -= got;
  }
  sodium_memzero(buf.data(), buf.size());
  return Status::Ok();
}

Status BackupWriter::Finish() {
  if (finished_) return Status::Ok();
  finished_ = true;
  if (Status s = PushChunk(true); !s.ok()) return s;
  if (std::fflush(file_) != 0) return ErrnoStatus("writing the backup");
  return Status::Ok();
}

// ---- BackupReader ----

BackupReader::BackupReader(std::FILE* file, std::string path, std::string header, std::string key_id)
    : file_(file),
      path_(std::move(path)),
      header_(std::move(header)),
      key_id_(std::move(key_id)),
      state_(crypto_secretstream_xchacha20poly1305_statebytes()) {}

BackupReader::~BackupReader() {
  sodium_memzero(state_.data(), state_.size());
  if (!buffer_.empty()) sodium_memzero(buffer_.data(), buffer_.size());
  if (file_ != nullptr) std::fclose(file_);
}

Result<std::unique_ptr<BackupReader>> BackupReader::Open(const std::string& path, const DataKeyRing& ring) {
  InitSodium();
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return ErrnoStatus("opening " + path);
  std::string header(kHeaderBytes, '\0');
  size_t got = std::fread(header.data(), 1, header.size(), file);
  if (got != header.size() || std::memcmp(header.data(), kMagic, sizeof kMagic) != 0) {
    std::fclose(file);
    return Status::Corruption(path + " is not a Madoguchi backup (no backup header)");
  }
  uint64_t version = GetBigEndian(header, sizeof kMagic, 4);
  if (version != kBackupFormatVersion) {
    std::fclose(file);
    return Status::Corruption(path + " is a backup of format " + std::to_string(version) + "; this engine reads format " +
                              std::to_string(kBackupFormatVersion));
  }
  std::string key_id = header.substr(sizeof kMagic + 4, kKeyIdBytes);
  const DataKey* key = ring.Find(key_id);
  if (key == nullptr) {
    std::fclose(file);
    return Status::NotFound(path + " was sealed with data key " + key_id +
                            ", which is not in the key file given: use the data key file of the folder it was taken from");
  }
  std::unique_ptr<BackupReader> r(new BackupReader(file, path, header, key_id));
  std::array<uint8_t, 32> subkey = key->Subkey(KeyPurpose::kSealBackup);
  auto* state = reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(r->state_.data());
  int rc = crypto_secretstream_xchacha20poly1305_init_pull(
      state, Bytes(header) + sizeof kMagic + 4 + kKeyIdBytes, subkey.data());
  sodium_memzero(subkey.data(), subkey.size());
  if (rc != 0) return Status::Corruption(path + ": the backup's header is damaged");
  return r;
}

Status BackupReader::PullChunk() {
  if (final_seen_) return Status::Corruption(path_ + " is damaged: an entry runs past the end of the backup");
  unsigned char frame[4];
  size_t got = std::fread(frame, 1, sizeof frame, file_);
  if (got != sizeof frame) {
    return Status::Corruption(path_ + " is truncated: it ends before its final chunk (an incomplete copy?)");
  }
  uint64_t len = GetBigEndian(std::string(reinterpret_cast<char*>(frame), 4), 0, 4);
  if (len < crypto_secretstream_xchacha20poly1305_ABYTES || len > kMaxCipherChunk) {
    return Status::Corruption(path_ + " is damaged: a chunk of " + std::to_string(len) + " bytes");
  }
  std::string cipher(len, '\0');
  if (std::fread(cipher.data(), 1, len, file_) != len) {
    return Status::Corruption(path_ + " is truncated: it ends inside a chunk (an incomplete copy?)");
  }
  std::string plain(len - crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  unsigned long long plain_len = 0;
  unsigned char tag = 0;
  auto* state = reinterpret_cast<crypto_secretstream_xchacha20poly1305_state*>(state_.data());
  if (crypto_secretstream_xchacha20poly1305_pull(state, reinterpret_cast<unsigned char*>(plain.data()), &plain_len,
                                                 &tag, Bytes(cipher), len, Bytes(header_), header_.size()) != 0) {
    return Status::Corruption(path_ + " is damaged or was changed: a chunk fails authentication (or the key file "
                              "holds a different key with the same id)");
  }
  plain.resize(plain_len);
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) final_seen_ = true;
  // Keep only what is not consumed, then append.
  buffer_.erase(0, offset_);
  offset_ = 0;
  buffer_ += plain;
  sodium_memzero(plain.data(), plain.size());
  return Status::Ok();
}

Status BackupReader::Fill(size_t n) {
  while (buffer_.size() - offset_ < n && !final_seen_) {
    if (Status s = PullChunk(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status BackupReader::Take(size_t n, std::string* out) {
  if (Status s = Fill(n); !s.ok()) return s;
  if (buffer_.size() - offset_ < n) {
    return Status::Corruption(path_ + " is damaged: the backup ends inside an entry");
  }
  out->assign(buffer_, offset_, n);
  offset_ += n;
  return Status::Ok();
}

Result<std::optional<BackupReader::Entry>> BackupReader::Next() {
  // Skip what the caller did not read of the previous entry.
  std::string skipped;
  while (entry_left_ > 0) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(entry_left_, kChunkBytes));
    if (Status s = Take(n, &skipped); !s.ok()) return s;
    entry_left_ -= n;
  }
  if (Status s = Fill(1); !s.ok()) return s;
  if (buffer_.size() == offset_ && final_seen_) return std::optional<Entry>();
  std::string field;
  if (Status s = Take(2, &field); !s.ok()) return s;
  size_t name_len = static_cast<size_t>(GetBigEndian(field, 0, 2));
  if (name_len == 0 || name_len > kMaxNameBytes) return Status::Corruption(path_ + " is damaged: a bad entry name");
  Entry e;
  if (Status s = Take(name_len, &e.name); !s.ok()) return s;
  if (Status s = Take(8, &field); !s.ok()) return s;
  e.size = GetBigEndian(field, 0, 8);
  entry_left_ = e.size;
  return std::optional<Entry>(std::move(e));
}

Status BackupReader::Read(size_t max, std::string* out) {
  out->clear();
  size_t n = static_cast<size_t>(std::min<uint64_t>(entry_left_, max));
  if (n == 0) return Status::Ok();
  if (Status s = Fill(1); !s.ok()) return s;
  n = std::min(n, std::max<size_t>(buffer_.size() - offset_, 1));
  if (Status s = Take(n, out); !s.ok()) return s;
  entry_left_ -= n;
  return Status::Ok();
}

Status BackupReader::Finish() {
  if (entry_left_ > 0 || buffer_.size() != offset_) {
    return Status::Corruption(path_ + " is damaged: unread bytes at the end of the backup");
  }
  if (!final_seen_) return Status::Corruption(path_ + " is truncated: it ends before its final chunk");
  char extra;
  if (std::fread(&extra, 1, 1, file_) != 0) {
    return Status::Corruption(path_ + " is damaged: bytes follow the backup's final chunk");
  }
  return Status::Ok();
}

}  // namespace madoguchi
