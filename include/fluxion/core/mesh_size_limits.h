#ifndef fluxion_core_mesh_size_limits_h
#define fluxion_core_mesh_size_limits_h

#include <deal.II/base/mpi.h>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Physical memory in bytes of all the machines that the ranks of
   * @p communicator run on (MemTotal of /proc/meminfo, counted once per
   * machine).
   */
  double
  total_memory_in_bytes(const MPI_Comm communicator);

  /**
   * A rough lower estimate of the memory a run needs per active cell: the
   * mesh, the DoFs, the sparse matrix of Lagrange elements of @p degree
   * and its preconditioner, in bytes.
   */
  double
  estimated_bytes_per_cell(const unsigned int dim, const unsigned int degree);

  /**
   * The largest number of active cells allowed: @p requested if it is not
   * zero, or else as many cells as fit into the memory of the machines.
   */
  unsigned long long
  maximum_number_of_cells(const unsigned long long requested,
                          const unsigned int       dim,
                          const unsigned int       degree,
                          const MPI_Comm           communicator);

  /**
   * Refuse an <Initial global refinement> whose mesh, @p coarse_cells
   * refined @p levels times, would have more cells than @p max_cells (or,
   * when that is automatic, would not fit into memory), before refining.
   */
  void
  check_initial_mesh_size(const unsigned long long coarse_cells,
                          const unsigned int       dim,
                          const unsigned int       degree,
                          const unsigned int       levels,
                          const unsigned long long max_cells,
                          const bool               max_cells_automatic,
                          const MPI_Comm           communicator);

  /**
   * The refine fraction to use so that an adaptation of a mesh of
   * @p n_cells cells stays within @p max_cells (each refined cell becomes
   * 2^dim): @p refine_fraction itself when that fits, else a smaller one
   * (0 when the mesh is already at the limit).
   */
  double
  limited_refine_fraction(const unsigned long long n_cells,
                          const unsigned long long max_cells,
                          const unsigned int       dim,
                          const double             refine_fraction);

} // namespace Fluxion

#endif
