// CheckLetterPdf on the ways a PDF can hide active content from a reading
// of its syntax: names written with #xx, names in strings (not names at
// all), objects inside a string or a stream's data that a reader following
// the cross-reference table would still find, object streams compressed,
// under another filter, or inflating without end. Small PDFs written here
// by hand; tests/worker_letters_test.cc has real letters changed by qpdf.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>

#include "commands/letter_pdf_check.h"

using namespace madoguchi;

namespace {

std::string Pdf(const std::string& objects) {
  return "%PDF-1.5\n%\xb5\xed\xae\xfb\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + objects +
         "trailer\n<< /Root 1 0 R /Size 9 >>\n%%EOF\n";
}

std::string Deflate(const std::string& plain) {
  uLongf size = compressBound(plain.size());
  std::string out(size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(plain.data()),
                    plain.size(), 9) == Z_OK);
  out.resize(size);
  return out;
}

std::string Stream(int number, const std::string& dictionary, const std::string& data) {
  return std::to_string(number) + " 0 obj\n<< " + dictionary + " /Length " + std::to_string(data.size()) +
         " >>\nstream\n" + data + "\nendstream\nendobj\n";
}

void Refused(const std::string& pdf, const std::string& why) {
  Status s = CheckLetterPdf(pdf);
  INFO(s.ToString());
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(s.message(), Catch::Contains(why));
}

}  // namespace

TEST_CASE("letter pdf check: plain letters pass and names in strings are text, not names", "[letters][pdf]") {
  CHECK(CheckLetterPdf(Pdf("")).ok());
  CHECK(CheckLetterPdf(Pdf("3 0 obj\n<< /Title (about /JavaScript and /Launch \\) \\( ) /Author <FEFF0041> >>\nendobj\n"))
            .ok());
  // Page content and font programs are data: names in them are not looked for.
  CHECK(CheckLetterPdf(Pdf(Stream(4, "/Filter /FlateDecode", Deflate("BT /JS 12 Tf (x) Tj ET")))).ok());
}

TEST_CASE("letter pdf check: active content is refused however its names are written", "[letters][pdf]") {
  Refused(Pdf("3 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"), "active content: /JavaScript");
  Refused(Pdf("3 0 obj\n<< /S /J#61vaScript >>\nendobj\n"), "active content: /JavaScript");
  Refused(Pdf("3 0 obj\n<</S/Launch/F(calc.exe)>>\nendobj\n"), "active content: /Launch");
  Refused(Pdf("3 0 obj\n<< /Type /EmbeddedFile >>\nendobj\n"), "active content: /EmbeddedFile");
  Refused(Pdf("3 0 obj\n<< /S /URI /URI (http://127.0.0.1/) >>\nendobj\n"), "active content: /URI");
  Refused(Pdf("3 0 obj\n<< /S /SubmitForm >>\nendobj\n"), "active content: /SubmitForm");
  Refused(Pdf("3 0 obj\n<< /Filter /Standard >>\nendobj\ntrailer << /Encrypt 3 0 R >>\n"), "encrypted");
}

TEST_CASE("letter pdf check: objects hidden in strings and stream data are refused", "[letters][pdf]") {
  // A string left open swallows the rest of the file for a reading from the
  // start; a reader that jumps to object 5's offset still finds it.
  Refused(Pdf("3 0 obj\n(never closed\nendobj\n5 0 obj\n<< /S /JavaScript >>\nendobj\n"), "inside a string");
  // A stream whose data holds an object.
  Refused(Pdf(Stream(3, "", "5 0 obj\n<< /S /JavaScript >>\nendobj")), "inside a stream");
}

TEST_CASE("letter pdf check: object streams are inflated and read, under FlateDecode only", "[letters][pdf]") {
  std::string objects = "5 0 6 40\n<< /Type /Catalog /OpenAction 6 0 R >> << /S /JavaScript /JS (x) >>";
  Refused(Pdf(Stream(4, "/Type /ObjStm /N 2 /First 9 /Filter /FlateDecode", Deflate(objects))),
          "active content: /OpenAction");
  // Without /Type: /N and /First make it one all the same.
  Refused(Pdf(Stream(4, "/N 2 /First 9 /Filter /FlateDecode", Deflate(objects))), "active content");
  // Uncompressed.
  Refused(Pdf(Stream(4, "/Type /ObjStm /N 2 /First 9", objects)), "active content");
  // Another filter is not trusted; nor data that does not inflate.
  Refused(Pdf(Stream(4, "/Type /ObjStm /N 2 /First 9 /Filter [/ASCIIHexDecode /FlateDecode]", "00")), "/ASCIIHexDecode");
  Refused(Pdf(Stream(4, "/Type /ObjStm /N 2 /First 9 /Filter /FlateDecode", "not zlib data")), "does not inflate");
  // A few KiB that inflate to more than 32 MiB.
  Refused(Pdf(Stream(4, "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", Deflate(std::string(33 << 20, ' ')))),
          "inflate to more than");
  // A harmless object stream passes.
  CHECK(CheckLetterPdf(Pdf(Stream(4, "/Type /ObjStm /N 1 /First 5 /Filter /FlateDecode",
                                  Deflate("5 0\n<< /Type /Font /Subtype /Type0 >>"))))
            .ok());
}

TEST_CASE("letter pdf check: size and kind", "[letters][pdf]") {
  Refused("<html>not a pdf</html>", "not a PDF");
  Refused(Pdf("%" + std::string(kMaxLetterPdfBytes, 'x') + "\n"), "at most " + std::to_string(kMaxLetterPdfBytes));
}
