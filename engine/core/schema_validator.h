// SchemaValidator: checks a JSON document against one of our JSON Schemas
// (draft 7, schemas/) with valijson, and turns valijson's error list into one
// message per offending field ("requester.kana: ..."), which is what a clerk
// or a client program can act on.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace valijson {
class Schema;
}

namespace madoguchi {

class SchemaValidator {
 public:
  // Compiles a schema; InvalidArgument if it is not a valid draft 7 schema.
  static Result<SchemaValidator> FromJson(const nlohmann::json& schema);

  // The compiled schema of an embedded file ("schemas/request.schema.json").
  // Compiled once and shared; thread-safe. A missing or broken embedded schema
  // is a build defect, so this throws std::logic_error rather than returning.
  static const SchemaValidator& Embedded(std::string_view path);

  // One message per offending field, in document order; empty when valid.
  // Paths use dots and [i] ("documents[1].issued"); a missing property is
  // named itself ("requester.kana: is required"); a message about the
  // document as a whole names it `root_label`.
  std::vector<std::string> Validate(const nlohmann::json& document, std::string_view root_label = "(record)") const;

  // Ok, or InvalidArgument "<what> is invalid: " + Validate()'s messages joined with "; ".
  Status Check(const nlohmann::json& document, std::string_view what,
               std::string_view root_label = "(record)") const;

 private:
  explicit SchemaValidator(std::shared_ptr<const valijson::Schema> schema) : schema_(std::move(schema)) {}

  std::shared_ptr<const valijson::Schema> schema_;
};

// "a; b; c" — used to fold field messages into one Status message.
std::string JoinMessages(const std::vector<std::string>& messages, std::string_view separator = "; ");

}  // namespace madoguchi
