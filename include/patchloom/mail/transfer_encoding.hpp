#pragma once
// Content-Transfer-Encoding decoding exactly as Python 3.11's
// email.message.Message.get_payload(decode=True) does it (compat32), because
// Patchwork's stored diffs and comments are whatever those bytes decode to.
// None of these functions fails: undecodable input comes back the way Python
// returns it (usually the raw bytes).

#include <string>
#include <string_view>

namespace patchloom::mail {

// Payload bytes for a part whose Content-Transfer-Encoding header value is
// `cte` (raw header value; matched after ASCII lower-casing only, so
// "base64 " or a folded value is not base64, as in Python). Unknown, 7bit,
// 8bit and binary give the bytes unchanged, CRLF included.
std::string decode_transfer_encoding(std::string_view payload, std::string_view cte);

// email._encoded_words.decode_b over the payload with every CR and LF
// removed: characters outside the alphabet are skipped, decoding stops at
// completed padding, missing padding is tolerated; when one data character
// is left over the (joined) input is returned unchanged.
std::string decode_base64_lenient(std::string_view payload);

// binascii.a2b_qp (header=False): "=XX" hex escapes, "=" + CR/LF soft
// breaks, every other byte (and a malformed "=") kept as it is.
std::string decode_quoted_printable(std::string_view payload);

// email.message._decode_uu (CPython 3.11.7): the lines after a
// "begin <octal mode> ..." line, up to an "end" line or the end. Without a
// begin line, with an empty line inside, or with a line binascii cannot
// decode, the payload is returned unchanged.
std::string decode_uuencode(std::string_view payload);

}  // namespace patchloom::mail
