// adding-serial-or-identity-column: ALTER TABLE ... ADD COLUMN of a serial type or an identity
// column on an existing table, which draws a sequence value for every existing row and so rewrites
// the table under an ACCESS EXCLUSIVE lock.

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "rules/column_types.hpp"

namespace sqlmigrate::rules {
namespace {

constexpr std::array<std::string_view, 6> k_serial_types = {"serial",  "serial4",     "bigserial",
                                                            "serial8", "smallserial", "serial2"};

class AddingSerialOrIdentityColumn final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-serial-or-identity-column",
        {},
        Severity::warning,
        true,
        "ADD COLUMN of a serial or identity column numbers every existing row, rewriting the table under an "
        "ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    for_each_typed_column(stmt.node, [&](const TypedColumn& column) {
      if (column.where != TypedColumn::Where::add_column || is_new_relation(column.relation, ctx)) return;
      const std::string table = display_name(column.relation);
      std::string kind;
      Span span = type_span(stmt, ctx, column.type);
      if (list_length(column.type->names) == 1 && !is_array_type(column.type)) {
        const std::string type = last_name(column.type->names);
        for (const auto serial : k_serial_types) {
          if (serial == type) kind = type;
        }
      }
      if (const Constraint* identity = column_constraint(column.column, CONSTR_IDENTITY);
          kind.empty() && identity != nullptr) {
        kind = "an identity column";
        span = word_span(stmt, ctx, identity->location);
      }
      if (kind.empty()) return;
      out.report(span,
                 fmt::format("adding column {} to {} as {} rewrites every row of {} while blocking all reads and "
                             "writes",
                             quote_ident(column.name), table, kind, table),
                 "Postgres draws a new sequence value for each existing row, so ALTER TABLE rewrites the table and "
                 "rebuilds its indexes under an ACCESS EXCLUSIVE lock, which blocks every read and write of the "
                 "table until it finishes",
                 "add the column as a plain nullable bigint, attach the sequence for new rows with ALTER COLUMN ... "
                 "SET DEFAULT nextval(...) (or ADD GENERATED ... AS IDENTITY), and backfill existing rows in batches");
    });
  }
};

}  // namespace

const linter::Rule& adding_serial_or_identity_column() {
  static const AddingSerialOrIdentityColumn k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
