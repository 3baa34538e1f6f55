#ifndef fluxion_refinement_marking_h
#define fluxion_refinement_marking_h

#include <deal.II/grid/tria.h>
#include <deal.II/lac/vector.h>

#include <mpi.h>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Flag about @p refine_fraction of all active cells with the largest
   * @p indicators for refinement and about @p coarsen_fraction with the
   * smallest for coarsening.
   *
   * The thresholds are found by bisection on global counts, so the flags do
   * not depend on how the cells are spread over the ranks of @p comm: a
   * serial triangulation on one rank and a distributed one on several ranks
   * mark the same cells. Only locally owned cells are flagged; @p indicators
   * has one entry per active cell of the local triangulation.
   */
  template <int dim>
  void
  mark_fixed_fraction_of_cells(Triangulation<dim>  &triangulation,
                               const Vector<float> &indicators,
                               const double         refine_fraction,
                               const double         coarsen_fraction,
                               const MPI_Comm       comm);
} // namespace Fluxion

#endif
