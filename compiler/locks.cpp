#include "compiler/locks.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iterator>
#include <set>

#include "compiler/catalog.hpp"
#include "compiler/pg/nodes.hpp"

namespace sqlmigrate::compiler {

// ---------------------------------------------------------------------------------------------
// Lock modes

namespace {

struct ModeNames {
  std::string_view sql;
  std::string_view pg_locks;
};

constexpr std::array<ModeNames, 9> k_mode_names = {{
    {"NO LOCK", "NoLock"},
    {"ACCESS SHARE", "AccessShareLock"},
    {"ROW SHARE", "RowShareLock"},
    {"ROW EXCLUSIVE", "RowExclusiveLock"},
    {"SHARE UPDATE EXCLUSIVE", "ShareUpdateExclusiveLock"},
    {"SHARE", "ShareLock"},
    {"SHARE ROW EXCLUSIVE", "ShareRowExclusiveLock"},
    {"EXCLUSIVE", "ExclusiveLock"},
    {"ACCESS EXCLUSIVE", "AccessExclusiveLock"},
}};

// Conflict bitmasks of "Explicit Locking", Table 13.2 (bit i: conflicts with mode i).
constexpr unsigned bit(LockMode m) { return 1U << static_cast<unsigned>(m); }
constexpr std::array<unsigned, 9> k_conflicts = {
    0,
    bit(LockMode::access_exclusive),
    bit(LockMode::exclusive) | bit(LockMode::access_exclusive),
    bit(LockMode::share) | bit(LockMode::share_row_exclusive) | bit(LockMode::exclusive) |
        bit(LockMode::access_exclusive),
    bit(LockMode::share_update_exclusive) | bit(LockMode::share) | bit(LockMode::share_row_exclusive) |
        bit(LockMode::exclusive) | bit(LockMode::access_exclusive),
    bit(LockMode::row_exclusive) | bit(LockMode::share_update_exclusive) | bit(LockMode::share_row_exclusive) |
        bit(LockMode::exclusive) | bit(LockMode::access_exclusive),
    bit(LockMode::row_exclusive) | bit(LockMode::share_update_exclusive) | bit(LockMode::share) |
        bit(LockMode::share_row_exclusive) | bit(LockMode::exclusive) | bit(LockMode::access_exclusive),
    bit(LockMode::row_share) | bit(LockMode::row_exclusive) | bit(LockMode::share_update_exclusive) |
        bit(LockMode::share) | bit(LockMode::share_row_exclusive) | bit(LockMode::exclusive) |
        bit(LockMode::access_exclusive),
    0x1FEU,  // ACCESS EXCLUSIVE conflicts with every mode
};

}  // namespace

std::string_view to_string(LockMode mode) { return k_mode_names[static_cast<std::size_t>(mode)].sql; }
std::string_view pg_locks_name(LockMode mode) { return k_mode_names[static_cast<std::size_t>(mode)].pg_locks; }

std::optional<LockMode> lock_mode_from_pg_locks(std::string_view name) {
  for (std::size_t i = 1; i < k_mode_names.size(); ++i) {
    if (k_mode_names[i].pg_locks == name) return static_cast<LockMode>(i);
  }
  return std::nullopt;
}

bool conflicts(LockMode a, LockMode b) {
  if (a == LockMode::none || b == LockMode::none) return false;
  return (k_conflicts[static_cast<std::size_t>(a)] & bit(b)) != 0;
}

Blocks blocks(LockMode mode) {
  return Blocks{conflicts(mode, LockMode::access_share), conflicts(mode, LockMode::row_exclusive),
                conflicts(mode, LockMode::share_update_exclusive)};
}

std::string describe_blocks(LockMode mode) {
  const Blocks b = blocks(mode);
  if (b.reads) return "reads, writes and DDL";
  if (b.writes) return "writes and DDL";
  if (b.ddl) return "DDL";
  if (mode == LockMode::none) return "nothing";
  return "only DDL that takes a stronger lock";
}

std::string_view to_string(Tri value) {
  switch (value) {
    case Tri::no: return "no";
    case Tri::maybe: return "maybe";
    case Tri::yes: return "yes";
  }
  return "no";
}

LockMode LockFacts::strongest() const {
  LockMode out = LockMode::none;
  for (const auto& r : relations) out = std::max(out, r.mode);
  return out;
}

const RelationLock* LockFacts::find(std::string_view key) const {
  for (const auto& r : relations) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The table of statements

namespace {

constexpr LockMode AS = LockMode::access_share;
constexpr LockMode RS = LockMode::row_share;
constexpr LockMode RX = LockMode::row_exclusive;
constexpr LockMode SUE = LockMode::share_update_exclusive;
constexpr LockMode SH = LockMode::share;
constexpr LockMode SRX = LockMode::share_row_exclusive;
constexpr LockMode EX = LockMode::exclusive;
constexpr LockMode AX = LockMode::access_exclusive;

template <typename T>
T* node_as(const ::Node* node) {
  return reinterpret_cast<T*>(const_cast<::Node*>(node));
}

const char* str(const ::Node* node) { return pg::str_value(node); }

// Appends `name` as SQL writes it: as is when it needs no quotes, else in double quotes.
void append_quoted(std::string& out, std::string_view name) {
  bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) plain = false;
  }
  if (plain) {
    out += name;
    return;
  }
  out += '"';
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Built for every relation of every statement: one string, sized once.
std::string display_of(const char* schema, const char* name) {
  const std::string_view n = name != nullptr ? name : "?";
  std::string out;
  if (schema != nullptr) {
    const std::string_view sv = schema;
    out.reserve(sv.size() + n.size() + 1);
    append_quoted(out, sv);
    out += '.';
  } else {
    out.reserve(n.size());
  }
  append_quoted(out, n);
  return out;
}

bool has_option(const List* options, const char* name) {
  const ListCell* lc = nullptr;
  foreach (lc, options) {
    const auto* def = node_as<DefElem>(static_cast<const ::Node*>(lfirst(lc)));
    if (def->defname == nullptr || std::strcmp(def->defname, name) != 0) continue;
    // `(FULL)`, `(FULL true)`, `(FULL on)`; `(FULL false)` turns it off.
    if (def->arg == nullptr) return true;
    const char* s = str(def->arg);
    if (s != nullptr) return std::strcmp(s, "false") != 0 && std::strcmp(s, "off") != 0;
    if (IsA(def->arg, Boolean)) return node_as<Boolean>(def->arg)->boolval;
    if (IsA(def->arg, Integer)) return intVal(def->arg) != 0;
    return true;
  }
  return false;
}

// Functions known to be VOLATILE (pg_proc.provolatile = 'v'): built-ins and the common extensions
// uuid-ossp and pgcrypto. Matched by name in any schema.
constexpr std::array<std::string_view, 18> k_volatile_functions = {
    "clock_timestamp", "currval",     "gen_random_bytes", "gen_random_uuid",  "gen_salt",           "lastval",
    "nextval",         "pg_sleep",    "random",           "random_normal",    "setseed",            "setval",
    "timeofday",       "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7"};

// Common built-ins that are IMMUTABLE or STABLE in every overload (a default calling them is
// evaluated once and stored in the catalog). Matched unqualified or in pg_catalog.
constexpr std::array<std::string_view, 40> k_non_volatile_functions = {
    "abs",        "age",         "array_fill", "btrim",     "char_length", "coalesce",         "concat",
    "concat_ws",  "current_setting", "date",   "date_part", "date_trunc",  "format",           "int4",
    "int8",       "json_build_object", "jsonb_build_array", "jsonb_build_object", "left", "length", "lower",
    "lpad",       "make_date",   "make_interval", "md5",    "now",         "numeric",          "replace",
    "right",      "round",       "rpad",       "statement_timestamp", "substring", "text", "timezone",
    "to_char",    "to_jsonb",    "to_timestamp", "transaction_timestamp", "upper"};

constexpr std::array<std::string_view, 6> k_serial_types = {"serial",  "serial4",     "bigserial",
                                                            "serial8", "smallserial", "serial2"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string last_name(const List* names) {
  if (names == nullptr || list_length(names) == 0) return {};
  const char* s = str(static_cast<const ::Node*>(llast(names)));
  return s != nullptr ? s : "";
}

struct Volatility {
  bool volatile_call = false;
  bool unknown_call = false;
};

bool walk_volatility(::Node* node, void* context) {
  if (node == nullptr) return false;
  if (IsA(node, FuncCall)) {
    auto* v = static_cast<Volatility*>(context);
    const auto* call = castNode(FuncCall, node);
    const std::string name = last_name(call->funcname);
    const int parts = list_length(call->funcname);
    const char* first = str(static_cast<const ::Node*>(linitial(call->funcname)));
    const bool builtin = parts == 1 || (parts == 2 && first != nullptr && std::strcmp(first, "pg_catalog") == 0);
    if (contains(k_volatile_functions, name)) {
      v->volatile_call = true;
    } else if (!(builtin && contains(k_non_volatile_functions, name))) {
      v->unknown_call = true;
    }
  }
  return compiler::pg::walk_children(node, &walk_volatility, context);
}

bool is_null_constant(const ::Node* expr) {
  while (expr != nullptr && IsA(expr, TypeCast)) expr = node_as<TypeCast>(expr)->arg;
  return expr != nullptr && IsA(expr, A_Const) && node_as<A_Const>(expr)->isnull;
}

// Collects the relations a query reads (RangeVar nodes), leaving out names of its CTEs.
struct RangeVarScan {
  std::vector<const RangeVar*> relations;
  std::set<std::string> cte_names;
  bool collect = false;
};

bool walk_range_vars(::Node* node, void* context) {
  if (node == nullptr) return false;
  auto* scan = static_cast<RangeVarScan*>(context);
  if (IsA(node, CommonTableExpr) && !scan->collect) {
    const char* name = castNode(CommonTableExpr, node)->ctename;
    if (name != nullptr) scan->cte_names.insert(name);
  }
  if (IsA(node, RangeVar) && scan->collect) {
    const auto* rv = castNode(RangeVar, node);
    if (!(rv->schemaname == nullptr && rv->relname != nullptr && scan->cte_names.contains(rv->relname))) {
      scan->relations.push_back(rv);
    }
    return false;
  }
  return compiler::pg::walk_children(node, &walk_range_vars, context);
}

std::vector<const RangeVar*> relations_read(const ::Node* query) {
  RangeVarScan scan;
  walk_range_vars(const_cast<::Node*>(query), &scan);
  scan.collect = true;
  walk_range_vars(const_cast<::Node*>(query), &scan);
  return scan.relations;
}

// Reloptions that ALTER TABLE ... SET (...) changes under ACCESS EXCLUSIVE (reloptions.c); all
// others (fillfactor, autovacuum_*, toast_tuple_target, parallel_workers, ...) need only
// SHARE UPDATE EXCLUSIVE.
constexpr std::array<std::string_view, 4> k_access_exclusive_reloptions = {"user_catalog_table", "security_barrier",
                                                                         "security_invoker", "check_option"};

class Builder {
 public:
  Builder(LockFacts& facts, const LockOptions& options) : m_facts(facts), m_options(options), m_relations(scratch()) {
    m_relations.clear();
  }

  RelationLock& add(const char* schema, const char* name, LockMode mode, std::string why) {
    std::string key = relation_key(schema, name);
    for (auto& r : m_relations) {
      if (r.key != key) continue;
      if (mode > r.mode) {
        r.mode = mode;
        r.why = std::move(why);
      }
      return r;
    }
    RelationLock& r = m_relations.emplace_back();  // a deque: earlier references stay valid
    r.key = std::move(key);
    r.display = display_of(schema, name);
    r.mode = mode;
    r.why = std::move(why);
    return r;
  }
  // Hands the relations over to the facts (call once, at the end).
  void finish() { m_facts.relations.assign(std::make_move_iterator(m_relations.begin()), std::make_move_iterator(m_relations.end())); }
  RelationLock& add(const RangeVar* rv, LockMode mode, std::string why) {
    return add(rv->schemaname, rv->relname, mode, std::move(why));
  }
  // A qualified name list ([schema,] name), as DROP and COMMENT give it; `drop_last` leaves off the
  // trailing object name (a trigger's, a column's) to get its table.
  RelationLock* add_names(const List* names, int drop_last, LockMode mode, std::string why) {
    const int n = list_length(names) - drop_last;
    if (n < 1) return nullptr;
    const char* name = str(static_cast<const ::Node*>(list_nth(names, n - 1)));
    const char* schema = n >= 2 ? str(static_cast<const ::Node*>(list_nth(names, n - 2))) : nullptr;
    if (name == nullptr) return nullptr;
    return &add(schema, name, mode, std::move(why));
  }
  void add_reads(const ::Node* query, LockMode mode, const std::string& why) {
    if (query == nullptr) return;
    for (const RangeVar* rv : relations_read(query)) add(rv, mode, why);
  }
  static void scan(RelationLock& r, Tri value, std::string why) {
    if (value > r.scan) {
      r.scan = value;
      r.scan_why = std::move(why);
    }
  }
  static void rewrite(RelationLock& r, Tri value, std::string why) {
    if (value > r.rewrite) {
      r.rewrite = value;
      r.rewrite_why = std::move(why);
    }
    scan(r, value, "reads every row to write the new copy");
  }
  const LockOptions& options() const { return m_options; }

 private:
  // One deque per thread, reused from statement to statement: a fresh one allocates its block map
  // and first block, for every statement. A deque, so that earlier references stay valid.
  static std::deque<RelationLock>& scratch() {
    thread_local std::deque<RelationLock> relations;
    return relations;
  }

  LockFacts& m_facts;
  const LockOptions& m_options;
  std::deque<RelationLock>& m_relations;
};

// ADD COLUMN: whether existing rows must be written (a default evaluated per row), or checked.
void add_column(Builder& b, RelationLock& table, const ColumnDef* column) {
  const ::Node* default_expr = nullptr;
  bool identity = false;
  bool generated = false;
  bool not_null = column->is_not_null;
  if (column->raw_default != nullptr && !is_null_constant(column->raw_default)) default_expr = column->raw_default;
  const ListCell* lc = nullptr;
  foreach (lc, column->constraints) {
    const auto* c = lfirst_node(Constraint, lc);
    switch (c->contype) {
      case CONSTR_DEFAULT:
        if (!is_null_constant(c->raw_expr)) default_expr = c->raw_expr;
        break;
      case CONSTR_IDENTITY: identity = true; break;
      case CONSTR_GENERATED: generated = true; break;
      case CONSTR_NOTNULL: not_null = true; break;
      case CONSTR_PRIMARY:
        not_null = true;
        Builder::scan(table, Tri::yes, "builds the primary key's index");
        break;
      case CONSTR_UNIQUE: Builder::scan(table, Tri::yes, "builds the unique index"); break;
      case CONSTR_CHECK:
        if (!c->skip_validation) Builder::scan(table, Tri::yes, "checks every row against the new CHECK constraint");
        break;
      case CONSTR_FOREIGN:
        if (c->pktable != nullptr) b.add(c->pktable, SRX, "REFERENCES");
        if (!c->skip_validation) Builder::scan(table, Tri::yes, "checks every row against the new foreign key");
        break;
      default: break;
    }
  }
  const bool serial = column->typeName != nullptr && list_length(column->typeName->names) == 1 &&
                      contains(k_serial_types, last_name(column->typeName->names));
  if (serial) {
    Builder::rewrite(table, Tri::yes, "a serial column's nextval() default is evaluated for every existing row");
  } else if (identity) {
    Builder::rewrite(table, Tri::yes, "an identity column draws a sequence value for every existing row");
  } else if (generated) {
    Builder::rewrite(table, Tri::yes, "a stored generated column is computed for every existing row");
  } else if (default_expr != nullptr) {
    if (b.options().pg_version < 11) {
      Builder::rewrite(table, Tri::yes, "before PostgreSQL 11 any non-NULL default is written into every row");
    } else {
      Volatility v;
      walk_volatility(const_cast<::Node*>(default_expr), &v);
      if (v.volatile_call) {
        Builder::rewrite(table, Tri::yes, "a volatile default is evaluated for every existing row");
      } else if (v.unknown_call) {
        Builder::rewrite(table, Tri::maybe, "the default calls a function that may be volatile");
      }
    }
  }
  if (not_null && default_expr == nullptr && !identity && !serial && !generated) {
    Builder::scan(table, Tri::yes, "checks that no existing row is left NULL (fails unless the table is empty)");
  }
}

// Whether a USING expression is just the column (cast or collated), which rewrites exactly when no
// USING would.
bool using_is_column(const ::Node* expr, const char* column) {
  while (expr != nullptr && (IsA(expr, TypeCast) || IsA(expr, CollateClause))) {
    expr = IsA(expr, TypeCast) ? node_as<TypeCast>(expr)->arg : node_as<CollateClause>(expr)->arg;
  }
  if (expr == nullptr || !IsA(expr, ColumnRef) || column == nullptr) return false;
  const char* name = str(static_cast<const ::Node*>(llast(node_as<ColumnRef>(expr)->fields)));
  return name != nullptr && std::strcmp(name, column) == 0;
}

LockMode reloptions_mode(const List* options) {
  const ListCell* lc = nullptr;
  foreach (lc, options) {
    const auto* def = node_as<DefElem>(static_cast<const ::Node*>(lfirst(lc)));
    if (def->defname == nullptr || contains(k_access_exclusive_reloptions, def->defname)) return AX;
  }
  return SUE;
}

void alter_table(Builder& b, LockFacts& facts, const AlterTableStmt* alter) {
  switch (alter->objtype) {
    case OBJECT_INDEX: facts.command = "ALTER INDEX"; break;
    case OBJECT_VIEW: facts.command = "ALTER VIEW"; break;
    case OBJECT_MATVIEW: facts.command = "ALTER MATERIALIZED VIEW"; break;
    case OBJECT_SEQUENCE: facts.command = "ALTER SEQUENCE"; break;
    case OBJECT_FOREIGN_TABLE: facts.command = "ALTER FOREIGN TABLE"; break;
    case OBJECT_TYPE: facts.command = "ALTER TYPE"; return;  // a composite type: no relation of its own to lock
    default: facts.command = "ALTER TABLE"; break;
  }
  if (alter->relation == nullptr) return;
  const ListCell* lc = nullptr;
  foreach (lc, alter->cmds) {
    const auto* cmd = lfirst_node(AlterTableCmd, lc);
    const auto add = [&](LockMode mode, const char* why) -> RelationLock& { return b.add(alter->relation, mode, why); };
    switch (cmd->subtype) {
      case AT_AddColumn:
      case AT_AddColumnRecurse:
      case AT_AddColumnToView: {
        RelationLock& t = add(AX, "ADD COLUMN");
        if (cmd->def != nullptr && IsA(cmd->def, ColumnDef)) add_column(b, t, castNode(ColumnDef, cmd->def));
        break;
      }
      case AT_ColumnDefault:
      case AT_CookedColumnDefault: add(AX, cmd->def != nullptr ? "ALTER COLUMN SET DEFAULT" : "ALTER COLUMN DROP DEFAULT"); break;
      case AT_DropNotNull: add(AX, "ALTER COLUMN DROP NOT NULL"); break;
      case AT_SetNotNull:
      case AT_CheckNotNull:
        Builder::scan(add(AX, "ALTER COLUMN SET NOT NULL"), Tri::yes,
                      "checks every row for NULLs (skipped from PostgreSQL 12 when a valid CHECK (col IS NOT NULL) "
                      "proves it)");
        break;
      case AT_DropExpression: add(AX, "ALTER COLUMN DROP EXPRESSION"); break;
      case AT_SetStatistics: add(SUE, "ALTER COLUMN SET STATISTICS"); break;
      case AT_SetOptions:
      case AT_ResetOptions: add(SUE, "ALTER COLUMN SET/RESET (attribute options)"); break;
      case AT_SetStorage: add(AX, "ALTER COLUMN SET STORAGE"); break;
      case AT_SetCompression: add(AX, "ALTER COLUMN SET COMPRESSION"); break;
      case AT_DropColumn:
      case AT_DropColumnRecurse: add(AX, "DROP COLUMN"); break;
      case AT_AddIndex:
      case AT_ReAddIndex: Builder::scan(add(AX, "ADD CONSTRAINT (index)"), Tri::yes, "builds the index"); break;
      case AT_AddConstraint:
      case AT_AddConstraintRecurse:
      case AT_ReAddConstraint: {
        if (cmd->def == nullptr || !IsA(cmd->def, Constraint)) {
          add(AX, "ADD CONSTRAINT");
          break;
        }
        const auto* c = castNode(Constraint, cmd->def);
        switch (c->contype) {
          case CONSTR_FOREIGN: {
            RelationLock& t = add(SRX, "ADD FOREIGN KEY");
            if (!c->skip_validation) {
              Builder::scan(t, Tri::yes, "checks every row against the referenced table (no NOT VALID)");
            }
            if (c->pktable != nullptr) b.add(c->pktable, SRX, "referenced by the new foreign key");
            break;
          }
          case CONSTR_CHECK: {
            RelationLock& t = add(AX, "ADD CHECK");
            if (!c->skip_validation) Builder::scan(t, Tri::yes, "checks every row against the constraint (no NOT VALID)");
            break;
          }
          case CONSTR_PRIMARY:
          case CONSTR_UNIQUE:
          case CONSTR_EXCLUSION: {
            const char* what = c->contype == CONSTR_PRIMARY  ? "ADD PRIMARY KEY"
                               : c->contype == CONSTR_UNIQUE ? "ADD UNIQUE"
                                                             : "ADD EXCLUDE";
            RelationLock& t = add(AX, what);
            if (c->indexname == nullptr) {
              Builder::scan(t, Tri::yes, "builds the constraint's index");
            } else if (c->contype == CONSTR_PRIMARY) {
              Builder::scan(t, Tri::maybe, "sets the key columns NOT NULL, which scans unless they already are");
            }
            break;
          }
          default: add(AX, "ADD CONSTRAINT"); break;
        }
        break;
      }
      case AT_AlterConstraint: add(AX, "ALTER CONSTRAINT"); break;
      case AT_ValidateConstraint:
      case AT_ValidateConstraintRecurse:
        Builder::scan(add(SUE, "VALIDATE CONSTRAINT"), Tri::yes, "checks every row against the constraint");
        break;
      case AT_AddIndexConstraint: add(AX, "ADD CONSTRAINT USING INDEX"); break;
      case AT_DropConstraint:
      case AT_DropConstraintRecurse: add(AX, "DROP CONSTRAINT"); break;
      case AT_AlterColumnType: {
        RelationLock& t = add(AX, "ALTER COLUMN TYPE");
        const auto* def = cmd->def != nullptr && IsA(cmd->def, ColumnDef) ? castNode(ColumnDef, cmd->def) : nullptr;
        if (def != nullptr && def->raw_default != nullptr && !using_is_column(def->raw_default, cmd->name)) {
          Builder::rewrite(t, Tri::yes, "USING computes a new value for every row");
        } else {
          Tri r = Tri::maybe;
          if (b.options().knowledge != nullptr && def != nullptr) {
            r = b.options().knowledge->type_change_rewrites(t.key, cmd->name != nullptr ? cmd->name : "",
                                                            reinterpret_cast<const ::Node*>(def->typeName));
          }
          Builder::rewrite(t, r,
                           r == Tri::maybe ? "rewrites unless the new type is binary-coercible from the old one"
                                           : "the new type is not binary-coercible from the old one");
        }
        break;
      }
      case AT_AlterColumnGenericOptions: add(AX, "ALTER COLUMN OPTIONS"); break;
      case AT_ChangeOwner: add(AX, "OWNER TO"); break;
      case AT_ClusterOn: add(SUE, "CLUSTER ON"); break;
      case AT_DropCluster: add(SUE, "SET WITHOUT CLUSTER"); break;
      case AT_SetLogged:
      case AT_SetUnLogged:
        Builder::rewrite(add(AX, cmd->subtype == AT_SetLogged ? "SET LOGGED" : "SET UNLOGGED"), Tri::yes,
                         "writes the table anew with the new persistence");
        break;
      case AT_DropOids: add(AX, "SET WITHOUT OIDS"); break;
      case AT_SetAccessMethod:
        Builder::rewrite(add(AX, "SET ACCESS METHOD"), Tri::yes, "writes the table anew in the new access method");
        break;
      case AT_SetTableSpace:
        Builder::rewrite(add(AX, "SET TABLESPACE"), Tri::yes, "copies the table's files to the new tablespace");
        break;
      case AT_SetRelOptions:
      case AT_ResetRelOptions:
        add(reloptions_mode(reinterpret_cast<const List*>(cmd->def)),
            cmd->subtype == AT_SetRelOptions ? "SET (storage parameters)" : "RESET (storage parameters)");
        break;
      case AT_ReplaceRelOptions: add(AX, "storage parameters"); break;
      case AT_EnableTrig:
      case AT_EnableAlwaysTrig:
      case AT_EnableReplicaTrig:
      case AT_EnableTrigAll:
      case AT_EnableTrigUser: add(SRX, "ENABLE TRIGGER"); break;
      case AT_DisableTrig:
      case AT_DisableTrigAll:
      case AT_DisableTrigUser: add(SRX, "DISABLE TRIGGER"); break;
      case AT_EnableRule:
      case AT_EnableAlwaysRule:
      case AT_EnableReplicaRule:
      case AT_DisableRule: add(AX, "ENABLE/DISABLE RULE"); break;
      case AT_AddInherit:
        add(AX, "INHERIT");
        if (cmd->def != nullptr && IsA(cmd->def, RangeVar)) b.add(castNode(RangeVar, cmd->def), SUE, "new parent");
        break;
      case AT_DropInherit:
        add(AX, "NO INHERIT");
        if (cmd->def != nullptr && IsA(cmd->def, RangeVar)) b.add(castNode(RangeVar, cmd->def), SUE, "old parent");
        break;
      case AT_AddOf:
      case AT_DropOf: add(AX, "OF / NOT OF"); break;
      case AT_ReplicaIdentity: add(AX, "REPLICA IDENTITY"); break;
      case AT_EnableRowSecurity:
      case AT_DisableRowSecurity:
      case AT_ForceRowSecurity:
      case AT_NoForceRowSecurity: add(AX, "ROW LEVEL SECURITY"); break;
      case AT_GenericOptions: add(AX, "OPTIONS"); break;
      case AT_AttachPartition: {
        add(SUE, "ATTACH PARTITION");
        const auto* pc = cmd->def != nullptr && IsA(cmd->def, PartitionCmd) ? castNode(PartitionCmd, cmd->def) : nullptr;
        if (pc != nullptr && pc->name != nullptr) {
          if (alter->objtype == OBJECT_INDEX) {
            b.add(pc->name, AX, "attached as a partition of the index");
          } else {
            Builder::scan(b.add(pc->name, AX, "attached as a partition"), Tri::yes,
                          "checks every row against the partition bound, unless a valid CHECK constraint proves it");
          }
        }
        break;
      }
      case AT_DetachPartition: {
        const auto* pc = cmd->def != nullptr && IsA(cmd->def, PartitionCmd) ? castNode(PartitionCmd, cmd->def) : nullptr;
        const bool concurrent = pc != nullptr && pc->concurrent;
        add(concurrent ? SUE : AX, concurrent ? "DETACH PARTITION CONCURRENTLY" : "DETACH PARTITION");
        if (pc != nullptr && pc->name != nullptr) {
          b.add(pc->name, concurrent ? SUE : AX, concurrent ? "detached concurrently" : "detached partition");
        }
        break;
      }
      case AT_DetachPartitionFinalize: add(SUE, "DETACH PARTITION FINALIZE"); break;
      case AT_AddIdentity: add(AX, "ADD GENERATED AS IDENTITY"); break;
      case AT_SetIdentity: add(AX, "SET (identity options)"); break;
      case AT_DropIdentity: add(AX, "DROP IDENTITY"); break;
      default: add(AX, "ALTER"); break;
    }
  }
}

bool is_relation_object(ObjectType type) {
  return type == OBJECT_TABLE || type == OBJECT_VIEW || type == OBJECT_MATVIEW || type == OBJECT_SEQUENCE ||
         type == OBJECT_FOREIGN_TABLE || type == OBJECT_INDEX;
}

std::string_view object_word(ObjectType type) {
  switch (type) {
    case OBJECT_TABLE: return "TABLE";
    case OBJECT_VIEW: return "VIEW";
    case OBJECT_MATVIEW: return "MATERIALIZED VIEW";
    case OBJECT_SEQUENCE: return "SEQUENCE";
    case OBJECT_FOREIGN_TABLE: return "FOREIGN TABLE";
    case OBJECT_INDEX: return "INDEX";
    case OBJECT_COLUMN: return "COLUMN";
    case OBJECT_TABCONSTRAINT: return "CONSTRAINT";
    case OBJECT_TRIGGER: return "TRIGGER";
    case OBJECT_RULE: return "RULE";
    case OBJECT_POLICY: return "POLICY";
    case OBJECT_TYPE: return "TYPE";
    case OBJECT_FUNCTION: return "FUNCTION";
    case OBJECT_SCHEMA: return "SCHEMA";
    case OBJECT_EXTENSION: return "EXTENSION";
    case OBJECT_DOMAIN: return "DOMAIN";
    default: return "";
  }
}

std::string with_word(std::string_view verb, ObjectType type) {
  const std::string_view word = object_word(type);
  return word.empty() ? std::string(verb) : std::string(verb) + " " + std::string(word);
}

// The table an index belongs to, when the schema knowledge knows it.
void add_index_table(Builder& b, const std::string& index_key, LockMode mode, const char* why) {
  if (b.options().knowledge == nullptr) return;
  const auto table = b.options().knowledge->table_of_index(index_key);
  if (!table) return;
  const auto dot = table->find('.');
  const std::string schema = table->substr(0, dot);
  const std::string name = dot == std::string::npos ? *table : table->substr(dot + 1);
  b.add(schema == "public" ? nullptr : schema.c_str(), name.c_str(), mode, why);
}

void dml_reads(Builder& b, const List* from, const ::Node* where, const WithClause* with, const List* returning) {
  b.add_reads(reinterpret_cast<const ::Node*>(from), AS, "read by the statement");
  b.add_reads(where, AS, "read by the statement");
  b.add_reads(reinterpret_cast<const ::Node*>(with), AS, "read by the statement");
  b.add_reads(reinterpret_cast<const ::Node*>(returning), AS, "read by the statement");
}

void select_stmt(Builder& b, LockFacts& facts, const SelectStmt* select) {
  facts.command = "SELECT";
  const bool locking = select->lockingClause != nullptr;
  if (select->intoClause != nullptr && select->intoClause->rel != nullptr) {
    facts.command = "SELECT INTO";
    RelationLock& t = b.add(select->intoClause->rel, AX, "created");
    t.created = true;
  }
  if (locking) facts.command = "SELECT FOR UPDATE/SHARE";
  for (const RangeVar* rv : relations_read(reinterpret_cast<const ::Node*>(select))) {
    if (select->intoClause != nullptr && rv == select->intoClause->rel) continue;
    RelationLock& r = b.add(rv, locking ? RS : AS, locking ? "row locks (FOR UPDATE/SHARE)" : "read");
    Builder::scan(r, Tri::maybe, "depends on the query and the indexes");
  }
}

}  // namespace

LockFacts lock_facts(const Statement& statement, const LockOptions& options) {
  LockFacts facts;
  Builder b(facts, options);
  const ::Node* node = statement.node;
  if (node == nullptr) {
    facts.command = "statement";
    return facts;
  }
  switch (nodeTag(node)) {
    case T_AlterTableStmt: alter_table(b, facts, node_as<AlterTableStmt>(node)); break;

    case T_IndexStmt: {
      const auto* index = node_as<IndexStmt>(node);
      facts.command = index->concurrent ? "CREATE INDEX CONCURRENTLY" : "CREATE INDEX";
      if (index->relation == nullptr) break;
      RelationLock& t = b.add(index->relation, index->concurrent ? SUE : SH, facts.command);
      Builder::scan(t, Tri::yes, index->concurrent ? "builds the index in two passes over the table, waiting for "
                                                     "running transactions between them"
                                                   : "reads every row to build the index");
      break;
    }

    case T_CreateStmt: {
      const auto* create = node_as<CreateStmt>(node);
      facts.command = create->partbound != nullptr ? "CREATE TABLE PARTITION OF" : "CREATE TABLE";
      if (create->relation != nullptr) b.add(create->relation, AX, "created").created = true;
      const ListCell* lc = nullptr;
      foreach (lc, create->inhRelations) {
        const auto* parent = castNode(RangeVar, static_cast<::Node*>(lfirst(lc)));
        if (create->partbound != nullptr) {
          b.add(parent, AX, "PARTITION OF (the new partition is attached to it)");
        } else {
          b.add(parent, SUE, "INHERITS");
        }
      }
      foreach (lc, create->tableElts) {
        const auto* elt = static_cast<const ::Node*>(lfirst(lc));
        const List* constraints = nullptr;
        if (IsA(elt, ColumnDef)) constraints = node_as<ColumnDef>(elt)->constraints;
        if (IsA(elt, Constraint)) {
          const auto* c = node_as<Constraint>(elt);
          if (c->contype == CONSTR_FOREIGN && c->pktable != nullptr) {
            b.add(c->pktable, SRX, "REFERENCES");
          }
        }
        if (IsA(elt, TableLikeClause)) b.add(node_as<TableLikeClause>(elt)->relation, AS, "LIKE");
        const ListCell* cc = nullptr;
        foreach (cc, constraints) {
          const auto* c = lfirst_node(Constraint, cc);
          if (c->contype == CONSTR_FOREIGN && c->pktable != nullptr) {
            b.add(c->pktable, SRX, "REFERENCES");
          }
        }
      }
      break;
    }

    case T_CreateTableAsStmt: {
      const auto* ctas = node_as<CreateTableAsStmt>(node);
      facts.command = ctas->objtype == OBJECT_MATVIEW ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS";
      if (ctas->into != nullptr && ctas->into->rel != nullptr) b.add(ctas->into->rel, AX, "created").created = true;
      for (const RangeVar* rv : relations_read(ctas->query)) {
        Builder::scan(b.add(rv, AS, "read by the query"), Tri::maybe, "depends on the query");
      }
      break;
    }

    case T_ViewStmt: {
      const auto* view = node_as<ViewStmt>(node);
      facts.command = view->replace ? "CREATE OR REPLACE VIEW" : "CREATE VIEW";
      if (view->view != nullptr) {
        // OR REPLACE of a view the schema does not have yet creates it: nobody can be using it.
        const bool creates = !view->replace || (options.knowledge != nullptr &&
                                                options.knowledge->relation_exists(view->view->schemaname, view->view->relname) == Tri::no);
        RelationLock& v = b.add(view->view, AX, creates ? "created" : "replaced (or created)");
        v.created = creates;
      }
      b.add_reads(view->query, AS, "read by the view's query");
      break;
    }

    case T_RenameStmt: {
      const auto* rename = node_as<RenameStmt>(node);
      facts.command = rename->renameType == OBJECT_COLUMN ? "RENAME COLUMN"
                      : rename->renameType == OBJECT_TABCONSTRAINT ? "RENAME CONSTRAINT"
                                                                   : with_word("RENAME", rename->renameType);
      if (rename->relation == nullptr) break;
      switch (rename->renameType) {
        case OBJECT_INDEX: b.add(rename->relation, options.pg_version >= 12 ? SUE : AX, "RENAME"); break;
        case OBJECT_TABLE:
        case OBJECT_VIEW:
        case OBJECT_MATVIEW:
        case OBJECT_SEQUENCE:
        case OBJECT_FOREIGN_TABLE:
        case OBJECT_COLUMN:
        case OBJECT_TABCONSTRAINT:
        case OBJECT_TRIGGER:
        case OBJECT_RULE:
        case OBJECT_POLICY: b.add(rename->relation, AX, facts.command); break;
        default: break;
      }
      break;
    }

    case T_DropStmt: {
      const auto* drop = node_as<DropStmt>(node);
      facts.command = with_word("DROP", drop->removeType);
      if (drop->concurrent) facts.command += " CONCURRENTLY";
      const ListCell* lc = nullptr;
      foreach (lc, drop->objects) {
        const auto* names = static_cast<const List*>(lfirst(lc));
        if (is_relation_object(drop->removeType)) {
          const LockMode mode = drop->concurrent ? SUE : AX;
          RelationLock* r = b.add_names(names, 0, mode, facts.command);
          if (r != nullptr && drop->removeType == OBJECT_INDEX) {
            add_index_table(b, r->key, mode, "the dropped index's table");
          }
        } else if (drop->removeType == OBJECT_TRIGGER || drop->removeType == OBJECT_RULE ||
                   drop->removeType == OBJECT_POLICY) {
          b.add_names(names, 1, AX, facts.command);
        }
      }
      break;
    }

    case T_TruncateStmt: {
      const auto* truncate = node_as<TruncateStmt>(node);
      facts.command = "TRUNCATE";
      const ListCell* lc = nullptr;
      foreach (lc, truncate->relations) {
        RelationLock& r = b.add(castNode(RangeVar, static_cast<::Node*>(lfirst(lc))), AX, "TRUNCATE");
        r.new_storage = true;
      }
      break;
    }

    case T_VacuumStmt: {
      const auto* vacuum = node_as<VacuumStmt>(node);
      const bool full = vacuum->is_vacuumcmd && has_option(vacuum->options, "full");
      facts.command = !vacuum->is_vacuumcmd ? "ANALYZE" : full ? "VACUUM FULL" : "VACUUM";
      if (vacuum->rels == nullptr) facts.known = false;  // every table in the database
      const ListCell* lc = nullptr;
      foreach (lc, vacuum->rels) {
        const auto* rel = castNode(VacuumRelation, static_cast<::Node*>(lfirst(lc)));
        if (rel->relation == nullptr) continue;
        RelationLock& r = b.add(rel->relation, full ? AX : SUE, facts.command);
        if (full) Builder::rewrite(r, Tri::yes, "VACUUM FULL writes a compacted copy of the table");
        else if (vacuum->is_vacuumcmd) Builder::scan(r, Tri::yes, "visits the table's pages (not a blocking lock)");
      }
      break;
    }

    case T_ClusterStmt: {
      const auto* cluster = node_as<ClusterStmt>(node);
      facts.command = "CLUSTER";
      if (cluster->relation == nullptr) {
        facts.known = false;
        break;
      }
      Builder::rewrite(b.add(cluster->relation, AX, "CLUSTER"), Tri::yes, "writes the table anew in index order");
      break;
    }

    case T_ReindexStmt: {
      const auto* reindex = node_as<ReindexStmt>(node);
      const bool concurrent = has_option(reindex->params, "concurrently");
      facts.command = concurrent ? "REINDEX CONCURRENTLY" : "REINDEX";
      if (reindex->relation == nullptr) {
        facts.known = false;  // SCHEMA, DATABASE, SYSTEM
        break;
      }
      if (reindex->kind == REINDEX_OBJECT_TABLE) {
        Builder::scan(b.add(reindex->relation, concurrent ? SUE : SH, facts.command), Tri::yes,
                      "reads every row to rebuild each index");
      } else {
        RelationLock& index = b.add(reindex->relation, concurrent ? SUE : AX, facts.command);
        Builder::rewrite(index, Tri::yes, "writes the index anew");
        add_index_table(b, index.key, concurrent ? SUE : SH, "the table of the rebuilt index");
      }
      break;
    }

    case T_RefreshMatViewStmt: {
      const auto* refresh = node_as<RefreshMatViewStmt>(node);
      facts.command = refresh->concurrent ? "REFRESH MATERIALIZED VIEW CONCURRENTLY" : "REFRESH MATERIALIZED VIEW";
      if (refresh->relation == nullptr) break;
      RelationLock& m = b.add(refresh->relation, refresh->concurrent ? EX : AX, facts.command);
      if (refresh->concurrent) {
        Builder::scan(m, Tri::yes, "runs the query and compares its result with every row");
      } else {
        Builder::rewrite(m, Tri::yes, "fills a new copy of the view with the query's result");
      }
      facts.known = true;  // the tables the view reads are taken ACCESS SHARE (not listed: the view's query is in the catalog)
      break;
    }

    case T_LockStmt: {
      const auto* lock = node_as<LockStmt>(node);
      const int mode = std::clamp(lock->mode, 1, 8);
      facts.command = "LOCK TABLE";
      const ListCell* lc = nullptr;
      foreach (lc, lock->relations) {
        b.add(castNode(RangeVar, static_cast<::Node*>(lfirst(lc))), static_cast<LockMode>(mode), "LOCK TABLE");
      }
      break;
    }

    case T_CreateTrigStmt: {
      const auto* trigger = node_as<CreateTrigStmt>(node);
      facts.command = trigger->replace ? "CREATE OR REPLACE TRIGGER" : "CREATE TRIGGER";
      if (trigger->relation != nullptr) b.add(trigger->relation, SRX, facts.command);
      break;
    }

    case T_CreatePolicyStmt:
      facts.command = "CREATE POLICY";
      if (node_as<CreatePolicyStmt>(node)->table != nullptr) b.add(node_as<CreatePolicyStmt>(node)->table, AX, "CREATE POLICY");
      break;
    case T_AlterPolicyStmt:
      facts.command = "ALTER POLICY";
      if (node_as<AlterPolicyStmt>(node)->table != nullptr) b.add(node_as<AlterPolicyStmt>(node)->table, AX, "ALTER POLICY");
      break;
    case T_RuleStmt:
      facts.command = "CREATE RULE";
      if (node_as<RuleStmt>(node)->relation != nullptr) b.add(node_as<RuleStmt>(node)->relation, AX, "CREATE RULE");
      break;

    case T_CreateStatsStmt: {
      facts.command = "CREATE STATISTICS";
      const ListCell* lc = nullptr;
      foreach (lc, node_as<CreateStatsStmt>(node)->relations) {
        const auto* rel = static_cast<const ::Node*>(lfirst(lc));
        if (IsA(rel, RangeVar)) b.add(node_as<RangeVar>(rel), SUE, "CREATE STATISTICS");
      }
      break;
    }

    case T_CommentStmt: {
      const auto* comment = node_as<CommentStmt>(node);
      facts.command = with_word("COMMENT ON", comment->objtype);
      const List* names = comment->object != nullptr && IsA(comment->object, List)
                              ? reinterpret_cast<const List*>(comment->object)
                              : nullptr;
      if (names == nullptr) break;
      if (is_relation_object(comment->objtype)) {
        b.add_names(names, 0, SUE, facts.command);
      } else if (comment->objtype == OBJECT_COLUMN || comment->objtype == OBJECT_TABCONSTRAINT ||
                 comment->objtype == OBJECT_TRIGGER || comment->objtype == OBJECT_RULE ||
                 comment->objtype == OBJECT_POLICY) {
        b.add_names(names, 1, SUE, facts.command);
      }
      break;
    }

    case T_AlterObjectSchemaStmt: {
      const auto* move = node_as<AlterObjectSchemaStmt>(node);
      facts.command = with_word("ALTER", move->objectType) + " SET SCHEMA";
      if (move->relation != nullptr && is_relation_object(move->objectType)) b.add(move->relation, AX, "SET SCHEMA");
      break;
    }

    case T_AlterSeqStmt: {
      const auto* seq = node_as<AlterSeqStmt>(node);
      facts.command = "ALTER SEQUENCE";
      if (seq->sequence == nullptr) break;
      RelationLock& r = b.add(seq->sequence, SRX, "ALTER SEQUENCE");
      // Every option but OWNED BY writes the sequence's one row into new storage.
      const ListCell* lc = nullptr;
      foreach (lc, seq->options) {
        const auto* def = node_as<DefElem>(static_cast<const ::Node*>(lfirst(lc)));
        if (def->defname != nullptr && std::strcmp(def->defname, "owned_by") != 0) r.new_storage = true;
      }
      break;
    }
    case T_CreateSeqStmt:
      facts.command = "CREATE SEQUENCE";
      if (node_as<CreateSeqStmt>(node)->sequence != nullptr) {
        b.add(node_as<CreateSeqStmt>(node)->sequence, AX, "created").created = true;
      }
      break;

    case T_InsertStmt: {
      const auto* insert = node_as<InsertStmt>(node);
      facts.command = "INSERT";
      if (insert->relation != nullptr) b.add(insert->relation, RX, "INSERT");
      b.add_reads(insert->selectStmt, AS, "read by the statement");
      b.add_reads(reinterpret_cast<const ::Node*>(insert->withClause), AS, "read by the statement");
      break;
    }
    case T_UpdateStmt: {
      const auto* update = node_as<UpdateStmt>(node);
      facts.command = "UPDATE";
      if (update->relation != nullptr) {
        Builder::scan(b.add(update->relation, RX, "UPDATE"), Tri::maybe, "depends on the WHERE clause and indexes");
      }
      dml_reads(b, update->fromClause, update->whereClause, update->withClause, update->returningList);
      b.add_reads(reinterpret_cast<const ::Node*>(update->targetList), AS, "read by the statement");
      break;
    }
    case T_DeleteStmt: {
      const auto* del = node_as<DeleteStmt>(node);
      facts.command = "DELETE";
      if (del->relation != nullptr) {
        Builder::scan(b.add(del->relation, RX, "DELETE"), Tri::maybe, "depends on the WHERE clause and indexes");
      }
      dml_reads(b, del->usingClause, del->whereClause, del->withClause, del->returningList);
      break;
    }
    case T_MergeStmt: {
      const auto* merge = node_as<MergeStmt>(node);
      facts.command = "MERGE";
      if (merge->relation != nullptr) b.add(merge->relation, RX, "MERGE");
      b.add_reads(merge->sourceRelation, AS, "MERGE source");
      b.add_reads(reinterpret_cast<const ::Node*>(merge->withClause), AS, "read by the statement");
      break;
    }
    case T_SelectStmt: select_stmt(b, facts, node_as<SelectStmt>(node)); break;
    case T_CopyStmt: {
      const auto* copy = node_as<CopyStmt>(node);
      facts.command = copy->is_from ? "COPY FROM" : "COPY TO";
      if (copy->relation != nullptr) b.add(copy->relation, copy->is_from ? RX : AS, facts.command);
      b.add_reads(copy->query, AS, "read by the query");
      break;
    }

    case T_DoStmt: facts.command = "DO"; facts.known = false; break;
    case T_CallStmt: facts.command = "CALL"; facts.known = false; break;
    case T_ExecuteStmt: facts.command = "EXECUTE"; facts.known = false; break;

    // Statements that lock no table, only catalog rows and objects that are not relations.
    case T_TransactionStmt: facts.command = "transaction control"; break;
    case T_VariableSetStmt: facts.command = "SET"; break;
    case T_VariableShowStmt: facts.command = "SHOW"; break;
    case T_CreateSchemaStmt: facts.command = "CREATE SCHEMA"; break;
    case T_CreateExtensionStmt: facts.command = "CREATE EXTENSION"; facts.known = false; break;  // runs a script
    case T_CreateFunctionStmt: facts.command = "CREATE FUNCTION"; break;
    case T_AlterFunctionStmt: facts.command = "ALTER FUNCTION"; break;
    case T_CreateEnumStmt: facts.command = "CREATE TYPE AS ENUM"; break;
    case T_AlterEnumStmt: facts.command = "ALTER TYPE ADD VALUE"; break;
    case T_CompositeTypeStmt: facts.command = "CREATE TYPE"; break;
    case T_CreateDomainStmt: facts.command = "CREATE DOMAIN"; break;
    case T_DefineStmt: facts.command = "CREATE (aggregate, operator, type, ...)"; break;
    case T_CreateRangeStmt: facts.command = "CREATE TYPE AS RANGE"; break;
    case T_GrantStmt: facts.command = "GRANT/REVOKE"; break;
    case T_GrantRoleStmt: facts.command = "GRANT/REVOKE role"; break;
    case T_CreateRoleStmt: facts.command = "CREATE ROLE"; break;
    case T_AlterRoleStmt: facts.command = "ALTER ROLE"; break;
    case T_AlterDefaultPrivilegesStmt: facts.command = "ALTER DEFAULT PRIVILEGES"; break;
    case T_AlterOwnerStmt: facts.command = "ALTER OWNER"; break;
    case T_CreateCastStmt: facts.command = "CREATE CAST"; break;
    case T_AlterDomainStmt: facts.command = "ALTER DOMAIN"; break;  // ADD CONSTRAINT also scans every column of the domain
    default: facts.command = "statement"; facts.known = false; break;
  }
  b.finish();
  return facts;
}


// ---------------------------------------------------------------------------------------------
// Settings

namespace {

// Whether a timeout value turns the timeout on: anything but 0 ("0", "0ms", 0).
bool value_is_on(const ::Node* value) {
  while (value != nullptr && IsA(value, TypeCast)) value = castNode(TypeCast, const_cast<::Node*>(value))->arg;
  if (value == nullptr || !IsA(value, A_Const)) return true;  // an expression: assume it sets something
  const auto* c = castNode(A_Const, const_cast<::Node*>(value));
  if (c->isnull) return false;
  switch (nodeTag(&c->val)) {
    case T_Integer: return c->val.ival.ival != 0;
    case T_Float: return std::strtod(c->val.fval.fval, nullptr) != 0.0;
    case T_String: {
      const char* text = c->val.sval.sval;
      return text[0] != '\0' && std::strtod(text, nullptr) != 0.0;
    }
    default: return true;
  }
}

// A constant string or boolean argument of set_config (possibly cast).
const A_Const* constant(const ::Node* node) {
  while (node != nullptr && IsA(node, TypeCast)) node = castNode(TypeCast, const_cast<::Node*>(node))->arg;
  return node != nullptr && IsA(node, A_Const) ? castNode(A_Const, const_cast<::Node*>(node)) : nullptr;
}

bool const_true(const A_Const* c) {
  if (c == nullptr || c->isnull) return false;
  if (nodeTag(&c->val) == T_Boolean) return c->val.boolval.boolval;
  if (nodeTag(&c->val) == T_String) {
    const std::string_view s = c->val.sval.sval;
    return s == "t" || s == "true" || s == "on" || s == "yes" || s == "1";
  }
  return false;
}

}  // namespace

std::vector<SettingChange> setting_changes(const Statement& statement) {
  std::vector<SettingChange> out;
  const ::Node* node = statement.node;
  if (node != nullptr && IsA(node, VariableSetStmt)) {
    const auto* set_stmt = castNode(VariableSetStmt, const_cast<::Node*>(node));
    const std::string_view name = set_stmt->name != nullptr ? set_stmt->name : "";
    switch (set_stmt->kind) {
      case VAR_SET_VALUE:
        out.push_back({std::string(name), list_length(set_stmt->args) > 0 && value_is_on(static_cast<const ::Node*>(linitial(set_stmt->args))),
                        set_stmt->is_local});
        break;
      case VAR_SET_DEFAULT:
      case VAR_RESET: out.push_back({std::string(name), false, set_stmt->is_local}); break;
      case VAR_RESET_ALL:
        out.push_back({"lock_timeout", false, false});
        out.push_back({"statement_timeout", false, false});
        break;
      default: break;
    }
  } else if (node != nullptr && IsA(node, SelectStmt)) {
    // SELECT set_config('lock_timeout', '5s', false)
    const auto* select = castNode(SelectStmt, const_cast<::Node*>(node));
    const ListCell* lc = nullptr;
    foreach (lc, select->targetList) {
      const auto* target = lfirst_node(ResTarget, lc);
      if (target->val == nullptr || !IsA(target->val, FuncCall)) continue;
      const auto* call = castNode(FuncCall, target->val);
      const char* fname = pg::str_value(static_cast<const ::Node*>(llast(call->funcname)));
      if (fname == nullptr || std::strcmp(fname, "set_config") != 0 || list_length(call->args) != 3) continue;
      const A_Const* setting = constant(static_cast<const ::Node*>(linitial(call->args)));
      if (setting == nullptr || setting->isnull || nodeTag(&setting->val) != T_String) continue;
      out.push_back({setting->val.sval.sval, value_is_on(static_cast<const ::Node*>(lsecond(call->args))),
                     const_true(constant(static_cast<const ::Node*>(lthird(call->args))))});
    }
  }

  return out;
}

}  // namespace sqlmigrate::compiler
