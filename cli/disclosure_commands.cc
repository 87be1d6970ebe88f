#include "disclosure_commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "engine_connection.h"
#include "local_input.h"
#include "output_file.h"
#include "util/base64.h"
#include "util/sha256.h"
#include "request_commands.h"

namespace madoguchi::cli {

namespace {

using json = nlohmann::json;

constexpr std::uintmax_t kMaxFileBytes = 8u * 1024 * 1024;  // as schemas/events/disclosure_attach.schema.json

struct AttachArgs {
  ConnectionArgs connection;
  std::string id;
  std::string file;
  std::string type;  // pdf | csv; "" from the file
};

struct PackageArgs {
  ConnectionArgs connection;
  std::string id;
};

struct ExportArgs {
  ConnectionArgs connection;
  std::string id;
  int n = 0;  // 0: the package
  std::string out;
  bool force = false;
};

Result<std::string> ReadFileBytes(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::InvalidArgument(path + " is not a file");
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return Status::InvalidArgument("cannot read " + path + ": " + ec.message());
  if (size == 0 || size > kMaxFileBytes) {
    return Status::InvalidArgument(path + " has " + std::to_string(size) + " bytes; a disclosed file has 1 to " +
                                   std::to_string(kMaxFileBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot open " + path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

void RunAttach(const AttachArgs& a, int& exit_code) {
  if (Status s = CheckRequestId(a.id); !s.ok()) {
    std::cerr << "madoguchi disclosure attach: " << s.message() << '\n';
    exit_code = 2;
    return;
  }
  Result<std::string> bytes = ReadFileBytes(a.file);
  std::string type = a.type;
  if (type.empty()) type = bytes.ok() && bytes->rfind("%PDF-", 0) == 0 ? "pdf" : "csv";
  if (!bytes.ok()) {
    std::cerr << "madoguchi disclosure attach: " << bytes.status().message() << '\n';
    exit_code = 2;
    return;
  }
  const json data = {{"media_type", type == "pdf" ? "application/pdf" : "text/csv"},
                     {"content_base64", Base64Encode(*bytes)}};
  std::cout << a.file << "  SHA-256 " << Sha256Hex(*bytes) << "  " << bytes->size() << "バイト\n";
  AdvanceWithData(a.connection, a.id, "disclosure_attach", data, exit_code);
}

void RunExport(const ExportArgs& a, int& exit_code) {
  Command cmd("disclosure export", a.connection, exit_code);
  if (Status s = CheckRequestId(a.id); !s.ok()) return cmd.FailLocal(s);
  if (Status s = CheckOutputPath(a.out, a.force); !s.ok()) return cmd.FailLocal(s);
  json args = {{"id", a.id}};
  if (a.n > 0) args["n"] = a.n;
  std::optional<json> r = cmd.Call("disclosure_export", args);
  if (!r) return;
  Result<std::string> bytes = Base64Decode(r->value("content_base64", ""));
  if (!bytes.ok()) return cmd.FailReply(Status::Corruption("the engine's file is not valid base64"));
  const std::string expected = r->value("sha256", "");
  if (Sha256Hex(*bytes) != expected) {
    return cmd.FailReply(Status::Corruption("the file does not match the SHA-256 the engine recorded (" + expected + ")"));
  }
  if (Status s = WriteOutputFile(a.out, *bytes, a.force); !s.ok()) return cmd.FailLocal(s);
  std::cout << a.id << "  " << r->value("name", "") << " → " << a.out << "  " << bytes->size() << "バイト\n"
            << "  SHA-256   " << expected << "  エンジンの記録と一致\n";
}

}  // namespace

void AddDisclosureCommands(CLI::App& app, int& exit_code) {
  CLI::App* sub = app.add_subcommand("disclosure", "What a disclosure hands over: attach files, package them, export");
  sub->require_subcommand(1);

  auto attach = std::make_shared<AttachArgs>();
  CLI::App* a = sub->add_subcommand("attach", "Attach a PDF or CSV to a request waiting for its delivery");
  a->add_option("id", attach->id, "Request id, e.g. R2026-000001")->required();
  a->add_option("file", attach->file, "The file (PDF or CSV, at most 8 MiB)")->required();
  a->add_option("--type", attach->type, "pdf or csv (default: from the file's first bytes)")
      ->check(CLI::IsMember({"pdf", "csv"}));
  AddConnectionOptions(a, attach->connection);
  a->callback([attach, &exit_code] { RunAttach(*attach, exit_code); });

  auto package = std::make_shared<PackageArgs>();
  CLI::App* p = sub->add_subcommand("package", "An electronic disclosure: the attached files into one AES-256 ZIP");
  p->add_option("id", package->id, "Request id")->required();
  AddConnectionOptions(p, package->connection);
  p->callback([package, &exit_code] {
    AdvanceWithData(package->connection, package->id, "disclosure_package", json::object(), exit_code);
  });

  auto exp = std::make_shared<ExportArgs>();
  CLI::App* e = sub->add_subcommand("export", "A manager's copy of a disclosed file (--n) or of the package");
  e->add_option("id", exp->id, "Request id")->required();
  e->add_option("--n", exp->n, "File number (show's delivery files); without it, the package")->check(CLI::Range(1, 20));
  e->add_option("--out", exp->out, "Write it to this file")->required();
  e->add_flag("--force", exp->force, "Overwrite a file that exists");
  AddConnectionOptions(e, exp->connection);
  e->callback([exp, &exit_code] { RunExport(*exp, exit_code); });
}

}  // namespace madoguchi::cli
