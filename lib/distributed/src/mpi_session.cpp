#include "nncert/distributed/mpi_session.hpp"

#include <climits>
#include <vector>

#include <mpi.h>

#include "nncert/numeric/errors.hpp"

namespace nncert::distributed {

MpiSession::MpiSession() {
  int provided = 0;
  // Only the main thread calls MPI (the interrupt thread of the command never does).
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);  // MPI-2: no argv needed
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

void agree_on_input(const std::string& local_problem) {
  int me = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &me);
  const int mine = local_problem.empty() ? INT_MAX : me;
  int first = INT_MAX;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == INT_MAX) return;
  std::string message = local_problem;
  if (first != 0) {  // the reporting rank hands its message to rank 0
    if (me == first) {
      const int len = static_cast<int>(message.size());
      MPI_Send(&len, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
      MPI_Send(message.data(), len, MPI_CHAR, 0, 1, MPI_COMM_WORLD);
    } else if (me == 0) {
      int len = 0;
      MPI_Recv(&len, 1, MPI_INT, first, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      std::vector<char> buf(static_cast<std::size_t>(len));
      MPI_Recv(buf.data(), len, MPI_CHAR, first, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      message.assign(buf.begin(), buf.end());
    }
  }
  if (me == 0) throw InvalidInput(message);
  throw InputRejectedOnRankZero();
}

bool all_ranks(bool local) {
  int v = local ? 1 : 0;
  int all = 0;
  MPI_Allreduce(&v, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return all == 1;
}

}  // namespace nncert::distributed
