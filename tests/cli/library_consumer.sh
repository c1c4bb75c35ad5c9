#!/usr/bin/env bash
# The installable library (docs: README "C++ library"): `cmake --install` of this build into a temporary
# prefix gives headers, libnncert.so, the nncert command, the catalogue and find_package(nncert); the
# consumer example builds against it with -O3 -ffast-math and still gets sound results (it certifies a
# subnormal diagonal, which flush-to-zero inside nncert would prevent); the installed nncert finds its
# catalogue with the source tree out of reach.
set -euo pipefail
nncert=$1
build_dir=$(cd "$(dirname "$nncert")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
for f in bin/nncert include/nncert/linalg/certify_spd.hpp include/nncert/theory/verify.hpp \
         lib/cmake/nncert/nncertConfig.cmake lib/cmake/nncert/nncertConfigVersion.cmake \
         share/nncert/proofs/generic-jacobian-rank.toml; do
  [ -e "$work/prefix/$f" ] || fail "cmake --install did not install $f"
done
ls "$work/prefix"/lib/libnncert.so* >/dev/null 2>&1 || fail "libnncert.so not installed"

# -march=native must not leak into the exported target.
if grep -q 'march=native' "$work/prefix"/lib/cmake/nncert/*.cmake; then fail "-march=native leaks into nncertTargets"; fi

cmake -S examples/consumer -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS="-O3 -ffast-math" -DCMAKE_CXX_COMPILER_LAUNCHER= >/dev/null
cmake --build "$work/consumer" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib" "$work/consumer/nncert_consumer" examples/synthetic-jacobian-rank.toml > "$work/out.txt" \
  || { cat "$work/out.txt"; fail "the fast-math consumer did not certify"; }
grep -q "subnormal diagonal: certified" "$work/out.txt" || fail "subnormal diagonal not certified: $(cat "$work/out.txt")"
grep -q "generic/jacobian-rank: certified" "$work/out.txt" || fail "theorem not certified through the library"
# The consumer really starts with flush-to-zero set (crtfastmath), else the test proves nothing.
grep -q "flush-to-zero at start: on" "$work/out.txt" || fail "the -ffast-math consumer does not start with FTZ set"

# The README's C++ example, compiled against the installed tree exactly as printed there.
mkdir -p "$work/readme"
awk '/^## C\+\+ library/{in_section=1} in_section && /^```cpp/{grab=1; next} grab && /^```/{exit} grab' README.md \
  > "$work/readme/main.cpp"
[ -s "$work/readme/main.cpp" ] || fail "README has no C++ example under '## C++ library'"
printf 'cmake_minimum_required(VERSION 3.24)\nproject(readme_example CXX)\nset(CMAKE_CXX_STANDARD 20)\nfind_package(nncert REQUIRED)\nadd_executable(readme_example main.cpp)\ntarget_link_libraries(readme_example PRIVATE nncert::nncert)\n' \
  > "$work/readme/CMakeLists.txt"
cmake -S "$work/readme" -B "$work/readme/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_COMPILER_LAUNCHER= >/dev/null
cmake --build "$work/readme/build" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib" "$work/readme/build/readme_example" || fail "the README's C++ example did not certify"

# A relocated installation reads the catalogue beside its executable, not the source tree: a theorem
# that exists only in the relocated copy is listed.
cp -r "$work/prefix" "$work/moved"
sed '0,/^id = .*/s//id = "generic\/relocated-catalogue"/' "$work/moved/share/nncert/proofs/generic-jacobian-rank.toml" \
  > "$work/moved/share/nncert/proofs/generic-relocated-catalogue.toml"
(cd / && env -u NNCERT_PROOFS_DIR "$work/moved/bin/nncert" list) > "$work/list.txt" || fail "installed nncert list failed"
grep -q "generic/relocated-catalogue" "$work/list.txt" || fail "relocated nncert does not read the catalogue beside it"
echo "library consumer: ok"
