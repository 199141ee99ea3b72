#pragma once
// Parsing with the real Postgres parser (libpg_query's raw parse tree).

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "compiler/diagnostic.hpp"
#include "compiler/source.hpp"

struct Node;  // Postgres's parse node (nodes/nodes.h); read it through compiler/pg/nodes.hpp.

namespace sqlmigrate::compiler {

enum class TxControl : std::uint8_t { none, begin, commit, rollback, other };

struct Statement {
  const ::Node* node = nullptr;  // RawStmt.stmt; lives as long as its Script
  Span span;                     // first real token to the end of the statement (no ';')
  std::uint32_t index = 0;       // 0-based position in the script
  std::uint32_t location_base = 0;  // add to a node's `location` to get a byte offset in the file
  TxControl tx_control = TxControl::none;
  bool and_chain = false;  // COMMIT / ROLLBACK AND CHAIN: ends the block and opens a new one at once
  // Why the statement cannot run inside a transaction block ("CREATE INDEX CONCURRENTLY"), or empty.
  std::string_view autocommit_only;

  // File span of a node location (-1 when unknown: the statement's start).
  Span span_at(int location, std::uint32_t length = 1) const;
};

// A comment that mentions "sqlmigrate:" (only such comments are kept).
struct Comment {
  Span span;
  std::string_view text;  // the whole comment, markers included (points into the source text)
};

namespace pg {
class MemoryOwner;
}

// A parsed file: the statements in order, parse errors, and directive comments. Move-only; owns
// the parse tree's memory. It must be destroyed before the thread that parsed it ends.
class Script {
 public:
  Script(Script&&) noexcept;
  Script& operator=(Script&&) noexcept;
  Script(const Script&) = delete;
  Script& operator=(const Script&) = delete;
  ~Script();

  const SourceFile& source() const { return *m_source; }
  const std::vector<Statement>& statements() const { return m_statements; }
  const std::vector<Diagnostic>& errors() const { return m_errors; }
  const std::vector<Comment>& comments() const { return m_comments; }
  bool ok() const { return m_errors.empty(); }

 private:
  friend Script parse(const SourceFile& source);
  explicit Script(const SourceFile& source);

  const SourceFile* m_source;
  std::vector<Statement> m_statements;
  std::vector<Diagnostic> m_errors;
  std::vector<Comment> m_comments;
  std::vector<std::unique_ptr<pg::MemoryOwner>> m_memory;
};

// Parses a file. A syntax error does not hide the rest of the file: the remaining statements are
// parsed and returned, and each error is reported at its own line and column.
Script parse(const SourceFile& source);

// Frees parse memory handed back by other threads (done before every parse).
void release_thread_parse_memory();
// Frees all of this thread's parser memory; call it last thing in a parsing thread, once every
// Script it made has been destroyed.
void end_parsing_thread();

// Skips whitespace and SQL comments (-- and nested /* */) from `pos`; returns the first other byte.
std::uint32_t skip_trivia(std::string_view text, std::uint32_t pos);

}  // namespace sqlmigrate::compiler
