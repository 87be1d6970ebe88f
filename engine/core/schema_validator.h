// SchemaValidator: checks a JSON document against one of our JSON Schemas
// (draft 7, schemas/) with valijson, and turns valijson's error list into one
// message per offending field ("requester.kana: ..."), which is what a clerk
// or a client program can act on.
//
// Invariant (what an attacker's string can cost): valijson matches `pattern`
// with libstdc++'s std::regex, which recurses once per character a `+` or `*`
// consumes, so a 100,000-character string under such a pattern overflowed a
// thread's stack. FromJson therefore bounds every string a pattern applies to
// (maxLength at most kMaxPatternInput, added where a schema says less), and
// Validate never runs a pattern on a longer string: it first validates
// strictly (valijson stops at a subschema's first failing constraint, and
// checks maxLength before pattern), and reports the errors of a document
// holding a longer string from a copy of the schema without patterns. A
// schema using `format` (also matched with std::regex) is refused.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/schema_refs.h"
#include "util/status.h"

namespace valijson {
class Schema;
}

namespace madoguchi {

class SchemaValidator {
 public:
  // The longest string (in bytes) a `pattern` is ever matched against.
  static constexpr size_t kMaxPatternInput = 4096;

  // Compiles a schema; InvalidArgument if it is not a valid draft 7 schema.
  static Result<SchemaValidator> FromJson(const nlohmann::json& schema);

  // The compiled schema of an embedded file ("schemas/request.schema.json"),
  // its references to other schema files inlined (core/schema_refs.h; with
  // kTypeOnly a reference to a whole file checks only the type, for a
  // document its owner checks later). Compiled once and shared; thread-safe.
  // A missing or broken embedded schema is a build defect, so this throws
  // std::logic_error rather than returning.
  static const SchemaValidator& Embedded(std::string_view path, WholeFileRefs whole_files = WholeFileRefs::kInline);

  // One message per offending field, in document order; empty when valid.
  // Paths use dots and [i] ("documents[1].issued"); a missing property is
  // named itself ("requester.kana: is required"); a message about the
  // document as a whole names it `root_label`.
  std::vector<std::string> Validate(const nlohmann::json& document, std::string_view root_label = "(record)") const;

  // Ok, or InvalidArgument "<what> is invalid: " + Validate()'s messages joined with "; ".
  Status Check(const nlohmann::json& document, std::string_view what,
               std::string_view root_label = "(record)") const;

 private:
  SchemaValidator(std::shared_ptr<const valijson::Schema> schema, std::shared_ptr<const valijson::Schema> without_patterns)
      : schema_(std::move(schema)), without_patterns_(std::move(without_patterns)) {}

  std::vector<std::string> Messages(const valijson::Schema& schema, const nlohmann::json& document,
                                    std::string_view root_label) const;

  std::shared_ptr<const valijson::Schema> schema_;
  std::shared_ptr<const valijson::Schema> without_patterns_;  // for the errors of a document with a long string
};

// "a; b; c" — used to fold field messages into one Status message.
std::string JoinMessages(const std::vector<std::string>& messages, std::string_view separator = "; ");

}  // namespace madoguchi
