#include "compiler/catalog.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "compiler/pg/nodes.hpp"

namespace sqlmigrate::compiler {

std::string relation_key(const char* schema, const char* name) {
  // Made for nearly every statement, often several times: one allocation.
  const std::string_view s = schema != nullptr ? schema : "public";
  const std::string_view n = name != nullptr ? name : "";
  std::string key;
  key.reserve(s.size() + 1 + n.size());
  key += s;
  key += '.';
  key += n;
  return key;
}

// ---------------------------------------------------------------------------------------------
// Types

namespace {

std::string with_mods(std::string base, const TypeRef& t) {
  if (t.mod1 >= 0) {
    base += '(' + std::to_string(t.mod1);
    if (t.mod2 >= 0) base += ',' + std::to_string(t.mod2);
    base += ')';
  }
  return base;
}

std::string array_suffix(const TypeRef& t) { return t.array_dims > 0 ? "[]" : ""; }

}  // namespace

bool Index::uses(std::string_view column) const {
  return std::find(columns.begin(), columns.end(), column) != columns.end() ||
         std::find(also_uses.begin(), also_uses.end(), column) != also_uses.end();
}

std::vector<std::string> Index::all_uses() const {
  std::vector<std::string> out;
  out.reserve(columns.size() + also_uses.size());
  for (const std::string& col : columns) {
    if (!col.empty()) out.push_back(col);
  }
  out.insert(out.end(), also_uses.begin(), also_uses.end());
  return out;
}

std::string TypeRef::text() const {
  std::string out = with_mods(name, *this);
  for (int i = 0; i < array_dims; ++i) out += "[]";
  return out;
}

std::string TypeRef::display() const {
  static const std::array<std::pair<std::string_view, std::string_view>, 13> k_plain = {{
      {"int2", "smallint"},
      {"int4", "integer"},
      {"int8", "bigint"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"bool", "boolean"},
      {"varchar", "character varying"},
      {"bpchar", "character"},
      {"varbit", "bit varying"},
      {"char", "\"char\""},
      {"interval", "interval"},
      {"numeric", "numeric"},
      {"bit", "bit"},
  }};
  const auto time_type = [&](std::string_view base, std::string_view zone) {
    std::string out(base);
    if (mod1 >= 0) out += '(' + std::to_string(mod1) + ')';
    out += zone;
    return out;
  };
  if (name == "timestamptz") return time_type("timestamp", " with time zone") + array_suffix(*this);
  if (name == "timestamp") return time_type("timestamp", " without time zone") + array_suffix(*this);
  if (name == "timetz") return time_type("time", " with time zone") + array_suffix(*this);
  if (name == "time") return time_type("time", " without time zone") + array_suffix(*this);
  for (const auto& [internal, shown] : k_plain) {
    if (name == internal) return with_mods(std::string(shown), *this) + array_suffix(*this);
  }
  const std::string& full = name;
  std::string shown = full.starts_with("public.") ? full.substr(7) : full;
  return with_mods(shown, *this) + array_suffix(*this);
}

// ---------------------------------------------------------------------------------------------
// Lookups

// Column names are interned: one lookup of the name, then pointers compared.
const Column* Relation::column(std::string_view n) const {
  const std::string* id = Interned::find(n);
  if (id == nullptr) return nullptr;
  for (const Column& c : columns) {
    if (c.name.id() == id) return &c;
  }
  return nullptr;
}

Column* Relation::column(std::string_view n) {
  return const_cast<Column*>(static_cast<const Relation&>(*this).column(n));
}

const TableConstraint* Relation::constraint(std::string_view n) const {
  for (const TableConstraint& c : constraints) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

std::string Catalog::resolve(const char* schema, const char* name) const {
  if (schema != nullptr) return relation_key(schema, name);
  // With one schema in the path (the usual case), found or not, the name resolves into it.
  if (m_search_path.size() > 1) {
    for (const std::string& s : m_search_path) {
      std::string key = s + '.' + (name != nullptr ? name : "");
      if (m_relations.contains(key) || m_indexes.contains(key)) return key;
    }
  }
  return (m_search_path.empty() ? std::string("public") : m_search_path.front()) + '.' + (name != nullptr ? name : "");
}

std::string Catalog::resolve(const RangeVar* rv) const {
  if (rv == nullptr) return {};
  return resolve(rv->schemaname, rv->relname);
}

const Relation* Catalog::relation(std::string_view key) const {
  const auto it = m_relations.find(key);
  return it == m_relations.end() ? nullptr : &it->second;
}

const Relation* Catalog::known_relation(std::string_view key) const {
  if (m_unknown) return nullptr;
  const Relation* r = relation(key);
  return r != nullptr && !r->unknown ? r : nullptr;
}

const Index* Catalog::index(std::string_view key) const {
  const auto it = m_indexes.find(key);
  return it == m_indexes.end() ? nullptr : &it->second;
}

const UserType* Catalog::type(std::string_view key) const {
  const auto it = m_types.find(key);
  return it == m_types.end() ? nullptr : &it->second;
}

bool Catalog::schema_exists(std::string_view name) const {
  return name == "public" || name == "pg_catalog" || m_schemas.contains(name);
}

std::vector<const Index*> Catalog::indexes_on(std::string_view table_key) const {
  std::vector<const Index*> out;
  if (const Relation* r = relation(table_key)) {
    for (const std::string& k : r->index_keys) {
      if (const Index* ix = index(k)) out.push_back(ix);
    }
  }
  return out;
}

bool Catalog::has_leading_index(std::string_view table_key, const std::vector<std::string>& columns) const {
  if (columns.empty()) return false;
  for (const Index* ix : indexes_on(table_key)) {
    const Index& index = *ix;
    if (!index.valid || index.partial || index.columns.size() < columns.size()) continue;
    bool all = true;
    for (std::size_t i = 0; i < columns.size() && all; ++i) {
      all = std::find(columns.begin(), columns.end(), index.columns[i]) != columns.end();
    }
    if (all) return true;
  }
  return false;
}

bool Catalog::has_validated_not_null_check(std::string_view table_key, std::string_view column) const {
  const Relation* r = relation(table_key);
  if (r == nullptr) return false;
  return std::any_of(r->constraints.begin(), r->constraints.end(), [&](const TableConstraint& c) {
    return c.kind == ConstraintKind::check && c.validated && c.not_null_check && c.not_null_column() == column;
  });
}

void Catalog::mark_unknown(std::string reason) {
  if (m_unknown) return;
  m_unknown = true;
  m_unknown_reason = std::move(reason);
}

// ---------------------------------------------------------------------------------------------
// Replay: one statement at a time.

namespace {

constexpr std::size_t k_max_name = 63;  // NAMEDATALEN - 1

const char* str(const void* node) { return pg::str_value(static_cast<const ::Node*>(node)); }
std::string s(const char* c) { return c != nullptr ? std::string(c) : std::string(); }

// The last two names of a qualified name list: (schema or null, name).
std::pair<const char*, const char*> split_name(const List* names) {
  const int n = list_length(names);
  if (n == 0) return {nullptr, nullptr};
  const char* name = str(llast(names));
  const char* schema = n >= 2 ? str(list_nth(names, n - 2)) : nullptr;
  return {schema, name};
}

std::vector<std::string> string_list(const List* names) {
  std::vector<std::string> out;
  const ListCell* lc = nullptr;
  foreach (lc, names) out.push_back(s(str(lfirst(lc))));
  return out;
}

std::optional<int> int_const(const ::Node* node) {
  if (node == nullptr || !IsA(node, A_Const)) return std::nullopt;
  const auto* c = castNode(A_Const, const_cast<::Node*>(node));
  if (c->isnull || !IsA(&c->val, Integer)) return std::nullopt;
  return c->val.ival.ival;
}

const char* string_const(const ::Node* node) {
  while (node != nullptr && IsA(node, TypeCast)) node = castNode(TypeCast, const_cast<::Node*>(node))->arg;
  if (node == nullptr || !IsA(node, A_Const)) return nullptr;
  const auto* c = castNode(A_Const, const_cast<::Node*>(node));
  if (c->isnull || !IsA(&c->val, String)) return nullptr;
  return c->val.sval.sval;
}

bool is_null_constant(const ::Node* expr) {
  while (expr != nullptr && IsA(expr, TypeCast)) expr = castNode(TypeCast, const_cast<::Node*>(expr))->arg;
  return expr != nullptr && IsA(expr, A_Const) && castNode(A_Const, const_cast<::Node*>(expr))->isnull;
}

// Postgres's makeObjectName: name1_name2_label, shortening the longer of name1 and name2 to fit.
std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label) {
  std::size_t overhead = 0;
  if (!name2.empty()) overhead += 1;
  if (!label.empty()) overhead += label.size() + 1;
  const std::size_t avail = k_max_name > overhead ? k_max_name - overhead : 0;
  std::size_t n1 = name1.size();
  std::size_t n2 = name2.size();
  while (n1 + n2 > avail) {
    if (n1 > n2) {
      --n1;
    } else {
      --n2;
    }
  }
  std::string out(name1.substr(0, n1));
  if (!name2.empty()) out += '_' + std::string(name2.substr(0, n2));
  if (!label.empty()) out += '_' + std::string(label);
  return out;
}

// ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: names joined by "_", capped.
std::string name_addition(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += '_';
    out += n;
    if (out.size() >= k_max_name + 1) break;
  }
  if (out.size() > k_max_name) out.resize(k_max_name);
  return out;
}

// FigureIndexColname: the name Postgres gives an index expression column.
std::string figure_colname(const ::Node* expr) {
  while (expr != nullptr) {
    if (IsA(expr, ColumnRef)) {
      const auto* ref = castNode(ColumnRef, const_cast<::Node*>(expr));
      const char* last = str(llast(ref->fields));
      return last != nullptr ? last : "expr";
    }
    if (IsA(expr, FuncCall)) {
      const auto* call = castNode(FuncCall, const_cast<::Node*>(expr));
      const char* last = str(llast(call->funcname));
      return last != nullptr ? last : "expr";
    }
    if (IsA(expr, TypeCast)) {
      const auto* cast = castNode(TypeCast, const_cast<::Node*>(expr));
      const std::string inner = figure_colname(cast->arg);
      if (inner != "expr") return inner;
      const char* last = cast->typeName != nullptr ? str(llast(cast->typeName->names)) : nullptr;
      return last != nullptr ? last : "expr";
    }
    if (IsA(expr, CollateClause)) {
      expr = castNode(CollateClause, const_cast<::Node*>(expr))->arg;
      continue;
    }
    if (IsA(expr, CaseExpr)) return "case";
    break;
  }
  return "expr";
}

// Functions whose volatility decides how a default behaves (pg_proc.provolatile).
constexpr std::array<std::string_view, 18> k_volatile_functions = {
    "clock_timestamp", "currval",  "gen_random_bytes", "gen_random_uuid", "gen_salt",           "lastval",
    "nextval",         "pg_sleep", "random",           "random_normal",   "setseed",            "setval",
    "timeofday",       "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7"};
constexpr std::array<std::string_view, 40> k_stable_functions = {
    "abs", "age", "array_fill", "btrim", "concat", "current_database", "current_schema", "current_setting",
    "date", "date_part", "date_trunc", "format", "jsonb_build_object", "json_build_object", "jsonb_build_array",
    "json_build_array", "left", "length", "lower", "lpad", "ltrim", "make_interval", "md5", "now", "replace",
    "right", "round", "rtrim", "statement_timestamp", "substring", "text", "timezone", "to_char", "to_date",
    "to_json", "to_jsonb", "to_timestamp", "transaction_timestamp", "upper", "trim"};

struct DefaultScan {
  DefaultKind kind = DefaultKind::stable;
};

bool scan_default_walker(::Node* node, void* context) {
  if (node == nullptr) return false;
  auto* scan = static_cast<DefaultScan*>(context);
  if (IsA(node, FuncCall)) {
    const auto* call = castNode(FuncCall, node);
    const char* name = str(llast(call->funcname));
    const std::string_view n = name != nullptr ? name : "";
    if (std::find(k_volatile_functions.begin(), k_volatile_functions.end(), n) != k_volatile_functions.end()) {
      scan->kind = DefaultKind::volatile_;
    } else if (std::find(k_stable_functions.begin(), k_stable_functions.end(), n) == k_stable_functions.end() &&
               scan->kind != DefaultKind::volatile_) {
      scan->kind = DefaultKind::unknown;
    }
  }
  return compiler::pg::walk_children(node, &scan_default_walker, context);
}

DefaultScan scan_default(const ::Node* expr) {
  DefaultScan scan;
  scan_default_walker(const_cast<::Node*>(expr), &scan);
  return scan;
}

// Column names an expression refers to (last field of each ColumnRef), distinct, in order.
bool column_refs_walker(::Node* node, void* context) {
  if (node == nullptr) return false;
  if (IsA(node, ColumnRef)) {
    auto* out = static_cast<std::vector<std::string>*>(context);
    const char* last = str(llast(castNode(ColumnRef, node)->fields));
    if (last != nullptr && std::find(out->begin(), out->end(), last) == out->end()) out->emplace_back(last);
    return false;
  }
  return compiler::pg::walk_children(node, &column_refs_walker, context);
}

std::vector<std::string> column_refs(const ::Node* expr) {
  std::vector<std::string> out;
  column_refs_walker(const_cast<::Node*>(expr), &out);
  return out;
}

// Relations a view's query reads (every RangeVar below it).
bool range_vars_walker(::Node* node, void* context) {
  if (node == nullptr) return false;
  if (IsA(node, RangeVar)) {
    static_cast<std::vector<const RangeVar*>*>(context)->push_back(castNode(RangeVar, node));
    return false;
  }
  return compiler::pg::walk_children(node, &range_vars_walker, context);
}

// Calls of named functions anywhere in a statement.
struct CallScan {
  const NameMap<bool>* functions;
  bool found = false;
};

bool calls_walker(::Node* node, void* context) {
  if (node == nullptr) return false;
  auto* scan = static_cast<CallScan*>(context);
  if (IsA(node, FuncCall)) {
    const auto [schema, name] = split_name(castNode(FuncCall, node)->funcname);
    if (name != nullptr && (scan->functions->contains(relation_key(schema, name)) ||
                            (schema == nullptr && scan->functions->contains(std::string("*.") + name)))) {
      scan->found = true;
      return true;
    }
  }
  return compiler::pg::walk_children(node, &calls_walker, context);
}

// Built-in types often written by a name that is not an SQL keyword (the keywords arrive as
// pg_catalog.<name> already).
bool is_builtin_type(std::string_view name) {
  static constexpr std::array<std::string_view, 26> k_names = {
      "bool", "bytea", "cidr", "date", "float4", "float8", "inet", "int2", "int4", "int8", "json", "jsonb",
      "macaddr", "money", "name", "numeric", "oid", "text", "time", "timestamp", "timestamptz", "timetz",
      "tsvector", "uuid", "varchar", "xml"};
  return std::find(k_names.begin(), k_names.end(), name) != k_names.end();
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Whether procedural code (lowercased) runs DDL that changes what the catalog tracks.
bool has_tracked_ddl(std::string_view code) {
  static constexpr std::array<std::string_view, 3> k_verbs = {"create", "alter", "drop"};
  static constexpr std::array<std::string_view, 10> k_objects = {
      "table", "index", "view", "materialized", "sequence", "type", "domain", "schema", "unique", "extension"};
  for (std::string_view verb : k_verbs) {
    std::size_t pos = 0;
    while ((pos = code.find(verb, pos)) != std::string_view::npos) {
      const bool starts = pos == 0 || !is_word_char(code[pos - 1]);
      pos += verb.size();
      if (!starts || (pos < code.size() && is_word_char(code[pos]))) continue;
      std::size_t p = pos;
      // CREATE [OR REPLACE] [UNIQUE] [TEMP] <object>, ALTER TABLE, DROP INDEX, ...
      for (int words = 0; words < 3 && p < code.size(); ++words) {
        while (p < code.size() && std::isspace(static_cast<unsigned char>(code[p])) != 0) ++p;
        std::size_t e = p;
        while (e < code.size() && is_word_char(code[e])) ++e;
        const std::string_view word = code.substr(p, e - p);
        if (std::find(k_objects.begin(), k_objects.end(), word) != k_objects.end()) return true;
        if (word != "or" && word != "replace" && word != "temp" && word != "temporary" && word != "unlogged") break;
        p = e;
      }
    }
  }
  return false;
}

bool mentions_word(std::string_view code, std::string_view word) {
  std::size_t pos = 0;
  while ((pos = code.find(word, pos)) != std::string_view::npos) {
    const bool starts = pos == 0 || !is_word_char(code[pos - 1]);
    const bool ends = pos + word.size() >= code.size() || !is_word_char(code[pos + word.size()]);
    if (starts && ends) return true;
    pos += word.size();
  }
  return false;
}

std::string schema_of(std::string_view key) { return std::string(key.substr(0, key.find('.'))); }

// Room for one more in a table's columns or constraints, growing by a quarter rather than doubling:
// tables gain columns one ALTER TABLE at a time, and a doubled array per altered table stays for
// the whole run (a project's schema is held in full).
template <class V>
void room_for_one_more(V& v) {
  if (v.size() == v.capacity()) v.reserve(v.size() + v.size() / 4 + 1);
}
std::string name_of(std::string_view key) {
  const auto dot = key.find('.');
  return std::string(dot == std::string_view::npos ? key : key.substr(dot + 1));
}

}  // namespace

class Replay {
 public:
  explicit Replay(Catalog& catalog) : c(catalog) {}

  void apply(const ::Node* node);
  TypeRef normalize(const TypeName* tn) const {
    TypeRef serial;
    return is_serial(tn, serial) ? serial : type_ref(tn);
  }

 private:
  Catalog& c;
  std::vector<std::pair<const Constraint*, const char*>> m_column_of;  // CREATE TABLE column constraints

  // --- names -------------------------------------------------------------------------------
  std::string key(const RangeVar* rv) const { return c.resolve(rv); }
  std::string creation_key(const char* schema, const char* name) const {
    if (schema != nullptr) return relation_key(schema, name);
    return (c.m_search_path.empty() ? std::string("public") : c.m_search_path.front()) + '.' + s(name);
  }
  std::string creation_key(const RangeVar* rv) const {
    if (rv->relpersistence == 't' && rv->schemaname == nullptr) return relation_key("pg_temp", rv->relname);
    return creation_key(rv->schemaname, rv->relname);
  }
  // A type name resolved like a relation (user types in the search path).
  std::string type_key(const List* names) const {
    const auto [schema, name] = split_name(names);
    if (schema != nullptr) return relation_key(schema, name);
    if (c.m_search_path.size() > 1) {  // with one schema in the path, found or not, the name resolves into it
      for (const std::string& sp : c.m_search_path) {
        std::string k = sp + '.' + s(name);
        if (c.m_types.contains(k)) return k;
      }
    }
    return creation_key(nullptr, name);
  }
  bool class_name_taken(const std::string& schema, const std::string& name) const {
    const std::string k = schema + '.' + name;
    return c.m_relations.contains(k) || c.m_indexes.contains(k) || c.m_types.contains(k);
  }
  // ChooseRelationName.
  std::string choose_relation_name(const std::string& schema, std::string_view name1, std::string_view name2,
                                   std::string_view label) const {
    std::string candidate = make_object_name(name1, name2, label);
    for (int pass = 1; class_name_taken(schema, candidate); ++pass) {
      candidate = make_object_name(name1, name2, std::string(label) + std::to_string(pass));
    }
    return candidate;
  }
  // ChooseConstraintName.
  // Postgres checks the whole schema's constraint names; generated names start with the table's
  // name, so the replay checks the table's own (or the domain's) constraints only.
  template <class Taken>
  static std::string choose_constraint_name(const Taken& taken, std::string_view name1, std::string_view name2,
                                            std::string_view label) {
    std::string candidate = make_object_name(name1, name2, label);
    for (int pass = 1; taken(candidate); ++pass) {
      candidate = make_object_name(name1, name2, std::string(label) + std::to_string(pass));
    }
    return candidate;
  }

  // --- types -------------------------------------------------------------------------------
  TypeRef type_ref(const TypeName* tn) const {
    TypeRef t;
    if (tn == nullptr) return t;
    const auto [schema, name] = split_name(tn->names);
    if (tn->pct_type || name == nullptr) {
      t.name = "?";
      t.exotic_mods = true;
      return t;
    }
    if (schema != nullptr && std::strcmp(schema, "pg_catalog") == 0) {
      t.name = name;
    } else if (schema != nullptr) {
      t.name = relation_key(schema, name);
    } else if (c.m_types.empty() || is_builtin_type(name)) {
      // pg_catalog comes first in every search path: a built-in name is the built-in type.
      t.name = name;
    } else {
      const std::string k = type_key(tn->names);
      t.name = c.m_types.contains(k) ? k : std::string(name);
    }
    int i = 0;
    const ListCell* lc = nullptr;
    foreach (lc, tn->typmods) {
      const auto v = int_const(static_cast<const ::Node*>(lfirst(lc)));
      if (!v) {
        t.exotic_mods = true;
      } else if (i == 0) {
        t.mod1 = *v;
      } else if (i == 1) {
        t.mod2 = *v;
      } else {
        t.exotic_mods = true;
      }
      ++i;
    }
    if (t.name == "interval" && i > 0) {
      // interval typmods are (fields mask[, precision]): not a plain length.
      t.exotic_mods = true;
      t.mod1 = t.mod2 = -1;
    }
    if (t.name == "numeric" && t.mod1 >= 0 && t.mod2 < 0) t.mod2 = 0;
    t.array_dims = static_cast<std::uint8_t>(list_length(tn->arrayBounds));
    return t;
  }

  static bool is_serial(const TypeName* tn, TypeRef& as) {
    if (tn == nullptr || list_length(tn->names) != 1 || list_length(tn->arrayBounds) != 0) return false;
    const std::string_view n = str(linitial(tn->names)) != nullptr ? str(linitial(tn->names)) : "";
    if (n == "serial" || n == "serial4") as.name = "int4";
    else if (n == "bigserial" || n == "serial8") as.name = "int8";
    else if (n == "smallserial" || n == "serial2") as.name = "int2";
    else return false;
    return true;
  }

  // --- relations ---------------------------------------------------------------------------
  Relation* find(const std::string& k) {
    const auto it = c.m_relations.find(k);
    return it == c.m_relations.end() ? nullptr : &it->second;
  }
  Relation* find(const RangeVar* rv) { return rv == nullptr ? nullptr : find(key(rv)); }

  Relation& create_relation(const std::string& k, RelationKind kind) {
    Relation r;
    r.kind = kind;
    r.created_in = c.m_migration;
    c.m_created_keys.push_back(k);
    auto [it, inserted] = c.m_relations.insert_or_assign(k, std::move(r));
    return it->second;
  }

  void drop_index(const std::string& k) {
    const auto it = c.m_indexes.find(k);
    if (it == c.m_indexes.end()) return;
    if (Relation* r = find(it->second.table)) std::erase(r->index_keys, k);
    c.m_indexes.erase(it);
  }
  std::vector<std::string> index_keys_of(const std::string& table) {
    const Relation* r = find(table);
    return r != nullptr ? r->index_keys : std::vector<std::string>{};
  }
  void mark_referenced(const std::string& target, const std::string& referrer) {
    if (Relation* r = find(target)) {
      if (std::find(r->referrers.begin(), r->referrers.end(), referrer) == r->referrers.end()) {
        r->referrers.emplace_back(referrer);
      }
    }
  }
  // A copy: the loop bodies may add or drop relations.
  static std::vector<Interned> referrer_keys(const Relation& r) { return r.referrers; }
  // The referrers that may be its partitions or inheritance children (a copy, as above); none when
  // no child was ever attached, so that a change to a table with many foreign keys pointing at it
  // does not look each of them up.
  static std::vector<Interned> children_of(const Relation& r) {
    return r.has_children ? r.referrers : std::vector<Interned>{};
  }

  void drop_constraint(Relation& r, std::size_t i) {
    TableConstraint& con = r.constraints[i];
    if (!con.index.empty()) drop_index(con.index);
    r.constraints.erase(r.constraints.begin() + static_cast<std::ptrdiff_t>(i));
  }

  // Drops a relation and what goes with it: indexes, owned sequences, partitions, foreign keys
  // that point at it and views that read it (Postgres needs CASCADE for the last two).
  void drop_relation(const std::string& k, int depth = 0) {
    const auto it = c.m_relations.find(k);
    if (it == c.m_relations.end() || depth > 16) return;
    std::vector<std::string> dependents;
    for (const std::string& ik : it->second.index_keys) c.m_indexes.erase(ik);
    it->second.index_keys.clear();
    for (const std::string& other_key : referrer_keys(it->second)) {
      Relation* otherp = find(other_key);
      if (otherp == nullptr || other_key == k) continue;
      Relation& other = *otherp;
      if (other.links().parent == k) dependents.push_back(other_key);
      if (other.kind == RelationKind::sequence && other.links().owned_by.starts_with(k + '.') &&
          other.links().owned_by.find('.', k.size() + 1) == std::string::npos) {
        dependents.push_back(other_key);
      }
      if (std::find(other.links().depends_on.begin(), other.links().depends_on.end(), k) != other.links().depends_on.end()) {
        dependents.push_back(other_key);
      }
      for (std::size_t i = other.constraints.size(); i-- > 0;) {
        if (other.constraints[i].kind == ConstraintKind::foreign_key && other.constraints[i].references() == k) {
          drop_constraint(other, i);
        }
      }
    }
    c.m_relations.erase(k);
    for (const std::string& d : dependents) drop_relation(d, depth + 1);
  }

  // Moves a relation (and its indexes' table field, foreign keys to it, views) to a new key.
  void rekey_relation(const std::string& from, const std::string& to) {
    auto node = c.m_relations.extract(from);
    if (node.empty()) return;
    node.key() = to;
    for (const std::string& ik : node.mapped().index_keys) {
      const auto ix = c.m_indexes.find(ik);
      if (ix != c.m_indexes.end()) ix->second.table = to;
    }
    Relation& moved = c.m_relations.insert(std::move(node)).position->second;
    if (moved.created_in == c.m_migration) c.m_created_keys.push_back(to);
    std::replace(moved.referrers.begin(), moved.referrers.end(), from, to);
    // What it points at keeps it among their referrers under the new key.
    std::vector<std::string> targets = moved.links().depends_on;
    for (const TableConstraint& con : moved.constraints) {
      if (con.kind == ConstraintKind::foreign_key) targets.push_back(con.references());
    }
    if (!moved.links().parent.empty()) targets.push_back(moved.links().parent);
    targets.insert(targets.end(), moved.links().inherits.begin(), moved.links().inherits.end());
    if (!moved.links().owned_by.empty()) targets.push_back(moved.links().owned_by.substr(0, moved.links().owned_by.rfind('.')));
    for (const std::string& t : targets) {
      if (Relation* target = find(t)) std::replace(target->referrers.begin(), target->referrers.end(), from, to);
    }
    for (const std::string& rk : referrer_keys(moved)) {
      Relation* rp = find(rk);
      if (rp == nullptr) continue;
      Relation& r = *rp;
      for (TableConstraint& con : r.constraints) {
        if (ForeignKeyTarget* fk = con.foreign_key.if_any(); fk != nullptr && fk->references == from) fk->references = to;
      }
      if (RelationLinks* l = r.links_if_any()) {
        for (std::string& d : l->depends_on) {
          if (d == from) d = to;
        }
        if (l->parent == from) l->parent = to;
        for (std::string& p : l->inherits) {
          if (p == from) p = to;
        }
        if (l->owned_by.starts_with(from + '.')) l->owned_by = to + l->owned_by.substr(from.size());
      }
    }
  }

  void rekey_index(const std::string& from, const std::string& to) {
    auto node = c.m_indexes.extract(from);
    if (node.empty()) return;
    node.key() = to;
    const std::string table = node.mapped().table;
    c.m_indexes.insert(std::move(node));
    if (Relation* r = find(table)) {
      std::replace(r->index_keys.begin(), r->index_keys.end(), from, to);
      for (TableConstraint& con : r->constraints) {
        if (con.index == from) con.index = to;
      }
    }
  }

  // --- indexes -----------------------------------------------------------------------------
  struct IndexSpec {
    std::vector<std::string> columns;       // key columns, "" for expressions
    std::vector<std::string> name_columns;  // ChooseIndexColumnNames (keys and INCLUDE)
    std::vector<std::string> referenced;    // every column named, in expressions and the predicate too
    bool unique = false;
    bool primary = false;
    bool partial = false;
  };

  // `single`: one more key element (an exclusion constraint's element), without building a List.
  static IndexSpec index_spec(const List* params, const List* including, const ::Node* single = nullptr) {
    IndexSpec spec;
    const auto add_node = [&](const ::Node* n, bool key) {
        std::string col;
        std::string figured;
        if (IsA(n, IndexElem)) {
          const auto* elem = castNode(IndexElem, const_cast<::Node*>(n));
          if (elem->name != nullptr) {
            col = figured = elem->name;
          } else {
            figured = elem->indexcolname != nullptr ? elem->indexcolname : figure_colname(elem->expr);
            for (std::string& ref : column_refs(elem->expr)) spec.referenced.push_back(std::move(ref));
          }
        } else if (const char* name = str(n)) {
          col = figured = name;
        }
        if (key) spec.columns.push_back(col);
        if (!col.empty()) spec.referenced.push_back(col);
        // Duplicate column names in one index get a number (ChooseIndexColumnNames).
        std::string unique_name = figured;
        for (int i = 1; std::find(spec.name_columns.begin(), spec.name_columns.end(), unique_name) !=
                        spec.name_columns.end();
             ++i) {
          unique_name = figured + std::to_string(i);
        }
        spec.name_columns.push_back(unique_name);
    };
    const auto add = [&](const List* list, bool key) {
      const ListCell* lc = nullptr;
      foreach (lc, list) add_node(static_cast<const ::Node*>(lfirst(lc)), key);
    };
    add(params, true);
    if (single != nullptr) add_node(single, true);
    add(including, false);
    return spec;
  }

  // Adds an index (name chosen the way Postgres does when absent); returns its key.
  std::string add_index(const std::string& table_key, const char* name, const IndexSpec& spec, std::string_view label,
                        bool if_not_exists = false) {
    const std::string schema = schema_of(table_key);
    std::string index_name =
        name != nullptr ? std::string(name)
                        : choose_relation_name(schema, name_of(table_key),
                                               label == "pkey" ? std::string() : name_addition(spec.name_columns), label);
    const std::string k = schema + '.' + index_name;
    if (if_not_exists && class_name_taken(schema, index_name)) return {};
    Index index;
    index.table = table_key;
    index.columns = intern_all(spec.columns);
    for (const std::string& col : spec.referenced) {
      if (std::find(index.columns.begin(), index.columns.end(), col) == index.columns.end() &&
          std::find(index.also_uses.begin(), index.also_uses.end(), col) == index.also_uses.end()) {
        index.also_uses.emplace_back(col);
      }
    }
    index.unique = spec.unique || spec.primary;
    index.primary = spec.primary;
    index.partial = spec.partial;
    index.created_in = c.m_migration;
    c.m_indexes.insert_or_assign(k, std::move(index));
    Relation* r = find(table_key);
    if (r != nullptr && std::find(r->index_keys.begin(), r->index_keys.end(), k) == r->index_keys.end()) {
      r->index_keys.push_back(k);
    }
    // Partitioned tables: each partition gets its own index.
    if (r != nullptr && r->kind == RelationKind::partitioned_table && !r->referrers.empty()) {
      for (auto& [pk, p] : c.m_relations) {
        if (p.links().parent == table_key) clone_index_to(pk, c.m_indexes.at(k));
      }
    }
    return k;
  }

  void clone_index_to(const std::string& partition_key, const Index& parent_index) {
    for (const std::string& ik : index_keys_of(partition_key)) {
      const Index& ix = c.m_indexes.at(ik);
      if (ix.columns == parent_index.columns && ix.unique == parent_index.unique) return;
    }
    IndexSpec spec;
    spec.columns = texts_of(parent_index.columns);
    for (const std::string& col : parent_index.columns) spec.name_columns.push_back(col.empty() ? "expr" : col);
    spec.referenced = parent_index.all_uses();
    spec.unique = parent_index.unique;
    spec.primary = parent_index.primary;
    spec.partial = parent_index.partial;
    add_index(partition_key, nullptr, spec,
              parent_index.primary ? "pkey" : (parent_index.backs_constraint && parent_index.unique ? "key" : "idx"));
  }

  // --- constraints -------------------------------------------------------------------------
  // Adds a table constraint (from CREATE TABLE, ADD CONSTRAINT or a column constraint).
  void add_constraint(Relation& r, const std::string& table_key, const Constraint* con, const char* column,
                      bool in_create) {
    const std::string table_name = name_of(table_key);
    const auto taken_on_table = [&](const std::string& n) { return r.constraint(n) != nullptr; };
    TableConstraint tc;
    tc.created_in = c.m_migration;
    switch (con->contype) {
      case CONSTR_PRIMARY:
      case CONSTR_UNIQUE:
      case CONSTR_EXCLUSION: {
        const bool primary = con->contype == CONSTR_PRIMARY;
        tc.kind = primary ? ConstraintKind::primary_key
                          : (con->contype == CONSTR_UNIQUE ? ConstraintKind::unique : ConstraintKind::exclusion);
        if (con->indexname != nullptr) {
          // ADD CONSTRAINT ... USING INDEX: the index is renamed to the constraint's name.
          const std::string ik = schema_of(table_key) + '.' + con->indexname;
          const Index* ix = c.index(ik);
          if (ix == nullptr) {
            r.unknown = true;
            return;
          }
          tc.columns = ix->columns;
          tc.name = con->conname != nullptr ? con->conname : con->indexname;
          const std::string new_key = schema_of(table_key) + '.' + tc.name;
          if (new_key != ik) rekey_index(ik, new_key);
          Index& index = c.m_indexes.at(new_key);
          index.backs_constraint = true;
          index.primary = primary;
          tc.index = new_key;
        } else {
          IndexSpec spec;
          if (con->contype == CONSTR_EXCLUSION) {
            const ListCell* lc = nullptr;
            foreach (lc, con->exclusions) {
              const auto* pair = static_cast<const List*>(lfirst(lc));
              const IndexSpec one = index_spec(nullptr, nullptr, static_cast<const ::Node*>(linitial(pair)));
              spec.columns.insert(spec.columns.end(), one.columns.begin(), one.columns.end());
              spec.name_columns.insert(spec.name_columns.end(), one.name_columns.begin(), one.name_columns.end());
            }
            spec.partial = con->where_clause != nullptr;
            for (std::string& ref : column_refs(con->where_clause)) spec.referenced.push_back(std::move(ref));
          } else if (column != nullptr) {
            spec.columns = spec.name_columns = spec.referenced = {column};
          } else {
            spec = index_spec(con->keys, con->including);
          }
          spec.unique = con->contype != CONSTR_EXCLUSION;
          spec.primary = primary;
          tc.columns = intern_all(spec.columns);
          const std::string ik = add_index(table_key, con->conname, spec,
                                           primary ? "pkey" : (con->contype == CONSTR_UNIQUE ? "key" : "excl"));
          Index& index = c.m_indexes.at(ik);
          tc.name = name_of(ik);
          index.backs_constraint = true;
          tc.index = ik;
        }
        if (primary) {
          for (const std::string& col : tc.columns) {
            if (Column* cc = r.column(col)) cc->not_null = true;
          }
        }
        break;
      }
      case CONSTR_CHECK: {
        tc.kind = ConstraintKind::check;
        tc.validated = in_create || !con->skip_validation;
        tc.columns = intern_all(column_refs(con->raw_expr));
        if (con->raw_expr != nullptr && IsA(con->raw_expr, NullTest)) {
          const auto* test = castNode(NullTest, con->raw_expr);
          if (test->nulltesttype == IS_NOT_NULL && test->arg != nullptr && IsA(test->arg, ColumnRef)) {
            const char* last = str(llast(castNode(ColumnRef, test->arg)->fields));
            // column_refs() gave that one column.
            tc.not_null_check = last != nullptr && tc.columns.size() == 1 && tc.columns.front() == last;
          }
        }
        tc.name = con->conname != nullptr
                      ? std::string(con->conname)
                      : choose_constraint_name(taken_on_table, table_name,
                                               tc.columns.size() == 1 ? tc.columns[0].str() : std::string(), "check");
        break;
      }
      case CONSTR_FOREIGN: {
        tc.kind = ConstraintKind::foreign_key;
        tc.validated = in_create || !con->skip_validation;
        tc.columns =
            column != nullptr ? std::vector<Interned>{Interned(column)} : intern_all(string_list(con->fk_attrs));
        ForeignKeyTarget& fk = tc.foreign_key.edit();
        fk.references = key(con->pktable);
        mark_referenced(fk.references, table_key);
        fk.referenced_columns = intern_all(string_list(con->pk_attrs));
        if (fk.referenced_columns.empty()) {
          // The referenced table's primary key.
          const Relation* target = fk.references == table_key ? &r : find(fk.references);
          if (target != nullptr) {
            for (const TableConstraint& other : target->constraints) {
              if (other.kind == ConstraintKind::primary_key) fk.referenced_columns = other.columns;
            }
          }
        }
        tc.name = con->conname != nullptr
                      ? std::string(con->conname)
                      : choose_constraint_name(taken_on_table, table_name, name_addition(texts_of(tc.columns)), "fkey");
        break;
      }
      default:
        return;
    }
    room_for_one_more(r.constraints);
    r.constraints.push_back(std::move(tc));
  }

  // --- columns -----------------------------------------------------------------------------
  // Builds a column from its definition; constraints other than NOT NULL, DEFAULT, identity and
  // generation are returned for the caller to add once the column is in the table.
  Column make_column(const ColumnDef* def, const std::string& table_key, std::vector<const Constraint*>& rest) {
    Column col;
    col.name = s(def->colname);
    col.created_in = c.m_migration;
    TypeRef serial;
    const bool serial_type = is_serial(def->typeName, serial);
    col.type = serial_type ? serial : type_ref(def->typeName);
    col.not_null = def->is_not_null;
    const auto set_default = [&](const ::Node* expr) {
      col.default_null = false;
      if (expr == nullptr || is_null_constant(expr)) {
        col.default_kind = DefaultKind::none;
        col.default_null = expr != nullptr;
        return;
      }
      const DefaultScan scan = scan_default(expr);
      col.default_kind = scan.kind;
    };
    if (def->raw_default != nullptr) set_default(def->raw_default);
    const ListCell* lc = nullptr;
    foreach (lc, def->constraints) {
      const auto* con = lfirst_node(Constraint, lc);
      switch (con->contype) {
        case CONSTR_NOTNULL:
          col.not_null = true;
          break;
        case CONSTR_NULL:
          col.not_null = false;
          break;
        case CONSTR_DEFAULT:
          set_default(con->raw_expr);
          break;
        case CONSTR_IDENTITY:
          col.identity = static_cast<char>(con->generated_when);
          col.not_null = true;
          break;
        case CONSTR_GENERATED:
          col.generated = 's';
          col.default_kind = scan_default(con->raw_expr).kind;
          break;
        case CONSTR_PRIMARY:
          col.not_null = true;
          rest.push_back(con);
          break;
        case CONSTR_CHECK:
        case CONSTR_UNIQUE:
        case CONSTR_FOREIGN:
        case CONSTR_EXCLUSION:
          rest.push_back(con);
          break;
        default:
          break;
      }
    }
    if (serial_type || col.identity != 0) {
      // The sequence behind serial and identity columns: <table>_<column>_seq, owned by the column.
      const std::string schema = schema_of(table_key);
      const std::string seq_name = choose_relation_name(schema, name_of(table_key), col.name, "seq");
      Relation& seq = create_relation(schema + '.' + seq_name, RelationKind::sequence);
      seq.edit_links().owned_by = table_key + '.' + col.name;
      mark_referenced(table_key, schema + '.' + seq_name);
      if (serial_type) {
        col.not_null = true;
        col.default_kind = DefaultKind::volatile_;
      }
    }
    return col;
  }

  void add_column(Relation& r, const std::string& table_key, const ColumnDef* def, bool in_create) {
    std::vector<const Constraint*> rest;
    if (r.column(s(def->colname)) != nullptr) {
      // Inherited column merged with a local definition: the local one wins its properties.
      Column merged = make_column(def, table_key, rest);
      Column* existing = r.column(merged.name);
      merged.not_null = merged.not_null || existing->not_null;
      *existing = std::move(merged);
    } else {
      room_for_one_more(r.columns);
      r.columns.push_back(make_column(def, table_key, rest));
    }
    for (const Constraint* con : rest) add_constraint(r, table_key, con, def->colname, in_create);
  }

  void drop_column(Relation& r, const std::string& table_key, const std::string& name, bool cascade) {
    const auto it = std::find_if(r.columns.begin(), r.columns.end(), [&](const Column& col) { return col.name == name; });
    if (it == r.columns.end()) return;
    r.columns.erase(it);
    for (std::size_t i = r.constraints.size(); i-- > 0;) {
      const auto& cols = r.constraints[i].columns;
      if (std::find(cols.begin(), cols.end(), name) != cols.end()) drop_constraint(r, i);
    }
    for (const std::string& ik : index_keys_of(table_key)) {
      if (c.m_indexes.at(ik).uses(name)) drop_index(ik);
    }
    for (const std::string& rk : referrer_keys(r)) {
      Relation* otherp = find(rk);
      if (otherp == nullptr) continue;
      Relation& other = *otherp;
      for (std::size_t i = other.constraints.size(); i-- > 0;) {
        const TableConstraint& con = other.constraints[i];
        if (con.kind == ConstraintKind::foreign_key && con.references() == table_key &&
            std::find(con.referenced_columns().begin(), con.referenced_columns().end(), name) !=
                con.referenced_columns().end()) {
          drop_constraint(other, i);
        }
      }
      // Views that read the column are dropped with CASCADE; which ones, only their text tells.
      if (cascade && std::find(other.links().depends_on.begin(), other.links().depends_on.end(), table_key) !=
                         other.links().depends_on.end()) {
        other.unknown = true;
      }
    }
    for (const std::string& rk : referrer_keys(r)) {
      const Relation* other = find(rk);
      if (other != nullptr && other->kind == RelationKind::sequence && other->links().owned_by == table_key + '.' + name) {
        drop_relation(rk);
        break;
      }
    }
  }

  void rename_column(Relation& r, const std::string& table_key, const std::string& from, const std::string& to) {
    Column* col = r.column(from);
    if (col == nullptr) {
      r.unknown = true;
      return;
    }
    col->name = to;
    const auto rename_in = [&](std::vector<Interned>& names) {
      for (Interned& n : names) {
        if (n == from) n = to;
      }
    };
    for (TableConstraint& con : r.constraints) {
      rename_in(con.columns);
    }
    for (const std::string& ik : r.index_keys) {
      Index& ix = c.m_indexes.at(ik);
      rename_in(ix.columns);
      rename_in(ix.also_uses);
    }
    for (const std::string& rk : referrer_keys(r)) {
      Relation* otherp = find(rk);
      if (otherp == nullptr) continue;
      Relation& other = *otherp;
      for (TableConstraint& con : other.constraints) {
        if (con.kind == ConstraintKind::foreign_key && con.references() == table_key) {
          rename_in(con.foreign_key.edit().referenced_columns);
        }
      }
      if (other.links().owned_by == table_key + '.' + from) other.edit_links().owned_by = table_key + '.' + to;
    }
  }

  // --- statements --------------------------------------------------------------------------
  void create_table(const CreateStmt* stmt);
  void create_table_as(const CreateTableAsStmt* stmt);
  void create_view(const ViewStmt* stmt);
  void create_index(const IndexStmt* stmt);
  void create_sequence(const CreateSeqStmt* stmt);
  void alter_sequence(const AlterSeqStmt* stmt);
  void alter_table(const AlterTableStmt* stmt);
  void alter_table_cmd(Relation& r, const std::string& table_key, const AlterTableCmd* cmd);
  void drop(const DropStmt* stmt);
  void rename(const RenameStmt* stmt);
  void set_schema(const AlterObjectSchemaStmt* stmt);
  void comment(const CommentStmt* stmt);
  void create_enum(const CreateEnumStmt* stmt);
  void alter_enum(const AlterEnumStmt* stmt);
  void create_domain(const CreateDomainStmt* stmt);
  void alter_domain(const AlterDomainStmt* stmt);
  void create_type(const List* names, UserTypeKind kind);
  void create_type(const char* schema, const char* name, UserTypeKind kind);
  void set_variable(const VariableSetStmt* stmt);
  void procedural(std::string_view body, bool is_function, const List* function_name);
  void like(Relation& r, const std::string& table_key, const TableLikeClause* clause);
  void inherit_from(Relation& r, const std::string& table_key, const std::string& parent_key, bool partition);
  void retype_columns(const std::string& from, const std::string& to);
};

void Replay::create_table(const CreateStmt* stmt) {
  const std::string k = creation_key(stmt->relation);
  if (stmt->if_not_exists && c.m_relations.contains(k)) return;
  // References into the map stay valid while other relations are added (sequences of serial columns).
  Relation& r = create_relation(k, stmt->partspec != nullptr ? RelationKind::partitioned_table : RelationKind::table);
  r.columns.reserve(static_cast<std::size_t>(list_length(stmt->tableElts)));
  if (stmt->ofTypename != nullptr) {
    const UserType* t = c.type(type_key(stmt->ofTypename->names));
    if (t == nullptr || t->kind != UserTypeKind::composite) r.unknown = true;
    // Composite type attributes are not tracked: the columns are unknown.
    r.unknown = true;
  }
  // Parents first: their columns come before the local ones.
  const ListCell* lc = nullptr;
  foreach (lc, stmt->inhRelations) {
    const std::string parent = key(lfirst_node(RangeVar, lc));
    r.edit_links().inherits.push_back(parent);
    inherit_from(r, k, parent, stmt->partbound != nullptr);
  }
  if (stmt->partbound != nullptr) {
    RelationLinks& self = r.edit_links();
    self.parent = self.inherits.empty() ? std::string() : self.inherits.front();
    self.inherits.clear();
    const PartitionBoundSpec* bound = stmt->partbound;
    self.partition_bound = bound->is_default                              ? "DEFAULT"
                           : bound->strategy == PARTITION_STRATEGY_LIST  ? "list"
                           : bound->strategy == PARTITION_STRATEGY_RANGE ? "range"
                                                                         : "hash";
  }
  std::vector<const Constraint*> table_constraints;
  foreach (lc, stmt->tableElts) {
    const ::Node* elt = static_cast<const ::Node*>(lfirst(lc));
    Relation& self = r;
    if (IsA(elt, ColumnDef)) {
      const auto* def = castNode(ColumnDef, const_cast<::Node*>(elt));
      std::vector<const Constraint*> rest;
      Column col = make_column(def, k, rest);
      if (Column* existing = self.column(col.name)) {
        // A partition or child restating an inherited column: constraints and defaults apply.
        existing->not_null = existing->not_null || col.not_null;
        if (col.has_default()) existing->default_kind = col.default_kind;
      } else {
        self.columns.push_back(std::move(col));
      }
      for (const Constraint* con : rest) {
        // Column constraints name their column: keep it with the constraint.
        table_constraints.push_back(con);
        m_column_of.emplace_back(con, def->colname);
      }
    } else if (IsA(elt, Constraint)) {
      table_constraints.push_back(castNode(Constraint, const_cast<::Node*>(elt)));
    } else if (IsA(elt, TableLikeClause)) {
      like(self, k, castNode(TableLikeClause, const_cast<::Node*>(elt)));
    }
  }
  // Postgres adds CHECK constraints with the table, then the primary key, the other indexes, and
  // the foreign keys: generated names depend on that order.
  for (int pass = 0; pass < 4; ++pass) {
    for (const Constraint* con : table_constraints) {
      const int phase = con->contype == CONSTR_CHECK     ? 0
                        : con->contype == CONSTR_PRIMARY ? 1
                        : con->contype == CONSTR_FOREIGN ? 3
                                                         : 2;
      if (phase != pass) continue;
      const auto col = std::find_if(m_column_of.begin(), m_column_of.end(), [&](const auto& p) { return p.first == con; });
      add_constraint(r, k, con, col != m_column_of.end() ? col->second : nullptr, true);
    }
  }
  m_column_of.clear();
}

void Replay::inherit_from(Relation& r, const std::string& table_key, const std::string& parent_key, bool partition) {
  mark_referenced(parent_key, table_key);
  Relation* parent = find(parent_key);
  if (parent == nullptr) {
    r.unknown = true;
    return;
  }
  parent->has_children = true;
  if (parent->unknown) r.unknown = true;
  const Relation parent_copy = *parent;  // `r` may live in the same map
  for (const Column& pc : parent_copy.columns) {
    if (r.column(pc.name) != nullptr) continue;
    Column col = pc;
    col.identity = partition ? pc.identity : 0;
    col.created_in = c.m_migration;
    r.columns.push_back(std::move(col));
  }
  for (const TableConstraint& con : parent_copy.constraints) {
    if (con.kind == ConstraintKind::check || (partition && con.kind == ConstraintKind::foreign_key)) {
      TableConstraint copy = con;
      copy.created_in = c.m_migration;
      r.constraints.push_back(std::move(copy));
    }
  }
  if (partition) {
    std::vector<Index> parent_indexes;
    for (const std::string& ik : index_keys_of(parent_key)) parent_indexes.push_back(c.m_indexes.at(ik));
    for (const Index& ix : parent_indexes) clone_index_to(table_key, ix);
  }
}

void Replay::like(Relation& r, const std::string& table_key, const TableLikeClause* clause) {
  const std::string source_key = key(clause->relation);
  const Relation* source = find(source_key);
  if (source == nullptr) {
    r.unknown = true;
    return;
  }
  const Relation src = *source;
  if (src.unknown) r.unknown = true;
  const bits32 opts = clause->options;
  for (const Column& sc : src.columns) {
    if (r.column(sc.name) != nullptr) continue;
    Column col;
    col.name = sc.name;
    col.type = sc.type;
    col.not_null = sc.not_null;
    col.created_in = c.m_migration;
    if ((opts & CREATE_TABLE_LIKE_DEFAULTS) != 0 && sc.generated == 0) {
      col.default_kind = sc.default_kind;
      col.default_null = sc.default_null;
    }
    if ((opts & CREATE_TABLE_LIKE_GENERATED) != 0 && sc.generated != 0) {
      col.generated = sc.generated;
      col.default_kind = sc.default_kind;
    }
    if ((opts & CREATE_TABLE_LIKE_IDENTITY) != 0 && sc.identity != 0) {
      col.identity = sc.identity;
      const std::string schema = schema_of(table_key);
      const std::string seq_name = choose_relation_name(schema, name_of(table_key), col.name, "seq");
      create_relation(schema + '.' + seq_name, RelationKind::sequence).edit_links().owned_by = table_key + '.' + col.name;
      mark_referenced(table_key, schema + '.' + seq_name);
    }
    c.m_relations.at(table_key).columns.push_back(std::move(col));
  }
  Relation& self = c.m_relations.at(table_key);
  if ((opts & CREATE_TABLE_LIKE_CONSTRAINTS) != 0) {
    for (const TableConstraint& con : src.constraints) {
      if (con.kind != ConstraintKind::check) continue;
      TableConstraint copy = con;
      copy.created_in = c.m_migration;
      self.constraints.push_back(std::move(copy));
    }
  }
  if ((opts & CREATE_TABLE_LIKE_INDEXES) != 0) {
    std::vector<std::pair<std::string, Index>> source_indexes;
    for (const std::string& ik : index_keys_of(source_key)) source_indexes.emplace_back(ik, c.m_indexes.at(ik));
    // Postgres clones them in index OID order; the hash map has none, so order by creation.
    std::stable_sort(source_indexes.begin(), source_indexes.end(),
                     [](const auto& a, const auto& b) { return a.second.created_in < b.second.created_in; });
    for (const auto& [source_index_key, ix] : source_indexes) {
      IndexSpec spec;
      spec.columns = texts_of(ix.columns);
      for (const std::string& col : ix.columns) spec.name_columns.push_back(col.empty() ? "expr" : col);
      spec.referenced = ix.all_uses();
      spec.unique = ix.unique;
      spec.primary = ix.primary;
      spec.partial = ix.partial;
      const TableConstraint* con = nullptr;
      if (ix.backs_constraint) {
        for (const TableConstraint& candidate : src.constraints) {
          if (candidate.index == source_index_key) con = &candidate;
        }
      }
      const std::string label = ix.primary ? "pkey" : con == nullptr ? "idx"
                                                    : con->kind == ConstraintKind::exclusion ? "excl"
                                                                                             : "key";
      const std::string nk = add_index(table_key, nullptr, spec, label);
      if (con != nullptr) {
        TableConstraint copy = *con;
        copy.name = name_of(nk);
        copy.index = nk;
        copy.created_in = c.m_migration;
        c.m_indexes.at(nk).backs_constraint = true;
        Relation& me = c.m_relations.at(table_key);
        if (copy.kind == ConstraintKind::primary_key) {
          for (const std::string& col : copy.columns) {
            if (Column* cc = me.column(col)) cc->not_null = true;
          }
        }
        me.constraints.push_back(std::move(copy));
      }
    }
  }
}

void Replay::create_table_as(const CreateTableAsStmt* stmt) {
  if (stmt->into == nullptr || stmt->into->rel == nullptr) return;
  const std::string k = creation_key(stmt->into->rel);
  if (stmt->if_not_exists && c.m_relations.contains(k)) return;
  const bool matview = stmt->objtype == OBJECT_MATVIEW;
  Relation& r = create_relation(k, matview ? RelationKind::materialized_view : RelationKind::table);
  // A table's columns come from the query's result, which the replay does not follow (views'
  // columns are not tracked at all).
  r.unknown = !matview;
  std::vector<const RangeVar*> read;
  range_vars_walker(stmt->query, &read);
  for (const RangeVar* rv : read) {
    c.m_relations.at(k).edit_links().depends_on.push_back(key(rv));
    mark_referenced(key(rv), k);
  }
}

void Replay::create_view(const ViewStmt* stmt) {
  const std::string k = creation_key(stmt->view);
  std::vector<const RangeVar*> read;
  range_vars_walker(stmt->query, &read);
  std::vector<std::string> deps;
  for (const RangeVar* rv : read) {
    deps.push_back(key(rv));
    mark_referenced(deps.back(), k);
  }
  Relation* existing = find(k);
  if (existing != nullptr && stmt->replace) {
    existing->edit_links().depends_on = std::move(deps);
    return;
  }
  Relation& r = create_relation(k, RelationKind::view);
  r.edit_links().depends_on = std::move(deps);
}

void Replay::create_index(const IndexStmt* stmt) {
  const std::string table_key = key(stmt->relation);
  IndexSpec spec = index_spec(stmt->indexParams, stmt->indexIncludingParams);
  for (std::string& ref : column_refs(stmt->whereClause)) spec.referenced.push_back(std::move(ref));
  spec.unique = stmt->unique;
  spec.primary = stmt->primary;
  spec.partial = stmt->whereClause != nullptr;
  const std::string label = stmt->primary ? "pkey" : stmt->isconstraint ? "key" : "idx";
  if (stmt->idxname != nullptr) {
    const std::string schema = schema_of(table_key);
    if (stmt->if_not_exists && class_name_taken(schema, stmt->idxname)) return;
  }
  add_index(table_key, stmt->idxname, spec, label, stmt->if_not_exists);
}

void Replay::create_sequence(const CreateSeqStmt* stmt) {
  const std::string k = creation_key(stmt->sequence);
  if (stmt->if_not_exists && c.m_relations.contains(k)) return;
  Relation& r = create_relation(k, RelationKind::sequence);
  const ListCell* lc = nullptr;
  foreach (lc, stmt->options) {
    const auto* opt = lfirst_node(DefElem, lc);
    if (std::strcmp(opt->defname, "owned_by") == 0 && opt->arg != nullptr && IsA(opt->arg, List)) {
      const auto* names = castNode(List, opt->arg);
      const int n = list_length(names);
      if (n >= 2) {
        const char* col = str(llast(names));
        const char* table = str(list_nth(names, n - 2));
        const char* schema = n >= 3 ? str(list_nth(names, n - 3)) : nullptr;
        r.edit_links().owned_by = c.resolve(schema, table) + '.' + s(col);
        mark_referenced(c.resolve(schema, table), k);
      }
    }
  }
}

void Replay::alter_sequence(const AlterSeqStmt* stmt) {
  Relation* r = find(stmt->sequence);
  if (r == nullptr) return;
  const ListCell* lc = nullptr;
  foreach (lc, stmt->options) {
    const auto* opt = lfirst_node(DefElem, lc);
    if (std::strcmp(opt->defname, "owned_by") == 0 && opt->arg != nullptr && IsA(opt->arg, List)) {
      const auto* names = castNode(List, opt->arg);
      const int n = list_length(names);
      if (n >= 2) {
        const char* col = str(llast(names));
        const char* table = str(list_nth(names, n - 2));
        const char* schema = n >= 3 ? str(list_nth(names, n - 3)) : nullptr;
        r->edit_links().owned_by = c.resolve(schema, table) + '.' + s(col);
        mark_referenced(c.resolve(schema, table), key(stmt->sequence));
      } else {
        if (RelationLinks* l = r->links_if_any()) l->owned_by.clear();  // OWNED BY NONE
      }
    }
  }
}

void Replay::alter_table(const AlterTableStmt* stmt) {
  const std::string k = key(stmt->relation);
  if (stmt->objtype == OBJECT_INDEX) return;  // SET TABLESPACE, ATTACH PARTITION, storage options
  Relation* r = find(k);
  if (r == nullptr) return;  // IF EXISTS on a missing table, or a table the replay never saw
  const ListCell* lc = nullptr;
  foreach (lc, stmt->cmds) {
    Relation* current = find(k);
    if (current == nullptr) return;
    alter_table_cmd(*current, k, lfirst_node(AlterTableCmd, lc));
  }
}

void Replay::alter_table_cmd(Relation& r, const std::string& table_key, const AlterTableCmd* cmd) {
  const std::string col_name = s(cmd->name);
  switch (cmd->subtype) {
    case AT_AddColumn:
    case AT_AddColumnRecurse: {
      if (cmd->def == nullptr || !IsA(cmd->def, ColumnDef)) break;
      const auto* def = castNode(ColumnDef, cmd->def);
      if (cmd->missing_ok && r.column(s(def->colname)) != nullptr) break;
      add_column(r, table_key, def, false);
      // Partitions and children get the column too.
      for (const std::string& ck : children_of(r)) {
        Relation* childp = find(ck);
        if (childp == nullptr) continue;
        Relation& child = *childp;
        if ((child.links().parent == table_key ||
             std::find(child.links().inherits.begin(), child.links().inherits.end(), table_key) !=
                 child.links().inherits.end()) &&
            child.column(s(def->colname)) == nullptr) {
          Column copy = *c.m_relations.at(table_key).column(s(def->colname));
          copy.identity = 0;
          child.columns.push_back(std::move(copy));
        }
      }
      break;
    }
    case AT_DropColumn:
    case AT_DropColumnRecurse:
      if (r.column(col_name) == nullptr) {
        if (!cmd->missing_ok) r.unknown = true;
        break;
      }
      drop_column(r, table_key, col_name, cmd->behavior == DROP_CASCADE);
      for (const std::string& ck : children_of(r)) {
        Relation* childp = find(ck);
        if (childp == nullptr) continue;
        Relation& child = *childp;
        if (child.links().parent == table_key && child.column(col_name) != nullptr) {
          drop_column(child, ck, col_name, cmd->behavior == DROP_CASCADE);
        }
      }
      break;
    case AT_ColumnDefault: {
      Column* col = r.column(col_name);
      if (col == nullptr) {
        r.unknown = true;
        break;
      }
      col->default_null = false;
      if (cmd->def == nullptr || is_null_constant(cmd->def)) {
        col->default_kind = DefaultKind::none;
        col->default_null = cmd->def != nullptr;
      } else {
        const DefaultScan scan = scan_default(cmd->def);
        col->default_kind = scan.kind;
      }
      break;
    }
    case AT_SetNotNull:
    case AT_DropNotNull: {
      const bool set = cmd->subtype == AT_SetNotNull;
      Column* col = r.column(col_name);
      if (col == nullptr) {
        r.unknown = true;
        break;
      }
      col->not_null = set;
      for (const std::string& ck : children_of(r)) {
        Relation* childp = find(ck);
        if (childp == nullptr) continue;
        Relation& child = *childp;
        if (child.links().parent == table_key) {
          if (Column* cc = child.column(col_name)) cc->not_null = set;
        }
      }
      break;
    }
    case AT_AlterColumnType: {
      Column* col = r.column(col_name);
      if (col == nullptr || cmd->def == nullptr || !IsA(cmd->def, ColumnDef)) {
        r.unknown = true;
        break;
      }
      const auto* def = castNode(ColumnDef, cmd->def);
      col->type = type_ref(def->typeName);
      for (const std::string& ck : children_of(r)) {
        Relation* childp = find(ck);
        if (childp == nullptr) continue;
        Relation& child = *childp;
        if (child.links().parent == table_key) {
          if (Column* cc = child.column(col_name)) cc->type = type_ref(def->typeName);
        }
      }
      break;
    }
    case AT_AddConstraint:
    case AT_AddConstraintRecurse:
    case AT_AddIndexConstraint:
      if (cmd->def != nullptr && IsA(cmd->def, Constraint)) {
        add_constraint(r, table_key, castNode(Constraint, cmd->def), nullptr, false);
        const auto* con = castNode(Constraint, cmd->def);
        if (con->contype == CONSTR_CHECK || con->contype == CONSTR_FOREIGN) {
          const TableConstraint added = c.m_relations.at(table_key).constraints.back();
          for (const std::string& ck : children_of(r)) {
        Relation* childp = find(ck);
        if (childp == nullptr) continue;
        Relation& child = *childp;
            if (child.links().parent == table_key) {
              child.constraints.push_back(added);
            }
          }
        }
      } else if (cmd->def != nullptr && IsA(cmd->def, IndexStmt)) {
        r.unknown = true;
      }
      break;
    case AT_ValidateConstraint:
    case AT_ValidateConstraintRecurse:
      for (TableConstraint& con : r.constraints) {
        if (con.name == col_name) con.validated = true;
      }
      for (const std::string& ck : children_of(r)) {
        Relation* childp = find(ck);
        if (childp == nullptr) continue;
        Relation& child = *childp;
        if (child.links().parent != table_key) continue;
        for (TableConstraint& con : child.constraints) {
          if (con.name == col_name) con.validated = true;
        }
      }
      break;
    case AT_DropConstraint:
    case AT_DropConstraintRecurse: {
      bool found = false;
      for (std::size_t i = r.constraints.size(); i-- > 0;) {
        if (r.constraints[i].name != col_name) continue;
        found = true;
        const TableConstraint dropped = r.constraints[i];
        drop_constraint(r, i);
        if (dropped.kind == ConstraintKind::primary_key || dropped.kind == ConstraintKind::unique) {
          // Foreign keys that depend on the dropped unique index go too (CASCADE; else an error).
          for (const std::string& ok : referrer_keys(r)) {
            Relation* otherp = find(ok);
            if (otherp == nullptr) continue;
            Relation& other = *otherp;
            for (std::size_t j = other.constraints.size(); j-- > 0;) {
              const TableConstraint& fk = other.constraints[j];
              if (fk.kind == ConstraintKind::foreign_key && fk.references() == table_key &&
                  std::is_permutation(fk.referenced_columns().begin(), fk.referenced_columns().end(),
                                      dropped.columns.begin(), dropped.columns.end())) {
                drop_constraint(other, j);
              }
            }
          }
        }
        break;
      }
      if (!found && !cmd->missing_ok) r.unknown = true;
      for (const std::string& ck : children_of(r)) {
        Relation* childp = find(ck);
        if (childp == nullptr) continue;
        Relation& child = *childp;
        if (child.links().parent != table_key) continue;
        for (std::size_t i = child.constraints.size(); i-- > 0;) {
          if (child.constraints[i].name == col_name && child.constraints[i].kind != ConstraintKind::primary_key &&
              child.constraints[i].kind != ConstraintKind::unique) {
            drop_constraint(child, i);
          }
        }
      }
      break;
    }
    case AT_AddIdentity:
    case AT_SetIdentity:
    case AT_DropIdentity: {
      Column* col = r.column(col_name);
      if (col == nullptr) {
        r.unknown = true;
        break;
      }
      if (cmd->subtype == AT_DropIdentity) {
        col->identity = 0;
        for (const std::string& sk : referrer_keys(r)) {
          const Relation* seqp = find(sk);
          if (seqp == nullptr) continue;
          const Relation& seq = *seqp;
          if (seq.kind == RelationKind::sequence && seq.links().owned_by == table_key + '.' + col_name) {
            drop_relation(sk);
            break;
          }
        }
      } else if (cmd->subtype == AT_AddIdentity && cmd->def != nullptr && IsA(cmd->def, Constraint)) {
        col->identity = static_cast<char>(castNode(Constraint, cmd->def)->generated_when);
        col->not_null = true;
        const std::string schema = schema_of(table_key);
        const std::string seq_name = choose_relation_name(schema, name_of(table_key), col_name, "seq");
        create_relation(schema + '.' + seq_name, RelationKind::sequence).edit_links().owned_by = table_key + '.' + col_name;
        mark_referenced(table_key, schema + '.' + seq_name);
      }
      break;
    }
    case AT_DropExpression:
      if (Column* col = r.column(col_name)) {
        col->generated = 0;
        col->default_kind = DefaultKind::none;
      }
      break;
    case AT_AttachPartition: {
      if (cmd->def == nullptr || !IsA(cmd->def, PartitionCmd)) break;
      const auto* part = castNode(PartitionCmd, cmd->def);
      const std::string pk = key(part->name);
      Relation* child = find(pk);
      if (child == nullptr) break;
      child->edit_links().parent = table_key;
      mark_referenced(table_key, pk);
      r.has_children = true;
      child->edit_links().partition_bound = part->bound != nullptr && part->bound->is_default ? "DEFAULT" : "FOR VALUES";
      std::vector<Index> parent_indexes;
      for (const std::string& ik : index_keys_of(table_key)) parent_indexes.push_back(c.m_indexes.at(ik));
      for (const Index& ix : parent_indexes) clone_index_to(pk, ix);
      break;
    }
    case AT_DetachPartition:
    case AT_DetachPartitionFinalize: {
      if (cmd->def == nullptr || !IsA(cmd->def, PartitionCmd)) break;
      if (Relation* child = find(castNode(PartitionCmd, cmd->def)->name)) {
        if (RelationLinks* l = child->links_if_any()) {
          l->parent.clear();
          l->partition_bound.clear();
        }
      }
      break;
    }
    case AT_AddInherit:
      if (cmd->def != nullptr && IsA(cmd->def, RangeVar)) {
        const std::string parent_key = key(castNode(RangeVar, cmd->def));
        r.edit_links().inherits.push_back(parent_key);
        mark_referenced(parent_key, table_key);
        if (Relation* parent = find(parent_key)) parent->has_children = true;
      }
      break;
    case AT_DropInherit:
      if (cmd->def != nullptr && IsA(cmd->def, RangeVar)) {
        if (RelationLinks* l = r.links_if_any()) std::erase(l->inherits, key(castNode(RangeVar, cmd->def)));
      }
      break;
    // Changes that leave what the catalog tracks as it is.
    case AT_SetStatistics:
    case AT_SetOptions:
    case AT_ResetOptions:
    case AT_SetStorage:
    case AT_SetCompression:
    case AT_ClusterOn:
    case AT_DropCluster:
    case AT_SetLogged:
    case AT_SetUnLogged:
    case AT_SetTableSpace:
    case AT_SetRelOptions:
    case AT_ResetRelOptions:
    case AT_ReplaceRelOptions:
    case AT_EnableTrig:
    case AT_EnableAlwaysTrig:
    case AT_EnableReplicaTrig:
    case AT_DisableTrig:
    case AT_EnableTrigAll:
    case AT_DisableTrigAll:
    case AT_EnableTrigUser:
    case AT_DisableTrigUser:
    case AT_EnableRule:
    case AT_EnableAlwaysRule:
    case AT_EnableReplicaRule:
    case AT_DisableRule:
    case AT_ChangeOwner:
    case AT_EnableRowSecurity:
    case AT_DisableRowSecurity:
    case AT_ForceRowSecurity:
    case AT_NoForceRowSecurity:
    case AT_GenericOptions:
    case AT_ReplicaIdentity:
    case AT_AlterConstraint:
    case AT_AlterColumnGenericOptions:
      break;
    default:
      r.unknown = true;
      break;
  }
}

void Replay::drop(const DropStmt* stmt) {
  const bool cascade = stmt->behavior == DROP_CASCADE;
  const ListCell* lc = nullptr;
  foreach (lc, stmt->objects) {
    switch (stmt->removeType) {
      case OBJECT_TABLE:
      case OBJECT_VIEW:
      case OBJECT_MATVIEW:
      case OBJECT_FOREIGN_TABLE:
      case OBJECT_SEQUENCE: {
        const auto [schema, name] = split_name(static_cast<const List*>(lfirst(lc)));
        drop_relation(c.resolve(schema, name));
        break;
      }
      case OBJECT_INDEX: {
        const auto [schema, name] = split_name(static_cast<const List*>(lfirst(lc)));
        drop_index(c.resolve(schema, name));
        break;
      }
      case OBJECT_TYPE:
      case OBJECT_DOMAIN: {
        const auto* tn = lfirst_node(TypeName, lc);
        const std::string k = type_key(tn->names);
        c.m_types.erase(k);
        if (cascade) {
          // Columns of the type are dropped with it.
          for (auto& [rk, r] : c.m_relations) {
            std::vector<std::string> doomed;
            for (const Column& col : r.columns) {
              if (col.type.name == k) doomed.push_back(col.name);
            }
            for (const std::string& d : doomed) drop_column(r, rk, d, true);
          }
        }
        break;
      }
      case OBJECT_SCHEMA: {
        const char* name = str(lfirst(lc));
        if (name == nullptr) break;
        const std::string prefix = std::string(name) + '.';
        std::vector<std::string> doomed;
        for (const auto& [rk, r] : c.m_relations) {
          if (rk.starts_with(prefix)) doomed.push_back(rk);
        }
        for (const std::string& d : doomed) drop_relation(d);
        c.m_types.erase_if([&](const auto& kv) { return kv.first.starts_with(prefix); });
        c.m_indexes.erase_if([&](const auto& kv) { return kv.first.starts_with(prefix); });
        c.m_schemas.erase(std::string(name));
        break;
      }
      case OBJECT_EXTENSION: {
        const char* name = str(lfirst(lc));
        if (name != nullptr) c.m_extensions.erase(std::string(name));
        if (cascade) c.mark_unknown("DROP EXTENSION ... CASCADE drops whatever used the extension's types");
        break;
      }
      case OBJECT_FUNCTION:
      case OBJECT_PROCEDURE:
        break;
      default:
        break;
    }
  }
}

void Replay::retype_columns(const std::string& from, const std::string& to) {
  for (auto& [rk, r] : c.m_relations) {
    for (Column& col : r.columns) {
      if (col.type.name == from) col.type.name = to;
    }
  }
  for (auto& [tk, t] : c.m_types) {
    if (t.base.name == from) t.base.name = to;
  }
}

void Replay::rename(const RenameStmt* stmt) {
  const std::string newname = s(stmt->newname);
  switch (stmt->renameType) {
    case OBJECT_TABLE:
    case OBJECT_VIEW:
    case OBJECT_MATVIEW:
    case OBJECT_FOREIGN_TABLE:
    case OBJECT_SEQUENCE:
    case OBJECT_INDEX: {
      if (stmt->relation == nullptr) break;
      const std::string from = key(stmt->relation);
      const std::string to = schema_of(from) + '.' + newname;
      // ALTER TABLE ... RENAME works on any relation, indexes included, and the other way round.
      if (c.m_relations.contains(from)) {
        rekey_relation(from, to);
      } else if (c.m_indexes.contains(from)) {
        rekey_index(from, to);
        const Index& ix = c.m_indexes.at(to);
        if (ix.backs_constraint) {
          // Renaming a constraint's index renames the constraint.
          if (Relation* r = find(ix.table)) {
            for (TableConstraint& con : r->constraints) {
              if (con.index == to) {
                con.name = newname;
              }
            }
          }
        }
      }
      break;
    }
    case OBJECT_COLUMN: {
      if (stmt->relation == nullptr) break;
      if (stmt->relationType == OBJECT_TYPE) break;  // composite type attribute
      const std::string k = key(stmt->relation);
      Relation* r = find(k);
      if (r == nullptr) break;
      const std::string from = s(stmt->subname);
      rename_column(*r, k, from, newname);
      for (const std::string& ck : referrer_keys(*r)) {
        Relation* childp = find(ck);
        if (childp == nullptr) continue;
        Relation& child = *childp;
        if (child.links().parent == k ||
            std::find(child.links().inherits.begin(), child.links().inherits.end(), k) != child.links().inherits.end()) {
          if (child.column(from) != nullptr) rename_column(child, ck, from, newname);
        }
      }
      break;
    }
    case OBJECT_TABCONSTRAINT: {
      if (stmt->relation == nullptr) break;
      const std::string k = key(stmt->relation);
      Relation* r = find(k);
      if (r == nullptr) break;
      bool found = false;
      for (TableConstraint& con : r->constraints) {
        if (con.name != s(stmt->subname)) continue;
        found = true;
        con.name = newname;
        if (!con.index.empty()) {
          const std::string to = schema_of(con.index) + '.' + newname;
          const std::string from = con.index;
          con.index = to;
          if (c.m_indexes.contains(from)) rekey_index(from, to);
        }
      }
      if (!found) r->unknown = true;
      break;
    }
    case OBJECT_TYPE:
    case OBJECT_DOMAIN: {
      const List* names = castNode(List, stmt->object);
      const std::string from = type_key(names);
      const std::string to = schema_of(from) + '.' + newname;
      auto node = c.m_types.extract(from);
      if (node.empty()) break;
      node.key() = to;
      node.mapped().name = newname;
      c.m_types.insert(std::move(node));
      retype_columns(from, to);
      break;
    }
    case OBJECT_SCHEMA: {
      const std::string from = s(stmt->subname) + '.';
      const std::string to = newname + '.';
      std::vector<std::string> keys;
      for (const auto& [rk, r] : c.m_relations) {
        if (rk.starts_with(from)) keys.push_back(rk);
      }
      for (const std::string& k : keys) rekey_relation(k, to + k.substr(from.size()));
      keys.clear();
      for (const auto& [ik, ix] : c.m_indexes) {
        if (ik.starts_with(from)) keys.push_back(ik);
      }
      for (const std::string& k : keys) rekey_index(k, to + k.substr(from.size()));
      keys.clear();
      for (const auto& [tk, t] : c.m_types) {
        if (tk.starts_with(from)) keys.push_back(tk);
      }
      for (const std::string& k : keys) {
        auto node = c.m_types.extract(k);
        node.key() = to + k.substr(from.size());
        node.mapped().schema = newname;
        const std::string nk = node.key();
        c.m_types.insert(std::move(node));
        retype_columns(k, nk);
      }
      c.m_schemas.erase(s(stmt->subname));
      c.m_schemas[newname] = true;
      break;
    }
    case OBJECT_DOMCONSTRAINT:
      break;
    default:
      break;
  }
}

void Replay::set_schema(const AlterObjectSchemaStmt* stmt) {
  const std::string newschema = s(stmt->newschema);
  switch (stmt->objectType) {
    case OBJECT_TABLE:
    case OBJECT_VIEW:
    case OBJECT_MATVIEW:
    case OBJECT_FOREIGN_TABLE:
    case OBJECT_SEQUENCE: {
      if (stmt->relation == nullptr) break;
      const std::string from = key(stmt->relation);
      if (!c.m_relations.contains(from)) break;
      const std::string to = newschema + '.' + name_of(from);
      rekey_relation(from, to);
      // Indexes and owned sequences move with the table.
      std::vector<std::string> moving = index_keys_of(to);
      for (const std::string& ik : moving) rekey_index(ik, newschema + '.' + name_of(ik));
      moving.clear();
      for (const std::string& rk : referrer_keys(*find(to))) {
        const Relation* r = find(rk);
        if (r != nullptr && r->kind == RelationKind::sequence && r->links().owned_by.starts_with(to + '.')) moving.push_back(rk);
      }
      for (const std::string& rk : moving) rekey_relation(rk, newschema + '.' + name_of(rk));
      break;
    }
    case OBJECT_TYPE:
    case OBJECT_DOMAIN: {
      const std::string from = type_key(castNode(List, stmt->object));
      auto node = c.m_types.extract(from);
      if (node.empty()) break;
      const std::string to = newschema + '.' + node.mapped().name;
      node.key() = to;
      node.mapped().schema = newschema;
      c.m_types.insert(std::move(node));
      retype_columns(from, to);
      break;
    }
    default:
      break;
  }
}

void Replay::comment(const CommentStmt* stmt) {
  const std::string text = s(stmt->comment);
  switch (stmt->objtype) {
    case OBJECT_TABLE:
    case OBJECT_VIEW:
    case OBJECT_MATVIEW:
    case OBJECT_SEQUENCE:
    case OBJECT_FOREIGN_TABLE: {
      const auto [schema, name] = split_name(castNode(List, stmt->object));
      if (Relation* r = find(c.resolve(schema, name))) r->edit_links().comment = text;
      break;
    }
    default:
      break;  // comments on columns and other objects are not kept
  }
}

void Replay::create_type(const List* names, UserTypeKind kind) {
  const auto [schema, name] = split_name(names);
  create_type(schema, name, kind);
}

void Replay::create_type(const char* schema, const char* name, UserTypeKind kind) {
  UserType t;
  const std::string k = creation_key(schema, name);
  t.schema = schema_of(k);
  t.name = s(name);
  t.kind = kind;
  t.created_in = c.m_migration;
  c.m_types.insert_or_assign(k, std::move(t));
}

void Replay::create_enum(const CreateEnumStmt* stmt) {
  create_type(stmt->typeName, UserTypeKind::enumeration);
  const auto [schema, name] = split_name(stmt->typeName);
  c.m_types.at(creation_key(schema, name)).values = string_list(stmt->vals);
}

void Replay::alter_enum(const AlterEnumStmt* stmt) {
  const auto it = c.m_types.find(type_key(stmt->typeName));
  if (it == c.m_types.end()) return;
  auto& values = it->second.values;
  if (stmt->oldVal != nullptr) {
    std::replace(values.begin(), values.end(), std::string(stmt->oldVal), s(stmt->newVal));
    return;
  }
  const std::string v = s(stmt->newVal);
  if (std::find(values.begin(), values.end(), v) != values.end()) return;
  if (stmt->newValNeighbor != nullptr) {
    auto at = std::find(values.begin(), values.end(), std::string(stmt->newValNeighbor));
    if (at != values.end()) {
      values.insert(stmt->newValIsAfter ? std::next(at) : at, v);
      return;
    }
  }
  values.push_back(v);
}

void Replay::create_domain(const CreateDomainStmt* stmt) {
  create_type(stmt->domainname, UserTypeKind::domain);
  const auto [schema, name] = split_name(stmt->domainname);
  UserType& t = c.m_types.at(creation_key(schema, name));
  t.base = type_ref(stmt->typeName);
  const ListCell* lc = nullptr;
  foreach (lc, stmt->constraints) {
    const auto* con = lfirst_node(Constraint, lc);
    if (con->contype == CONSTR_NOTNULL) t.not_null = true;
    if (con->contype == CONSTR_DEFAULT) t.has_default = true;
    if (con->contype == CONSTR_CHECK) {
      t.checks.push_back(con->conname != nullptr ? std::string(con->conname)
                                                 : choose_constraint_name(
                                                       [&](const std::string& n) {
                                                         return std::find(t.checks.begin(), t.checks.end(), n) !=
                                                                t.checks.end();
                                                       },
                                                       t.name, "", "check"));
    }
  }
}

void Replay::alter_domain(const AlterDomainStmt* stmt) {
  const auto it = c.m_types.find(type_key(stmt->typeName));
  if (it == c.m_types.end()) return;
  UserType& t = it->second;
  switch (stmt->subtype) {
    case 'T':
      t.has_default = stmt->def != nullptr;
      break;
    case 'N':
      t.not_null = false;
      break;
    case 'O':
      t.not_null = true;
      break;
    case 'C':
      if (stmt->def != nullptr && IsA(stmt->def, Constraint)) {
        const auto* con = castNode(Constraint, stmt->def);
        t.checks.push_back(con->conname != nullptr ? std::string(con->conname)
                                                   : choose_constraint_name(
                                                       [&](const std::string& n) {
                                                         return std::find(t.checks.begin(), t.checks.end(), n) !=
                                                                t.checks.end();
                                                       },
                                                       t.name, "", "check"));
      }
      break;
    case 'X':
      if (stmt->name != nullptr) {
        std::erase(t.checks, std::string(stmt->name));
      }
      break;
    default:
      break;
  }
}

void Replay::set_variable(const VariableSetStmt* stmt) {
  if (stmt->name == nullptr || std::strcmp(stmt->name, "search_path") != 0) return;
  if (stmt->kind == VAR_RESET || stmt->kind == VAR_SET_DEFAULT || stmt->kind == VAR_RESET_ALL) {
    c.m_search_path = {"public"};
    return;
  }
  if (stmt->kind != VAR_SET_VALUE) {
    c.mark_unknown("SET search_path to a value the replay cannot read");
    return;
  }
  std::vector<std::string> path;
  const ListCell* lc = nullptr;
  foreach (lc, stmt->args) {
    const char* v = string_const(static_cast<const ::Node*>(lfirst(lc)));
    if (v == nullptr) continue;
    // A single string may hold a list: SET search_path = 'a, b'.
    std::string text = v;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      std::string part = text.substr(start, end - start);
      std::erase_if(part, [](char ch) { return std::isspace(static_cast<unsigned char>(ch)) != 0 || ch == '"'; });
      if (!part.empty() && part != "$user" && part != "pg_catalog") path.push_back(part);
      start = end + 1;
    }
  }
  c.m_search_path = path.empty() ? std::vector<std::string>{"public"} : path;
}

void Replay::procedural(std::string_view body, bool is_function, const List* function_name) {
  const std::string code = lower(body);
  if (!has_tracked_ddl(code)) return;
  if (is_function) {
    const auto [schema, name] = split_name(function_name);
    if (name != nullptr) {
      c.m_ddl_functions[schema != nullptr ? relation_key(schema, name) : "*." + std::string(name)] = true;
    }
    return;
  }
  if (mentions_word(code, "execute")) {
    c.mark_unknown("a DO block runs dynamic DDL (EXECUTE)");
    return;
  }
  // DDL written out in the block: every relation it names may have changed.
  for (auto& [rk, r] : c.m_relations) {
    if (mentions_word(code, lower(name_of(rk)))) r.unknown = true;
  }
}

void Replay::apply(const ::Node* node) {
  if (node == nullptr) return;
  switch (nodeTag(node)) {
    case T_CreateStmt:
      create_table(castNode(CreateStmt, const_cast<::Node*>(node)));
      break;
    case T_CreateTableAsStmt:
      create_table_as(castNode(CreateTableAsStmt, const_cast<::Node*>(node)));
      break;
    case T_ViewStmt:
      create_view(castNode(ViewStmt, const_cast<::Node*>(node)));
      break;
    case T_IndexStmt:
      create_index(castNode(IndexStmt, const_cast<::Node*>(node)));
      break;
    case T_CreateSeqStmt:
      create_sequence(castNode(CreateSeqStmt, const_cast<::Node*>(node)));
      break;
    case T_AlterSeqStmt:
      alter_sequence(castNode(AlterSeqStmt, const_cast<::Node*>(node)));
      break;
    case T_AlterTableStmt:
      alter_table(castNode(AlterTableStmt, const_cast<::Node*>(node)));
      break;
    case T_DropStmt:
      drop(castNode(DropStmt, const_cast<::Node*>(node)));
      break;
    case T_RenameStmt:
      rename(castNode(RenameStmt, const_cast<::Node*>(node)));
      break;
    case T_AlterObjectSchemaStmt:
      set_schema(castNode(AlterObjectSchemaStmt, const_cast<::Node*>(node)));
      break;
    case T_CommentStmt:
      comment(castNode(CommentStmt, const_cast<::Node*>(node)));
      break;
    case T_CreateEnumStmt:
      create_enum(castNode(CreateEnumStmt, const_cast<::Node*>(node)));
      break;
    case T_AlterEnumStmt:
      alter_enum(castNode(AlterEnumStmt, const_cast<::Node*>(node)));
      break;
    case T_CompositeTypeStmt: {
      const RangeVar* rv = castNode(CompositeTypeStmt, const_cast<::Node*>(node))->typevar;
      if (rv != nullptr) create_type(rv->schemaname, rv->relname, UserTypeKind::composite);
      break;
    }
    case T_CreateRangeStmt:
      create_type(castNode(CreateRangeStmt, const_cast<::Node*>(node))->typeName, UserTypeKind::range);
      break;
    case T_DefineStmt: {
      const auto* def = castNode(DefineStmt, const_cast<::Node*>(node));
      if (def->kind == OBJECT_TYPE) create_type(def->defnames, UserTypeKind::other);
      break;
    }
    case T_CreateDomainStmt:
      create_domain(castNode(CreateDomainStmt, const_cast<::Node*>(node)));
      break;
    case T_AlterDomainStmt:
      alter_domain(castNode(AlterDomainStmt, const_cast<::Node*>(node)));
      break;
    case T_CreateSchemaStmt: {
      const auto* stmt = castNode(CreateSchemaStmt, const_cast<::Node*>(node));
      if (stmt->schemaname != nullptr) c.m_schemas[stmt->schemaname] = true;
      const ListCell* lc = nullptr;
      foreach (lc, stmt->schemaElts) apply(static_cast<const ::Node*>(lfirst(lc)));
      break;
    }
    case T_CreateExtensionStmt: {
      const auto* stmt = castNode(CreateExtensionStmt, const_cast<::Node*>(node));
      if (stmt->extname != nullptr) c.m_extensions[stmt->extname] = true;
      break;
    }
    case T_VariableSetStmt:
      set_variable(castNode(VariableSetStmt, const_cast<::Node*>(node)));
      break;
    case T_DoStmt: {
      const auto* stmt = castNode(DoStmt, const_cast<::Node*>(node));
      const ListCell* lc = nullptr;
      foreach (lc, stmt->args) {
        const auto* arg = lfirst_node(DefElem, lc);
        if (std::strcmp(arg->defname, "as") == 0) procedural(s(str(arg->arg)), false, nullptr);
      }
      break;
    }
    case T_CreateFunctionStmt: {
      const auto* stmt = castNode(CreateFunctionStmt, const_cast<::Node*>(node));
      const ListCell* lc = nullptr;
      foreach (lc, stmt->options) {
        const auto* opt = lfirst_node(DefElem, lc);
        if (std::strcmp(opt->defname, "as") == 0 && opt->arg != nullptr && IsA(opt->arg, List)) {
          const ListCell* part = nullptr;
          foreach (part, castNode(List, opt->arg)) procedural(s(str(lfirst(part))), true, stmt->funcname);
        }
      }
      break;
    }
    case T_SelectStmt:
    case T_CallStmt: {
      if (c.m_ddl_functions.empty()) break;
      CallScan scan{&c.m_ddl_functions};
      calls_walker(const_cast<::Node*>(node), &scan);
      if (scan.found) c.mark_unknown("a function that runs DDL was called");
      break;
    }
    case T_ImportForeignSchemaStmt:
    case T_DropOwnedStmt:
      c.mark_unknown("IMPORT FOREIGN SCHEMA and DROP OWNED change objects the replay cannot list");
      break;
    default:
      break;
  }
}

TypeRef Catalog::normalize_type(const TypeName* type) const {
  // Replay only reads the catalog here.
  return Replay(const_cast<Catalog&>(*this)).normalize(type);
}

void Catalog::apply(const Statement& statement) {
  Replay(*this).apply(statement.node);
}

}  // namespace sqlmigrate::compiler
