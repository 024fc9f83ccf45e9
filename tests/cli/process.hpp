#pragma once
// Runs the real `patchloom` binary from CLI tests: stdin from a string,
// stdout and stderr captured, exit code returned. Processes can be started
// in the background (several at once, or to be killed mid-way).
//
// Input and output go through files in a scratch directory rather than
// pipes, so a test never deadlocks on a full pipe whatever the child writes.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "shared_data.hpp"

namespace patchloom::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

class Child {
 public:
  // Starts `patchloom args...` with `input` on its stdin; output files live in `scratch`.
  Child(const std::vector<std::string>& args, const std::string& input, const std::filesystem::path& scratch) {
    static std::atomic<int> counter{0};
    const auto stem = scratch / ("proc-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    in_path_ = stem.string() + ".in";
    out_path_ = stem.string() + ".out";
    err_path_ = stem.string() + ".err";
    std::ofstream(in_path_, std::ios::binary) << input;

    std::vector<std::string> argv_strings;
    argv_strings.push_back(patchloom_binary().string());
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      // Child: only async-signal-safe calls from here on.
      int in = ::open(in_path_.c_str(), O_RDONLY);
      int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0 || err < 0) ::_exit(127);
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(err, 2);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }
  void kill(int sig = SIGKILL) const { ::kill(pid_, sig); }

  ProcessResult wait() {
    ProcessResult result;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    result.out = read_file(out_path_);
    result.err = read_file(err_path_);
    std::filesystem::remove(in_path_);
    std::filesystem::remove(out_path_);
    std::filesystem::remove(err_path_);
    return result;
  }

 private:
  pid_t pid_ = -1;
  bool waited_ = false;
  std::string in_path_, out_path_, err_path_;
};

// Runs `patchloom args...` to completion.
inline ProcessResult run_patchloom(const std::vector<std::string>& args, const std::string& input,
                                   const std::filesystem::path& scratch) {
  Child child(args, input, scratch);
  return child.wait();
}

}  // namespace patchloom::testing
