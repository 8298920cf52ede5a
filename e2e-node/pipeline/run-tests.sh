# The pipeline's test suite, run by `sh -c` in the test-runner pod (busybox and curl) inside the run's namespace.
# It tests the application installed by the pipeline, and the seed's own isolation check: production must be
# unreachable from a CI namespace. Environment: NAMESPACE (the run's), FAIL_TESTS=1 fails the suite,
# TEST_EXTRA_SECONDS makes it longer.
set -u
# `kubectl run -i` attaches once the container runs; what it printed before is not streamed, so start quietly
sleep 2
trap 'echo "run-tests: terminated"; exit 143' TERM INT
failures=0
check() { # check <description> <command...>
  description=$1; shift
  if "$@" >/tmp/out 2>&1; then echo "ok   - ${description}"; else echo "FAIL - ${description}"; sed 's/^/       /' /tmp/out; failures=$((failures + 1)); fi
}
check "the application answers through its Service" curl -sSf -m 10 http://app/
check "DNS resolves the application's Service" nslookup "app.${NAMESPACE}.svc.cluster.local"
check "DNS resolves prod.internal" nslookup prod.internal
check "production (prod.internal) is unreachable from a CI namespace" sh -c '! curl -sS -m 5 -o /dev/null http://prod.internal/'
if [ "${TEST_EXTRA_SECONDS:-0}" -gt 0 ]; then
  echo "run-tests: running ${TEST_EXTRA_SECONDS}s more"
  sleep "${TEST_EXTRA_SECONDS}" & wait $!
fi
if [ "${FAIL_TESTS:-0}" = 1 ]; then echo "FAIL - a test of the application failed (FAIL_TESTS=1)"; failures=$((failures + 1)); fi
echo "run-tests: ${failures} failure(s)"
[ "${failures}" -eq 0 ]
