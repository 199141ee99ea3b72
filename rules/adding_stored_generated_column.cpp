// adding-stored-generated-column: ALTER TABLE ... ADD COLUMN ... GENERATED ALWAYS AS (...) STORED on
// an existing table, which computes the value for every row and so rewrites the table under an
// ACCESS EXCLUSIVE lock.

#include <fmt/format.h>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

class AddingStoredGeneratedColumn final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-stored-generated-column",
        {},
        Severity::warning,
        true,
        "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED computes every existing row, rewriting the table under an "
        "ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    for_each_typed_column(stmt.node, [&](const TypedColumn& column) {
      if (column.where != TypedColumn::Where::add_column || is_new_relation(column.relation, ctx)) return;
      const Constraint* generated = column_constraint(column.column, CONSTR_GENERATED);
      if (generated == nullptr) return;
      const std::string table = display_name(column.relation);
      out.report(word_span(stmt, ctx, generated->location),
                 fmt::format("adding the stored generated column {} to {} computes it for every existing row, "
                             "rewriting {} while blocking all reads and writes",
                             quote_ident(column.name), table, table),
                 "a STORED generated column is written into each row, so ALTER TABLE rewrites the table and rebuilds "
                 "its indexes under an ACCESS EXCLUSIVE lock until every row has its value",
                 "on a large table, add a plain nullable column kept up to date by a trigger and backfill it in "
                 "batches; otherwise run it at a quiet time with a short lock_timeout");
    });
  }
};

}  // namespace

const linter::Rule& adding_stored_generated_column() {
  static const AddingStoredGeneratedColumn k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
