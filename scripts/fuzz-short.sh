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
    if ! (cd "$dir" && "$test" -test.run '^$' -test.fuzz "^${name}\$" -test.fuzztime "$fuzztime" \
      -test.fuzzcachedir "$cache/$module/$dir" -test.paniconexit0 -test.timeout 10m); then
      failed+=("$dir $name")
    fi
  done
done
cd "$root"
echo "fuzzed $(wc -l <<<"$targets") targets in $((SECONDS - start))s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz target failed: %s\n' "${failed[@]}"
  exit 1
fi
