#include "app/audit_verify_command.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include <SQLiteCpp/SQLiteCpp.h>

#include "app/data_dir.h"
#include "app/engine_config.h"
#include "store/audit_anchor.h"
#include "store/audit_chain_verify.h"
#include "store/data_key_ring.h"
#include "store/database.h"

namespace madoguchi {

namespace {

int Fail(const std::string& message) {
  std::cerr << "madoguchi-engine audit-verify: " << message << "\n";
  return 1;
}

// N:HASH as a kept head.
Result<ChainExpectation> ParseHead(const std::string& text) {
  const size_t colon = text.find(':');
  const std::string n = text.substr(0, colon);
  const std::string hash = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (n.empty() || n.size() > 18 || n.find_first_not_of("0123456789") != std::string::npos || hash.size() != 64 ||
      hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Status::InvalidArgument("--expect-head " + text + ": not N:HASH (a record number and 64 hex digits)");
  }
  return ChainExpectation{std::stoll(n), hash, "--expect-head " + text};
}

}  // namespace

int RunAuditVerify(const AuditVerifyOptions& o) {
  DataDir dir(o.data);
  if (!dir.IsInitialised()) return Fail(o.data + " is not an initialised data folder");
  std::string key_file = o.key_file;
  if (key_file.empty()) {
    Result<EngineConfig> config = EngineConfig::Load(dir.config());
    if (!config.ok()) return Fail(config.status().message());
    key_file = dir.Resolve(config->data_key_file);
  }
  Result<DataKeyRing> ring = DataKeyRing::Load(key_file);
  if (!ring.ok()) return Fail(ring.status().message() + " (the chain's MACs are checked with the data key file)");
  const ChainKeys keys = KeysOf(std::move(ring).value());

  ChainVerifyOptions options;
  Result<std::vector<AnchorLine>> own = ReadAnchorFile(dir.audit_anchor(), keys);
  if (own.ok()) {
    options.expected = AnchorExpectations(*own, dir.audit_anchor());
  } else if (own.status().code() != Status::Code::kNotFound) {
    return Fail(own.status().message());
  } else {
    std::cerr << "note: no anchor file " << dir.audit_anchor() << ": the chain is checked against itself only\n";
  }
  for (const std::string& file : o.anchors) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Fail("cannot read " + file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    Result<std::vector<AnchorLine>> kept = ParseAnchorLines(text, file, keys);
    if (!kept.ok()) return Fail(kept.status().message());
    for (ChainExpectation& e : AnchorExpectations(*kept, file)) options.expected.push_back(std::move(e));
  }
  for (const std::string& head : o.expect_heads) {
    Result<ChainExpectation> e = ParseHead(head);
    if (!e.ok()) return Fail(e.status().message());
    options.expected.push_back(std::move(e).value());
  }

  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(dir.database(), OpenMode::kInspect);
  if (!db.ok()) return Fail(db.status().message());
  Result<ChainVerification> v = [&]() -> Result<ChainVerification> {
    try {
      SQLite::Transaction snapshot(**db);  // the three tables as of one commit
      return VerifyChain(**db, keys, options);
    } catch (const SQLite::Exception& e) {
      return Status::IoError(e.what());
    }
  }();
  if (!v.ok()) return Fail(v.status().message());
  std::cout << DescribeVerification(*v) << "\n";
  return v->ok ? 0 : 1;
}

}  // namespace madoguchi
