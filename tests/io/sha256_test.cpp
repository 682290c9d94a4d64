#include "io/sha256.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "test_util.hpp"

using brandpunt::io::sha256_file;
using brandpunt::io::test::TempDir;

TEST(Sha256File, matches_fips_180_test_vectors) {
  TempDir tmp;
  EXPECT_EQ(sha256_file(tmp.write("abc", "abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_file(tmp.write("empty", "")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // One million 'a' (FIPS 180-2 appendix B.3): crosses the 1 MiB read buffer boundary logic.
  EXPECT_EQ(sha256_file(tmp.write("million", std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_THROW(sha256_file(tmp.file("absent")), brandpunt::Error);
}
