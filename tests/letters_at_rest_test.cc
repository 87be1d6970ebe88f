// Letters at rest (issue 15, item 8), on a real engine and letter worker:
// a letter's PDF and text copy name the requester and give their address,
// and no file under DATA/letters may show either (neither its bytes nor what
// pdftotext reads from it), while `madoguchi letter` still gives the PDF the
// requester got, matching its SHA-256. The same after the engine's start has
// sealed the clear files an older release left, after a backup is restored
// (also one taken of clear files), and after a key rotation.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "engine_calls.h"
#include "engine_process.h"
#include "util/sha256.h"
#include "store/letter_seal.h"
#include "test_support.h"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

// The requester's name and address as the letters print them; found nowhere
// else in a data folder.
const std::string kName = "榊原 澪";
const std::string kAddress = "青森県弘前市百石町7-3-1";

nlohmann::json PersonRecord(const std::string& key) {
  nlohmann::json r = SampleRecord("purpose_notice", key);
  r["requester"]["name"] = kName;
  r["requester"]["kana"] = "サカキバラ ミオ";
  r["requester"]["address"] = kAddress;
  return r;
}

// What a person could read of the name or address in a file: its bytes, and
// the text pdftotext finds in it (a PDF's text is in compressed streams).
std::string Readable(const std::string& path) {
  std::string readable = Normalised(ReadFile(path));
  readable += Normalised(RunCommand("pdftotext '" + path + "' - 2>/dev/null").out);
  return readable;
}

// Every file under `letters_dir` that shows the name or the address.
std::vector<std::string> FilesShowingThePerson(const std::string& letters_dir) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(letters_dir)) {
    if (!entry.is_regular_file()) continue;
    std::string text = Readable(entry.path().string());
    if (text.find(Normalised(kName)) != std::string::npos || text.find(Normalised(kAddress)) != std::string::npos) {
      found.push_back(entry.path().filename().string());
    }
  }
  return found;
}

// A letter as `madoguchi letter` gives it.
struct Downloaded {
  std::string pdf;
  std::string text;
};

// `madoguchi letter ID N` as clerk1: the PDF and text copy, and the PDF's
// SHA-256 checked against what `letters` lists.
Downloaded Download(EngineProcess& engine, const std::string& id, int n, const TempDir& out) {
  const std::string pdf = out.file("letter-" + id + "-" + std::to_string(n) + ".pdf");
  const std::string txt = out.file("letter-" + id + "-" + std::to_string(n) + ".txt");
  CommandOutput got = RunClient(engine, "clerk1",
                                "letter " + id + " " + std::to_string(n) + " --out " + pdf + " --text " + txt + " --force");
  INFO(got.out);
  REQUIRE(got.exit_code == 0);
  Downloaded d{ReadFile(pdf), ReadFile(txt)};
  nlohmann::json listed = Call(engine, "clerk1", "letters", {{"id", id}})["items"][n - 1];
  CHECK(Sha256Hex(d.pdf) == listed["sha256"].get<std::string>());
  CHECK(d.pdf.rfind("%PDF-", 0) == 0);
  // The PDF is the letter to the person: their name and address are in it.
  std::string text = Normalised(RunCommand("pdftotext '" + pdf + "' -").out);
  CHECK(text.find(Normalised(kName)) != std::string::npos);
  CHECK(Normalised(d.text).find(Normalised(kAddress)) != std::string::npos);
  return d;
}

// An engine with a letter worker; one request taken in, whose acknowledgement
// letter (受付通知) the worker has made and clerk1 has downloaded.
struct DeskWithLetter {
  EngineProcess engine;
  ChildProcess worker;
  TempDir out;  // downloads
  std::string id;
  Downloaded letter;

  DeskWithLetter() {
    QuickWorkers(engine);
    engine.Start();
    engine.StartWorker(worker, LetterWorkerBinary(), {}, "letter-worker.log");
    id = Call(engine, "clerk1", "intake", {{"record", PersonRecord("letters-at-rest-1")}})["id"];
    REQUIRE(WaitForOutbox(engine, std::chrono::seconds(60)));
    REQUIRE(Call(engine, "clerk1", "letters", {{"id", id}})["items"].size() == 1);
    letter = Download(engine, id, 1, out);
  }
  std::string letters() const { return engine.data_dir() + "/letters"; }
  std::string pdf_file() const { return letters() + "/" + Sha256Hex(letter.pdf) + ".pdf"; }
  std::string text_file() const { return letters() + "/" + Sha256Hex(letter.text) + ".txt"; }
  void Stop() {
    CHECK(worker.Stop() == 0);
    REQUIRE(engine.Stop() == 0);
  }
  // The letter's files as a release before sealing wrote them.
  void PutBackInClear() const {
    WriteFile(pdf_file(), letter.pdf);
    WriteFile(text_file(), letter.text);
  }
};

// The files of the letters folder and the key id each is sealed under ("" for a file in clear).
std::map<std::string, std::string> KeyIdsOf(const std::string& letters_dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(letters_dir)) {
    out[entry.path().filename().string()] = SealedLetterKeyId(ReadFile(entry.path().string())).value_or("");
  }
  return out;
}

// The current key of a data key file.
std::string CurrentKeyId(const std::string& key_file) {
  return nlohmann::json::parse(ReadFile(key_file))["current"].get<std::string>();
}

// Every file of the letters folder sealed under `key_id`, and none shows the person.
void CheckSealedUnder(const std::string& letters_dir, const std::string& key_id) {
  for (const auto& [name, sealed_under] : KeyIdsOf(letters_dir)) {
    INFO(name);
    CHECK(sealed_under == key_id);
  }
  CHECK(FilesShowingThePerson(letters_dir).empty());
}

// How many times the engine's output says it sealed letter files.
size_t SealingLines(const EngineProcess& engine) {
  const std::string out = ReadFile(engine.data_dir() + "/logs/engine.out");
  size_t n = 0;
  for (size_t at = out.find("sealing letter files:"); at != std::string::npos; at = out.find("sealing letter files:", at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("letters at rest: no file under DATA/letters shows the requester, and the PDF downloaded matches its SHA-256",
          "[letters][seal]") {
  DeskWithLetter desk;
  // Each file still named by the SHA-256 of what it holds, sealed under the folder's key.
  std::map<std::string, std::string> files = KeyIdsOf(desk.letters());
  CHECK(files.size() == 2);
  CHECK(files.count(Sha256Hex(desk.letter.pdf) + ".pdf") == 1);
  CHECK(files.count(Sha256Hex(desk.letter.text) + ".txt") == 1);
  CheckSealedUnder(desk.letters(), CurrentKeyId(desk.engine.data_dir() + "/data.key"));
}

TEST_CASE("letters at rest: the clear files of an older release are sealed at start, and a second start has nothing to do",
          "[letters][seal]") {
  DeskWithLetter desk;
  desk.Stop();
  // The folder as an older release left it: every letter in clear, and a
  // file a killed write left half done.
  desk.PutBackInClear();
  WriteFile(desk.pdf_file() + ".tmp", desk.letter.pdf.substr(0, 1000));
  REQUIRE(FilesShowingThePerson(desk.letters()).size() == 2);  // the PDF and the text; not the cut one

  desk.engine.Start();
  const std::string key = CurrentKeyId(desk.engine.data_dir() + "/data.key");
  CheckSealedUnder(desk.letters(), key);
  CHECK(KeyIdsOf(desk.letters()).size() == 2);  // the cut file went
  CHECK_THAT(ReadFile(desk.engine.data_dir() + "/logs/engine.out"), Catch::Contains("sealing letter files: 2 / 2"));
  Downloaded again = Download(desk.engine, desk.id, 1, desk.out);
  CHECK(again.pdf == desk.letter.pdf);
  CHECK(again.text == desk.letter.text);

  // Half done (one file sealed, one in clear, as a start killed midway
  // leaves it): the next start finishes; then there is nothing left to do.
  REQUIRE(desk.engine.Stop() == 0);
  WriteFile(desk.text_file(), desk.letter.text);
  desk.engine.Start();
  CheckSealedUnder(desk.letters(), key);
  CHECK_THAT(ReadFile(desk.engine.data_dir() + "/logs/engine.out"), Catch::Contains("sealing letter files: 1 / 1"));
  CHECK(Download(desk.engine, desk.id, 1, desk.out).text == desk.letter.text);
  const size_t lines = SealingLines(desk.engine);
  REQUIRE(desk.engine.Stop() == 0);
  desk.engine.Start();
  CHECK(SealingLines(desk.engine) == lines);
}

TEST_CASE("letters at rest: backup and restore keep them sealed, also those of a backup taken of clear files",
          "[letters][seal][backup]") {
  DeskWithLetter desk;
  desk.Stop();
  const TempDir& out = desk.out;
  const std::string key_file = desk.engine.data_dir() + "/data.key";

  // A backup of the sealed folder: the restored letters are sealed and open.
  REQUIRE(RunCommand(EngineBinary() + " backup --data " + desk.engine.data_dir() + " --to " + out.file("sealed.mdbk"))
              .exit_code == 0);
  TempDir parent;
  CommandOutput restored = RunCommand(EngineBinary() + " restore --from " + out.file("sealed.mdbk") + " --data " +
                                      parent.file("a") + " --key-file " + key_file);
  INFO(restored.out);
  REQUIRE(restored.exit_code == 0);
  CHECK_THAT(restored.out, Catch::Contains("letters        2 files, each checked against its SHA-256"));
  CHECK(FilesShowingThePerson(parent.file("a") + "/letters").empty());
  {
    EngineProcess copy(ExistingDataDir{parent.file("a")});
    copy.Start();
    CHECK(Download(copy, desk.id, 1, out).pdf == desk.letter.pdf);
    CHECK(copy.Stop() == 0);
  }

  // A backup of a folder an older release left in clear (taken before its
  // engine started on the new release): restore seals what it puts down.
  desk.PutBackInClear();
  REQUIRE(RunCommand(EngineBinary() + " backup --data " + desk.engine.data_dir() + " --to " + out.file("clear.mdbk"))
              .exit_code == 0);
  CommandOutput sealed = RunCommand(EngineBinary() + " restore --from " + out.file("clear.mdbk") + " --data " +
                                    parent.file("b") + " --key-file " + key_file);
  INFO(sealed.out);
  REQUIRE(sealed.exit_code == 0);
  CheckSealedUnder(parent.file("b") + "/letters", CurrentKeyId(key_file));
  EngineProcess copy(ExistingDataDir{parent.file("b")});
  copy.Start();
  CHECK(Download(copy, desk.id, 1, out).text == desk.letter.text);
}

TEST_CASE("letters at rest: a key rotation re-seals every letter file under the new key, the letters still open",
          "[letters][seal][rotate]") {
  DeskWithLetter desk;
  const std::string key_file = desk.engine.data_dir() + "/data.key";
  const std::string old_key = CurrentKeyId(key_file);

  // While the engine serves, as an administrator would run it.
  CommandOutput rotated = RunCommand(EngineBinary() + " rotate-key --data " + desk.engine.data_dir());
  INFO(rotated.out);
  REQUIRE(rotated.exit_code == 0);
  const std::string new_key = CurrentKeyId(key_file);
  REQUIRE(new_key != old_key);
  CHECK_THAT(rotated.out, Catch::Contains("2 letter files"));
  CheckSealedUnder(desk.letters(), new_key);
  CHECK(Download(desk.engine, desk.id, 1, desk.out).pdf == desk.letter.pdf);

  // A letter made after the rotation is sealed under the new key too.
  Advance(desk.engine, "clerk1", desk.id, "request_documents", {{"missing", {"住民票"}}});
  REQUIRE(WaitForOutbox(desk.engine, std::chrono::seconds(60)));
  REQUIRE(Call(desk.engine, "clerk1", "letters", {{"id", desk.id}})["items"].size() == 2);
  CHECK(KeyIdsOf(desk.letters()).size() == 4);
  CheckSealedUnder(desk.letters(), new_key);
}
