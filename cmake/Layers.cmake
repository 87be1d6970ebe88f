# The layers (docs/architecture.md, "Layers") are enforced by the build: a
# library's include directory holds only its own folder, as a symbolic link
# under BUILD/layers/<target>/ (engine/core → layers/madoguchi_core/core), so
# `#include "store/..."` compiles only in a target that links madoguchi_store
# (directly or through a library that does). An include line that runs the
# wrong way, or skips a layer it does not link, fails to build: that is the
# check, and nothing else is needed.
#
# madoguchi_layer(TARGET FOLDER...): TARGET's own FOLDERs (absolute paths).
function(madoguchi_layer target)
  set(root ${CMAKE_BINARY_DIR}/layers/${target})
  file(MAKE_DIRECTORY ${root})
  foreach(folder IN LISTS ARGN)
    get_filename_component(name ${folder} NAME)
    if(NOT EXISTS ${root}/${name})
      file(CREATE_LINK ${folder} ${root}/${name} SYMBOLIC)
    endif()
  endforeach()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    target_include_directories(${target} PRIVATE ${root})
  else()
    target_include_directories(${target} PUBLIC ${root})
  endif()
endfunction()
