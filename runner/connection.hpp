#pragma once
// Where the runner connects, and how a connection string is shown: the password never is.

#include <optional>
#include <string>
#include <string_view>

#include "compiler/config.hpp"

namespace sqlmigrate::runner {

struct ConnectionTarget {
  std::string conninfo;  // what libpq gets: a URL, key=value text, or empty for libpq's defaults
  std::string source;    // "--database-url", "DATABASE_URL", "[database] url in <file>", "libpq defaults (PG* variables)"
  bool scratch = false;  // `scratch`: a throwaway local Postgres started for this process
  std::string display() const;  // conninfo with its password replaced by ***
};

// --database-url, then $DATABASE_URL, then `[database] url`, then libpq's defaults.
ConnectionTarget resolve_connection(const std::optional<std::string>& flag, const compiler::Config& config);

// A URL (postgres:// or postgresql://) or key=value connection string with every password
// (user:password@, ?password=, password=) replaced by ***.
std::string redact_conninfo(std::string_view conninfo);

// `text` (say, a libpq error message) with every password known from `conninfo` and $PGPASSWORD
// replaced by ***.
std::string scrub_secrets(std::string text, std::string_view conninfo);

}  // namespace sqlmigrate::runner
