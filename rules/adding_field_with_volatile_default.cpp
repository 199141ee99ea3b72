// adding-field-with-volatile-default: ADD COLUMN whose default Postgres must compute row by row
// (a volatile function; before PostgreSQL 11 any default), which rewrites the
// whole table under an ACCESS EXCLUSIVE lock.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "rules/util.hpp"

namespace sqlmigrate::rules {
namespace {

// Functions known to be VOLATILE: built-ins (random_normal from PostgreSQL 16, uuidv4 and uuidv7
// from 18) and those of the common extensions uuid-ossp and pgcrypto, as pg_proc.provolatile
// declares them. Matched by name in any schema, since extensions often live in their own.
constexpr std::array<std::string_view, 18> k_volatile_functions = {
    "clock_timestamp",  "currval",          "gen_random_bytes",
    "gen_random_uuid",  "gen_salt",         "lastval",
    "nextval",          "pg_sleep",         "random",
    "random_normal",    "setseed",          "setval",
    "timeofday",        "uuid_generate_v1", "uuid_generate_v1mc",
    "uuid_generate_v4", "uuidv4",           "uuidv7"};

// Common built-ins that are IMMUTABLE or STABLE (every overload), so a default calling them is
// stored once in the catalog. Matched only unqualified or in pg_catalog.
constexpr std::array<std::string_view, 72> k_non_volatile_functions = {
    "abs", "age", "array_fill", "array_length", "array_to_string", "btrim", "cardinality", "ceil", "ceiling",
    "char_length", "concat", "concat_ws", "current_database", "current_schema", "current_setting", "date",
    "date_part", "date_trunc", "decode", "encode", "extract", "floor", "format", "initcap", "int4", "int8",
    "isfinite", "json_build_array", "json_build_object", "jsonb_build_array", "jsonb_build_object", "jsonb_object",
    "left", "length", "lower", "lpad", "ltrim", "make_date", "make_interval", "make_timestamp", "make_timestamptz",
    "md5", "mod", "now", "numeric", "octet_length", "overlay", "position", "power", "regexp_replace", "repeat",
    "replace", "right", "round", "rpad", "rtrim", "sha256", "split_part", "sqrt", "statement_timestamp",
    "string_to_array", "strpos", "substring", "text", "timezone", "to_char", "to_date", "to_json", "to_jsonb",
    "to_number", "to_timestamp", "transaction_timestamp"};

// Unqualified type names that Postgres expands into an integer column with a nextval() default.
constexpr std::array<std::string_view, 6> k_serial_types = {"serial",  "serial4",     "bigserial",
                                                            "serial8", "smallserial", "serial2"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::ranges::find(names, name) != names.end();
}

bool is_serial(const TypeName* type) {
  return type != nullptr && list_length(type->names) == 1 && contains(k_serial_types, last_name(type->names));
}

// Whether an expression is the NULL constant (possibly cast: `NULL::text`).
bool is_null_constant(const ::Node* expr) {
  while (expr != nullptr && IsA(expr, TypeCast)) expr = castNode(TypeCast, const_cast<::Node*>(expr))->arg;
  return expr != nullptr && IsA(expr, A_Const) && castNode(A_Const, const_cast<::Node*>(expr))->isnull;
}

// The function calls of a default expression that decide whether it is volatile: the first one
// known to be volatile, and the first one sqlmigrate knows nothing about.
struct FunctionScan {
  const FuncCall* volatile_call = nullptr;
  const FuncCall* unknown_call = nullptr;
};

void classify(const FuncCall* call, FunctionScan& scan) {
  const std::string name = last_name(call->funcname);
  const int parts = list_length(call->funcname);
  const bool builtin_schema = parts == 1 || (parts == 2 && dotted_name(call->funcname) == "pg_catalog." + name);
  if (contains(k_volatile_functions, name)) {
    if (scan.volatile_call == nullptr) scan.volatile_call = call;
  } else if (!(builtin_schema && contains(k_non_volatile_functions, name))) {
    if (scan.unknown_call == nullptr) scan.unknown_call = call;
  }
}

// A raw_expression_tree_walker callback: visits every node below the default expression.
bool scan_functions(::Node* node, void* context) {
  if (node == nullptr) return false;
  if (IsA(node, FuncCall)) classify(castNode(FuncCall, node), *static_cast<FunctionScan*>(context));
  return compiler::pg::walk_children(node, &scan_functions, context);
}

FunctionScan scan_default(const ::Node* expr) {
  FunctionScan scan;
  scan_functions(const_cast<::Node*>(expr), &scan);
  return scan;
}

// The function name as written (`random`, `pg_catalog.random`), for messages and spans.
std::string function_name(const FuncCall* call) {
  std::string out;
  const ListCell* lc = nullptr;
  foreach (lc, call->funcname) {
    const char* part = compiler::pg::str_value(static_cast<const ::Node*>(lfirst(lc)));
    if (!out.empty()) out += '.';
    out += quote_ident(part != nullptr ? part : "?");
  }
  return out;
}

// What the rule learns about one ADD COLUMN.
struct ColumnDefault {
  const ::Node* expr = nullptr;                // the DEFAULT expression, if any and not NULL
  const Constraint* default_clause = nullptr;  // the DEFAULT constraint, for its position
  const Constraint* identity = nullptr;        // GENERATED ... AS IDENTITY
};

ColumnDefault column_default(const ColumnDef* column) {
  ColumnDefault out;
  if (column->raw_default != nullptr && !is_null_constant(column->raw_default)) out.expr = column->raw_default;
  const ListCell* lc = nullptr;
  foreach (lc, column->constraints) {
    const auto* constraint = lfirst_node(Constraint, lc);
    if (constraint->contype == CONSTR_DEFAULT && !is_null_constant(constraint->raw_expr)) {
      out.expr = constraint->raw_expr;
      out.default_clause = constraint;
    } else if (constraint->contype == CONSTR_IDENTITY) {
      out.identity = constraint;
    }
  }
  return out;
}

constexpr std::string_view k_rewrite_note_tail =
    "so ALTER TABLE rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, which blocks every "
    "read and write of the table until it finishes";

class AddingFieldWithVolatileDefault final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const override {
    static const linter::RuleMeta k_meta{
        "adding-field-with-volatile-default", {}, Severity::warning, true,
        "ADD COLUMN with a volatile DEFAULT rewrites the whole table under an ACCESS EXCLUSIVE lock"};
    return k_meta;
  }

  void check(const Statement& stmt, const linter::LintContext& ctx, linter::Sink& out) const override {
    if (!IsA(stmt.node, AlterTableStmt)) return;
    const auto* alter = castNode(AlterTableStmt, const_cast<::Node*>(stmt.node));
    if (alter->objtype != OBJECT_TABLE || is_new_relation(alter->relation, ctx)) return;
    const ListCell* lc = nullptr;
    foreach (lc, alter->cmds) {
      const auto* cmd = lfirst_node(AlterTableCmd, lc);
      if (cmd->subtype != AT_AddColumn || cmd->def == nullptr || !IsA(cmd->def, ColumnDef)) continue;
      check_column(stmt, ctx, alter->relation, castNode(ColumnDef, cmd->def), out);
    }
  }

 private:
  static void check_column(const Statement& stmt, const linter::LintContext& ctx, const RangeVar* relation,
                           const ColumnDef* column, linter::Sink& out) {
    // serial and identity columns also rewrite the table: adding-serial-or-identity-column reports them.
    if (is_serial(column->typeName)) return;
    const ColumnDefault def = column_default(column);
    if (def.identity != nullptr) return;
    if (def.expr == nullptr) return;
    // From PostgreSQL 11 only a default that calls a volatile (or unknown) function rewrites the table.
    const FunctionScan scan = ctx.pg_version() < 11 ? FunctionScan{} : scan_default(def.expr);
    if (ctx.pg_version() >= 11 && scan.volatile_call == nullptr && scan.unknown_call == nullptr) return;
    const std::string table = display_name(relation);
    const std::string name = quote_ident(column->colname != nullptr ? column->colname : "?");
    const std::string adding = fmt::format("adding column {} to {}", name, table);
    const std::string consequence = fmt::format("rewrites every row of {} while blocking all reads and writes", table);
    const std::optional<Span> default_span =
        def.default_clause != nullptr ? std::optional<Span>(stmt.span_at(def.default_clause->location, 7))  // DEFAULT
                                      : std::optional<Span>(stmt.span);
    constexpr std::string_view k_default_help =
        "add the column without a default, then set it with ALTER COLUMN ... SET DEFAULT (which only applies to new "
        "rows), and backfill existing rows in batches";

    if (ctx.pg_version() < 11) {
      out.report(default_span,
                 fmt::format("on PostgreSQL {}, {} with a DEFAULT {}", ctx.pg_version(), adding, consequence),
                 fmt::format("before PostgreSQL 11 there are no fast defaults: any non-NULL default is written into "
                             "every existing row, {}",
                             k_rewrite_note_tail),
                 std::string(k_default_help));
      return;
    }
    if (scan.volatile_call != nullptr) {
      const std::string function = function_name(scan.volatile_call);
      out.report(
          stmt.span_at(scan.volatile_call->location, static_cast<std::uint32_t>(function.size())),
          fmt::format("{} with a default that calls the volatile function {}() {}", adding, function, consequence),
          fmt::format("since PostgreSQL 11 a constant or stable default is stored once in the catalog without "
                      "touching rows, but a volatile one must be evaluated for each existing row, {}",
                      k_rewrite_note_tail),
          std::string(k_default_help));
    } else if (scan.unknown_call != nullptr) {
      const std::string function = function_name(scan.unknown_call);
      out.report(stmt.span_at(scan.unknown_call->location, static_cast<std::uint32_t>(function.size())),
                 fmt::format("sqlmigrate cannot tell whether {}() is volatile: if it is, {} {}", function, adding,
                             consequence),
                 fmt::format("since PostgreSQL 11 a constant or stable default is stored once in the catalog without "
                             "touching rows, but a volatile one must be evaluated for each existing row, {}",
                             k_rewrite_note_tail),
                 fmt::format("if {}() is declared IMMUTABLE or STABLE, ignore this finding with that reason; "
                             "otherwise {}",
                             function, k_default_help));
    }
  }
};

}  // namespace

const linter::Rule& adding_field_with_volatile_default() {
  static const AddingFieldWithVolatileDefault k_rule;
  return k_rule;
}

}  // namespace sqlmigrate::rules
