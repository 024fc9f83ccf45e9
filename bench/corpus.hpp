#pragma once
// The raw messages of ../shared/corpus/linuxppc-dev-20k.mbox.gz, loaded once
// for every benchmark (PATCHLOOM_BENCH_MESSAGES limits the count; default:
// all of them). Empty when the corpus is absent.
#include <filesystem>
#include <string>
#include <vector>

namespace patchloom::bench {

// The corpus file: $PATCHLOOM_SHARED or the ../shared beside the source tree.
std::filesystem::path corpus_file();

const std::vector<std::string>& corpus_messages();

}  // namespace patchloom::bench
