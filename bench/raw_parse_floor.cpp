// The floor for `bench/lint`: read every .sql file under the given folders and raw-parse it with
// libpg_query, nothing else, on the same number of threads as `sqlmigrate lint --jobs`.
// Usage: sqlmigrate_raw_parse_floor [--jobs N] DIR...

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"

int main(int argc, char** argv) {
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--jobs" && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
      continue;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
      if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path());
    }
  }
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> statements{0};
  std::atomic<std::size_t> errors{0};
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      std::ifstream in(files[i], std::ios::binary);
      std::ostringstream buffer;
      buffer << in.rdbuf();
      auto source = sqlmigrate::compiler::SourceFile::from_text(files[i].string(), std::move(buffer).str());
      if (!source) {
        ++errors;
        continue;
      }
      const auto script = sqlmigrate::compiler::parse(*source);
      statements += script.statements().size();
      errors += script.errors().size();
    }
    sqlmigrate::compiler::end_parsing_thread();
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  std::printf("files=%zu statements=%zu errors=%zu\n", files.size(), statements.load(), errors.load());
  return 0;
}
