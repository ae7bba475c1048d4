# Writes OUT: a C++ file defining safecity::EmbeddedSchemas() from every
# *.json under SCHEMA_DIR, so the binary carries its schemas with it.
file(GLOB_RECURSE files RELATIVE "${SCHEMA_DIR}" "${SCHEMA_DIR}/*.json")
# The OpenAPI document is generated from these schemas (safecity openapi), not one of them.
list(FILTER files EXCLUDE REGEX "^openapi\\.json$")
list(SORT files)
set(body "")
foreach(f ${files})
  file(READ "${SCHEMA_DIR}/${f}" content)
  string(APPEND body "    {\"${f}\", R\"sc_schema(${content})sc_schema\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from schemas/ by cmake/embed_schemas.cmake. Do not edit.\n#include <map>\n#include <string>\nnamespace safecity {\nconst std::map<std::string, std::string>& EmbeddedSchemas() {\n  static const std::map<std::string, std::string> kSchemas = {\n${body}  };\n  return kSchemas;\n}\n}  // namespace safecity\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
