#!/usr/bin/env bash
# Installs the Debian packages that building and testing sqlmigrate need, and only those missing.
# Idempotent: when everything is installed it prints nothing and touches no network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3
  libpg-query-dev postgresql-server-dev-15 postgresql-15
  libpqxx-dev libcli11-dev libtomlplusplus-dev libfmt-dev libmimalloc-dev
  googletest libgtest-dev libgmock-dev
  clang libclang-rt-14-dev  # the libFuzzer target (scripts/build.sh --fuzz)
)

die() {
  printf 'setup.sh: error: %s\n' "$*" >&2
  exit 1
}

command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 ||
  die "this script needs Debian's dpkg and apt; elsewhere install the equivalents of: ${packages[*]}"

# One dpkg-query for all packages; unknown packages are simply absent from its output.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for p in "${packages[@]}"; do
  grep -qx "$p install ok installed" <<<"$installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

if ((EUID == 0)); then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  die "missing packages: ${missing[*]}; installing them needs root, and sudo is not installed (run this script as root)"
fi

echo "==> Installing missing packages: ${missing[*]}"
"${as_root[@]}" apt-get update -qq ||
  die "apt-get update failed (see above); check the network and /etc/apt/sources.list, then run scripts/setup.sh again"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
  die "apt-get install failed for: ${missing[*]} (see above)"

installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
still=()
for p in "${missing[@]}"; do
  grep -qx "$p install ok installed" <<<"$installed" || still+=("$p")
done
((${#still[@]} == 0)) || die "apt-get finished but these packages are still not installed: ${still[*]}"
