#pragma once
// The few git questions `lint --changed-since` asks, answered by running git (fork/exec, no shell).

#include <filesystem>
#include <set>
#include <string>

#include "compiler/diagnostic.hpp"

namespace sqlmigrate::cli {

// Files that differ between `ref` and the working tree (committed, staged or not), plus untracked
// files that are not ignored; absolute, normalized paths. Errors: git missing, not a repository,
// unknown ref.
compiler::Result<std::set<std::filesystem::path>> changed_files_since(const std::string& ref);

}  // namespace sqlmigrate::cli
