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

namespace {

bool StartsWith(std::string_view bytes, std::string_view magic, size_t at = 0) {
  return bytes.size() >= at + magic.size() && bytes.compare(at, magic.size(), magic) == 0;
}

std::string ExtensionOf(const std::string& name) {
  const auto dot = name.find_last_of('.');
  return dot == std::string::npos ? std::string() : Lower(name.substr(dot + 1));
}

}  // namespace

std::optional<std::string> MediaTypeOfContent(std::string_view b, const std::string& name) {
  using namespace std::string_view_literals;
  const std::string ext = ExtensionOf(name);
  if (StartsWith(b, "\xFF\xD8\xFF"sv)) return "image/jpeg";
  if (StartsWith(b, "\x89PNG\r\n\x1A\n"sv)) return "image/png";
  if (StartsWith(b, "GIF87a"sv) || StartsWith(b, "GIF89a"sv)) return "image/gif";
  if (StartsWith(b, "RIFF"sv) && StartsWith(b, "WEBP"sv, 8)) return "image/webp";
  if (StartsWith(b, "II*\0"sv) || StartsWith(b, "MM\0*"sv)) return "image/tiff";
  if (StartsWith(b, "BM"sv) && b.size() >= 26 && (ext == "bmp" || ext == "dib")) return "image/bmp";
  if (StartsWith(b, "%PDF-"sv)) return "application/pdf";
  if (StartsWith(b, "ftyp"sv, 4) && b.size() >= 12) {
    const std::string_view brand = b.substr(8, 4);
    if (brand == "heic"sv || brand == "heix"sv || brand == "mif1"sv || brand == "msf1"sv || brand == "hevc"sv) return "image/heic";
    if (brand == "qt  "sv) return "video/quicktime";
    if (brand == "M4A "sv) return "audio/mp4";
    return "video/mp4";  // isom, mp41, mp42, avc1, 3gp…: an MP4 container
  }
  // A ZIP or an OLE compound file is also what programs come in (.jar, .apk,
  // .msi): only the documents and archives offices exchange are taken.
  if (StartsWith(b, "PK\x03\x04"sv)) {
    if (ext == "docx" || ext == "xlsx" || ext == "pptx" || ext == "ofd" || ext == "zip") return MediaTypeOfName(name);
    return std::nullopt;
  }
  if (StartsWith(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv)) {
    if (ext == "doc" || ext == "xls" || ext == "ppt") return MediaTypeOfName(name);
    return std::nullopt;
  }
  if (StartsWith(b, "Rar!\x1A\x07"sv)) return "application/vnd.rar";
  if (StartsWith(b, "7z\xBC\xAF\x27\x1C"sv)) return "application/x-7z-compressed";
  return std::nullopt;
}

std::string EvidenceFileName(const std::string& name, const std::string& media_type) {
  // A name is kept only when it says the type the bytes are; a file of no
  // known type is saved as .bin whatever its name (never as a.jar or a.exe).
  if (media_type != "application/octet-stream" && MediaTypeOfName(name) == media_type) return name;
  static const std::map<std::string, std::string> kExtension = {
      {"image/jpeg", "jpg"}, {"image/png", "png"}, {"image/gif", "gif"}, {"image/webp", "webp"}, {"image/tiff", "tif"},
      {"image/bmp", "bmp"}, {"image/heic", "heic"}, {"application/pdf", "pdf"}, {"video/mp4", "mp4"},
      {"video/quicktime", "mov"}, {"audio/mp4", "m4a"}, {"application/zip", "zip"}, {"application/vnd.rar", "rar"},
      {"application/x-7z-compressed", "7z"}};
  auto it = kExtension.find(media_type);
  return name + "." + (it == kExtension.end() ? "bin" : it->second);
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
