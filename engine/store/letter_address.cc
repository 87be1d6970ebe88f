#include "store/letter_address.h"

#include <limits>

#include "store/request_links.h"

namespace madoguchi {

namespace {

std::string Text(const nlohmann::json& object, const char* field) {
  if (!object.is_object() || !object.contains(field) || !object[field].is_string()) return "";
  return object[field].get<std::string>();
}

// FoldForMatching folds widths, spaces and hyphens; a 〒 before a postal code is dropped too.
std::string FoldPostal(const std::string& code) {
  std::string folded = FoldForMatching(code);
  const std::string mark = "〒";
  if (folded.rfind(mark, 0) == 0) folded.erase(0, mark.size());
  return folded;
}

}  // namespace

std::optional<PostalAddress> DocumentsAddress(const std::vector<HistoryEntry>& history, int64_t revision) {
  std::optional<PostalAddress> found;
  for (const HistoryEntry& h : history) {
    if (h.version > revision || !h.Is(Event::kVerifyIdentity)) continue;
    if (!h.data.is_object() || !h.data.contains("address_on_documents")) continue;
    const nlohmann::json& a = h.data["address_on_documents"];
    found = PostalAddress{Text(a, "postal_code"), Text(a, "address")};
  }
  return found;
}

PostalAddress RequestFormAddress(const nlohmann::json& personal) {
  const bool agent = personal.contains("agent") && personal["agent"].is_object();
  const nlohmann::json& who = agent ? personal["agent"] : personal.value("requester", nlohmann::json::object());
  return {Text(who, "postal_code"), Text(who, "address")};
}

bool SameAddress(const PostalAddress& a, const PostalAddress& b) {
  if (!a.postal_code.empty() && !b.postal_code.empty() && FoldPostal(a.postal_code) != FoldPostal(b.postal_code)) {
    return false;
  }
  return FoldForMatching(a.address) == FoldForMatching(b.address);
}

std::string SendToOf(const nlohmann::json& respond, const std::optional<PostalAddress>& documents) {
  const std::string chosen = Text(respond, "send_to");
  if (!chosen.empty()) return chosen;
  return documents ? "documents" : "request_form";
}

Status CheckSendTo(const std::string& request_id, const nlohmann::json& respond, const nlohmann::json& personal,
                   const std::vector<HistoryEntry>& history) {
  const std::optional<PostalAddress> documents = DocumentsAddress(history, std::numeric_limits<int64_t>::max());
  const std::string send_to = SendToOf(respond, documents);
  if (send_to == "documents" && !documents) {
    return Status::InvalidArgument("data of 'respond' is invalid: send_to: request " + request_id +
                                   " has no address from the identity documents (verify_identity's "
                                   "address_on_documents); send it to the request form's address");
  }
  if (send_to == "request_form" && documents && !SameAddress(*documents, RequestFormAddress(personal)) &&
      Text(respond, "send_to_reason").empty()) {
    return Status::InvalidArgument("data of 'respond' is invalid: send_to_reason: the identity documents of request " +
                                   request_id + " show another address than the request form; say why the "
                                   "letter goes to the form's address");
  }
  return Status::Ok();
}

nlohmann::json LetterAddressCheck(const nlohmann::json& personal, const std::vector<HistoryEntry>& history) {
  const std::optional<PostalAddress> documents = DocumentsAddress(history, std::numeric_limits<int64_t>::max());
  nlohmann::json respond;
  for (const HistoryEntry& h : history) {
    if (h.Is(Event::kRespond)) respond = h.data;
  }
  return {{"letters_to", SendToOf(respond, documents)},
          {"documents_recorded", documents.has_value()},
          {"differs", documents.has_value() && !SameAddress(*documents, RequestFormAddress(personal))}};
}

}  // namespace madoguchi
