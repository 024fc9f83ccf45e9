#include "patchloom/cli/app.hpp"

int main(int argc, char** argv) { return patchloom::cli::run(argc, argv); }
