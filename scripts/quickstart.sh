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

plan() {
  step "Planning the upgrade from an empty database"
  build/sqlmigrate plan || fail "sqlmigrate plan failed (see above)"
}

offline_sql() {
  step "Writing the offline SQL scripts a DBA would review"
  mkdir -p build/quickstart
  build/sqlmigrate upgrade base:head --sql -o build/quickstart/upgrade.sql ||
    fail "sqlmigrate upgrade --sql failed (see above)"
  build/sqlmigrate downgrade head:base --sql -o build/quickstart/downgrade.sql ||
    fail "sqlmigrate downgrade --sql failed (see above)"
  printf 'wrote build/quickstart/upgrade.sql (%s lines) and build/quickstart/downgrade.sql (%s lines)\n' \
    "$(wc -l <build/quickstart/upgrade.sql)" "$(wc -l <build/quickstart/downgrade.sql)"
}

apply_and_roll_back() {
  step "Applying and rolling back on a throwaway local Postgres"
  # verify starts its own server (initdb + pg_ctl on a unix socket in a temp dir), upgrades to the
  # head, downgrades to base, upgrades again, compares the schemas, and removes the server.
  build/sqlmigrate verify -v || fail "sqlmigrate verify failed (see above)"
}

steps=(setup build lint plan offline_sql apply_and_roll_back)
for s in "${steps[@]}"; do "$s"; done

count=$(find migrations -maxdepth 1 -name '*.up.sql' | wc -l)
printf '\nquickstart: linted, planned, scripted, applied and rolled back the %d migrations in migrations/.\n' "$count"
