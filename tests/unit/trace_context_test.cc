// A W3C Trace Context `traceparent` header gives the correlation id of what
// a request does (http_message.h): its trace id when the header is well
// formed, nothing otherwise, whatever a client sends.
#include <gtest/gtest.h>

#include "connectors/http/http_message.h"

namespace safecity::http {
namespace {

std::string TraceOf(const std::string& header) {
  Request req;
  req.headers.emplace_back("traceparent", header);
  return TraceIdOf(req);
}

TEST(TraceContext, AWellFormedTraceparentGivesItsTraceId) {
  EXPECT_EQ(TraceOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(TraceOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"), "4bf92f3577b34da6a3ce929d0e0e4736");
  // A later version may carry more fields after a dash.
  EXPECT_EQ(TraceOf("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-whatever"), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(TraceIdOf(Request()), "") << "no header, no trace";
}

TEST(TraceContext, AnythingElseIsNoTrace) {
  for (const std::string& bad :
       {std::string(""), std::string("00"), std::string("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"),  // upper case
        std::string("00-00000000000000000000000000000000-00f067aa0ba902b7-01"),                                    // zero trace
        std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"),                                    // zero parent
        std::string("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),                                    // version ff
        std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"),                              // 00 has no more
        std::string("00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01"), std::string("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"),
        std::string("00-4bf92f3577b34da6a3ce929d0e0e47\\xff-00f067aa0ba902b7-01")})
    EXPECT_EQ(TraceOf(bad), "") << bad;
}

}  // namespace
}  // namespace safecity::http
