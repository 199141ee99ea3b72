#!/usr/bin/env bash
# The full check (CI runs exactly this through .ci/run): installs what is missing, builds, runs the
# tests, runs them again under AddressSanitizer + UndefinedBehaviorSanitizer, then fuzzes the linter
# for a minute. Tests run with SQLMIGRATE_STRICT=1: a missing dependency (such as the Postgres
# binaries) fails a test instead of skipping it, and any skipped test fails this script, except tests
# skipped because the optional real-world corpus is absent ("corpus absent" in the skip message).
# The last line reads "N passed, N failed[, N skipped]" over both test runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export SQLMIGRATE_STRICT=1
fuzz_seconds=60
jobs=2

work=$(mktemp -d "${TMPDIR:-/tmp}/sqlmigrate-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

timings=()
phase_start=0
begin() {
  printf '\n==> %s\n' "$1"
  phase_name=$1
  phase_start=$(date +%s)
}
end() { timings+=("$(printf '%5ss  %s' "$(($(date +%s) - phase_start))" "$phase_name")"); }

passed=0 failed=0 skipped=0 bad_skips=0 problems=()

# run_ctest LABEL BUILD_DIR [VAR=VALUE...]: runs the tests of BUILD_DIR and adds to the totals.
run_ctest() {
  local label=$1 dir=$2
  shift 2
  local junit="$work/$label.xml" rc=0
  env "$@" ctest --test-dir "$dir" --output-on-failure -j"$jobs" --no-tests=error --output-junit "$junit" || rc=$?
  local counts
  if ! counts=$(python3 - "$junit" "$label" <<'PY'
import sys, xml.etree.ElementTree as ET
path, label = sys.argv[1], sys.argv[2]
try:
    cases = ET.parse(path).getroot().iter("testcase")
except (OSError, ET.ParseError) as e:
    print(f"{label}: no readable test report ({e})", file=sys.stderr)
    sys.exit(1)
passed = failed = skipped = bad = 0
for case in cases:
    status = case.get("status", "")
    out = case.findtext("system-out") or ""
    skip = case.find("skipped")
    if status == "run":
        passed += 1
    elif status in ("notrun", "disabled") or skip is not None:
        skipped += 1
        reason = ((skip.get("message", "") if skip is not None else "") + "\n" + out)
        if "corpus absent" not in reason:
            bad += 1
            lines = out.splitlines()
            why = next((lines[i + 1].strip() for i, l in enumerate(lines[:-1]) if l.rstrip().endswith(": Skipped")),
                       status)
            print(f"{label}: {case.get('name')} did not run ({status}): {why}", file=sys.stderr)
    else:
        failed += 1
print(passed, failed, skipped, bad)
PY
  ); then
    counts="0 1 0 0"
  fi
  local p f s b
  read -r p f s b <<<"$counts"
  if ((rc != 0 && f == 0 && b == 0)); then
    problems+=("$label: ctest exited with code $rc without a failing test (see above)")
    f=1
  fi
  ((b == 0)) || problems+=("$label: $b test(s) skipped or disabled (see above); SQLMIGRATE_STRICT=1 allows only 'corpus absent'")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s)) bad_skips=$((bad_skips + b))
  echo "$label: $p passed, $f failed, $s skipped"
}

begin "Checking build dependencies (scripts/setup.sh)"
scripts/setup.sh
end

begin "Building build/ (scripts/build.sh)"
scripts/build.sh
end

begin "Testing build/"
run_ctest tests build
end

begin "Building build-asan/ (scripts/build.sh --sanitize)"
scripts/build.sh --sanitize
end

begin "Testing build-asan/ under AddressSanitizer + UndefinedBehaviorSanitizer"
run_ctest asan build-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
end

# The fuzz target is optional until tests/fuzz defines it; once defined, a build failure fails the run.
fuzz_result="not run: tests/fuzz/CMakeLists.txt does not define the target yet"
if [[ -f tests/fuzz/CMakeLists.txt ]]; then
  begin "Building build-fuzz/ (scripts/build.sh --fuzz)"
  fuzz_rc=0
  scripts/build.sh --fuzz || fuzz_rc=$?
  end
  if ((fuzz_rc != 0)); then
    fuzz_result="FAILED: the fuzz target did not build (see above)"
    problems+=("fuzz: the target sqlmigrate_fuzz_lint did not build")
  else
    begin "Fuzzing sqlmigrate_fuzz_lint for ${fuzz_seconds}s"
    seeds=$(mktemp -d "$work/seeds.XXXXXX")
    while IFS= read -r -d '' f; do
      cp "$f" "$seeds/$(tr '/' '_' <<<"$f")"
    done < <(find tests/rules -type f -name '*.sql' -print0; find migrations -maxdepth 1 -type f -name '*.sql' -print0)
    mkdir -p build-fuzz/artifacts
    fuzz_log=build-fuzz/fuzz.log
    fuzz_rc=0
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      build-fuzz/tests/fuzz/sqlmigrate_fuzz_lint -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 \
      -artifact_prefix=build-fuzz/artifacts/ -print_final_stats=1 "$seeds" >"$fuzz_log" 2>&1 || fuzz_rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$fuzz_log" | tail -1)
    if ((fuzz_rc == 0)); then
      fuzz_result="ok: ${runs:-?} inputs from $(find "$seeds" -type f | wc -l) files in ${fuzz_seconds}s, no crash"
    else
      tail -n 40 "$fuzz_log"
      fuzz_result="FAILED (exit $fuzz_rc): see $fuzz_log; crashing inputs are in build-fuzz/artifacts/"
      problems+=("fuzz: sqlmigrate_fuzz_lint found a crash, leak or sanitizer error")
    fi
    echo "fuzz: $fuzz_result"
    end
  fi
fi

printf '\n==> Summary\n'
printf '%s\n' "${timings[@]}"
echo "fuzz: $fuzz_result"
((${#problems[@]} == 0)) || printf 'problem: %s\n' "${problems[@]}"
summary="$passed passed, $failed failed"
((skipped == 0)) || summary+=", $skipped skipped"
echo "$summary"
((failed == 0 && ${#problems[@]} == 0))
