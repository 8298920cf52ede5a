# shellcheck shell=bash
# Helpers of the smoke tests (control-plane-smoke.sh, node-smoke.sh; sourced, not run): one line per check and a
# tally, and bounded retries.

passed=0 failed=0

# check <what> <command...>: runs the command quietly and prints "ok" or "FAIL" with <what>.
check() {
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then
    echo "ok   ${what}"; passed=$((passed + 1))
  else
    echo "FAIL ${what}"; failed=$((failed + 1))
  fi
}

# eventually <seconds> <command...>: retry until it succeeds, or fail after <seconds>.
eventually() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# summary: "N passed, N failed"; false when a check failed.
summary() {
  echo "${passed} passed, ${failed} failed"
  ((failed == 0))
}
