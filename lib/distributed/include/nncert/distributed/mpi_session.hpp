#pragma once
// MPI for one distributed command: initialised when the command starts (never for a serial run) and
// finalised when it ends, also when it ends by an exception.
#include <stdexcept>
#include <string>

namespace nncert::distributed {

class MpiSession {
 public:
  MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  ~MpiSession();
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

// Thrown on every rank but 0 when the ranks agreed that the input is bad: rank 0 throws InvalidInput
// with the one message, the others leave quietly with the same exit code.
struct InputRejectedOnRankZero : std::runtime_error {
  InputRejectedOnRankZero() : std::runtime_error("input rejected (reported by rank 0)") {}
};

// Collective. Every rank passes its own finding ("" when it has none). If any rank found a problem,
// rank 0 throws InvalidInput with the message of the lowest-numbered rank that found one, and every
// other rank throws InputRejectedOnRankZero: the decision is the same everywhere, so no rank waits for
// one that has left.
void agree_on_input(const std::string& local_problem);

// Collective: true on every rank when `local` is true on every rank.
bool all_ranks(bool local);

}  // namespace nncert::distributed
