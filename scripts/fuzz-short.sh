#!/usr/bin/env bash
# Runs every native Go fuzz target (each `func FuzzXxx(f *testing.F)` under internal/ and
# cmd/) one after the other for FUZZTIME each: its seeds (f.Add and testdata/fuzz/FuzzXxx)
# and then new inputs. CI runs it with the default of a few seconds; `make fuzz` longer.
# A failing input is written to the package's testdata/fuzz/FuzzXxx by `go test`; commit it
# with the fix as a regression seed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-2s}
GO=${GO:-go}

targets=$(grep -rHoP --include='*_test.go' '^func \KFuzz\w+(?=\(f \*testing\.F\))' internal cmd | sort)
if [ -z "$targets" ]; then echo "no fuzz targets found"; exit 1; fi

failed=()
start=$SECONDS
for t in $targets; do
  file=${t%%:*} name=${t#*:}
  pkg=./$(dirname "$file")
  echo "== $name ($pkg, $fuzztime)"
  # -vet=off: `make check` vets; a fuzz run is about the inputs.
  if ! "$GO" test -vet=off -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"; then
    failed+=("$pkg $name")
  fi
done
echo "fuzzed $(wc -w <<<"$targets") targets in $((SECONDS - start))s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz target failed: %s\n' "${failed[@]}"
  exit 1
fi
