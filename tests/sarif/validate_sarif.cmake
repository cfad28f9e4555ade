# Writes the SARIF logs of the corpus check and of a draft review, then validates them against the
# SARIF 2.1.0 schema kept in tests/sarif (python3-jsonschema).
set(logs "")
foreach(case corpus review)
  if(case STREQUAL "corpus")
    set(args check --format sarif)
  else()
    set(args check tests/cli/data/conflict tests/cli/data/draft --format sarif
             --baseline tests/cli/data/conflict-baseline.json)
  endif()
  execute_process(COMMAND "${LEXSIM}" ${args} -o "${WORK}/${case}.sarif"
                  WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 AND NOT rc EQUAL 1)
    message(FATAL_ERROR "lexsim ${args} exited with ${rc}")
  endif()
  list(APPEND logs "${WORK}/${case}.sarif")
endforeach()
execute_process(COMMAND "${PYTHON}" "${SOURCE_DIR}/tests/sarif/validate_sarif.py"
                        "${SOURCE_DIR}/tests/sarif/sarif-schema-2.1.0.json" ${logs}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "SARIF output does not validate against the 2.1.0 schema")
endif()
