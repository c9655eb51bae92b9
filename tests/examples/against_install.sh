# Sourced by the tests that build plugins against an INSTALLED p2c: installs the build into $work/prefix and sets
# `configure_args` for a CMake project built against it (the build's compiler, and its sanitizer flags, without
# which the installed static SDK libraries do not link). Expects: build_dir, cmake, work, and a `fail` function.

# Reads a variable from the p2c build's CMakeCache.txt (empty when absent).
cache_value() {
  sed -n "/^$1:/{s/^[^=]*=//p;q}" "$build_dir/CMakeCache.txt"
}

[[ -f $build_dir/CMakeCache.txt ]] || fail "'$build_dir' is not a CMake build folder"
prefix=$work/prefix
"$cmake" --install "$build_dir" --prefix "$prefix" > "$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "cmake --install $build_dir failed"; }
[[ -f $prefix/lib/cmake/p2c/p2cConfig.cmake ]] || fail "the install has no CMake package (lib/cmake/p2c/p2cConfig.cmake)"

configure_args=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release)
# Plugins and host share C++ types (abi.h): build with the same compiler as p2c.
compiler=$(cache_value CMAKE_CXX_COMPILER)
[[ -n $compiler ]] && configure_args+=(-DCMAKE_CXX_COMPILER="$compiler")
cxx_flags=$(cache_value CMAKE_CXX_FLAGS)
if [[ $cxx_flags == *-fsanitize* ]]; then
  echo "   p2c was built with sanitizers, using the same flags: $cxx_flags"
  configure_args+=(-DCMAKE_CXX_FLAGS="$cxx_flags")
  module_flags=$(cache_value CMAKE_MODULE_LINKER_FLAGS)
  [[ -n $module_flags ]] && configure_args+=(-DCMAKE_MODULE_LINKER_FLAGS="$module_flags")
fi
