// The floor for `bench/lint`: read every .sql file under the given folders and raw-parse it with
// libpg_query, nothing else, on the same number of threads as `sqlmigrate lint --jobs`.
// Usage: sqlmigrate_raw_parse_floor [--jobs N] DIR...
//
// It does the least a linter must: it keeps one name per file (no std::filesystem::path, whose
// parsed components cost about 400 bytes a file), reads each file relative to its open folder as
// the linter does, and holds one parse per thread at a time.

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "compiler/pg/parse.hpp"
#include "compiler/source.hpp"

namespace {

struct Folder {
  int fd;
  std::vector<std::string> names;  // the .sql files in it
};

void list(const std::filesystem::path& dir, std::vector<Folder>& out) {
  Folder folder{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), {}};
  std::vector<std::filesystem::path> subfolders;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_directory()) {
      subfolders.push_back(entry.path());
    } else if (entry.is_regular_file() && entry.path().extension() == ".sql") {
      folder.names.push_back(entry.path().filename().string());
    }
  }
  folder.names.shrink_to_fit();
  if (!folder.names.empty())
    out.push_back(std::move(folder));
  else if (folder.fd >= 0)
    ::close(folder.fd);
  for (const auto& sub : subfolders) list(sub, out);
}

}  // namespace

int main(int argc, char** argv) {
  unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
  std::vector<Folder> folders;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--jobs" && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
      continue;
    }
    list(arg, folders);
  }
  struct Item {
    int fd;
    const std::string* name;
  };
  std::vector<Item> files;
  for (const auto& folder : folders) {
    for (const auto& name : folder.names) files.push_back({folder.fd, &name});
  }
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> statements{0};
  std::atomic<std::size_t> errors{0};
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      const Item& item = files[i];
      auto source = sqlmigrate::compiler::SourceFile::read(*item.name, *item.name, item.fd, item.name->c_str());
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
