# patchloom_module(<name> SOURCES ... DEPS ...): one static library per module,
# with the project's warnings, include path and optional sanitizers.
set(PATCHLOOM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough)
if(PATCHLOOM_WERROR)
  list(APPEND PATCHLOOM_WARNINGS -Werror)
endif()

if(PATCHLOOM_SANITIZE)
  # vptr checks need the typeinfo of every polymorphic class, and the SOCI
  # shared libraries do not export theirs: the link would fail.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # The instrumentation makes GCC 12 see uninitialised reads inside libstdc++
  # (std::regex's std::function states) that the plain build does not: keep
  # them visible as warnings, not build failures.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-error=maybe-uninitialized)
  endif()
endif()

function(patchloom_apply_warnings target)
  target_compile_options(${target} PRIVATE ${PATCHLOOM_WARNINGS})
endfunction()

function(patchloom_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(patchloom_${name} STATIC ${M_SOURCES})
  target_include_directories(patchloom_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(patchloom_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  patchloom_apply_warnings(patchloom_${name})
endfunction()

# patchloom_test(<module> SOURCES ... DEPS ...): one GoogleTest binary per
# module, registered with CTest. Tests read ../shared via the PATCHLOOM_SHARED
# environment variable, set here to the checkout's sibling directory.
function(patchloom_test module)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  set(target ${module}_tests)
  add_executable(${target} ${T_SOURCES})
  target_link_libraries(${target} PRIVATE ${T_DEPS} patchloom_testsupport GTest::gtest GTest::gmock)
  patchloom_apply_warnings(${target})
  add_test(NAME ${module} COMMAND ${target} --gtest_color=no)
  set_tests_properties(${module} PROPERTIES
    ENVIRONMENT "PATCHLOOM_SHARED=${PATCHLOOM_SHARED_DIR};PATCHLOOM_BIN=$<TARGET_FILE:patchloom>"
    SKIP_RETURN_CODE 77
    LABELS "${module};${T_LABELS}")
endfunction()

# patchloom_glob_module(<name> DEPS ... PRIVATE_DEPS ...): a module whose
# sources are every .cpp in the current directory, so adding a file needs no
# edit here. A module with no sources yet is an INTERFACE library.
function(patchloom_glob_module name)
  cmake_parse_arguments(M "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(sources)
    patchloom_module(${name} SOURCES ${sources} DEPS ${M_DEPS} PRIVATE_DEPS ${M_PRIVATE_DEPS})
  else()
    add_library(patchloom_${name} INTERFACE)
    target_include_directories(patchloom_${name} INTERFACE ${PROJECT_SOURCE_DIR}/include)
    target_link_libraries(patchloom_${name} INTERFACE ${M_DEPS})
  endif()
endfunction()

# patchloom_glob_test(<module> DEPS ...): every *_test.cpp in the current
# directory becomes part of the module's one test binary.
function(patchloom_glob_test module)
  cmake_parse_arguments(T "" "" "DEPS;LABELS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  if(sources)
    patchloom_test(${module} SOURCES ${sources} DEPS ${T_DEPS} LABELS ${T_LABELS})
  endif()
endfunction()
