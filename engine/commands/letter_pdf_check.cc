#include "commands/letter_pdf_check.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace madoguchi {

namespace {

// Names no letter needs, each the mark of a feature that acts on its own or
// carries another file (PDF 32000-1:2008, 12.6 actions, 7.11 file
// specifications, 12.7 forms, 13 multimedia).
constexpr std::string_view kActiveNames[] = {
    "JavaScript", "JS",         "Launch",   "URI",         "SubmitForm", "ImportData", "ResetForm",
    "GoToR",      "GoToE",      "OpenAction", "AA",        "EmbeddedFile", "EmbeddedFiles", "FileAttachment",
    "AcroForm",   "XFA",        "RichMedia", "Rendition",  "Movie",      "Sound",      "Hide",
    "SetOCGState", "Trans3D"};

// Object streams inflate to at most this much in all: a small PDF that
// inflates without end is refused, not followed.
constexpr size_t kMaxInflatedBytes = 32 * 1024 * 1024;

bool IsWhite(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
bool IsDelimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' ||
         c == '%';
}
bool IsRegular(char c) { return !IsWhite(c) && !IsDelimiter(c); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Whether `bytes` holds an object header: digits, white space, digits, white space, "obj".
bool HoldsObjectHeader(std::string_view bytes) {
  for (size_t at = bytes.find("obj"); at != std::string_view::npos; at = bytes.find("obj", at + 1)) {
    size_t i = at;
    auto digits_then_white = [&]() {
      size_t white = 0, digits = 0;
      while (i > 0 && IsWhite(bytes[i - 1])) --i, ++white;
      while (i > 0 && std::isdigit(static_cast<unsigned char>(bytes[i - 1]))) --i, ++digits;
      return white > 0 && digits > 0;
    };
    if (digits_then_white() && digits_then_white()) return true;
  }
  return false;
}

Status Refuse(const std::string& why) { return Status::InvalidArgument("the letter's PDF " + why); }

Result<std::string> Inflate(std::string_view compressed, size_t* budget) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return Refuse("could not be checked (zlib)");
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  int rc = Z_OK;
  char buffer[16384];
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    size_t produced = sizeof buffer - z.avail_out;
    if (produced > *budget) {
      inflateEnd(&z);
      return Refuse("has object streams that inflate to more than " + std::to_string(kMaxInflatedBytes) + " bytes");
    }
    *budget -= produced;
    out.append(buffer, produced);
    if (rc == Z_OK && produced == 0 && z.avail_in == 0) break;  // cut short
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return Refuse("has an object stream that does not inflate");
  return out;
}

class Scanner {
 public:
  explicit Scanner(size_t* inflate_budget) : budget_(inflate_budget) {}

  // Reads `data` (the file, or an inflated object stream) token by token.
  Status Scan(std::string_view data) {
    size_t i = 0;
    while (i < data.size()) {
      char c = data[i];
      if (c == '%') {
        while (i < data.size() && data[i] != '\n' && data[i] != '\r') ++i;
      } else if (c == '(') {
        size_t start = i;
        int depth = 0;
        for (; i < data.size(); ++i) {
          if (data[i] == '\\') {
            ++i;
          } else if (data[i] == '(') {
            ++depth;
          } else if (data[i] == ')' && --depth == 0) {
            break;
          }
        }
        if (HoldsObjectHeader(data.substr(start, i - start))) return Refuse("hides an object inside a string");
        ++i;
      } else if (c == '<' && i + 1 < data.size() && data[i + 1] == '<') {
        i += 2;  // a dictionary opens
      } else if (c == '<') {
        size_t end = data.find('>', i);
        if (end == std::string_view::npos) end = data.size();
        if (HoldsObjectHeader(data.substr(i, end - i))) return Refuse("hides an object inside a string");
        i = end + 1;
      } else if (c == '/') {
        std::string name;
        for (++i; i < data.size() && IsRegular(data[i]); ++i) {
          int high = 0, low = 0;
          if (data[i] == '#' && i + 2 < data.size() && (high = HexValue(data[i + 1])) >= 0 &&
              (low = HexValue(data[i + 2])) >= 0) {
            name += static_cast<char>(high * 16 + low);
            i += 2;
          } else {
            name += data[i];
          }
        }
        if (Status s = OnName(name); !s.ok()) return s;
      } else if (IsRegular(c)) {
        size_t start = i;
        while (i < data.size() && IsRegular(data[i])) ++i;
        std::string_view word = data.substr(start, i - start);
        if (word == "obj") {
          names_.clear();
        } else if (word == "stream") {
          if (Status s = OnStream(data, &i); !s.ok()) return s;
        }
      } else {
        ++i;
      }
    }
    return Status::Ok();
  }

 private:
  Status OnName(const std::string& name) {
    if (name == "Encrypt") return Refuse("is encrypted");
    for (std::string_view active : kActiveNames) {
      if (name == active) return Refuse("has active content: /" + name);
    }
    names_.push_back(name);
    return Status::Ok();
  }

  bool Named(std::string_view name) const { return std::find(names_.begin(), names_.end(), name) != names_.end(); }

  // At the keyword "stream" (*i just past it): its data, read as objects if
  // it is an object stream; *i moves past "endstream".
  Status OnStream(std::string_view data, size_t* i) {
    size_t start = *i;
    if (start < data.size() && data[start] == '\r') ++start;
    if (start < data.size() && data[start] == '\n') ++start;
    size_t end = data.find("endstream", start);
    if (end == std::string_view::npos) end = data.size();
    std::string_view body = data.substr(start, end - start);
    *i = std::min(data.size(), end + 9);
    bool object_stream = Named("ObjStm") || (Named("N") && Named("First"));
    std::vector<std::string> dictionary = std::move(names_);
    names_.clear();
    if (!object_stream) {
      if (HoldsObjectHeader(body)) return Refuse("hides an object inside a stream");
      return Status::Ok();
    }
    std::string inflated;
    bool flate = std::find(dictionary.begin(), dictionary.end(), "FlateDecode") != dictionary.end();
    for (const std::string& n : dictionary) {
      bool filter = (n.size() > 6 && n.compare(n.size() - 6, 6, "Decode") == 0) || n == "Crypt" || n == "AHx" ||
                    n == "A85" || n == "LZW" || n == "Fl" || n == "RL" || n == "CCF" || n == "DCT";
      if (filter && n != "FlateDecode") {
        return Refuse("has an object stream with the filter /" + n + " (only /FlateDecode is read)");
      }
      if (n == "DecodeParms") return Refuse("has an object stream with decoding parameters (not read)");
    }
    if (flate) {
      Result<std::string> out = Inflate(body, budget_);
      if (!out.ok()) return out.status();
      inflated = std::move(out).value();
      body = inflated;
    }
    Scanner inner(budget_);
    return inner.Scan(body);
  }

  size_t* budget_;
  std::vector<std::string> names_;  // since the last "obj": the object's dictionary
};

}  // namespace

Status CheckLetterPdf(std::string_view pdf) {
  if (pdf.size() > kMaxLetterPdfBytes) {
    return Refuse("has " + std::to_string(pdf.size()) + " bytes; a letter may have at most " +
                  std::to_string(kMaxLetterPdfBytes));
  }
  if (pdf.substr(0, 5) != "%PDF-") return Refuse("is not a PDF (it does not begin with %PDF-)");
  size_t budget = kMaxInflatedBytes;
  return Scanner(&budget).Scan(pdf);
}

}  // namespace madoguchi
