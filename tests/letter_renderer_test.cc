// The letters as a requester receives them: every kind rendered from a
// realistic context with the shipped templates, then read back with the real
// PDF tools (pdffonts, pdftotext, qpdf, pdfinfo), as a person or a program at
// the other end would. Also the template language on its own, and the errors
// a bad context or template gives.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "letters/letter_markup.h"
#include "letters/letter_renderer.h"
#include "letters/template.h"
#include "test_support.h"

using namespace madoguchi;
using madoguchi::testing::Normalised;
using nlohmann::json;

namespace {

const std::string kTemplates = MADOGUCHI_SOURCE_DIR "/templates/letters";

json ReadJson(const std::string& relative) {
  std::ifstream in(std::string(MADOGUCHI_SOURCE_DIR) + "/" + relative);
  REQUIRE(in.good());
  return json::parse(in);
}

// A category as the engine sends it: verbatim from config/data-categories.json.
json Category(const std::string& id) {
  static const json config = ReadJson("config/data-categories.json");
  for (const json& c : config["categories"]) {
    if (c["id"] == id) return {{"id", c["id"]}, {"name", c["name"]}, {"purposes", c["purposes"]}};
  }
  FAIL("no category " << id);
  return {};
}

// 山田 花子 asks for her receipts; the letter is issued on 2026-11-25.
json BaseContext(const std::string& kind, const std::string& type = "disclosure") {
  static const std::map<std::string, std::string> kTypeJa = {
      {"purpose_notice", "利用目的の通知"}, {"disclosure", "開示"}, {"third_party_record_disclosure", "第三者提供記録の開示"},
      {"correction", "訂正等"}, {"suspension", "利用停止等"}, {"third_party_stop", "第三者提供の停止"}};
  return {{"letter_id", "L-R2026-000042-" + kind + "-3"},
          {"letter_kind", kind},
          {"document_number", "デ健保発第42号"},
          {"issued_on", "2026-11-25"},
          {"society", ReadJson("config/engine-defaults.json")["society"]},
          {"recipient",
           {{"name", "山田 花子"},
            {"postal_code", "150-0001"},
            {"address", "東京都渋谷区神宮前1丁目2番3号 サンプルマンション405号室"},
            {"is_agent", false}}},
          {"requester", {{"name", "山田 花子"}, {"kana", "ヤマダ ハナコ"}}},
          {"request",
           {{"id", "R2026-000042"},
            {"type", type},
            {"type_ja", kTypeJa.at(type)},
            {"received_on", "2026-11-04"},
            {"due_date", "2026-11-18"},
            {"categories", json::array({Category("receipts")})},
            {"disclosure_method", type == "disclosure" ? json("paper") : json()},
            {"disclosure_method_detail", nullptr},
            {"free_text", "令和3年4月から令和8年3月までのレセプトの写しを開示してください。"}}}};
}

// 伊藤 大輔's request made by his lawyer 小林 誠: letters go to the agent.
json AgentContext(const std::string& kind) {
  json c = BaseContext(kind);
  c["recipient"] = {{"name", "小林 誠"},
                    {"postal_code", "100-0013"},
                    {"address", "東京都千代田区霞が関1丁目4番1号 霞が関サンプルビル8階 小林法律事務所"},
                    {"is_agent", true},
                    {"relation", "任意代理人（弁護士）"}};
  c["requester"] = {{"name", "伊藤 大輔"}, {"kana", "イトウ ダイスケ"}};
  c["request"]["categories"] = json::array({Category("cash_benefits"), Category("medical_inquiries")});
  return c;
}

// 伊藤 大輔 has died; his wife 伊藤 幸子 asks about his data in her own right (a 開示依頼 outside the Act).
json BereavedContext(const std::string& kind) {
  json c = BaseContext(kind);
  c["recipient"] = {{"name", "伊藤 幸子"}, {"postal_code", "100-0013"}, {"address", "東京都千代田区霞が関1丁目4番1号"},
                    {"is_agent", true}, {"kind", "bereaved_family"}, {"relation", "妻"}};
  c["requester"] = {{"name", "伊藤 大輔"}, {"kana", "イトウ ダイスケ"}};
  c["request"]["outside_appi"] = true;
  return c;
}

json Decision(const std::string& outcome, json grounds, const std::string& reason, const std::string& method = "post") {
  return {{"outcome", outcome}, {"grounds", std::move(grounds)}, {"reason", reason}, {"method", method}};
}

struct CommandResult {
  int exit_code;
  std::string output;
};

CommandResult Run(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// The emb column of each font pdffonts lists (the name and type may hold
// spaces; the last five columns are emb, sub, uni, object and generation).
std::vector<std::pair<std::string, std::string>> Fonts(const std::string& pdffonts_output) {
  std::vector<std::pair<std::string, std::string>> fonts;
  std::istringstream lines(pdffonts_output);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    if (++n <= 2) continue;  // header and rule
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word;) w.push_back(word);
    if (w.size() >= 6) fonts.emplace_back(w[0], w[w.size() - 5]);
  }
  return fonts;
}

// A rendered letter written to disk and read back with the PDF tools.
struct CheckedLetter {
  RenderedLetter letter;
  std::string pdf_text;  // pdftotext -layout
  std::string pdf_path;
  int pages;             // pdfinfo
};

CheckedLetter RenderAndCheck(const json& context, const testing::TempDir& dir) {
  Result<RenderedLetter> r = RenderLetter(context, kTemplates);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CheckedLetter out{std::move(r).value(), "", dir.file(context["letter_kind"].get<std::string>() + ".pdf"), 0};
  {
    std::ofstream f(out.pdf_path, std::ios::binary);
    f << out.letter.pdf;
  }
  CHECK(out.letter.pdf.substr(0, 5) == "%PDF-");
  CHECK(out.letter.sha256_pdf.size() == 64);
  CHECK(Run("sha256sum " + out.pdf_path).output.substr(0, 64) == out.letter.sha256_pdf);

  CommandResult fonts = Run("pdffonts " + out.pdf_path);
  REQUIRE(fonts.exit_code == 0);
  auto listed = Fonts(fonts.output);
  INFO(fonts.output);
  REQUIRE(!listed.empty());
  bool cjk = false;
  for (const auto& [name, emb] : listed) {
    CHECK(emb == "yes");
    if (name.find("CJK") != std::string::npos) cjk = true;
  }
  CHECK(cjk);

  CommandResult qpdf = Run("qpdf --check " + out.pdf_path);
  INFO(qpdf.output);
  CHECK(qpdf.exit_code == 0);

  CommandResult text = Run("pdftotext -layout " + out.pdf_path + " -");
  REQUIRE(text.exit_code == 0);
  out.pdf_text = text.output;
  CommandResult info = Run("pdfinfo " + out.pdf_path);
  std::smatch pages;
  REQUIRE(std::regex_search(info.output, pages, std::regex(R"(Pages:\s+(\d+))")));
  out.pages = std::stoi(pages[1]);
  return out;
}

// The PDF's text without the page numbers at the foot of each page, which
// pdftotext puts wherever the page breaks, even within a sentence.
std::string PdfBody(const std::string& pdf_text) {
  static const std::regex kPageNumber("(-[0-9]+/[0-9]+-)|(受付番号[0-9]{4}-[0-9]{6}（[0-9]+/[0-9]+）)");
  return std::regex_replace(Normalised(pdf_text), kPageNumber, "");
}

// Each phrase appears in the PDF's text and in the text copy.
void CheckSays(const CheckedLetter& l, const std::vector<std::string>& phrases) {
  const std::string pdf = PdfBody(l.pdf_text);
  const std::string copy = Normalised(l.letter.text);
  for (const std::string& phrase : phrases) {
    INFO("phrase: " << phrase);
    CHECK(pdf.find(Normalised(phrase)) != std::string::npos);
    CHECK(copy.find(Normalised(phrase)) != std::string::npos);
  }
}

void CheckNotSays(const CheckedLetter& l, const std::string& phrase) {
  INFO("phrase: " << phrase);
  CHECK(Normalised(l.letter.text).find(Normalised(phrase)) == std::string::npos);
  CHECK(PdfBody(l.pdf_text).find(Normalised(phrase)) == std::string::npos);
}

// What every letter must say: the addressee, the title, the document number
// and date, the request (受付番号 without the R), the sender, the 担当 and the
// complaint contact; on one A4 page, in 公用文 (no 拝啓 or 敬具).
void CheckLetterhead(const CheckedLetter& l, const json& context, const std::string& title) {
  CHECK(l.letter.title == title);
  CHECK(l.pages == 1);
  CheckSays(l, {context["recipient"]["name"].get<std::string>() + " 様", "〒" + context["recipient"]["postal_code"].get<std::string>(),
                context["recipient"]["address"], title, "令和8年11月25日", "デ健保発第42号", "受付番号", "2026-000042",
                "受付日", "令和8年11月4日", "デクセリアルズ健康保険組合", "（担当）個人情報相談窓口",
                "個人情報の取扱いに関する苦情の申出先", "デクセリアルズ健康保険組合（電話：03-3538-1235）"});
  CheckNotSays(l, "R2026-000042");  // 「R2026」 would read as 令和2026年
  CheckNotSays(l, "拝啓");
  CheckNotSays(l, "敬具");
}

Template Parse(const std::string& source) {
  Result<Template> t = Template::Parse(source, "test");
  INFO(t.status().ToString());
  REQUIRE(t.ok());
  return std::move(t).value();
}

Result<std::string> RenderSource(const std::string& source, const json& view) {
  Result<Template> t = Template::Parse(source, "test");
  if (!t.ok()) return t.status();
  return t->Render(view, TemplateEnv{});
}

}  // namespace

TEST_CASE("letters: acknowledgement to the requester", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("acknowledgement");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "受付通知");
  CheckSays(l, {"保有個人データの開示", "レセプトに関する情報", "回答予定日", "令和8年11月18日（水）",
                "ご希望の開示の方法：書面の交付", "当組合の運用基準により定めた回答の予定日"});
  CheckNotSays(l, "令和3年4月から令和8年3月までのレセプトの写し");  // the requester's own words are not echoed
  CheckNotSays(l, "代理人");
}

TEST_CASE("letters: documents request to an agent lists what is missing", "[letters]") {
  testing::TempDir dir;
  json c = AgentContext("documents_request");
  c["documents_request"] = {{"missing", {"委任状（原本）", "ご本人の印鑑登録証明書（発行から3か月以内のもの）"}},
                            {"message", "代理人の方の本人確認書類の写しも併せてご提出ください。"},
                            {"asked_on", "2026-11-25"},
                            {"respond_by", "2026-12-09"}};
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "本人確認書類等の提出のお願い");
  // The person, then the agent, in the window; one level of brackets.
  CheckSays(l, {"伊藤 大輔　様　任意代理人（弁護士）", "任意代理人（弁護士）　小林 誠　様", "・委任状（原本）",
                "・ご本人の印鑑登録証明書（発行から3か月以内のもの）", "代理人の方の本人確認書類の写しも併せてご提出ください。",
                "令和8年12月9日（水）まで"});
}

TEST_CASE("letters: identity rejection gives the reason", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("identity_rejection");
  c["identity_rejection"] = {{"reason", "ご提出いただいた住民票の写しは発行から30日を超えており、郵送による請求に必要な本人確認ができませんでした。"}};
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "本人確認不能による不受理通知");
  CheckSays(l, {"受理しない理由", c["identity_rejection"]["reason"], "改めて請求することができます"});
}

TEST_CASE("letters: extension across the New Year shows both due dates in the era", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("extension_notice");
  c["request"]["due_date"] = "2027-01-15";
  c["extension"] = {{"days", 21},
                    {"unit", "calendar"},
                    {"reason", "複数の医療機関への照会に対する回答を待っており、年末年始の休業期間を挟むため。"},
                    {"previous_due_date", "2026-12-25"},
                    {"new_due_date", "2027-01-15"}};
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "期間延長通知書");
  CheckSays(l, {"延長前の回答予定日", "令和8年12月25日（金）", "延長後の回答予定日", "令和9年1月15日（金）", "21日",
                c["extension"]["reason"]});
}

TEST_CASE("letters: purpose notice quotes each category's purposes verbatim", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("purpose_notice", "purpose_notice");
  c["request"]["categories"] = json::array({Category("qualification"), Category("health_checkups")});
  c["decision"] = Decision("full", json::array(), "");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "利用目的通知書");
  for (const json& category : c["request"]["categories"]) {
    CheckSays(l, {category["name"], category["purposes"]});
  }
  CheckSays(l, {"第32条第2項"});
}

TEST_CASE("letters: refusal to notify the purposes cites Art. 32(3) and the reason", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("purpose_notice_refusal", "purpose_notice");
  c["decision"] = Decision("refused", json::array({"purpose_harm"}),
                           "第三者行為に係る求償事務の相手方に関する情報であり、利用目的を通知することにより第三者の権利利益を害するおそれがあるため。");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "利用目的を通知しない旨の通知書");
  // The one ground, with its article: never a catch-all list of 32(2)'s cases.
  CheckSays(l, {"第32条第3項", "法第32条第2項第2号（法第21条第4項第1号）", c["decision"]["reason"]});
  CheckNotSays(l, "法第21条第4項第2号");
}

TEST_CASE("letters: disclosure on paper instead of the electronic record asked for says so", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("disclosure_decision");
  c["request"]["disclosure_method"] = "electronic";
  c["request"]["disclosure_method_detail"] = "PDFファイル";
  c["decision"] = Decision("full", json::array(), "", "post");
  c["decision"]["method_reason"] = "ご請求の期間の記録が紙の原本でのみ保存されており、電磁的記録に変換するには多数の文書の読み取りが必要となる";
  c["decision"]["agreed"] = true;
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "開示決定通知書");
  // The actual reason the society recorded, never a canned 「多額の費用を要する等」.
  CheckSays(l, {"開示の方法", "書面の郵送による交付", "ご請求のあった方法（電磁的記録の提供（PDFファイル））による開示は",
                c["decision"]["method_reason"], "法第33条第3項", "あらかじめご了承をいただいています",
                "本通知書に同封してお送りします"});
  CheckNotSays(l, "多額の費用");
}

TEST_CASE("letters: viewing at the counter gives the place, the hours and the day to come by", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("disclosure_decision");
  c["request"]["disclosure_method"] = "viewing";
  c["decision"] = Decision("full", json::array(), "", "viewing");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckSays(l, {"当組合窓口における閲覧", "閲覧していただきます", "平日 午前9時から午後5時まで",
                "令和8年12月25日（金）までにお越しください"});  // issued 2026-11-25 + 30 days
  CheckNotSays(l, "ご請求のあった方法");
}

TEST_CASE("letters: an electronic disclosure says the format, how it is sent and how the password goes", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("disclosure_decision");
  c["request"]["disclosure_method"] = "electronic";
  c["decision"] = Decision("full", json::array(), "", "electronic");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckSays(l, {"PDFファイル（パスワード付きZIP形式）", "電子メールアドレスあてに送信します", "別途郵便でお知らせします"});
}

TEST_CASE("letters: disclosure by the method asked for has no such sentence", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("disclosure_decision");
  c["decision"] = Decision("full", json::array(), "", "counter");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckSays(l, {"当組合窓口における書面の交付", "当組合の窓口でお渡しします"});
  CheckNotSays(l, "ご請求のあった方法");
}

TEST_CASE("letters: partial disclosure to an agent gives the grounds in words and the reason", "[letters]") {
  testing::TempDir dir;
  json c = AgentContext("partial_disclosure_decision");
  c["decision"] = Decision("partial", json::array({"harm", "operations"}),
                           "主治医への照会に対する回答のうち、診断の内容に関する記載については、主治医から開示により治療に支障が生じるおそれがある旨の意見があったため開示しません。また、審査の過程における担当者の検討メモは、開示により今後の審査事務の適正な実施に著しい支障を及ぼすおそれがあるため開示しません。");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "一部開示決定通知書");
  CheckSays(l, {"伊藤 大輔　様　任意代理人（弁護士）", "本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ",
                "当組合の業務の適正な実施に著しい支障を及ぼすおそれ", "法第33条第2項第1号", "法第33条第2項第2号", "法第36条",
                c["decision"]["reason"], "書面の郵送による交付"});
  CheckNotSays(l, "他の法令に違反することとなる場合");
}

TEST_CASE("letters: nondisclosure gives the grounds and the reason", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("nondisclosure_decision");
  c["decision"] = Decision("refused", json::array({"other_law"}),
                           "ご請求の情報は、捜査機関からの照会に関する記録であり、開示することが他の法令の規定に違反することとなるため。");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "不開示決定通知書");
  CheckSays(l, {"他の法令に違反することとなる場合", "法第33条第2項第3号", "全部を開示しないこと", c["decision"]["reason"]});
}

TEST_CASE("letters: no record of provision to third parties", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("not_held_notice", "third_party_record_disclosure");
  c["request"]["disclosure_method"] = "paper";
  c["decision"] = Decision("not_held", json::array(),
                           "ご請求の期間に当組合が行った個人データの提供は、いずれも法令に基づくものであり、第三者提供記録は作成していません。");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "第三者提供記録不存在通知書");
  CheckSays(l, {"存在しない理由", c["decision"]["reason"], "第29条第1項ただし書"});
  // Issue 17: 33(5) applying 33(3), every provision not recorded (27(1), 27(5), bodies of
  // 16(2)) and the records' retention; a provision record is not 保有個人データ.
  CheckSays(l, {"第33条第5項において準用する同条第3項", "同条第5項各号", "法第16条第2項各号", "施行規則第21条",
                "第三者提供記録の開示について"});
  CheckNotSays(l, "保有個人データの第三者提供記録");
}

TEST_CASE("letters: not held notice for a disclosure", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("not_held_notice");
  c["decision"] = Decision("not_held", json::array(), "ご請求の期間のレセプトは、保存期間の経過により既に廃棄しています。");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "保有個人データ不存在通知書");
  CheckSays(l, {c["decision"]["reason"]});
}

TEST_CASE("letters: correction decision says what was changed", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("correction_decision", "correction");
  c["request"]["categories"] = json::array({Category("qualification")});
  c["decision"] = Decision("full", json::array(), "被保険者の氏名の表記を「山田 花子」から「山田 華子」（戸籍上の表記）に訂正しました。");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "訂正等決定通知書");
  CheckSays(l, {"訂正等の内容", c["decision"]["reason"], "第34条第3項"});
  CheckNotSays(l, "訂正等を行わない理由");
}

TEST_CASE("letters: correction refused says why nothing was changed", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("correction_decision", "correction");
  c["decision"] = Decision("refused", json::array({"not_untrue"}), "ご指摘の受診記録は、医療機関から提出されたレセプトの記載のとおりであり、事実と異なることは確認できませんでした。");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckSays(l, {"訂正等を行わない根拠及び理由", "法第34条第1項", c["decision"]["reason"]});
  // The ground given, not a general note on evaluations that did not apply.
  CheckNotSays(l, "評価や判断の内容は訂正等の対象となりません");
  CheckNotSays(l, "第33条");
}

TEST_CASE("letters: suspension met by an alternative measure gives the measure and reason", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("suspension_decision", "suspension");
  c["request"]["categories"] = json::array({Category("health_checkups")});
  c["decision"] = Decision("alternative", json::array({"proviso"}),
                           "健診結果は法令により保存が義務付けられているため消去できません。");
  c["decision"]["basis"] = "unlawful_handling";
  c["decision"]["measure"] = "保健事業の案内への利用を停止し、閲覧できる職員を限定します。";
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "利用停止等決定通知書");
  CheckSays(l, {"代わるべき措置", "第35条第2項ただし書", "とることとした措置", c["decision"]["measure"],
                c["decision"]["reason"]});
}

TEST_CASE("letters: third party stop done", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("third_party_stop_decision", "third_party_stop");
  c["decision"] = Decision("full", json::array(), "");
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckLetterhead(l, c, "第三者提供停止決定通知書");
  CheckSays(l, {"ご請求のとおり第三者提供の停止を行いました", "第35条第7項"});
  // Its own letter, not the suspension's.
  c["letter_kind"] = "suspension_decision";
  Result<RenderedLetter> wrong = RenderLetter(c, kTemplates);
  REQUIRE_FALSE(wrong.ok());
  CHECK_THAT(wrong.status().message(), Catch::Contains("third_party_stop_decision"));
}

TEST_CASE("letters: a long letter breaks into pages at line boundaries", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("nondisclosure_decision");
  std::string reason;
  for (int i = 1; i <= 60; ++i) {
    reason += "第" + std::to_string(i) + "に、当該記録には第三者である医療機関の職員の個人情報が含まれています。\n";
  }
  reason += "以上の理由により開示しません。";
  c["decision"] = Decision("refused", json::array({"harm"}), reason);
  CheckedLetter l = RenderAndCheck(c, dir);
  CommandResult info = Run("pdfinfo " + l.pdf_path);
  INFO(info.output);
  CHECK(l.pages > 1);
  CHECK(info.output.find("A4") != std::string::npos);
  CheckSays(l, {"第1に、当該記録には", "第60に、当該記録には", "以上の理由により開示しません。", "個人情報の取扱いに関する苦情の申出先"});
  // Each page says whose it is and which of how many, in the PDF only.
  const std::string squashed = Normalised(l.pdf_text);
  CHECK(squashed.find("受付番号2026-000042（1/" + std::to_string(l.pages) + "）") != std::string::npos);
  CHECK(squashed.find("受付番号2026-000042（" + std::to_string(l.pages) + "/" + std::to_string(l.pages) + "）") !=
        std::string::npos);
}

TEST_CASE("letters: the addressee's block sits in the window of a 長3 envelope", "[letters]") {
  testing::TempDir dir;
  json c = AgentContext("documents_request");  // an agent: the longest block (the person, then the agent)
  c["documents_request"] = {{"missing", {"委任状"}}, {"asked_on", "2026-11-25"}, {"respond_by", "2026-12-09"}};
  CheckedLetter l = RenderAndCheck(c, dir);
  CommandResult boxes = Run("pdftotext -bbox " + l.pdf_path + " -");
  REQUIRE(boxes.exit_code == 0);
  // Every word above the document number is the address block: inside the
  // window (JIS 長3: 90 x 45 mm, 23 mm from the left and 13 mm from the top).
  constexpr double kMm = 72.0 / 25.4;
  static const std::regex kWord(R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  struct Box { double x0, y0, x1, y1; std::string text; };
  std::vector<Box> all;
  double number_top = 0;
  for (std::sregex_iterator it(boxes.output.begin(), boxes.output.end(), kWord), end; it != end; ++it) {
    all.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4]), (*it)[5]});
    if (all.back().text.find("第42号") != std::string::npos) number_top = all.back().y0;  // the document number
  }
  REQUIRE(number_top > 0);
  int words = 0;
  for (const Box& b : all) {
    if (b.y0 >= number_top) continue;
    INFO(b.text);
    CHECK(b.x0 >= 23 * kMm);
    CHECK(b.x1 <= (23 + 90) * kMm);
    CHECK(b.y0 >= 13 * kMm);
    CHECK(b.y1 <= (13 + 45) * kMm);
    ++words;
  }
  CHECK(words >= 6);  // 〒, the address (wrapped), the person, the agent, 様
}

TEST_CASE("letters: the same context gives the same bytes", "[letters]") {
  json c = AgentContext("partial_disclosure_decision");
  c["decision"] = Decision("partial", json::array({"harm"}), "主治医の意見によるため。");
  Result<RenderedLetter> a = RenderLetter(c, kTemplates);
  Result<RenderedLetter> b = RenderLetter(c, kTemplates);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->sha256_pdf == b->sha256_pdf);
  CHECK(a->pdf == b->pdf);
  CHECK(a->text == b->text);
  c["issued_on"] = "2026-11-26";
  Result<RenderedLetter> later = RenderLetter(c, kTemplates);
  REQUIRE(later.ok());
  CHECK(later->sha256_pdf != a->sha256_pdf);
}

TEST_CASE("letters: the PDF is A4 and carries the title and the society as author", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("acknowledgement");
  CheckedLetter l = RenderAndCheck(c, dir);
  CommandResult info = Run("pdfinfo " + l.pdf_path);
  CHECK(info.output.find("595.28 x 841.89 pts (A4)") != std::string::npos);
  CHECK(info.output.find("受付通知") != std::string::npos);
  CHECK(info.output.find("デクセリアルズ健康保険組合") != std::string::npos);
}

TEST_CASE("letters: requester text cannot become a layout directive or a template tag", "[letters]") {
  testing::TempDir dir;
  json c = BaseContext("identity_rejection");
  c["identity_rejection"] = {{"reason", "@title 偽の表題\r\n{{request.id}} の書類が不鮮明です。\x01"}};
  CheckedLetter l = RenderAndCheck(c, dir);
  CHECK(l.letter.title == "本人確認不能による不受理通知");
  CheckSays(l, {"＠title 偽の表題", "{{request.id}} の書類が不鮮明です。"});
}

TEST_CASE("letters: a context missing a required field is a clear error", "[letters]") {
  json c = BaseContext("acknowledgement");
  c["request"].erase("received_on");
  Result<RenderedLetter> r = RenderLetter(c, kTemplates);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidArgument);
  CHECK(r.status().message().find("received_on") != std::string::npos);

  json no_society = BaseContext("acknowledgement");
  no_society.erase("society");
  r = RenderLetter(no_society, kTemplates);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("society") != std::string::npos);

  r = RenderLetter(json::array({1, 2}), kTemplates);
  CHECK_FALSE(r.ok());
  r = RenderLetter(json("acknowledgement"), kTemplates);
  CHECK_FALSE(r.ok());
}

TEST_CASE("letters: a decision letter without its reason or grounds is refused", "[letters]") {
  json c = BaseContext("partial_disclosure_decision");
  c["decision"] = Decision("partial", json::array(), "理由");
  Result<RenderedLetter> r = RenderLetter(c, kTemplates);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("decision.grounds") != std::string::npos);

  c["decision"] = Decision("partial", json::array({"harm"}), "");
  r = RenderLetter(c, kTemplates);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("decision.reason") != std::string::npos);

  json e = BaseContext("extension_notice");
  r = RenderLetter(e, kTemplates);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("extension") != std::string::npos);

  json bad_date = BaseContext("acknowledgement");
  bad_date["request"]["due_date"] = "2026-02-30";
  r = RenderLetter(bad_date, kTemplates);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("2026-02-30") != std::string::npos);
}

TEST_CASE("letters: a missing templates folder or template is NotFound", "[letters]") {
  testing::TempDir dir;
  Result<RenderedLetter> r = RenderLetter(BaseContext("acknowledgement"), dir.path().string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kNotFound);

  std::filesystem::copy_file(kTemplates + "/labels.json", dir.file("labels.json"));
  r = RenderLetter(BaseContext("acknowledgement"), dir.path().string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kNotFound);
  CHECK(r.status().message().find("unknown template 'acknowledgement'") != std::string::npos);
}

TEST_CASE("letters: template values, sections and inverted sections", "[letters][template]") {
  json view = {{"name", "山田 花子"},
               {"agent", true},
               {"none", nullptr},
               {"items", {"委任状", "印鑑登録証明書"}},
               {"request", {{"id", "R2026-000042"}, {"days", 14}}}};
  Result<std::string> r = RenderSource(
      "{{name}} 様\n{{#agent}}代理人あり{{/agent}}{{^none}}・なし{{/none}}\n{{#items}}\n・{{.}}（{{request.id}}）\n{{/items}}\n{{request.days}}日\n",
      view);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(*r == "山田 花子 様\n代理人あり・なし\n・委任状（R2026-000042）\n・印鑑登録証明書（R2026-000042）\n14日\n");
}

TEST_CASE("letters: template multi-line values keep the indentation of their line", "[letters][template]") {
  Result<std::string> r = RenderSource("１　理由\n\u3000\u3000{{reason}}\n", {{"reason", "第一に。\n第二に。"}});
  REQUIRE(r.ok());
  CHECK(*r == "１　理由\n\u3000\u3000第一に。\n\u3000\u3000第二に。\n");
}

TEST_CASE("letters: template errors name the template, the line and the key", "[letters][template]") {
  Result<std::string> r = RenderSource("一行目\n{{request.id}}\n", {{"request", json::object()}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "template 'test' line 2: no value for 'request.id'");

  r = RenderSource("{{#a}}\n", {{"a", true}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("never closed") != std::string::npos);

  r = RenderSource("{{#a}}{{/b}}", {{"a", true}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("line 1") != std::string::npos);

  r = RenderSource("{{a}", {{"a", "x"}});
  REQUIRE_FALSE(r.ok());

  r = RenderSource("{{a}}", {{"a", nullptr}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("'a' is null") != std::string::npos);

  r = RenderSource("{{fmt:a}}", {{"a", "x"}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("unknown formatter 'fmt'") != std::string::npos);

  r = RenderSource("{{>missing}}", json::object());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kNotFound);

  Result<Template> t = LoadTemplate(kTemplates, "no_such_letter");
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().code() == Status::Code::kNotFound);
  CHECK(LoadTemplate(kTemplates, "../etc/passwd").status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("letters: standalone tag lines leave no blank line", "[letters][template]") {
  Template t = Parse("a\n  {{#x}}\nb\n{{/x}}  \n{{! note }}\nc\n");
  Result<std::string> r = t.Render({{"x", false}}, TemplateEnv{});
  REQUIRE(r.ok());
  CHECK(*r == "a\nc\n");
}

TEST_CASE("letters: layout directives", "[letters][template]") {
  Result<LetterDocument> doc = ParseLetterMarkup("\n@right 令和8年11月25日\n@title 受付通知\n\n\u3000\u3000字下げ\n@@literal\n\n");
  REQUIRE(doc.ok());
  CHECK(doc->title == "受付通知");
  REQUIRE(doc->blocks.size() == 5);
  CHECK(doc->blocks[0].align == LetterBlock::Align::kRight);
  CHECK(doc->blocks[2].kind == LetterBlock::Kind::kBlank);
  CHECK(doc->blocks[3].indent_em == 2);
  CHECK(doc->blocks[3].text == "字下げ");
  CHECK(doc->blocks[4].text == "@literal");
  CHECK_FALSE(ParseLetterMarkup("@rigth x\n@title t\n").ok());
  CHECK_FALSE(ParseLetterMarkup("本文だけ\n").ok());
  CHECK_FALSE(ParseLetterMarkup("@title a\n@title b\n").ok());
  CHECK_FALSE(ParseLetterMarkup("@title \xff\n").ok());
}

TEST_CASE("letters: the plain copy flushes right by display width, a combining voiced mark taking none",
          "[letters][utf8]") {
  // か + U+3099 is how some keyboards (macOS) send ガ: both end in the 80th column.
  Result<LetterDocument> doc = ParseLetterMarkup("@title 通知\n@right 山田ガ\n@right 山田か\u3099\n@right ﾔﾏﾀﾞ\n");
  REQUIRE(doc.ok());
  std::istringstream plain(PlainTextCopy(*doc));
  std::vector<std::string> lines;
  for (std::string line; std::getline(plain, line);) lines.push_back(line);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].find_first_not_of(' ') == (80 - 4) / 2);
  CHECK(lines[1].find_first_not_of(' ') == 80 - 6);
  CHECK(lines[2].find_first_not_of(' ') == 80 - 6);  // it was 72: the mark counted two columns
  CHECK(lines[3].find_first_not_of(' ') == 80 - 4);  // half-width katakana: one column each
}

// --- issue 6: fees, objections, bereaved family ---

TEST_CASE("letters: the fee notice says what to pay, the decision letter shows the fee paid", "[letters][issue6]") {
  testing::TempDir dir;
  json c = BaseContext("fee_notice");
  c["decision"] = Decision("full", json::array(), "");
  c["fee"] = {{"amount", 520}, {"pages", 12}, {"paid", false}};
  CheckedLetter notice = RenderAndCheck(c, dir);
  CheckLetterhead(notice, c, "手数料納付のお願い");
  CheckSays(notice, {"520円（12枚分を含む）", "第38条第1項"});

  json d = BaseContext("disclosure_decision");
  d["decision"] = Decision("full", json::array(), "");
  d["fee"] = {{"amount", 520}, {"pages", 12}, {"paid", true}, {"paid_on", "2026-11-20"}};
  CheckSays(RenderAndCheck(d, dir), {"手数料", "520円　令和8年11月20日納付済"});

  // Charged with the decision and not yet paid: the parts, the due date, how to pay, what follows.
  json u = BaseContext("disclosure_decision");
  u["decision"] = Decision("full", json::array(), "");
  u["fee"] = {{"amount", 520}, {"pages", 12}, {"paid", false}, {"due", "2026-12-25"},
              {"parts", {{"per_request", 300}, {"page_blocks", 12}, {"per_page", 10}, {"per_pages", 1}, {"postage", 100}}},
              {"payment", {{"methods", "窓口での現金納付又は口座振込み"}, {"account", "〇〇銀行 京橋支店 普通 1234567"}}}};
  CheckSays(RenderAndCheck(u, dir), {"520円（内訳：1件300円＋写し12枚×10円＋郵送料100円）", "納付期限　令和8年12月25日（金）",
                                     "〇〇銀行 京橋支店 普通 1234567", "納付期限までに納付がない場合は", "法第38条第1項"});
  // The bereaved's 開示依頼 is outside the Act: its own words, no Art. 38.
  json b = BereavedContext("bereaved_disclosure_decision");
  b["decision"] = Decision("full", json::array(), "");
  b["fee"] = u["fee"];
  CheckedLetter bereaved = RenderAndCheck(b, dir);
  CheckSays(bereaved, {"ご依頼のあった情報をお渡しします"});
  CheckNotSays(bereaved, "第38条");

  json missing = BaseContext("fee_notice");
  missing["decision"] = Decision("full", json::array(), "");
  Result<RenderedLetter> refused = RenderLetter(missing, kTemplates);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("fee.amount"));
}

TEST_CASE("letters: a partial receipt disclosure names no institution and repeats no opinion", "[letters][issue6]") {
  testing::TempDir dir;
  json c = BaseContext("partial_disclosure_decision");
  c["decision"] = Decision("partial", json::array({"harm"}),
                           "レセプトの一部の記載は、開示することによりご本人の今後の療養に支障が生じるおそれがあるため、開示しないこととしました。");
  // Even a context that carried them (the engine's no longer does) prints neither.
  c["decision"]["objections"] = {{{"institution", "浦和さくら内科"}, {"reason", "傷病名の告知が療養に支障"}}};
  CheckedLetter l = RenderAndCheck(c, dir);
  CheckSays(l, {c["decision"]["reason"]});
  CheckNotSays(l, "浦和さくら内科");
  CheckNotSays(l, "告知");
}

TEST_CASE("letters: bereaved family get their own acknowledgement and answer", "[letters][issue6]") {
  testing::TempDir dir;
  json a = BereavedContext("bereaved_acknowledgement");
  CheckedLetter ack = RenderAndCheck(a, dir);
  CHECK(ack.letter.title == "開示依頼受付通知");
  CHECK(ack.pages == 1);
  // Condolences first; the bereaved addressed in their own right, the deceased as 故 in the 記.
  CheckSays(ack, {"謹んでお悔やみ申し上げます", "亡くなられた方", "故　伊藤 大輔　様", "開示請求の対象とはなりません",
                  "ご遺族からの開示依頼"});
  CheckNotSays(ack, "代理人");
  CheckNotSays(ack, "時下ますますご清祥");

  json d = BereavedContext("bereaved_disclosure_decision");
  d["decision"] = Decision("full", json::array(), "");
  CheckedLetter answer = RenderAndCheck(d, dir);
  CHECK(answer.letter.title == "開示依頼に対する回答書");
  CheckSays(answer, {"ご依頼のあった情報を開示します。"});
}
