# Compiles the JSON Schemas and the shipped default configuration into the
# binaries, so that a program finds them wherever it is installed or run from.
# The files in schemas/ and config/ stay the single source of truth; the
# generated source is rebuilt whenever one of them changes.
function(madoguchi_embed_files target)
  file(GLOB_RECURSE _files CONFIGURE_DEPENDS
       RELATIVE ${PROJECT_SOURCE_DIR}
       ${PROJECT_SOURCE_DIR}/schemas/*.json
       ${PROJECT_SOURCE_DIR}/config/*.json
       ${PROJECT_SOURCE_DIR}/config/common-passwords.txt)
  list(SORT _files)
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/embedded_files_data.cc)
  set(_abs "")
  foreach(f IN LISTS _files)
    list(APPEND _abs ${PROJECT_SOURCE_DIR}/${f})
  endforeach()
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} "-DFILES=${_files}"
            -DOUT=${_out} -P ${PROJECT_SOURCE_DIR}/cmake/GenerateEmbeddedFiles.cmake
    DEPENDS ${_abs} ${PROJECT_SOURCE_DIR}/cmake/GenerateEmbeddedFiles.cmake
    COMMENT "Embedding schemas and default configuration"
    VERBATIM)
  target_sources(${target} PRIVATE ${_out})
endfunction()
