// Reading a multipart/form-data body as browsers and curl send a file.
#include "connectors/http/multipart.h"

#include <gtest/gtest.h>

namespace safecity::http {
namespace {

TEST(Multipart, TheBoundaryComesFromTheContentTypeOfAFormOnly) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=----WebKitFormBoundaryX3"), "----WebKitFormBoundaryX3");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; boundary=\"a b\""), "a b");
  EXPECT_EQ(MultipartBoundary("application/json"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), "");
}

TEST(Multipart, APartsNameFileNameAndBytesAreRead) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n补充\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA.jpg\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xFF\xD8\xFF\r\nbytes with CRLF\r\n--XyZ--\r\n";
  auto parts = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts.value().size(), 2u);
  EXPECT_EQ(parts.value()[0].name, "note");
  EXPECT_EQ(parts.value()[0].file_name, "");
  EXPECT_EQ(parts.value()[0].body, "补充");
  EXPECT_EQ(parts.value()[1].name, "file");
  EXPECT_EQ(parts.value()[1].file_name, "现场.jpg") << "filename* wins";
  EXPECT_EQ(parts.value()[1].content_type, "image/jpeg");
  EXPECT_EQ(parts.value()[1].body, "\xFF\xD8\xFF\r\nbytes with CRLF");
}

TEST(Multipart, AQuotedFileNameIsReadWholeWhateverItHolds) {
  const std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x filename*=UTF-8''a.jpg; name=evil\\b.jpg\"\r\n\r\n"
      "bytes\r\n--B--\r\n";
  auto parts = ParseMultipart(body, "B");
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts.value().size(), 1u);
  EXPECT_EQ(parts.value()[0].name, "file") << "a name inside the quotes is no parameter";
  EXPECT_EQ(parts.value()[0].file_name, "x filename*=UTF-8''a.jpg; name=evil\\b.jpg") << "a backslash is itself, as browsers send it";
}

TEST(Multipart, ABodyCutShortOrWithoutTheBoundaryIsRefusedNamingTheBody) {
  for (const char* body : {"", "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end", "no boundary here",
                           "--XyZ\r\nno blank line"}) {
    auto parts = ParseMultipart(body, "XyZ");
    ASSERT_FALSE(parts.ok()) << body;
    EXPECT_EQ(parts.status().field(), "body");
  }
}

}  // namespace
}  // namespace safecity::http
