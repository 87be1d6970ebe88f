// What a worker's key may store as a letter (issue 14, items 13 to 15): the
// engine refuses a PDF with active content (JavaScript, launch, embedded
// files, links and form submission), also hidden in a compressed object
// stream, an oversized PDF, a text copy that is not plain UTF-8 text, and a
// letter id that is not the job's; it takes the letters its own renderer
// makes; a full disk leaves no half-written file. A real engine, its real
// workers' socket, real PDFs made by the real renderer and changed by qpdf.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine_calls.h"
#include "engine_process.h"
#include "letters/letter_renderer.h"
#include "util/base64.h"
#include "store/database.h"
#include "test_support.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// A letter job leased to letters1, and the genuine letter for it.
struct LeasedLetter {
  int64_t outbox_id = 0;
  std::string letter_id;
  RenderedLetter letter;
};

LeasedLetter LeaseAndRender(EngineProcess& engine, EngineClient& worker, const std::string& key) {
  Call(engine, "clerk1", "intake", {{"record", SampleRecord("disclosure", key)}});
  auto job = worker.Call("lease", {{"kinds", {"letter"}}});
  REQUIRE(job.ok());
  REQUIRE((*job)["type"] == "job");
  LeasedLetter l;
  l.outbox_id = (*job)["outbox_id"];
  l.letter_id = (*job)["payload"]["letter_id"];
  auto context = worker.Call("letter_context", {{"outbox_id", l.outbox_id}});
  REQUIRE(context.ok());
  Result<RenderedLetter> rendered = RenderLetter(*context, MADOGUCHI_SOURCE_DIR "/templates/letters");
  REQUIRE(rendered.ok());
  l.letter = std::move(rendered).value();
  return l;
}

Result<nlohmann::json> Ack(EngineClient& worker, const LeasedLetter& l, const std::string& pdf,
                           const std::string& text, const std::string& letter_id) {
  return worker.Call("ack", {{"outbox_id", l.outbox_id},
                             {"result", {{"letter_id", letter_id}, {"pdf_base64", Base64Encode(pdf)}, {"text", text}}}});
}

int64_t LetterRows(EngineProcess& engine) {
  auto db = OpenDatabase(engine.data_dir() + "/madoguchi.db", OpenMode::kReadOnly);
  REQUIRE(db.ok());
  return (*db)->execAndGet("SELECT count(*) FROM letters").getInt64();
}

// The genuine letter changed by qpdf: `catalog` are entries added to its
// document catalog (qpdf JSON v2), `qpdf_args` further options; the result
// passes `qpdf --check`, so a PDF reader opens it as it is.
std::string Hostile(const TempDir& dir, const std::string& genuine, const nlohmann::json& catalog,
                    const std::string& qpdf_args = "") {
  const std::string in = dir.file("genuine.pdf"), out = dir.file("hostile.pdf"), update = dir.file("update.json");
  std::ofstream(in, std::ios::binary) << genuine;
  CommandOutput shown = RunCommand("qpdf --json-output=2 " + in + " -");
  REQUIRE(shown.exit_code == 0);
  nlohmann::json objects = nlohmann::json::parse(shown.out)["qpdf"][1];
  std::string root = objects["trailer"]["value"]["/Root"];
  nlohmann::json value = objects["obj:" + root]["value"];
  value.update(catalog);
  nlohmann::json json = {{"qpdf", {{{"jsonversion", 2}}, {{"obj:" + root, {{"value", value}}}}}}};
  std::ofstream(update) << json.dump();
  std::filesystem::remove(out);
  CommandOutput made = RunCommand("qpdf " + in + " --update-from-json=" + update + " " + qpdf_args + " " + out);
  INFO(made.out);
  REQUIRE(made.exit_code == 0);
  REQUIRE(RunCommand("qpdf --check " + out).exit_code == 0);
  return ReadFile(out);
}

}  // namespace

TEST_CASE("worker letters: active content, oversize, bad text and a wrong letter id are refused, genuine letters kept",
          "[workers][letters]") {
  EngineProcess engine;
  engine.Start();
  auto worker = engine.WorkerClient("letters1");
  LeasedLetter l = LeaseAndRender(engine, *worker, "hostile-pdf-1");
  TempDir dir;

  const nlohmann::json js = {{"/S", "/JavaScript"}, {"/JS", "u:app.alert('madoguchi')"}};
  struct Case {
    std::string what;
    std::string pdf;
  };
  std::vector<Case> hostile = {
      {"OpenAction JavaScript", Hostile(dir, l.letter.pdf, {{"/OpenAction", js}})},
      {"Launch", Hostile(dir, l.letter.pdf, {{"/OpenAction", {{"/S", "/Launch"}, {"/F", "u:calc.exe"}}}})},
      {"URI", Hostile(dir, l.letter.pdf, {{"/OpenAction", {{"/S", "/URI"}, {"/URI", "u:http://127.0.0.1/x"}}}})},
      {"SubmitForm", Hostile(dir, l.letter.pdf, {{"/OpenAction", {{"/S", "/SubmitForm"}, {"/F", "u:http://127.0.0.1/"}}}})},
      {"JavaScript in names written with #xx", [&] {
         // A reader decodes #xx in a name: /J#53 is /JS. (The offsets shift; readers repair that.)
         std::string pdf = Hostile(dir, l.letter.pdf, {{"/OpenAction", js}});
         for (auto [plain, escaped] : {std::pair{"/OpenAction", "/Open#41ction"}, std::pair{"/JavaScript", "/J#61vaScript"},
                                       std::pair{"/JS ", "/J#53 "}}) {
           size_t at = pdf.find(plain);
           REQUIRE(at != std::string::npos);
           pdf.replace(at, std::string(plain).size(), escaped);
         }
         return pdf;
       }()},
      {"JavaScript hidden in a compressed object stream",
       Hostile(dir, l.letter.pdf, {{"/OpenAction", js}}, "--object-streams=generate --compress-streams=y")},
  };
  // An embedded file, as qpdf attaches one.
  {
    std::ofstream(dir.file("payload.exe")) << "MZ not really a program";
    std::ofstream(dir.file("plain.pdf"), std::ios::binary) << l.letter.pdf;
    REQUIRE(RunCommand("qpdf " + dir.file("plain.pdf") + " --add-attachment " + dir.file("payload.exe") + " -- " +
                       dir.file("attached.pdf"))
                .exit_code == 0);
    hostile.push_back({"EmbeddedFile", ReadFile(dir.file("attached.pdf"))});
  }
  // The compressed case hides its names from a plain search of the file.
  REQUIRE(hostile[5].pdf.find("JavaScript") == std::string::npos);

  for (const Case& c : hostile) {
    INFO(c.what);
    auto refused = Ack(*worker, l, c.pdf, l.letter.text, l.letter_id);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(refused.status().message(), Catch::Contains("active content"));
  }

  // Too large: the genuine letter padded with a comment beyond 4 MiB.
  std::string big = l.letter.pdf + "%" + std::string(4 * 1024 * 1024, 'x') + "\n";
  auto too_big = Ack(*worker, l, big, l.letter.text, l.letter_id);
  REQUIRE_FALSE(too_big.ok());
  CHECK_THAT(too_big.status().message(), Catch::Contains("4194304"));

  // The text copy: plain UTF-8 text, no control characters but line breaks and tabs.
  for (const std::string& text : {l.letter.text + std::string(1, '\0'), l.letter.text + "\x1b[2J",
                                  l.letter.text + "\xc2\x9b" "31m"}) {
    auto bad_text = Ack(*worker, l, l.letter.pdf, text, l.letter_id);
    REQUIRE_FALSE(bad_text.ok());
    CHECK_THAT(bad_text.status().message(), Catch::Contains("text"));
  }
  // Bytes that are not UTF-8 at all never get past the command's decoding.
  std::string raw = R"({"command": "ack", "request_id": "raw-1", "args": {"outbox_id": )" +
                    std::to_string(l.outbox_id) + R"(, "result": {"letter_id": ")" + l.letter_id +
                    R"(", "pdf_base64": ")" + Base64Encode(l.letter.pdf) + R"(", "text": "\xff\xfe"}}})";
  raw.replace(raw.find("\\xff\\xfe"), 8, "\xff\xfe");
  auto not_utf8 = worker->CallRaw({"", raw});
  REQUIRE(not_utf8.ok());
  CHECK(nlohmann::json::parse(*not_utf8)["ok"] == false);

  // Another job's letter id, or one of the worker's own making.
  for (const std::string& wrong : {std::string("L-R2026-999999-acknowledgement-1"), l.letter_id + "x", std::string()}) {
    INFO("letter_id '" << wrong << "'");
    auto refused = Ack(*worker, l, l.letter.pdf, l.letter.text, wrong);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.status().message(), Catch::Contains("letter_id") && Catch::Contains(l.letter_id));
  }
  CHECK(LetterRows(engine) == 0);

  // The renderer's own letter, as the letter worker sends it: taken.
  auto taken = Ack(*worker, l, l.letter.pdf, l.letter.text, l.letter_id);
  INFO(taken.status().ToString());
  REQUIRE(taken.ok());
  CHECK(LetterRows(engine) == 1);
  CHECK(engine.Stop() == 0);
}

TEST_CASE("worker letters: a full disk refuses the ack and leaves no half-written file", "[workers][letters]") {
  // A real file system that is full: a 64 KiB tmpfs (root only) as the letters folder.
  TempDir small;
  const std::string letters = small.file("letters");
  std::filesystem::create_directories(letters);
  CommandOutput mounted = RunCommand("mount -t tmpfs -o size=64k,mode=0700 madoguchi-test " + letters);
  INFO(mounted.out << " (this test mounts a small tmpfs: run it as root, as scripts/test does)");
  REQUIRE(mounted.exit_code == 0);
  struct Unmount {
    std::string path;
    ~Unmount() { RunCommand("umount " + path); }
  } unmount{letters};

  EngineProcess engine;
  engine.EditConfig([&](nlohmann::json& c) { c["workers"]["letters_dir"] = letters; });
  engine.Start();
  auto worker = engine.WorkerClient("letters1");
  LeasedLetter l = LeaseAndRender(engine, *worker, "full-disk-1");
  REQUIRE(l.letter.pdf.size() > 64 * 1024);
  auto refused = Ack(*worker, l, l.letter.pdf, l.letter.text, l.letter_id);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kIoError);
  for (const auto& entry : std::filesystem::directory_iterator(letters)) {
    INFO(entry.path());
    CHECK(entry.path().extension() != ".tmp");
  }
  CHECK(LetterRows(engine) == 0);
  CHECK(engine.Stop() == 0);
}
