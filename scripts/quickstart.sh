#!/usr/bin/env bash
# The quick start: installs what is missing, builds sqlmigrate, and runs it on the sample project
# (migrations/ with sqlmigrate.toml). Works from any folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }
fail() {
  printf '\nquickstart: %s\n' "$*" >&2
  exit 1
}

setup() {
  step "Checking build dependencies (scripts/setup.sh)"
  scripts/setup.sh || fail "installing the dependencies failed (see above)"
}

build() {
  step "Building sqlmigrate (scripts/build.sh)"
  scripts/build.sh || fail "the build failed (see above)"
}

lint() {
  step "Linting migrations/"
  local rc=0
  build/sqlmigrate lint || rc=$?
  case $rc in
    0) ;;
    1) fail "sqlmigrate lint reported findings in the sample migrations (exit 1); the sample should lint clean" ;;
    *) fail "sqlmigrate lint failed with exit code $rc (2: usage, config or input error; see above)" ;;
  esac
}

# Later steps (plan, the offline SQL script, apply and rollback against a scratch Postgres) go here,
# each as one function with its own `step` header, and into the list below.
steps=(setup build lint)
for s in "${steps[@]}"; do "$s"; done

count=$(find migrations -maxdepth 1 -name '*.up.sql' | wc -l)
printf '\nquickstart: built build/sqlmigrate and linted %d migrations in migrations/ with no findings.\n' "$count"
