#ifndef fluxion_physics_time_error_norm_h
#define fluxion_physics_time_error_norm_h

#include <deal.II/base/mpi.h>
#include <deal.II/lac/trilinos_vector.h>

namespace Fluxion
{
  using namespace dealii;

  /**
   * The norm in which the dopant physics measures the local time error of
   * a step: the predictor-corrector distance at each DoF relative to the
   * concentration there, with a floor,
   *
   *   max_i |p_i - u_i| / max(|u_i|, floor),
   *
   * over the DoFs with @p storage > 0 (the lumped mass; nodes inside an
   * interface layer store nothing and follow their neighbours). This is the
   * weighted max norm of SUNDIALS with rtol = the tolerance and atol = the
   * tolerance times the floor, up to a factor of at most 2.
   *
   * A dopant profile spans many decades, and the junction lies where it
   * crosses the background doping, often 1e-5 of the peak. Relative to the
   * largest concentration (the max norm), the error allowed there would be
   * larger than the profile itself; relative to the local value, the
   * error is controlled wherever the concentration is above the floor,
   * which the caller ties to the background doping. With @p floor <= 0 the
   * floor is the largest |u_i| of all ranks: the error relative to the max
   * norm of the solution.
   */
  double
  relative_time_error(const TrilinosWrappers::MPI::Vector &predictor,
                      const TrilinosWrappers::MPI::Vector &u,
                      const TrilinosWrappers::MPI::Vector &storage,
                      const double                         floor,
                      const MPI_Comm                       communicator);
} // namespace Fluxion

#endif
