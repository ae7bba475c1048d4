#include "workflows/rectification/evidence.h"

#include <cctype>
#include <map>

namespace safecity::rectification {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string MediaTypeOfName(const std::string& name) {
  // The files offices exchange: scans and reports, photographs and video from
  // site, spreadsheets of figures, archives of many files, and China's OFD.
  static const std::map<std::string, std::string> kByExtension = {
      {"7z", "application/x-7z-compressed"},
      {"bmp", "image/bmp"},
      {"csv", "text/csv"},
      {"doc", "application/msword"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"gif", "image/gif"},
      {"heic", "image/heic"},
      {"htm", "text/html"},
      {"html", "text/html"},
      {"jpeg", "image/jpeg"},
      {"jpg", "image/jpeg"},
      {"json", "application/json"},
      {"m4a", "audio/mp4"},
      {"mov", "video/quicktime"},
      {"mp3", "audio/mpeg"},
      {"mp4", "video/mp4"},
      {"ofd", "application/ofd"},
      {"pdf", "application/pdf"},
      {"png", "image/png"},
      {"ppt", "application/vnd.ms-powerpoint"},
      {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"rar", "application/vnd.rar"},
      {"tif", "image/tiff"},
      {"tiff", "image/tiff"},
      {"txt", "text/plain"},
      {"webp", "image/webp"},
      {"xls", "application/vnd.ms-excel"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"zip", "application/zip"},
  };
  const auto dot = name.find_last_of('.');
  if (dot == std::string::npos || dot + 1 == name.size()) return "application/octet-stream";
  auto it = kByExtension.find(Lower(name.substr(dot + 1)));
  return it == kByExtension.end() ? "application/octet-stream" : it->second;
}

Json EvidenceItemsV2(const Json& items) {
  Json out = Json::array();
  for (const Json& item : items) {
    Json v2 = item;
    const std::string given = item.value("media_type", std::string());
    v2["media_type"] = given.empty() ? MediaTypeOfName(item.value("name", std::string())) : Lower(given);
    if (!item.contains("size_bytes")) v2["size_bytes"] = nullptr;
    out.push_back(std::move(v2));
  }
  return out;
}

Json EvidenceSubmittedV1ToV2(const Json& data) {
  Json v2 = data;
  v2["evidence"] = EvidenceItemsV2(data.value("evidence", Json::array()));
  return v2;
}

}  // namespace safecity::rectification
