#pragma once
// The `patchloom` command line. The CLI is the only module that reads the
// environment or the command line; it builds configuration and hands it down.

namespace patchloom::cli {

// Runs the command line and returns the process exit code.
int run(int argc, char** argv);

}  // namespace patchloom::cli
