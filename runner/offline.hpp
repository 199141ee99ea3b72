#pragma once
// The offline executor: a plan written as a psql script for a DBA to review and run with
// `psql -X -f`. It performs exactly what a live run performs: the same statements, the same
// transaction boundaries, the same history and attempt-log writes (runner/history.hpp).

#include <string>

#include "compiler/plan.hpp"
#include "runner/history.hpp"

namespace sqlmigrate::runner {

struct RunSettings {
  HistoryTable history;
  std::string lock_timeout;       // Postgres interval text ("5s"); empty leaves the server's setting
  std::string statement_timeout;  // likewise
};

// The script for `plan` over `project`, starting from `from` (shown in the header). The output is
// byte-identical for the same input: no times, no host names.
std::string offline_script(const compiler::Project& project, const compiler::Plan& plan, const RunSettings& settings,
                           std::string_view from_label, std::string_view to_label);

}  // namespace sqlmigrate::runner
