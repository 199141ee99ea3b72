# Every dependency comes from Debian's packages (scripts/setup.sh installs them).
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)

# mimalloc replaces glibc's malloc in the binaries: a lint run makes millions of small allocations
# (parse trees, the catalog's names), and glibc's malloc/free took about a sixth of its time.
# Linked as a plain shared library that the binary needs (no code calls it by name), it overrides
# malloc for the whole process. Sanitizer builds keep their own allocator.
if(SQLMIGRATE_MIMALLOC AND NOT SQLMIGRATE_SANITIZE AND NOT SQLMIGRATE_FUZZ)
  find_package(mimalloc 2.0 REQUIRED)
endif()
function(sqlmigrate_use_mimalloc target)
  if(SQLMIGRATE_MIMALLOC AND NOT SQLMIGRATE_SANITIZE AND NOT SQLMIGRATE_FUZZ)
    target_link_libraries(${target} PRIVATE "-Wl,--push-state,--no-as-needed" mimalloc "-Wl,--pop-state")
  endif()
endfunction()

# toml++ is used header-only in the one file that reads config, so the binary does not load
# another shared library at start-up.
add_library(tomlplusplus_header_only INTERFACE)
target_include_directories(tomlplusplus_header_only INTERFACE /usr/include)
target_compile_definitions(tomlplusplus_header_only INTERFACE TOML_HEADER_ONLY=1 TOML_EXCEPTIONS=1)

# libpg_query: linked statically (no start-up cost); its raw parse tree is read through the
# node headers of postgresql-server-dev of the same major version.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h)
find_path(PG_QUERY_INTERNAL_INCLUDE_DIR pg_query/pg_query_internal.h)
find_library(PG_QUERY_LIBRARY NAMES libpg_query.a pg_query)
if(NOT PG_QUERY_INCLUDE_DIR OR NOT PG_QUERY_LIBRARY OR NOT PG_QUERY_INTERNAL_INCLUDE_DIR)
  message(FATAL_ERROR "libpg_query not found: install Debian's libpg-query-dev (scripts/setup.sh does)")
endif()
file(STRINGS "${PG_QUERY_INCLUDE_DIR}/pg_query.h" _pgq_major REGEX "#define PG_MAJORVERSION \"[0-9]+\"")
string(REGEX REPLACE ".*\"([0-9]+)\".*" "\\1" PG_QUERY_PG_MAJOR "${_pgq_major}")

find_program(PG_CONFIG NAMES pg_config PATHS /usr/lib/postgresql/${PG_QUERY_PG_MAJOR}/bin NO_DEFAULT_PATH)
find_program(PG_CONFIG NAMES pg_config)
set(PG_SERVER_INCLUDE_DIR "/usr/include/postgresql/${PG_QUERY_PG_MAJOR}/server")
if(NOT EXISTS "${PG_SERVER_INCLUDE_DIR}/nodes/parsenodes.h")
  message(FATAL_ERROR "Postgres ${PG_QUERY_PG_MAJOR} node headers not found in ${PG_SERVER_INCLUDE_DIR}: "
                      "install postgresql-server-dev-${PG_QUERY_PG_MAJOR} (the major version must match libpg_query's)")
endif()
file(STRINGS "${PG_SERVER_INCLUDE_DIR}/pg_config.h" _srv_major REGEX "#define PG_MAJORVERSION \"[0-9]+\"")
string(REGEX REPLACE ".*\"([0-9]+)\".*" "\\1" PG_SERVER_MAJOR "${_srv_major}")
if(NOT PG_SERVER_MAJOR STREQUAL PG_QUERY_PG_MAJOR)
  message(FATAL_ERROR "libpg_query is built from Postgres ${PG_QUERY_PG_MAJOR} but the node headers in "
                      "${PG_SERVER_INCLUDE_DIR} are Postgres ${PG_SERVER_MAJOR}: the parse tree layouts differ")
endif()
message(STATUS "libpg_query: ${PG_QUERY_LIBRARY} (Postgres ${PG_QUERY_PG_MAJOR}), node headers: ${PG_SERVER_INCLUDE_DIR}")

add_library(sqlmigrate::pg_query INTERFACE IMPORTED)
set_target_properties(sqlmigrate::pg_query PROPERTIES INTERFACE_LINK_LIBRARIES "${PG_QUERY_LIBRARY}")
# Only compiler/pg, the catalog and rules include the node headers; SYSTEM keeps their warnings out.
add_library(sqlmigrate_pg_headers INTERFACE)
target_include_directories(sqlmigrate_pg_headers SYSTEM INTERFACE "${PG_SERVER_INCLUDE_DIR}" "${PG_QUERY_INTERNAL_INCLUDE_DIR}")
