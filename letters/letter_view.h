// BuildLetterView: the view a letter template is rendered with, made from a
// letter context (schemas/messages/letter-context.schema.json, already checked
// against that schema) and the wording tables of templates/letters/labels.json.
//
// The view is the context, with:
//  - every string cleaned for print: line breaks made "\n", other control
//    characters dropped, surrounding blanks trimmed, and a line that begins
//    with '@' written with a full-width '＠' (so that text from a requester
//    can never be read as a layout directive, see letter_markup.h);
//  - every optional field the templates test present (null, false, "" or []);
//  - what the templates need but should not compute:
//      request.is.<type>                 true for the request's type only
//      request.categories[].index        "１", "２", ... (full-width)
//      request.disclosure_method_label   "電磁的記録の提供（PDFファイル）", or null
//      decision.is.<outcome>             true for the decision's outcome only
//      decision.grounds_list[]           {code, text, article} from the decision table
//                                        (engine/core/decision_table.h), the article
//                                        following decision.basis where it must
//      decision.grounds_text             the grounds' texts joined by "、"
//      decision.basis_label / basis_article / proviso_article  (suspension, third-party stop)
//      decision.method_label             from labels.json ("書面の郵送による交付")
//      decision.by_post / at_counter / electronic / viewing
//      decision.method_differs           the data goes another way than asked
//                                        (core/disclosure_method.h); the letter says so with
//                                        decision.method_reason (Art. 33(3))
//      decision.viewing, pickup_by, electronic_details, counter_details
//                                        viewing at the counter, until when, and the society's
//                                        arrangements (society.disclosure)
//      extension.unit_label              "日" or "営業日"
//
// What each letter kind needs beyond the schema is checked here, so that a
// missing fact is an error that names the field and why the letter needs it,
// not a letter with a hole: documents_request needs documents_request.missing
// or .note; identity_rejection its reason; extension_notice the days, reason
// and both due dates; decision letters an outcome of the request's type, and
// the grounds and the reason (APPI Art. 36) the decision table asks of that
// outcome; disclosure decisions decision.method.
#pragma once

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

// InvalidArgument naming the field, for a context that lacks what its kind of
// letter needs or holds text that is not UTF-8, or labels that lack a wording.
Result<nlohmann::json> BuildLetterView(const nlohmann::json& context, const nlohmann::json& labels);

}  // namespace madoguchi
