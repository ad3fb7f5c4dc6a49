#!/usr/bin/env bash
# Runs every native Go fuzz target (each `func FuzzXxx(f *testing.F)` under internal/ and
# cmd/) one after the other for FUZZTIME each: its seeds (f.Add and testdata/fuzz/FuzzXxx)
# and then new inputs. CI runs it with the default of a few seconds; `make fuzz` longer.
# Each package's test binary is built once, with the fuzzing instrumentation, and run per
# target from the package's folder, as `go test -fuzz` would (same corpus cache). A failing
# input is written to the package's testdata/fuzz/FuzzXxx; commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-2s}
GO=${GO:-go}
root=$(pwd)
module=$("$GO" list -m)
cache=$("$GO" env GOCACHE)/fuzz
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

targets=$(grep -rHoP --include='*_test.go' '^func \KFuzz\w+(?=\(f \*testing\.F\))' internal cmd | sort)
if [ -z "$targets" ]; then echo "no fuzz targets found"; exit 1; fi

# deadline_only reports whether a failed run's output is Go's coordinator deadline race alone:
# "context deadline exceeded" and no failing input, panic or test error.
deadline_only() {
  grep -q '^    context deadline exceeded$' "$1" &&
    ! grep -qE 'Failing input written|panic:|_test\.go:[0-9]+:' "$1"
}

failed=()
start=$SECONDS
for dir in $(sed 's|/[^/]*:.*||' <<<"$targets" | sort -u); do
  test=$bin/$(tr / _ <<<"$dir").test
  # -vet=off: `make check` vets; a fuzz run is about the inputs.
  if ! "$GO" test -c -vet=off -fuzz '^Fuzz' -o "$test" "./$dir"; then
    failed+=("$dir (build)"); continue
  fi
  for name in $(grep "^$dir/[^/]*:" <<<"$targets" | sed 's/.*://' | sort -u); do
    echo "== $name ($dir, $fuzztime)"
    # Go's fuzzing coordinator can race its own -fuzztime deadline on a busy machine and fail
    # with a bare "context deadline exceeded" although no input failed (golang/go#75804). A
    # real finding always prints "Failing input written to"; only the bare deadline is tried
    # again, at most twice, so a real failure is never hidden.
    for try in 1 2 3; do
      out=$bin/out
      if (cd "$dir" && "$test" -test.run '^$' -test.fuzz "^${name}\$" -test.fuzztime "$fuzztime" \
        -test.fuzzcachedir "$cache/$module/$dir" -test.paniconexit0 -test.timeout 10m) >"$out" 2>&1; then
        cat "$out"; break
      fi
      cat "$out"
      if [ "$try" -lt 3 ] && deadline_only "$out"; then
        echo "-- $name: the fuzzing engine's own deadline race, no failing input; running it again"
        continue
      fi
      failed+=("$dir $name"); break
    done
  done
done
cd "$root"
echo "fuzzed $(wc -l <<<"$targets") targets in $((SECONDS - start))s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz target failed: %s\n' "${failed[@]}"
  exit 1
fi
