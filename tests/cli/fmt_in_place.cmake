# fmt -i and check -o replace only regular files, keep their mode and links, refuse read-only files and
# devices, and leave no temporary file behind. LEXSIM is the binary, WORK a scratch folder, SOURCE_DIR the repo.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(messy "document d { number \"1号\"   issued 2024-01-01 }\n")
function(run expected_code)
  execute_process(COMMAND "${LEXSIM}" ${ARGN} WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "lexsim ${ARGN}: expected exit ${expected_code}, got ${code}\n${out}\n${err}")
  endif()
  set(last_err "${err}" PARENT_SCOPE)
endfunction()

# Mode kept (0640), content canonical.
file(WRITE "${WORK}/a.rules" "${messy}")
execute_process(COMMAND chmod 0640 "${WORK}/a.rules")
run(0 fmt -i a.rules)
execute_process(COMMAND stat -c %a "${WORK}/a.rules" OUTPUT_VARIABLE mode OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT mode STREQUAL "640")
  message(FATAL_ERROR "fmt -i changed the mode to ${mode}")
endif()
run(0 fmt --check a.rules)

# A symlink is written through: the link stays a link, its target is formatted.
file(WRITE "${WORK}/target.rules" "${messy}")
file(CREATE_LINK target.rules "${WORK}/link.rules" SYMBOLIC)
run(0 fmt -i link.rules)
if(NOT IS_SYMLINK "${WORK}/link.rules")
  message(FATAL_ERROR "fmt -i replaced the symlink with a file")
endif()
run(0 fmt --check target.rules)

# A read-only file is refused and left as it was (also when run as root).
file(WRITE "${WORK}/ro.rules" "${messy}")
execute_process(COMMAND chmod 0444 "${WORK}/ro.rules")
run(2 fmt -i ro.rules)
if(NOT last_err MATCHES "read-only")
  message(FATAL_ERROR "expected a read-only message, got: ${last_err}")
endif()
file(READ "${WORK}/ro.rules" ro)
if(NOT ro STREQUAL messy)
  message(FATAL_ERROR "fmt -i changed a read-only file")
endif()

# A report to a new file is written, with the usual mode for new files.
run(0 check "${SOURCE_DIR}/tests/cli/data/limits.rules" -o new-report.txt)
if(NOT EXISTS "${WORK}/new-report.txt")
  message(FATAL_ERROR "check -o did not write a new file")
endif()
file(READ "${WORK}/new-report.txt" report)
if(NOT report MATCHES "合计：")
  message(FATAL_ERROR "check -o wrote: ${report}")
endif()

# A report is never written over a device.
run(2 check "${SOURCE_DIR}/tests/cli/data/limits.rules" -o /dev/null)
if(NOT last_err MATCHES "not a regular file")
  message(FATAL_ERROR "expected a refusal to replace /dev/null, got: ${last_err}")
endif()

# Two fmt -i at once on one file (execute_process runs its COMMANDs concurrently, as a pipeline): the file
# ends canonical, never empty or half-written.
foreach(round RANGE 1 5)
  file(WRITE "${WORK}/both.rules" "${messy}")
  execute_process(COMMAND "${LEXSIM}" fmt -i both.rules COMMAND "${LEXSIM}" fmt -i both.rules
                  WORKING_DIRECTORY "${WORK}" RESULTS_VARIABLE codes)
  if(NOT codes STREQUAL "0;0")
    message(FATAL_ERROR "concurrent fmt -i: exit codes ${codes}")
  endif()
  run(0 fmt --check both.rules)
endforeach()

# A report that cannot be written to standard output is a failure, not success.
execute_process(COMMAND "${LEXSIM}" stats "${SOURCE_DIR}/tests/cli/data/limits.rules" OUTPUT_FILE /dev/full
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 2 OR NOT err MATCHES "cannot write to standard output")
  message(FATAL_ERROR "stats > /dev/full: expected exit 2 and a message, got ${code}: ${err}")
endif()

# No temporary left behind.
file(GLOB left "${WORK}/*lexsim-*")
if(left)
  message(FATAL_ERROR "temporary files left behind: ${left}")
endif()
