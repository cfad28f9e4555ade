# lexsim_embed_files(OUTPUT <file.cpp> FILES <files…> NAMESPACE <ns> FUNCTION <name> HEADER <header>
#                    [TYPE <element type>] [COMMENT <text>])
# The one way data files are compiled into lexsim: the corpus, the working-day calendar and the default
# scenarios. Adds a build step writing OUTPUT (see cmake/embed_files.cmake); paths in it are relative to
# the repository. Add OUTPUT to a target's sources.
function(lexsim_embed_files)
  cmake_parse_arguments(PARSE_ARGV 0 E "" "OUTPUT;NAMESPACE;FUNCTION;HEADER;TYPE;COMMENT" "FILES")
  set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake")
  set(type_arg "")
  if(E_TYPE)
    set(type_arg "-DTYPE=${E_TYPE}")
  endif()
  add_custom_command(
    OUTPUT "${E_OUTPUT}"
    COMMAND "${CMAKE_COMMAND}" "-DOUT=${E_OUTPUT}" "-DROOT=${PROJECT_SOURCE_DIR}" "-DFILES=${E_FILES}"
            "-DNAMESPACE=${E_NAMESPACE}" "-DFUNCTION=${E_FUNCTION}" "-DHEADER=${E_HEADER}" ${type_arg}
            -P "${script}"
    DEPENDS ${E_FILES} "${script}"
    COMMENT "${E_COMMENT}"
    VERBATIM)
endfunction()
