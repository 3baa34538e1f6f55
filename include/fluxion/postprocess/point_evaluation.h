#ifndef fluxion_postprocess_point_evaluation_h
#define fluxion_postprocess_point_evaluation_h

#include <deal.II/base/mpi_remote_point_evaluation.h>

#include <fluxion/physics/interface.h>

#include <vector>

namespace Fluxion
{
  /**
   * The value of field @p field (scaled by the physics' field_scale, exp
   * of a logarithmic field) at the points @p rpe was set up with, on every
   * rank. A point on a cell boundary takes the mean over its cells.
   */
  template <int dim>
  std::vector<double>
  field_values_at(const PhysicsInterface<dim>                &physics,
                  Utilities::MPI::RemotePointEvaluation<dim> &rpe,
                  const unsigned int                          field);
} // namespace Fluxion

#endif
