#pragma once
// The few git questions `lint --changed-since` asks, answered by running git (fork/exec, no shell).

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "compiler/diagnostic.hpp"

namespace sqlmigrate::cli {

// Files that differ between `ref` and the working tree (committed, staged or not), plus untracked
// files that are not ignored; absolute, normalized paths. git runs in the repository of each of
// `folders` (those that hold the migrations), so a project linted from outside its repository is
// compared with its own history. Where `ref` names the current branch of a repository before its
// first commit (an unborn HEAD), every staged file counts as changed. Errors: git missing, a folder
// not in a repository, a ref that names no commit.
compiler::Result<std::set<std::filesystem::path>> changed_files_since(
    const std::string& ref, const std::vector<std::filesystem::path>& folders);

}  // namespace sqlmigrate::cli
