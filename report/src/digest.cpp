// SHA-256 for the report's provenance, from OpenSSL's libcrypto (a well-kept implementation, not our own).
#include "lexsim/report/report.hpp"

#include <cstdio>
#include <openssl/evp.h>

namespace lexsim::report {

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        return {};
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        char buf[3];
        std::snprintf(buf, sizeof buf, "%02x", digest[i]);
        hex += buf;
    }
    return hex;
}

} // namespace lexsim::report
