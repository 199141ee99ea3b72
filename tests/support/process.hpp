#pragma once
// Runs a command line through /bin/sh and captures its exit code, stdout and stderr.

#include <string>

namespace sqlmigrate::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `command` is a shell command line; `stdin_text` is fed to its standard input.
ProcessResult run_shell(const std::string& command, const std::string& stdin_text = {});

// The path of the built sqlmigrate binary, shell-quoted.
std::string sqlmigrate_binary();

// Shell-quotes a word.
std::string shell_quote(const std::string& word);

}  // namespace sqlmigrate::testing
