// The web console's files (web/, built by Vite) as the binary carries them:
// `safecity serve` answers them with no file beside it and nothing from the
// internet. cmake/embed_console.cmake generates ConsoleAssets() from the
// build's console/ directory; a build without the console
// (-DSAFECITY_CONSOLE=OFF) has none, and `/` then says how to build it.
#pragma once

#include <string_view>
#include <vector>

namespace safecity::http {

struct ConsoleAsset {
  std::string_view path;          // as requested, e.g. "/index.html", "/assets/index-3f2a.js"
  std::string_view content_type;  // from the file's extension, which Vite chose
  std::string_view body;
  std::string_view etag;          // "\"<sha256 of body>\""
};

// Every file of the built console, in path order (generated).
const std::vector<ConsoleAsset>& ConsoleAssets();

// The file at `path`, or nullptr.
const ConsoleAsset* FindConsoleAsset(std::string_view path);

}  // namespace safecity::http
