#include "compiler/pg/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "compiler/pg/nodes.hpp"

namespace sqlmigrate::compiler {

// ---------------------------------------------------------------------------------------------
// Parse memory. libpg_query keeps one memory-context tree per thread; a context must be deleted
// on the thread that created it. A Script destroyed on another thread hands its context back to
// the parsing thread's graveyard, which that thread empties before its next parse.
namespace pg {
namespace {

struct Graveyard {
  std::mutex mutex;
  std::vector<MemoryContext> contexts;
  bool closed = false;  // the thread has ended: its contexts are gone with it
};

struct ThreadGraveyard {
  std::shared_ptr<Graveyard> graveyard = std::make_shared<Graveyard>();
  ~ThreadGraveyard() {
    release();
    std::lock_guard lock(graveyard->mutex);
    graveyard->closed = true;
  }
  void release() {
    std::vector<MemoryContext> dead;
    {
      std::lock_guard lock(graveyard->mutex);
      dead.swap(graveyard->contexts);
    }
    for (MemoryContext ctx : dead) pg_query_exit_memory_context(ctx);
  }
};

ThreadGraveyard& thread_graveyard() {
  thread_local ThreadGraveyard graveyard;
  return graveyard;
}

}  // namespace

class MemoryOwner {
 public:
  MemoryOwner() : m_ctx(pg_query_enter_memory_context()), m_graveyard(thread_graveyard().graveyard),
                  m_thread(std::this_thread::get_id()) {}
  MemoryOwner(const MemoryOwner&) = delete;
  MemoryOwner& operator=(const MemoryOwner&) = delete;
  ~MemoryOwner() {
    if (std::this_thread::get_id() == m_thread) {
      pg_query_exit_memory_context(m_ctx);
      return;
    }
    std::lock_guard lock(m_graveyard->mutex);
    if (!m_graveyard->closed) m_graveyard->contexts.push_back(m_ctx);
  }

 private:
  MemoryContext m_ctx;
  std::shared_ptr<Graveyard> m_graveyard;
  std::thread::id m_thread;
};

}  // namespace pg

void release_thread_parse_memory() { pg::thread_graveyard().release(); }

void end_parsing_thread() {
  // The thread's top memory context itself is freed by libpg_query when the thread exits
  // (calling pg_query_exit() here as well would free it twice).
  pg::thread_graveyard().release();
}

// ---------------------------------------------------------------------------------------------
namespace {

// Reads protobuf varints from libpg_query's scan output (ScanResult / ScanToken messages).
class ProtoReader {
 public:
  ProtoReader(const unsigned char* data, std::size_t size) : m_p(data), m_end(data + size) {}
  bool done() const { return m_p >= m_end; }
  bool varint(std::uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64 && m_p < m_end; shift += 7) {
      const unsigned char byte = *m_p++;
      out |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  // Reads a field key; returns false at the end or on malformed input.
  bool key(std::uint32_t& field, std::uint32_t& wire) {
    std::uint64_t k = 0;
    if (done() || !varint(k)) return false;
    field = static_cast<std::uint32_t>(k >> 3);
    wire = static_cast<std::uint32_t>(k & 7);
    return true;
  }
  bool bytes(ProtoReader& sub) {
    std::uint64_t len = 0;
    if (!varint(len) || len > static_cast<std::uint64_t>(m_end - m_p)) return false;
    sub = ProtoReader(m_p, static_cast<std::size_t>(len));
    m_p += len;
    return true;
  }
  bool skip(std::uint32_t wire) {
    std::uint64_t v = 0;
    ProtoReader sub(nullptr, 0);
    switch (wire) {
      case 0: return varint(v);
      case 1: return advance(8);
      case 2: return bytes(sub);
      case 5: return advance(4);
      default: return false;
    }
  }

 private:
  bool advance(std::size_t n) {
    if (static_cast<std::size_t>(m_end - m_p) < n) return false;
    m_p += n;
    return true;
  }
  const unsigned char* m_p;
  const unsigned char* m_end;
};

constexpr std::uint64_t k_token_sql_comment = 275;  // pg_query.proto: Token.SQL_COMMENT
constexpr std::uint64_t k_token_c_comment = 276;    // pg_query.proto: Token.C_COMMENT

// The comments that mention "sqlmigrate:", found with Postgres's own scanner.
// `text` is what is scanned; `file_text` (same offsets) is what the comments point into.
std::vector<Comment> scan_directive_comments(const std::string& text, const std::string& file_text) {
  std::vector<Comment> comments;
  PgQueryScanResult result = pg_query_scan(text.c_str());
  if (result.error == nullptr) {
    ProtoReader top(reinterpret_cast<const unsigned char*>(result.pbuf.data), result.pbuf.len);
    std::uint32_t field = 0;
    std::uint32_t wire = 0;
    while (top.key(field, wire)) {
      if (field == 2 && wire == 2) {
        ProtoReader tok(nullptr, 0);
        if (!top.bytes(tok)) break;
        std::uint64_t start = 0;
        std::uint64_t end = 0;
        std::uint64_t token = 0;
        std::uint32_t f = 0;
        std::uint32_t w = 0;
        bool good = true;
        while (good && tok.key(f, w)) {
          if (w == 0 && (f == 1 || f == 2 || f == 4)) {
            std::uint64_t v = 0;
            good = tok.varint(v);
            (f == 1 ? start : f == 2 ? end : token) = v;
          } else {
            good = tok.skip(w);
          }
        }
        if (!good) break;
        if ((token == k_token_sql_comment || token == k_token_c_comment) && start < end && end <= text.size()) {
          std::string_view body(file_text.data() + start, end - start);
          if (body.find("sqlmigrate:") != std::string_view::npos) {
            comments.push_back(Comment{Span{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)}, body});
          }
        }
      } else if (!top.skip(wire)) {
        break;
      }
    }
  }
  pg_query_free_scan_result(result);
  return comments;
}

bool has_defelem(const List* options, const char* name) {
  const ListCell* lc = nullptr;
  foreach (lc, options) {
    const auto* node = static_cast<const ::Node*>(lfirst(lc));
    if (IsA(node, DefElem) && std::string_view(castNode(DefElem, const_cast<::Node*>(node))->defname) == name) {
      return true;
    }
  }
  return false;
}

// Whether Postgres refuses to run the statement inside a transaction block, and as what.
std::string_view autocommit_only(const ::Node* node) {
  switch (nodeTag(node)) {
    case T_IndexStmt:
      return castNode(IndexStmt, const_cast<::Node*>(node))->concurrent ? "CREATE INDEX CONCURRENTLY" : "";
    case T_DropStmt: {
      const auto* stmt = castNode(DropStmt, const_cast<::Node*>(node));
      return stmt->concurrent ? "DROP INDEX CONCURRENTLY" : "";
    }
    case T_ReindexStmt: {
      const auto* stmt = castNode(ReindexStmt, const_cast<::Node*>(node));
      if (has_defelem(stmt->params, "concurrently")) return "REINDEX CONCURRENTLY";
      if (stmt->kind == REINDEX_OBJECT_SYSTEM) return "REINDEX SYSTEM";
      if (stmt->kind == REINDEX_OBJECT_DATABASE) return "REINDEX DATABASE";
      if (stmt->kind == REINDEX_OBJECT_SCHEMA) return "REINDEX SCHEMA";
      return "";
    }
    case T_AlterTableStmt: {
      const auto* stmt = castNode(AlterTableStmt, const_cast<::Node*>(node));
      const ListCell* lc = nullptr;
      foreach (lc, stmt->cmds) {
        const auto* cmd = lfirst_node(AlterTableCmd, lc);
        if (cmd->subtype == AT_DetachPartition && cmd->def != nullptr && IsA(cmd->def, PartitionCmd) &&
            castNode(PartitionCmd, cmd->def)->concurrent) {
          return "DETACH PARTITION CONCURRENTLY";
        }
      }
      return "";
    }
    case T_VacuumStmt:
      return castNode(VacuumStmt, const_cast<::Node*>(node))->is_vacuumcmd ? "VACUUM" : "";
    case T_CreatedbStmt: return "CREATE DATABASE";
    case T_DiscardStmt:
      return castNode(DiscardStmt, const_cast<::Node*>(node))->target == DISCARD_ALL ? "DISCARD ALL" : "";
    case T_AlterDatabaseStmt:
      return has_defelem(castNode(AlterDatabaseStmt, const_cast<::Node*>(node))->options, "tablespace")
                 ? "ALTER DATABASE ... SET TABLESPACE"
                 : "";
    case T_TransactionStmt: {
      const auto kind = castNode(TransactionStmt, const_cast<::Node*>(node))->kind;
      if (kind == TRANS_STMT_COMMIT_PREPARED) return "COMMIT PREPARED";
      if (kind == TRANS_STMT_ROLLBACK_PREPARED) return "ROLLBACK PREPARED";
      return "";
    }
    case T_DropdbStmt: return "DROP DATABASE";
    case T_AlterSystemStmt: return "ALTER SYSTEM";
    case T_CreateTableSpaceStmt: return "CREATE TABLESPACE";
    case T_DropTableSpaceStmt: return "DROP TABLESPACE";
    case T_ClusterStmt:
      return castNode(ClusterStmt, const_cast<::Node*>(node))->relation == nullptr ? "CLUSTER (all tables)" : "";
    case T_CreateSubscriptionStmt: {
      // create_slot defaults to true, which cannot run in a transaction block.
      const auto* stmt = castNode(CreateSubscriptionStmt, const_cast<::Node*>(node));
      const ListCell* lc = nullptr;
      foreach (lc, stmt->options) {
        const auto* opt = lfirst_node(DefElem, lc);
        if (std::string_view(opt->defname) == "create_slot" && opt->arg != nullptr) {
          const char* value = IsA(opt->arg, String) ? strVal(opt->arg) : nullptr;
          if (value != nullptr && (std::string_view(value) == "false" || std::string_view(value) == "off")) return "";
          if (IsA(opt->arg, Boolean) && !boolVal(opt->arg)) return "";
        }
      }
      return "CREATE SUBSCRIPTION";
    }
    default:
      return "";
  }
}

TxControl tx_control(const ::Node* node) {
  if (!IsA(node, TransactionStmt)) return TxControl::none;
  switch (castNode(TransactionStmt, const_cast<::Node*>(node))->kind) {
    case TRANS_STMT_BEGIN:
    case TRANS_STMT_START: return TxControl::begin;
    case TRANS_STMT_COMMIT: return TxControl::commit;
    case TRANS_STMT_ROLLBACK: return TxControl::rollback;
    default: return TxControl::other;
  }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::uint32_t skip_trivia(std::string_view text, std::uint32_t pos) {
  const auto n = static_cast<std::uint32_t>(text.size());
  while (pos < n) {
    const char c = text[pos];
    if (is_space(c)) {
      ++pos;
    } else if (c == '-' && pos + 1 < n && text[pos + 1] == '-') {
      while (pos < n && text[pos] != '\n') ++pos;
    } else if (c == '/' && pos + 1 < n && text[pos + 1] == '*') {
      int depth = 1;
      pos += 2;
      while (pos < n && depth > 0) {
        if (text[pos] == '/' && pos + 1 < n && text[pos + 1] == '*') {
          ++depth;
          pos += 2;
        } else if (text[pos] == '*' && pos + 1 < n && text[pos + 1] == '/') {
          --depth;
          pos += 2;
        } else {
          ++pos;
        }
      }
    } else if (pos == 0 && text.starts_with("\xEF\xBB\xBF")) {
      pos += 3;
    } else {
      break;
    }
  }
  return pos;
}

Span Statement::span_at(int location, std::uint32_t length) const {
  if (location < 0) return Span{span.begin, std::min(span.end, span.begin + length)};
  const std::uint32_t begin = location_base + static_cast<std::uint32_t>(location);
  return Span{begin, begin + length};
}

Script::Script(const SourceFile& source) : m_source(&source) {}
Script::Script(Script&&) noexcept = default;
Script& Script::operator=(Script&&) noexcept = default;
Script::~Script() = default;

namespace {

struct Chunk {
  std::uint32_t begin;
  std::uint32_t end;
};

// Appends the statements of a successful raw parse of text[base, base + parsed.size()).
void add_statements(std::vector<Statement>& out, const List* tree, std::string_view file_text, std::uint32_t base,
                    std::uint32_t chunk_end) {
  const ListCell* lc = nullptr;
  foreach (lc, tree) {
    const auto* raw = lfirst_node(RawStmt, lc);
    Statement stmt;
    stmt.node = raw->stmt;
    stmt.location_base = base;
    const std::uint32_t loc = base + static_cast<std::uint32_t>(std::max(raw->stmt_location, 0));
    std::uint32_t end = raw->stmt_len == 0 ? chunk_end : loc + static_cast<std::uint32_t>(raw->stmt_len);
    end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(file_text.size()));
    const std::uint32_t begin = std::min(skip_trivia(file_text, loc), end);
    while (end > begin && (is_space(file_text[end - 1]) || file_text[end - 1] == ';')) --end;
    stmt.span = Span{begin, end};
    stmt.index = static_cast<std::uint32_t>(out.size());
    stmt.tx_control = tx_control(stmt.node);
    stmt.and_chain = (stmt.tx_control == TxControl::commit || stmt.tx_control == TxControl::rollback) &&
                     castNode(TransactionStmt, const_cast<::Node*>(stmt.node))->chain;
    stmt.autocommit_only = autocommit_only(stmt.node);
    out.push_back(stmt);
  }
}

// The most common syntax error in a migration: a statement that does not end with `;`, so the next
// statement's first word continues it. When the error is at a line's first word, a word that starts
// statements, and the line of code above ends without `;`, say so.
std::optional<std::string> missing_semicolon_note(const SourceFile& source, std::uint32_t at, std::uint32_t end) {
  static constexpr std::array<std::string_view, 26> k_starts = {
      "ALTER",  "ANALYZE", "BEGIN",  "CALL",  "CLUSTER",  "COMMENT", "COMMIT", "COPY",    "CREATE",
      "DELETE", "DO",      "DROP",   "GRANT", "INSERT",   "LOCK",    "MERGE",  "REFRESH", "REINDEX",
      "RESET",  "REVOKE",  "SELECT", "SET",   "TRUNCATE", "UPDATE",  "VACUUM", "WITH"};
  const std::string& text = source.text();
  std::string word(text.substr(at, end - at));
  for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (std::find(k_starts.begin(), k_starts.end(), word) == k_starts.end()) return std::nullopt;
  // Only blanks before it on its line.
  std::uint32_t i = at;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  if (i > 0 && text[i - 1] != '\n') return std::nullopt;
  // The nearest line above that holds something other than blanks and a `--` comment.
  while (i > 0) {
    const std::uint32_t line_end = i - 1;  // the '\n' ending the line above
    std::uint32_t line_begin = line_end;
    while (line_begin > 0 && text[line_begin - 1] != '\n') --line_begin;
    std::string_view line(text.data() + line_begin, line_end - line_begin);
    if (const auto dash = line.find("--");
        dash != std::string_view::npos && line.find('\'') == std::string_view::npos) {
      line = line.substr(0, dash);
    }
    while (!line.empty() && (is_space(line.back()))) line.remove_suffix(1);
    if (!line.empty()) {
      if (line.back() == ';' || line.back() == ',' || line.back() == '(') return std::nullopt;
      return fmt::format(
          "the code above it ends on line {} without a `;`: if a statement ends there, the `;` is missing",
          source.line_col(line_begin).line);
    }
    i = line_begin;
  }
  return std::nullopt;
}

// Syntax that PostgreSQL added after the grammar sqlmigrate parses with (libpg_query 15) is a syntax
// error here: name the feature, so that the error is not taken for a typo. Recognised by the word
// at the error and the words just before it.
struct NewerSyntax {
  std::string note;
  std::string help;
};
std::optional<NewerSyntax> newer_syntax(const SourceFile& source, std::uint32_t at) {
  struct Newer {
    std::string_view word;     // at the error
    std::string_view before;   // the word before it ("" when any)
    std::string_view before2;  // the word before that ("" when any)
    std::string_view feature;
    int version;
    std::string_view instead;  // the same in older syntax, when there is one
  };
  static constexpr std::array<Newer, 5> k_newer = {{
      {"NOT", "", "CONSTRAINT", "a named NOT NULL constraint (`CONSTRAINT name NOT NULL column`)", 18,
       "use `ALTER TABLE ... ALTER COLUMN column SET NOT NULL`, or NOT NULL in the column's definition"},
      {"ENFORCED", "NOT", "", "a `NOT ENFORCED` constraint", 18, ""},
      {"VIRTUAL", "", "", "a virtual generated column", 18, "use a STORED generated column (PostgreSQL 12 and later)"},
      {"OVERLAPS", "WITHOUT", "", "a `WITHOUT OVERLAPS` key", 18,
       "use an exclusion constraint (`EXCLUDE USING gist (... WITH =, period WITH &&)`, with btree_gist)"},
      {"EXPRESSION", "SET", "", "`ALTER COLUMN ... SET EXPRESSION`", 17,
       "drop the generated column and add it again with the new expression"},
  }};
  const std::string& text = source.text();
  const auto upper = [](std::string_view w) {
    std::string out(w);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  };
  // The word ending just before `pos` (blanks skipped), and where it starts.
  const auto word_before = [&](std::uint32_t pos, std::uint32_t& start) {
    std::uint32_t e = pos;
    while (e > 0 && is_space(text[e - 1])) --e;
    std::uint32_t b = e;
    while (b > 0 &&
           (std::isalnum(static_cast<unsigned char>(text[b - 1])) != 0 || text[b - 1] == '_' || text[b - 1] == '"')) {
      --b;
    }
    start = b;
    return upper(std::string_view(text).substr(b, e - b));
  };
  std::uint32_t word_end = at;
  while (word_end < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[word_end])) != 0 || text[word_end] == '_')) {
    ++word_end;
  }
  const std::string word = upper(std::string_view(text).substr(at, word_end - at));
  std::uint32_t start1 = 0;
  std::uint32_t start2 = 0;
  const std::string before = word_before(at, start1);
  const std::string before2 = word_before(start1, start2);
  for (const Newer& n : k_newer) {
    if (word != n.word) continue;
    if (!n.before.empty() && before != n.before) continue;
    if (!n.before2.empty() && before2 != n.before2) continue;
    NewerSyntax out;
    out.note = fmt::format("{} is PostgreSQL {} syntax, and sqlmigrate reads SQL with the PostgreSQL {} grammar",
                           n.feature, n.version, PG_MAJORVERSION);
    out.help = n.instead.empty()
                   ? std::string(
                         "sqlmigrate can neither check nor run this statement; write it in syntax that "
                         "PostgreSQL " PG_MAJORVERSION " accepts, if the change allows")
                   : fmt::format(
                         "sqlmigrate can neither check nor run it as written; in syntax that PostgreSQL {} "
                         "reads too: {}",
                         PG_MAJORVERSION, n.instead);
    return out;
  }
  return std::nullopt;
}

Diagnostic syntax_error(const SourceFile& source, const PgQueryError& error, std::string_view parsed,
                        std::uint32_t base) {
  std::uint32_t at = base;
  if (error.cursorpos > 0) {
    at = base + byte_offset_of_code_point(parsed, static_cast<std::uint32_t>(error.cursorpos - 1));
  } else {
    at = skip_trivia(source.text(), base);
  }
  at = std::min<std::uint32_t>(at, static_cast<std::uint32_t>(source.text().size()));
  // Underline the token at the error position.
  std::uint32_t end = at;
  const std::string& text = source.text();
  while (end < text.size() && !is_space(text[end]) && text[end] != ';' && end - at < 64) ++end;
  if (end == at && at < text.size()) ++end;
  Diagnostic d = input_error("syntax-error", source.path(), Span{at, end},
                             error.message != nullptr ? error.message : "syntax error",
                             "fix the SQL at this position (it is parsed by PostgreSQL's own parser); the rest of the "
                             "file was still checked");
  if (auto note = missing_semicolon_note(source, at, end)) d.notes.push_back(std::move(*note));
  if (d.message.starts_with("memory exhausted")) {
    // Bison's own message when its stack of open constructs is full: not a typo.
    d.notes.push_back(
        "the parser holds one entry per open parenthesis, CASE or subquery, 10,000 at most: the statement nests "
        "deeper than PostgreSQL itself can parse");
    d.help =
        "split the statement, or write the nested part with fewer levels (a CASE with several WHEN branches "
        "instead of nested CASEs, a join instead of nested subqueries)";
  }
  if (auto newer = newer_syntax(source, at)) {
    d.notes.push_back(std::move(newer->note));
    d.help = std::move(newer->help);
  }
  return d;
}

}  // namespace

Script parse(const SourceFile& source) {
  pg::thread_graveyard().release();
  Script script(source);
  const std::string& file_text = source.text();

  // A byte-order mark is not SQL: hand the parser spaces in its place (offsets stay the same).
  std::string bom_free;
  const bool has_bom = file_text.starts_with("\xEF\xBB\xBF");
  if (has_bom) {
    bom_free = file_text;
    bom_free.replace(0, 3, "   ");
  }
  const std::string& text = has_bom ? bom_free : file_text;

  // Scanning for comments enters and leaves libpg_query's memory context, so it runs first.
  if (source.mentions_directives()) script.m_comments = scan_directive_comments(text, file_text);

  auto memory = std::make_unique<pg::MemoryOwner>();
  PgQueryInternalParsetreeAndError result = pg_query_raw_parse(text.c_str());
  std::free(result.stderr_buffer);
  if (result.error == nullptr) {
    add_statements(script.m_statements, result.tree, file_text, 0, static_cast<std::uint32_t>(file_text.size()));
    script.m_memory.push_back(std::move(memory));
    return script;
  }

  // The file has at least one syntax error: split it with the scanner and parse each piece alone,
  // so that one error does not hide the rest of the file.
  Diagnostic whole_file_error = syntax_error(source, *result.error, text, 0);
  pg_query_free_error(result.error);
  memory.reset();

  std::vector<Chunk> chunks;
  PgQuerySplitResult split = pg_query_split_with_scanner(text.c_str());
  if (split.error == nullptr) {
    for (int i = 0; i < split.n_stmts; ++i) {
      const auto begin = static_cast<std::uint32_t>(split.stmts[i]->stmt_location);
      const auto len = static_cast<std::uint32_t>(split.stmts[i]->stmt_len);
      chunks.push_back(Chunk{begin, len == 0 ? static_cast<std::uint32_t>(text.size()) : begin + len});
    }
  }
  pg_query_free_split_result(split);
  // The scanner's splitter only starts a statement at a keyword, so a statement that begins with
  // a typo ("SELEC 1;") falls between its pieces: parse such gaps too.
  {
    std::vector<Chunk> all;
    std::uint32_t prev = 0;
    const auto add_gap = [&](std::uint32_t from, std::uint32_t to) {
      std::uint32_t p = from;
      while (true) {
        p = skip_trivia(text, p);
        if (p < to && text[p] == ';') {
          ++p;
          continue;
        }
        break;
      }
      if (p < to) all.push_back(Chunk{p, to});
    };
    for (const Chunk& c : chunks) {
      if (c.begin > prev) add_gap(prev, c.begin);
      all.push_back(c);
      prev = std::max(prev, c.end);
    }
    add_gap(prev, static_cast<std::uint32_t>(text.size()));
    chunks = std::move(all);
  }

  memory = std::make_unique<pg::MemoryOwner>();
  std::string piece;
  for (const Chunk& chunk : chunks) {
    piece.assign(text, chunk.begin, chunk.end - chunk.begin);
    PgQueryInternalParsetreeAndError part = pg_query_raw_parse(piece.c_str());
    std::free(part.stderr_buffer);
    if (part.error == nullptr) {
      add_statements(script.m_statements, part.tree, file_text, chunk.begin, chunk.end);
    } else {
      script.m_errors.push_back(syntax_error(source, *part.error, piece, chunk.begin));
      pg_query_free_error(part.error);
    }
  }
  if (script.m_errors.empty()) script.m_errors.push_back(std::move(whole_file_error));
  script.m_memory.push_back(std::move(memory));
  return script;
}

}  // namespace sqlmigrate::compiler
