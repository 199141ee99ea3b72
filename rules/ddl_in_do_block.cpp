// ddl-in-do-block: a DO block whose body runs DDL or dynamic SQL (EXECUTE), which no rule can see.

#include <fmt/format.h>

#include <array>

#include "rules/sql_text.hpp"
#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// Statements in a PL/pgSQL body that change the schema or take heavy locks, and EXECUTE, which
// runs SQL built at run time.
constexpr std::array<std::string_view, 9> k_keywords = {"ALTER",   "CLUSTER", "CREATE",   "DROP",  "EXECUTE",
                                                        "REINDEX", "LOCK",    "TRUNCATE", "VACUUM"};

class DdlInDoBlock final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "ddl-in-do-block",
        {},
        Severity::warning,
        true,
        "DDL or EXECUTE inside a DO block is invisible to the linter: its locks and rewrites go unchecked"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, DoStmt)) return;
    const DefElem* body = nullptr;
    const ListCell* lc = nullptr;
    foreach (lc, castNode(DoStmt, const_cast<::Node*>(stmt.node))->args) {
      const auto* arg = lfirst_node(DefElem, lc);
      if (std::string_view(arg->defname) == "as" && arg->arg != nullptr && IsA(arg->arg, String)) body = arg;
    }
    if (body == nullptr) return;
    const std::string_view code = strVal(body->arg);
    SqlWord found;
    std::string_view keyword;
    for_each_sql_word(code, [&](const SqlWord& word) {
      if (word.offset > 0 && code[word.offset - 1] == '.') return true;  // a qualified name such as rec.drop
      for (const auto k : k_keywords) {
        if (is_keyword(word, k)) {
          found = word;
          keyword = k;
          return false;
        }
      }
      return true;
    });
    if (keyword.empty()) return;

    // Point at the keyword when the body is dollar-quoted (its text is then verbatim in the file).
    std::optional<Span> span = stmt.span;
    const std::string_view text = ctx.script().source().text();
    const Span literal = stmt.span_at(body->location);
    if (body->location >= 0 && literal.begin < text.size() && text[literal.begin] == '$') {
      const auto tag_end = text.find('$', literal.begin + 1);
      if (tag_end != std::string_view::npos) {
        const auto begin = static_cast<std::uint32_t>(tag_end + 1 + found.offset);
        span = Span{begin, begin + found.length};
      }
    }
    const bool dynamic = keyword == "EXECUTE";
    out.report(span,
               dynamic ? std::string("this DO block runs dynamic SQL with EXECUTE, which sqlmigrate cannot check: "
                                     "any lock, rewrite or failure it causes goes unreported")
                       : fmt::format("this DO block runs {}, which sqlmigrate cannot check: any lock, rewrite or "
                                     "failure it causes goes unreported",
                                     keyword),
               "the linter reads SQL statements, not PL/pgSQL bodies, so what the block does is invisible to every "
               "rule and to the schema that later statements are checked against",
               "write the DDL as plain statements (IF EXISTS and IF NOT EXISTS cover most conditions), or review "
               "the block's locks by hand and ignore this finding with the reason");
  }
};

}  // namespace

const linter::Rule& ddl_in_do_block() {
  static const DdlInDoBlock k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
