// Schemas that name each other: schemas/defs.schema.json holds the values
// many schemas share (a request id, a state, a request type, a date, a role,
// a SHA-256 digest), and a schema points at one with a relative `$ref`
// ("../defs.schema.json#/definitions/request_id" from schemas/api/), which
// any JSON Schema validator follows from the files' locations.
//
// valijson resolves only references inside one document without a fetch
// callback, and our SchemaValidator bounds every pattern before compiling
// (schema_validator.h), so an embedded schema is made whole first: every
// `$ref` to another file is replaced by the subschema it names, recursively,
// and a `#...` reference inside that subschema is read in its own file.
//
// Invariant: an object holding a cross-file `$ref` holds nothing else but a
// `description` (draft 7 ignores a `$ref`'s siblings, so a generic validator
// would ignore them too); ResolvedSchema refuses any other sibling.
//
// A `$ref` to a whole file ("../request.schema.json", "../events/decide.schema.json")
// names a document of its own inside another: the request record inside
// intake's arguments, an event's data inside advance's. A generic validator
// follows it; the engine's command decoder reads such a reference as only the
// document's type (WholeFileRefs::kTypeOnly) and leaves the document to its
// owner, which checks it against the same file together with the rules a
// schema cannot state, in one message (RequestRecordParser, Workflow::CheckData
// after the state and role checks).
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

// What a `$ref` to a whole file becomes: the file's schema, or {"type": its type}.
enum class WholeFileRefs { kInline, kTypeOnly };

// The embedded schema at `path` ("schemas/api/list.reply.schema.json") with
// every reference to another embedded file inlined. NotFound for a file not
// embedded, InvalidArgument for a reference that does not resolve, a `$ref`
// with siblings, or references nested deeper than a few levels.
Result<nlohmann::json> ResolvedSchema(std::string_view path, WholeFileRefs whole_files = WholeFileRefs::kInline);

// The same for a schema already read, as if it were the embedded file at
// `path` (relative references resolve against its folder).
Result<nlohmann::json> InlineSchemaRefs(nlohmann::json schema, std::string_view path,
                                        WholeFileRefs whole_files = WholeFileRefs::kInline);

}  // namespace madoguchi
