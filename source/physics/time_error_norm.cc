#include <fluxion/physics/time_error_norm.h>

#include <algorithm>
#include <cmath>

namespace Fluxion
{
  double
  relative_time_error(const TrilinosWrappers::MPI::Vector &predictor,
                      const TrilinosWrappers::MPI::Vector &u,
                      const TrilinosWrappers::MPI::Vector &storage,
                      const double                         floor,
                      const MPI_Comm                       communicator)
  {
    double lower = floor;
    if (lower <= 0)
      {
        lower = 0;
        for (const auto i : u.locally_owned_elements())
          if (storage[i] > 0)
            lower = std::max(lower, std::abs(u[i]));
        lower = Utilities::MPI::max(lower, communicator);
      }
    lower = std::max(lower, 1e-300);

    double error = 0;
    for (const auto i : u.locally_owned_elements())
      if (storage[i] > 0)
        error = std::max(error,
                         std::abs(predictor[i] - u[i]) /
                           std::max(std::abs(u[i]), lower));
    return Utilities::MPI::max(error, communicator);
  }
} // namespace Fluxion
