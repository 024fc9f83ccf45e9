#include "patchloom/mail/charset.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

#include "charset_tables.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::mail {

namespace {

struct CodecEntry {
  std::string_view module;  // Python's encodings.<module>
  std::string_view name;    // codecs.lookup(...).name
  std::string_view iconv;   // glibc name; empty when iconv has no such codec
  bool ascii_compatible;    // bytes 0..127 decode to themselves
};

struct AliasEntry {
  std::string_view alias;
  std::string_view module;
};

// Generated from CPython 3.11's encodings package: module, CodecInfo.name,
// glibc iconv name (empty: Python knows the codec but iconv lacks it), and
// whether bytes 0..127 decode to themselves.
constexpr CodecEntry kCodecs[] = {
    {"ascii", "ascii", "ASCII", true},
    {"big5", "big5", "BIG5", true},
    {"big5hkscs", "big5hkscs", "BIG5-HKSCS", true},
    {"cp037", "cp037", "IBM037", false},
    {"cp1006", "cp1006", "CP1006", true},
    {"cp1026", "cp1026", "IBM1026", false},
    {"cp1125", "cp1125", "CP1125", true},
    {"cp1140", "cp1140", "IBM1140", false},
    {"cp1250", "cp1250", "CP1250", true},
    {"cp1251", "cp1251", "CP1251", true},
    {"cp1252", "cp1252", "CP1252", true},
    {"cp1253", "cp1253", "CP1253", true},
    {"cp1254", "cp1254", "CP1254", true},
    {"cp1255", "cp1255", "CP1255", true},
    {"cp1256", "cp1256", "CP1256", true},
    {"cp1257", "cp1257", "CP1257", true},
    {"cp1258", "cp1258", "CP1258", true},
    {"cp273", "cp273", "IBM273", false},
    {"cp424", "cp424", "IBM424", false},
    {"cp437", "cp437", "CP437", true},
    {"cp500", "cp500", "IBM500", false},
    {"cp720", "cp720", "", true},
    {"cp737", "cp737", "CP737", true},
    {"cp775", "cp775", "CP775", true},
    {"cp850", "cp850", "CP850", true},
    {"cp852", "cp852", "CP852", true},
    {"cp855", "cp855", "CP855", true},
    {"cp856", "cp856", "CP856", true},
    {"cp857", "cp857", "CP857", true},
    {"cp858", "cp858", "IBM858", true},
    {"cp860", "cp860", "CP860", true},
    {"cp861", "cp861", "CP861", true},
    {"cp862", "cp862", "CP862", true},
    {"cp863", "cp863", "CP863", true},
    {"cp864", "cp864", "CP864", false},
    {"cp865", "cp865", "CP865", true},
    {"cp866", "cp866", "CP866", true},
    {"cp869", "cp869", "CP869", true},
    {"cp874", "cp874", "CP874", true},
    {"cp875", "cp875", "IBM875", false},
    {"cp932", "cp932", "CP932", true},
    {"cp949", "cp949", "UHC", true},
    {"cp950", "cp950", "CP950", true},
    {"euc_jis_2004", "euc_jis_2004", "EUC-JISX0213", true},
    {"euc_jisx0213", "euc_jisx0213", "EUC-JISX0213", true},
    {"euc_jp", "euc_jp", "EUC-JP", true},
    {"euc_kr", "euc_kr", "EUC-KR", true},
    {"gb18030", "gb18030", "GB18030", true},
    {"gb2312", "gb2312", "GB2312", true},
    {"gbk", "gbk", "GBK", true},
    {"hp_roman8", "hp-roman8", "HP-ROMAN8", true},
    {"hz", "hz", "", false},
    {"iso2022_jp", "iso2022_jp", "ISO-2022-JP", false},
    {"iso2022_jp_1", "iso2022_jp_1", "ISO-2022-JP-2", false},
    {"iso2022_jp_2", "iso2022_jp_2", "ISO-2022-JP-2", false},
    {"iso2022_jp_2004", "iso2022_jp_2004", "ISO-2022-JP-3", false},
    {"iso2022_jp_3", "iso2022_jp_3", "ISO-2022-JP-3", false},
    {"iso2022_jp_ext", "iso2022_jp_ext", "ISO-2022-JP-2", false},
    {"iso2022_kr", "iso2022_kr", "ISO-2022-KR", false},
    {"iso8859_1", "iso8859-1", "ISO-8859-1", true},
    {"iso8859_10", "iso8859-10", "ISO8859-10", true},
    {"iso8859_11", "iso8859-11", "ISO8859-11", true},
    {"iso8859_13", "iso8859-13", "ISO8859-13", true},
    {"iso8859_14", "iso8859-14", "ISO8859-14", true},
    {"iso8859_15", "iso8859-15", "ISO8859-15", true},
    {"iso8859_16", "iso8859-16", "ISO8859-16", true},
    {"iso8859_2", "iso8859-2", "ISO8859-2", true},
    {"iso8859_3", "iso8859-3", "ISO8859-3", true},
    {"iso8859_4", "iso8859-4", "ISO8859-4", true},
    {"iso8859_5", "iso8859-5", "ISO8859-5", true},
    {"iso8859_6", "iso8859-6", "ISO8859-6", true},
    {"iso8859_7", "iso8859-7", "ISO8859-7", true},
    {"iso8859_8", "iso8859-8", "ISO8859-8", true},
    {"iso8859_9", "iso8859-9", "ISO8859-9", true},
    {"johab", "johab", "JOHAB", true},
    {"koi8_r", "koi8-r", "KOI8-R", true},
    {"koi8_t", "koi8-t", "KOI8-T", true},
    {"koi8_u", "koi8-u", "KOI8-U", true},
    {"kz1048", "kz1048", "RK1048", true},
    {"latin_1", "iso8859-1", "ISO-8859-1", true},
    {"mac_arabic", "mac-arabic", "MACARABIC", true},
    {"mac_croatian", "mac-croatian", "MACCROATIAN", true},
    {"mac_cyrillic", "mac-cyrillic", "MAC-CYRILLIC", true},
    {"mac_farsi", "mac-farsi", "", true},
    {"mac_greek", "mac-greek", "MACGREEK", true},
    {"mac_iceland", "mac-iceland", "MAC-IS", true},
    {"mac_latin2", "mac-latin2", "MAC-CENTRALEUROPE", true},
    {"mac_roman", "mac-roman", "MACINTOSH", true},
    {"mac_romanian", "mac-romanian", "MACROMANIA", true},
    {"mac_turkish", "mac-turkish", "MACTURKISH", true},
    {"palmos", "palmos", "", true},
    {"ptcp154", "ptcp154", "PT154", true},
    {"shift_jis", "shift_jis", "SHIFT_JIS", true},
    {"shift_jis_2004", "shift_jis_2004", "SHIFT_JISX0213", false},
    {"shift_jisx0213", "shift_jisx0213", "SHIFT_JISX0213", false},
    {"tis_620", "tis-620", "TIS-620", true},
    {"utf_16", "utf-16", "UTF-16", false},
    {"utf_16_be", "utf-16-be", "UTF-16BE", false},
    {"utf_16_le", "utf-16-le", "UTF-16LE", false},
    {"utf_32", "utf-32", "UTF-32", false},
    {"utf_32_be", "utf-32-be", "UTF-32BE", false},
    {"utf_32_le", "utf-32-le", "UTF-32LE", false},
    {"utf_7", "utf-7", "UTF-7", false},
    {"utf_8", "utf-8", "UTF-8", true},
    {"utf_8_sig", "utf-8-sig", "UTF-8", true},
};
// encodings.aliases: normalised alias -> module (text codecs only).
constexpr AliasEntry kAliases[] = {
    {"037", "cp037"},
    {"1026", "cp1026"},
    {"1125", "cp1125"},
    {"1140", "cp1140"},
    {"1250", "cp1250"},
    {"1251", "cp1251"},
    {"1252", "cp1252"},
    {"1253", "cp1253"},
    {"1254", "cp1254"},
    {"1255", "cp1255"},
    {"1256", "cp1256"},
    {"1257", "cp1257"},
    {"1258", "cp1258"},
    {"273", "cp273"},
    {"424", "cp424"},
    {"437", "cp437"},
    {"500", "cp500"},
    {"646", "ascii"},
    {"775", "cp775"},
    {"850", "cp850"},
    {"852", "cp852"},
    {"855", "cp855"},
    {"857", "cp857"},
    {"858", "cp858"},
    {"860", "cp860"},
    {"861", "cp861"},
    {"862", "cp862"},
    {"863", "cp863"},
    {"864", "cp864"},
    {"865", "cp865"},
    {"866", "cp866"},
    {"869", "cp869"},
    {"8859", "latin_1"},
    {"932", "cp932"},
    {"936", "gbk"},
    {"949", "cp949"},
    {"950", "cp950"},
    {"ansi_x3.4_1968", "ascii"},
    {"ansi_x3.4_1986", "ascii"},
    {"ansi_x3_4_1968", "ascii"},
    {"arabic", "iso8859_6"},
    {"asmo_708", "iso8859_6"},
    {"big5_hkscs", "big5hkscs"},
    {"big5_tw", "big5"},
    {"chinese", "gb2312"},
    {"cp1051", "hp_roman8"},
    {"cp1361", "johab"},
    {"cp154", "ptcp154"},
    {"cp367", "ascii"},
    {"cp65001", "utf_8"},
    {"cp819", "latin_1"},
    {"cp866u", "cp1125"},
    {"cp936", "gbk"},
    {"cp_gr", "cp869"},
    {"cp_is", "cp861"},
    {"csHPRoman8", "hp_roman8"},
    {"csascii", "ascii"},
    {"csbig5", "big5"},
    {"csibm037", "cp037"},
    {"csibm1026", "cp1026"},
    {"csibm273", "cp273"},
    {"csibm424", "cp424"},
    {"csibm500", "cp500"},
    {"csibm855", "cp855"},
    {"csibm857", "cp857"},
    {"csibm858", "cp858"},
    {"csibm860", "cp860"},
    {"csibm861", "cp861"},
    {"csibm863", "cp863"},
    {"csibm864", "cp864"},
    {"csibm865", "cp865"},
    {"csibm866", "cp866"},
    {"csibm869", "cp869"},
    {"csiso2022jp", "iso2022_jp"},
    {"csiso2022kr", "iso2022_kr"},
    {"csiso58gb231280", "gb2312"},
    {"csisolatin1", "latin_1"},
    {"csisolatin2", "iso8859_2"},
    {"csisolatin3", "iso8859_3"},
    {"csisolatin4", "iso8859_4"},
    {"csisolatin5", "iso8859_9"},
    {"csisolatin6", "iso8859_10"},
    {"csisolatinarabic", "iso8859_6"},
    {"csisolatincyrillic", "iso8859_5"},
    {"csisolatingreek", "iso8859_7"},
    {"csisolatinhebrew", "iso8859_8"},
    {"cskoi8r", "koi8_r"},
    {"cspc775baltic", "cp775"},
    {"cspc850multilingual", "cp850"},
    {"cspc862latinhebrew", "cp862"},
    {"cspc8codepage437", "cp437"},
    {"cspcp852", "cp852"},
    {"csptcp154", "ptcp154"},
    {"csshiftjis", "shift_jis"},
    {"cyrillic", "iso8859_5"},
    {"cyrillic_asian", "ptcp154"},
    {"ebcdic_cp_be", "cp500"},
    {"ebcdic_cp_ca", "cp037"},
    {"ebcdic_cp_ch", "cp500"},
    {"ebcdic_cp_he", "cp424"},
    {"ebcdic_cp_nl", "cp037"},
    {"ebcdic_cp_us", "cp037"},
    {"ebcdic_cp_wt", "cp037"},
    {"ecma_114", "iso8859_6"},
    {"ecma_118", "iso8859_7"},
    {"elot_928", "iso8859_7"},
    {"euc_cn", "gb2312"},
    {"euc_jis2004", "euc_jis_2004"},
    {"euccn", "gb2312"},
    {"eucgb2312_cn", "gb2312"},
    {"eucjis2004", "euc_jis_2004"},
    {"eucjisx0213", "euc_jisx0213"},
    {"eucjp", "euc_jp"},
    {"euckr", "euc_kr"},
    {"gb18030_2000", "gb18030"},
    {"gb2312_1980", "gb2312"},
    {"gb2312_80", "gb2312"},
    {"greek", "iso8859_7"},
    {"greek8", "iso8859_7"},
    {"hebrew", "iso8859_8"},
    {"hkscs", "big5hkscs"},
    {"hz_gb", "hz"},
    {"hz_gb_2312", "hz"},
    {"hzgb", "hz"},
    {"ibm037", "cp037"},
    {"ibm039", "cp037"},
    {"ibm1026", "cp1026"},
    {"ibm1051", "hp_roman8"},
    {"ibm1125", "cp1125"},
    {"ibm1140", "cp1140"},
    {"ibm273", "cp273"},
    {"ibm367", "ascii"},
    {"ibm424", "cp424"},
    {"ibm437", "cp437"},
    {"ibm500", "cp500"},
    {"ibm775", "cp775"},
    {"ibm819", "latin_1"},
    {"ibm850", "cp850"},
    {"ibm852", "cp852"},
    {"ibm855", "cp855"},
    {"ibm857", "cp857"},
    {"ibm858", "cp858"},
    {"ibm860", "cp860"},
    {"ibm861", "cp861"},
    {"ibm862", "cp862"},
    {"ibm863", "cp863"},
    {"ibm864", "cp864"},
    {"ibm865", "cp865"},
    {"ibm866", "cp866"},
    {"ibm869", "cp869"},
    {"iso2022jp", "iso2022_jp"},
    {"iso2022jp_1", "iso2022_jp_1"},
    {"iso2022jp_2", "iso2022_jp_2"},
    {"iso2022jp_2004", "iso2022_jp_2004"},
    {"iso2022jp_3", "iso2022_jp_3"},
    {"iso2022jp_ext", "iso2022_jp_ext"},
    {"iso2022kr", "iso2022_kr"},
    {"iso646_us", "ascii"},
    {"iso8859", "latin_1"},
    {"iso8859_1", "latin_1"},
    {"iso_2022_jp", "iso2022_jp"},
    {"iso_2022_jp_1", "iso2022_jp_1"},
    {"iso_2022_jp_2", "iso2022_jp_2"},
    {"iso_2022_jp_2004", "iso2022_jp_2004"},
    {"iso_2022_jp_3", "iso2022_jp_3"},
    {"iso_2022_jp_ext", "iso2022_jp_ext"},
    {"iso_2022_kr", "iso2022_kr"},
    {"iso_646.irv_1991", "ascii"},
    {"iso_8859_1", "latin_1"},
    {"iso_8859_10", "iso8859_10"},
    {"iso_8859_10_1992", "iso8859_10"},
    {"iso_8859_11", "iso8859_11"},
    {"iso_8859_11_2001", "iso8859_11"},
    {"iso_8859_13", "iso8859_13"},
    {"iso_8859_14", "iso8859_14"},
    {"iso_8859_14_1998", "iso8859_14"},
    {"iso_8859_15", "iso8859_15"},
    {"iso_8859_16", "iso8859_16"},
    {"iso_8859_16_2001", "iso8859_16"},
    {"iso_8859_1_1987", "latin_1"},
    {"iso_8859_2", "iso8859_2"},
    {"iso_8859_2_1987", "iso8859_2"},
    {"iso_8859_3", "iso8859_3"},
    {"iso_8859_3_1988", "iso8859_3"},
    {"iso_8859_4", "iso8859_4"},
    {"iso_8859_4_1988", "iso8859_4"},
    {"iso_8859_5", "iso8859_5"},
    {"iso_8859_5_1988", "iso8859_5"},
    {"iso_8859_6", "iso8859_6"},
    {"iso_8859_6_1987", "iso8859_6"},
    {"iso_8859_7", "iso8859_7"},
    {"iso_8859_7_1987", "iso8859_7"},
    {"iso_8859_8", "iso8859_8"},
    {"iso_8859_8_1988", "iso8859_8"},
    {"iso_8859_9", "iso8859_9"},
    {"iso_8859_9_1989", "iso8859_9"},
    {"iso_celtic", "iso8859_14"},
    {"iso_ir_100", "latin_1"},
    {"iso_ir_101", "iso8859_2"},
    {"iso_ir_109", "iso8859_3"},
    {"iso_ir_110", "iso8859_4"},
    {"iso_ir_126", "iso8859_7"},
    {"iso_ir_127", "iso8859_6"},
    {"iso_ir_138", "iso8859_8"},
    {"iso_ir_144", "iso8859_5"},
    {"iso_ir_148", "iso8859_9"},
    {"iso_ir_157", "iso8859_10"},
    {"iso_ir_166", "tis_620"},
    {"iso_ir_199", "iso8859_14"},
    {"iso_ir_226", "iso8859_16"},
    {"iso_ir_58", "gb2312"},
    {"iso_ir_6", "ascii"},
    {"jisx0213", "euc_jis_2004"},
    {"korean", "euc_kr"},
    {"ks_c_5601", "euc_kr"},
    {"ks_c_5601_1987", "euc_kr"},
    {"ks_x_1001", "euc_kr"},
    {"ksc5601", "euc_kr"},
    {"ksx1001", "euc_kr"},
    {"kz_1048", "kz1048"},
    {"l1", "latin_1"},
    {"l10", "iso8859_16"},
    {"l2", "iso8859_2"},
    {"l3", "iso8859_3"},
    {"l4", "iso8859_4"},
    {"l5", "iso8859_9"},
    {"l6", "iso8859_10"},
    {"l7", "iso8859_13"},
    {"l8", "iso8859_14"},
    {"l9", "iso8859_15"},
    {"latin", "latin_1"},
    {"latin1", "latin_1"},
    {"latin10", "iso8859_16"},
    {"latin2", "iso8859_2"},
    {"latin3", "iso8859_3"},
    {"latin4", "iso8859_4"},
    {"latin5", "iso8859_9"},
    {"latin6", "iso8859_10"},
    {"latin7", "iso8859_13"},
    {"latin8", "iso8859_14"},
    {"latin9", "iso8859_15"},
    {"mac_centeuro", "mac_latin2"},
    {"maccentraleurope", "mac_latin2"},
    {"maccyrillic", "mac_cyrillic"},
    {"macgreek", "mac_greek"},
    {"maciceland", "mac_iceland"},
    {"macintosh", "mac_roman"},
    {"maclatin2", "mac_latin2"},
    {"macroman", "mac_roman"},
    {"macturkish", "mac_turkish"},
    {"ms1361", "johab"},
    {"ms932", "cp932"},
    {"ms936", "gbk"},
    {"ms949", "cp949"},
    {"ms950", "cp950"},
    {"ms_kanji", "cp932"},
    {"mskanji", "cp932"},
    {"pt154", "ptcp154"},
    {"r8", "hp_roman8"},
    {"rk1048", "kz1048"},
    {"roman8", "hp_roman8"},
    {"ruscii", "cp1125"},
    {"s_jis", "shift_jis"},
    {"s_jis_2004", "shift_jis_2004"},
    {"s_jisx0213", "shift_jisx0213"},
    {"shiftjis", "shift_jis"},
    {"shiftjis2004", "shift_jis_2004"},
    {"shiftjisx0213", "shift_jisx0213"},
    {"sjis", "shift_jis"},
    {"sjis_2004", "shift_jis_2004"},
    {"sjisx0213", "shift_jisx0213"},
    {"strk1048_2002", "kz1048"},
    {"thai", "iso8859_11"},
    {"tis620", "tis_620"},
    {"tis_620_0", "tis_620"},
    {"tis_620_2529_0", "tis_620"},
    {"tis_620_2529_1", "tis_620"},
    {"u16", "utf_16"},
    {"u32", "utf_32"},
    {"u7", "utf_7"},
    {"u8", "utf_8"},
    {"u_jis", "euc_jp"},
    {"uhc", "cp949"},
    {"ujis", "euc_jp"},
    {"unicode_1_1_utf_7", "utf_7"},
    {"unicodebigunmarked", "utf_16_be"},
    {"unicodelittleunmarked", "utf_16_le"},
    {"us", "ascii"},
    {"us_ascii", "ascii"},
    {"utf", "utf_8"},
    {"utf16", "utf_16"},
    {"utf32", "utf_32"},
    {"utf7", "utf_7"},
    {"utf8", "utf_8"},
    {"utf8_ucs2", "utf_8"},
    {"utf8_ucs4", "utf_8"},
    {"utf_16be", "utf_16_be"},
    {"utf_16le", "utf_16_le"},
    {"utf_32be", "utf_32_be"},
    {"utf_32le", "utf_32_le"},
    {"windows_1250", "cp1250"},
    {"windows_1251", "cp1251"},
    {"windows_1252", "cp1252"},
    {"windows_1253", "cp1253"},
    {"windows_1254", "cp1254"},
    {"windows_1255", "cp1255"},
    {"windows_1256", "cp1256"},
    {"windows_1257", "cp1257"},
    {"windows_1258", "cp1258"},
    {"x_mac_japanese", "shift_jis"},
    {"x_mac_korean", "euc_kr"},
    {"x_mac_simp_chinese", "gb2312"},
    {"x_mac_trad_chinese", "big5"},
};

// Python's encodings.normalize_encoding after the C-level lower-casing:
// every run of characters other than ASCII letters, digits and '.' becomes
// one '_' (none at the start or the end).
std::string normalize_codec_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool punct = false;
  for (const char raw : name) {
    const auto c = static_cast<unsigned char>(raw);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum || c == '.') {
      if (punct && !out.empty()) out.push_back('_');
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
      punct = false;
    } else {
      punct = true;
    }
  }
  return out;
}

const CodecEntry* codec_by_module(std::string_view module) {
  if (module.empty() || module.find('.') != std::string_view::npos) return nullptr;
  const auto* it = std::lower_bound(std::begin(kCodecs), std::end(kCodecs), module,
                                    [](const CodecEntry& e, std::string_view m) { return e.module < m; });
  return it != std::end(kCodecs) && it->module == module ? it : nullptr;
}

std::string_view alias_module(std::string_view alias) {
  const auto* it = std::lower_bound(std::begin(kAliases), std::end(kAliases), alias,
                                    [](const AliasEntry& e, std::string_view a) { return e.alias < a; });
  return it != std::end(kAliases) && it->alias == alias ? it->module : std::string_view{};
}

// encodings.search_function: the alias table first (also with '.' read as
// '_'), then a module of the normalised name itself.
const CodecEntry* find_codec(std::string_view name) {
  if (name.find('\0') != std::string_view::npos) return nullptr;  // Python: ValueError
  const std::string norm = normalize_codec_name(name);
  std::string_view module = alias_module(norm);
  if (module.empty() && norm.find('.') != std::string::npos) {
    std::string dotless = norm;
    std::replace(dotless.begin(), dotless.end(), '.', '_');
    module = alias_module(dotless);
  }
  if (const CodecEntry* e = codec_by_module(module)) return e;
  return codec_by_module(norm);
}

// Python's cp1252 table for 0x80..0x9F; 0 marks the five undefined bytes.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_ascii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Python's strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) { ++i; continue; }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; if (b0 == 0xE0) lo = 0xA0; if (b0 == 0xED) hi = 0x9F; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; if (b0 == 0xF0) lo = 0x90; if (b0 == 0xF4) hi = 0x8F; }
    else return false;
    if (i + len > n) return false;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char c : bytes) util::append_utf8(out, static_cast<unsigned char>(c));
  return out;
}

std::optional<std::string> cp1252_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 && b < 0xA0) {
      const char16_t cp = kCp1252High[b - 0x80];
      if (cp == 0) return std::nullopt;
      util::append_utf8(out, cp);
    } else {
      util::append_utf8(out, b);
    }
  }
  return out;
}

// iconv descriptors are costly to open, so each thread keeps its own, one
// per (direction, charset).
class IconvCache {
 public:
  IconvCache() = default;
  IconvCache(const IconvCache&) = delete;
  IconvCache& operator=(const IconvCache&) = delete;
  ~IconvCache() {
    for (auto& [key, cd] : open_) {
      if (cd != invalid()) iconv_close(cd);
    }
  }
  iconv_t get(std::string_view to, std::string_view from) {
    std::string key;
    key.reserve(to.size() + from.size() + 1);
    key.append(to).push_back('>');
    key.append(from);
    auto it = open_.find(key);
    if (it == open_.end()) {
      it = open_.emplace(key, iconv_open(std::string(to).c_str(), std::string(from).c_str())).first;
    }
    return it->second;
  }
  static iconv_t invalid() { return reinterpret_cast<iconv_t>(-1); }  // NOLINT: iconv's error value

 private:
  std::unordered_map<std::string, iconv_t> open_;
};

// Converts all of `bytes`, including the final shift back to the initial
// state (stateful encodings such as ISO-2022-JP); nullopt on any invalid or
// unconvertible sequence.
std::optional<std::string> iconv_convert(std::string_view bytes, std::string_view to, std::string_view from) {
  thread_local IconvCache cache;
  iconv_t cd = cache.get(to, from);
  if (cd == IconvCache::invalid()) return std::nullopt;
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  std::string out(bytes.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());  // iconv's API is not const-correct
  std::size_t in_left = bytes.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  bool flushing = false;
  while (true) {
    const std::size_t r = flushing ? iconv(cd, nullptr, nullptr, &dst, &out_left)
                                   : iconv(cd, &in, &in_left, &dst, &out_left);
    if (r != static_cast<std::size_t>(-1)) {
      if (flushing) break;
      if (in_left == 0) flushing = true;
      continue;
    }
    if (errno != E2BIG) return std::nullopt;  // EILSEQ, or EINVAL: truncated input
    const std::size_t used = out.size() - out_left;
    out.resize(out.size() * 2);
    dst = out.data() + used;
    out_left = out.size() - used;
  }
  out.resize(out.size() - out_left);
  return out;
}

std::optional<std::string> iconv_decode(std::string_view bytes, std::string_view from) {
  return iconv_convert(bytes, "UTF-8", from);
}

std::optional<std::string> table_decode(std::string_view bytes, const detail::SingleByteTable& table) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (table.ascii_compatible && b < 0x80) {
      out.push_back(c);
      continue;
    }
    const char16_t cp = table.chars[table.ascii_compatible ? b - 0x80u : b];
    if (cp == 0xFFFE) return std::nullopt;
    util::append_utf8(out, cp);
  }
  return out;
}

std::optional<std::string> table_encode(std::string_view text, const detail::SingleByteTable& table) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = util::next_code_point(text, i);
    if (table.ascii_compatible && cp < 0x80) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    const std::size_t pos = cp == 0xFFFE || cp > 0xFFFF ? std::u16string_view::npos : table.chars.find(static_cast<char16_t>(cp));
    if (pos == std::u16string_view::npos) return std::nullopt;
    out.push_back(static_cast<char>(table.ascii_compatible ? pos + 0x80 : pos));
  }
  return out;
}

// glibc's East Asian decoders pass stray bytes 0x80..0xA0 through as C1
// controls (and GBK's 0x80 as the euro sign); Python's codecs reject them.
bool python_accepts(std::string_view module, std::string_view text) {
  static constexpr std::string_view kStrictCjk[] = {"euc_kr", "euc_jp", "gb2312", "gbk", "big5", "big5hkscs", "cp950"};
  if (std::find(std::begin(kStrictCjk), std::end(kStrictCjk), module) == std::end(kStrictCjk)) return true;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = util::next_code_point(text, i);
    if (cp >= 0x80 && cp <= 0x9F) return false;
    if (cp == 0x20AC && module == "gbk") return false;
  }
  return true;
}

const detail::DoubleByteOverride* find_override(std::span<const detail::DoubleByteOverride> table,
                                                std::uint16_t code) {
  const auto* it = std::lower_bound(table.data(), table.data() + table.size(), code,
                                    [](const detail::DoubleByteOverride& o, std::uint16_t c) { return o.code < c; });
  return it != table.data() + table.size() && it->code == code ? it : nullptr;
}

bool is_big5_trail(unsigned char b) { return (b >= 0x40 && b <= 0x7E) || (b >= 0xA1 && b <= 0xFE); }

// Python's big5 / cp950 decoders: glibc for each two-byte code, except the
// codes Python maps differently.
std::optional<std::string> big5_decode(std::string_view bytes, const CodecEntry& codec,
                                       std::span<const detail::DoubleByteOverride> overrides) {
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  for (std::size_t i = 0; i < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      out.push_back(bytes[i++]);
      continue;
    }
    if (lead < 0x81 || lead > 0xFE || i + 1 >= bytes.size()) return std::nullopt;
    const auto trail = static_cast<unsigned char>(bytes[i + 1]);
    if (!is_big5_trail(trail)) return std::nullopt;
    if (const auto* o = find_override(overrides, static_cast<std::uint16_t>(lead << 8 | trail))) {
      if (o->cp == 0) return std::nullopt;
      util::append_utf8(out, o->cp);
    } else {
      const auto one = iconv_convert(bytes.substr(i, 2), "UTF-8", codec.iconv);
      if (!one) return std::nullopt;
      out += *one;
    }
    i += 2;
  }
  return out;
}

std::optional<std::string> big5_encode(std::string_view text, const CodecEntry& codec,
                                       std::span<const detail::DoubleByteOverride> overrides) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = util::next_code_point(text, i);
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    const auto o = std::find_if(overrides.begin(), overrides.end(),
                                 [cp](const detail::DoubleByteOverride& x) { return x.cp == cp; });
    if (o != overrides.end()) {
      out.push_back(static_cast<char>(o->code >> 8));
      out.push_back(static_cast<char>(o->code & 0xFF));
      continue;
    }
    const auto bytes = iconv_convert(text.substr(start, i - start), codec.iconv, "UTF-8");
    if (!bytes || bytes->size() != 2) return std::nullopt;
    const auto code = static_cast<std::uint16_t>(static_cast<unsigned char>((*bytes)[0]) << 8 |
                                                 static_cast<unsigned char>((*bytes)[1]));
    if (find_override(overrides, code) != nullptr) return std::nullopt;  // Python's code means another character
    out += *bytes;
  }
  return out;
}

// Python's utf-16 / utf-32 codecs honour a BOM and otherwise assume the
// native (little-endian) order; glibc would assume big-endian.
std::optional<std::string> decode_with_bom(std::string_view bytes, std::string_view le_bom,
                                           std::string_view be_bom, std::string_view le,
                                           std::string_view be) {
  if (util::starts_with(bytes, be_bom)) return iconv_decode(bytes.substr(be_bom.size()), be);
  if (util::starts_with(bytes, le_bom)) return iconv_decode(bytes.substr(le_bom.size()), le);
  return iconv_decode(bytes, le);
}

}  // namespace

std::optional<std::string> python_codec(std::string_view name) {
  const CodecEntry* codec = find_codec(name);
  if (codec == nullptr) return std::nullopt;
  return std::string(codec->name);
}

std::optional<std::string> decode_strict(std::string_view bytes, std::string_view charset) {
  const CodecEntry* codec = find_codec(charset);
  if (codec == nullptr) return std::nullopt;
  const std::string_view m = codec->module;
  if (m == "utf_8") {
    if (!valid_utf8(bytes)) return std::nullopt;
    return std::string(bytes);
  }
  if (m == "utf_8_sig") {
    if (util::starts_with(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (!valid_utf8(bytes)) return std::nullopt;
    return std::string(bytes);
  }
  if (m == "ascii") {
    if (!is_ascii(bytes)) return std::nullopt;
    return std::string(bytes);
  }
  if (m == "latin_1" || m == "iso8859_1") return latin1_to_utf8(bytes);
  if (m == "cp1252") return cp1252_to_utf8(bytes);
  if (const auto* table = detail::single_byte_table(m)) return table_decode(bytes, *table);
  if (m == "utf_16") {
    return decode_with_bom(bytes, "\xFF\xFE", "\xFE\xFF", "UTF-16LE", "UTF-16BE");
  }
  if (m == "utf_32") {
    return decode_with_bom(bytes, std::string_view("\xFF\xFE\0\0", 4), std::string_view("\0\0\xFE\xFF", 4),
                           "UTF-32LE", "UTF-32BE");
  }
  if (codec->iconv.empty()) return std::nullopt;
  if (codec->ascii_compatible && is_ascii(bytes)) return std::string(bytes);
  if (const auto overrides = detail::double_byte_overrides(m); !overrides.empty()) {
    return big5_decode(bytes, *codec, overrides);
  }
  auto text = iconv_decode(bytes, codec->iconv);
  if (text && !python_accepts(m, *text)) return std::nullopt;
  if (text && m == "shift_jis") {
    // glibc reads the single bytes 0x5C and 0x7E as JIS-Roman yen sign and
    // overline (nothing else decodes to those); Python reads them as ASCII.
    util::replace_all(*text, "\xC2\xA5", "\\");
    util::replace_all(*text, "\xE2\x80\xBE", "~");
  }
  return text;
}

std::optional<std::string> encode_strict(std::string_view text, std::string_view charset) {
  const CodecEntry* codec = find_codec(charset);
  if (codec == nullptr || !valid_utf8(text)) return std::nullopt;
  const std::string_view m = codec->module;
  if (m == "utf_8") return std::string(text);
  if (codec->ascii_compatible && is_ascii(text)) return std::string(text);
  if (m == "ascii") return std::nullopt;
  if (m == "latin_1" || m == "iso8859_1") {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
      const char32_t cp = util::next_code_point(text, i);
      if (cp > 0xFF) return std::nullopt;
      out.push_back(static_cast<char>(cp));
    }
    return out;
  }
  // Python's utf-16 / utf-32 encoders write a little-endian BOM first.
  if (m == "utf_16") {
    auto body = iconv_convert(text, "UTF-16LE", "UTF-8");
    if (!body) return std::nullopt;
    return "\xFF\xFE" + *body;
  }
  if (m == "utf_32") {
    auto body = iconv_convert(text, "UTF-32LE", "UTF-8");
    if (!body) return std::nullopt;
    return std::string("\xFF\xFE\0\0", 4) + *body;
  }
  if (m == "utf_8_sig") return "\xEF\xBB\xBF" + std::string(text);
  if (const auto* table = detail::single_byte_table(m)) return table_encode(text, *table);
  if (codec->iconv.empty()) return std::nullopt;
  if (const auto overrides = detail::double_byte_overrides(m); !overrides.empty()) {
    return big5_encode(text, *codec, overrides);
  }
  return iconv_convert(text, codec->iconv, "UTF-8");
}

std::string decode_with_fallbacks(std::string_view bytes) {
  if (valid_utf8(bytes)) return std::string(bytes);
  if (auto text = cp1252_to_utf8(bytes)) return std::move(*text);
  return latin1_to_utf8(bytes);
}

std::string ascii_with_replacement(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    if (static_cast<unsigned char>(c) < 0x80) {
      out.push_back(c);
    } else {
      out += "\xEF\xBF\xBD";
    }
  }
  return out;
}

}  // namespace patchloom::mail
