#!/usr/bin/env bash
# Every shipped plugin builds against the INSTALLED SDK alone, as a plugin outside the tree would:
#   (a) cmake --install the p2c build into a fresh prefix;
#   (b) configure a project that only does find_package(p2c) and adds each folder of plugins/;
#   (c) build it, and check that the installed p2c loads every library it made.
#
# usage: shipped_plugins_out_of_tree_test.sh <p2c build dir> <p2c source dir> [cmake]
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <p2c build dir> <p2c source dir> [cmake]" >&2
  exit 2
fi
build_dir=$1
source_dir=$2
cmake=${3:-cmake}

step="setup"
fail() {
  echo "FAILED at step '$step': $*" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/p2c-out-of-tree.XXXXXX")
trap 'rm -rf "$work"' EXIT

step="(a) cmake --install"
echo "== $step into $work/prefix"
source "$(dirname "$0")/against_install.sh"

step="(b) configure the shipped plugins against the install"
project=$work/project
mkdir -p "$project"
folders=()
while IFS= read -r list; do
  [[ -f $list ]] && folders+=("$(dirname "${list#"$source_dir"/plugins/}")")
done < <(find "$source_dir/plugins" -mindepth 3 -maxdepth 3 -name CMakeLists.txt | sort)
[[ ${#folders[@]} -ge 18 ]] || fail "found ${#folders[@]} plugin folders in $source_dir/plugins, expected 18 or more"
{
  echo "cmake_minimum_required(VERSION 3.25)"
  echo "project(shipped_plugins_out_of_tree CXX)"
  echo "find_package(p2c REQUIRED)"
  for folder in "${folders[@]}"; do
    echo "add_subdirectory(\"$source_dir/plugins/$folder\" \"$folder\")"
  done
} > "$project/CMakeLists.txt"
echo "== $step: ${#folders[@]} folders"
"$cmake" -S "$project" -B "$project/build" "${configure_args[@]}" -DCMAKE_LIBRARY_OUTPUT_DIRECTORY="$work/plugins" \
  > "$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; fail "configuring failed"; }

step="(c) build and load them"
echo "== $step"
"$cmake" --build "$project/build" -j 2 > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "building failed"; }
built=$(find "$work/plugins" -name '*.so' | wc -l)
[[ $built -eq ${#folders[@]} ]] || fail "built $built plugin libraries for ${#folders[@]} folders"
listing=$("$prefix/bin/p2c" plugins --no-default-plugins --plugin-dir "$work/plugins" 2>&1) ||
  { echo "$listing" >&2; fail "the installed p2c does not load the plugins built out of tree"; }
for folder in "${folders[@]}"; do
  name=$(basename "$folder")
  grep -Eq "^$name[[:space:]]" <<< "$listing" || { echo "$listing" >&2; fail "plugin '$name' built out of tree is not listed"; }
done
echo "shipped plugins out of tree: ${#folders[@]} built against the installed SDK and loaded: OK"
