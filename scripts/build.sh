#!/usr/bin/env bash
# Builds sqlmigrate. Usage: scripts/build.sh [--sanitize] [--fuzz]
#   (no flag)    build/       RelWithDebInfo, all targets
#   --sanitize   build-asan/  Debug with AddressSanitizer + UndefinedBehaviorSanitizer, all targets
#   --fuzz       build-fuzz/  clang, the libFuzzer target sqlmigrate_fuzz_lint only
# With several flags, each build runs in turn. Warnings are errors when $CI is set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=2  # two cores; C++ with the Postgres headers wants about 1 GiB per job
werror=OFF
[[ -n "${CI:-}" ]] && werror=ON

usage() { sed -n '2,7s/^# \{0,1\}//p' "$0"; }

variants=()
for arg in "$@"; do
  case "$arg" in
    --sanitize) variants+=(sanitize) ;;
    --fuzz) variants+=(fuzz) ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; printf 'build.sh: unknown option: %s\n' "$arg" >&2; exit 2 ;;
  esac
done
((${#variants[@]} > 0)) || variants=(default)

# configure DIR [cmake args...]: picks Ninja for a new build dir, keeps the generator of an existing one.
configure() {
  local dir=$1
  shift
  local generator=()
  [[ -f "$dir/CMakeCache.txt" ]] || generator=(-G Ninja)
  cmake -S . -B "$dir" "${generator[@]}" --log-level=NOTICE -DSQLMIGRATE_WERROR="$werror" "$@" >/dev/null
}

for variant in "${variants[@]}"; do
  case "$variant" in
    default)
      echo "==> Building build/ (RelWithDebInfo)"
      configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo
      cmake --build build -j"$jobs"
      ;;
    sanitize)
      echo "==> Building build-asan/ (Debug, AddressSanitizer + UndefinedBehaviorSanitizer)"
      configure build-asan -DCMAKE_BUILD_TYPE=Debug -DSQLMIGRATE_SANITIZE=ON
      cmake --build build-asan -j"$jobs"
      ;;
    fuzz)
      echo "==> Building build-fuzz/ (clang, libFuzzer target sqlmigrate_fuzz_lint)"
      # A build-fuzz/ configured with another compiler keeps it whatever CC says: start it afresh.
      if [[ -f build-fuzz/CMakeCache.txt ]] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++' build-fuzz/CMakeCache.txt; then
        echo "build-fuzz/ was configured with another compiler than clang++: removing it"
        rm -rf build-fuzz
      fi
      CC=clang CXX=clang++ configure build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSQLMIGRATE_FUZZ=ON \
        -DSQLMIGRATE_TESTS=OFF
      cmake --build build-fuzz -j"$jobs" --target sqlmigrate_fuzz_lint
      ;;
  esac
done
