# Writes the header OUTPUT that defines FLUXION_GIT_REVISION, the revision of
# the source tree SOURCE_DIR, for fluxion --version:
#   cmake -DSOURCE_DIR=... -DOUTPUT=... [-DGIT_EXECUTABLE=...] -P fluxion_revision.cmake
# It is `git describe --always --dirty` when git runs. When git is missing or
# refuses the repository (git's safe.directory check: a clone owned by
# another user, as when CI builds as root), it is the commit hash read from
# the .git folder (a worktree's .git file is followed). Without either it is
# "unknown". The build runs this every time, so the revision is never stale,
# and rewrites OUTPUT only when the revision changed, so that main.cc is
# compiled again only then.

set(_revision "")
if(GIT_EXECUTABLE)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty
    WORKING_DIRECTORY ${SOURCE_DIR}
    RESULT_VARIABLE _result
    OUTPUT_VARIABLE _revision OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  if(NOT _result EQUAL 0)
    set(_revision "")
  endif()
endif()

# The commit hash from the files of the repository, without running git.
if("${_revision}" STREQUAL "" AND EXISTS ${SOURCE_DIR}/.git)
  set(_gitdir ${SOURCE_DIR}/.git)
  if(NOT IS_DIRECTORY ${_gitdir})
    # A worktree or submodule: the file says 'gitdir: <path>'.
    file(STRINGS ${_gitdir} _line LIMIT_COUNT 1 REGEX "^gitdir: ")
    string(REGEX REPLACE "^gitdir: *" "" _gitdir "${_line}")
    get_filename_component(_gitdir "${_gitdir}" ABSOLUTE BASE_DIR ${SOURCE_DIR})
  endif()
  # Branch refs live in the common folder of all worktrees.
  set(_common ${_gitdir})
  if(EXISTS ${_gitdir}/commondir)
    file(STRINGS ${_gitdir}/commondir _common LIMIT_COUNT 1)
    get_filename_component(_common "${_common}" ABSOLUTE BASE_DIR ${_gitdir})
  endif()
  set(_head "")
  if(EXISTS ${_gitdir}/HEAD)
    file(STRINGS ${_gitdir}/HEAD _head LIMIT_COUNT 1)
  endif()
  if("${_head}" MATCHES "^ref: *(.+)$")
    set(_ref ${CMAKE_MATCH_1})
    set(_head "")
    foreach(_dir ${_gitdir} ${_common})
      if("${_head}" STREQUAL "" AND EXISTS ${_dir}/${_ref})
        file(STRINGS ${_dir}/${_ref} _head LIMIT_COUNT 1)
      endif()
    endforeach()
    if("${_head}" STREQUAL "" AND EXISTS ${_common}/packed-refs)
      file(STRINGS ${_common}/packed-refs _line REGEX " ${_ref}$")
      string(REGEX REPLACE " .*" "" _head "${_line}")
    endif()
  endif()
  if("${_head}" MATCHES "^[0-9a-f]+$")
    string(SUBSTRING "${_head}" 0 7 _revision)
  endif()
endif()

if("${_revision}" STREQUAL "")
  set(_revision "unknown")
endif()

set(_text "#define FLUXION_GIT_REVISION \"${_revision}\"\n")
set(_old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} _old)
endif()
if(NOT "${_old}" STREQUAL "${_text}")
  file(WRITE ${OUTPUT} "${_text}")
endif()
