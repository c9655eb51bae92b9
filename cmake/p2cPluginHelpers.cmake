# p2c_add_plugin(NAME SOURCES src...)
#
# Builds a p2c plugin: a loadable module linked to the SDK, with hidden visibility so that only the
# plugin's entry point is exported. Used in-tree and, through find_package(p2c), by plugins built
# outside the tree.
function(p2c_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "p2c_add_plugin(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE p2c::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_features(${name} PRIVATE cxx_std_20)
  # In the p2c tree, plugins go where the host looks by default, in the build and the install.
  if(DEFINED P2C_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${P2C_PLUGIN_OUTPUT_DIR})
    install(TARGETS ${name} LIBRARY DESTINATION ${P2C_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
